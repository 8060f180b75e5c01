# HR Resume Search: `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# pytest-xdist workers of `make test` (each with a database, Redis database, alias and events prefix of its own,
# tests/conftest.py); the tests marked `alone` (the fault tests among them) run afterwards in one process.
TEST_WORKERS ?= 3
# Exact versions of every dependency: requirements.lock (the image) and requirements-dev.lock (this venv);
# `make upgrade` recompiles them from pyproject.toml.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
LOCK_ARGS := --universal --python-version 3.11 -q
# OPENSEARCH_NODES=N (default 1) on the command line reaches devstack/opensearch.sh through the environment.

.PHONY: help install upgrade up down status migrate run demo test test-beside-run lint format clean \
	k8s-manifests k8s-check browser screenshots

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml $(DEV_LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 is needed"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r $(DEV_LOCK)
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools, at the locked versions

upgrade: $(STAMP) ## Recompile the lock files at the newest versions pyproject.toml allows, then install them
	$(BIN)/uv pip compile pyproject.toml $(LOCK_ARGS) --upgrade -o $(LOCK)
	$(BIN)/uv pip compile pyproject.toml --extra dev -c $(LOCK) $(LOCK_ARGS) --upgrade -o $(DEV_LOCK)
	$(MAKE) install

up: ## Start Postgres, Redis and OpenSearch (installed when missing; OPENSEARCH_NODES=3: a 3-node cluster)
	devstack/stack.sh up

down: ## Stop the local services this project started (every OpenSearch node)
	devstack/stack.sh down

status: ## Show each local service, its URL and whether it answers
	@devstack/stack.sh status

migrate: $(STAMP) up ## Apply the database migrations (the ones packaged in app/migrations)
	$(BIN)/hr-api migrate

run: $(STAMP) up migrate demo ## Services, migrations, demo data, worker and indexer, then the API
	devstack/run.sh

demo: $(STAMP) up migrate ## Load the demo data into an empty database (generated resumes, parsed and indexed)
	$(BIN)/hr-api demo

test-beside-run: $(STAMP) ## make test while make run serves; fails if the service's rows, documents or files changed
	$(BIN)/python devstack/isolation_check.py

lint: $(STAMP) ## ruff (lint + format check), mypy and the import contracts (.importlinter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app indexer
	$(BIN)/lint-imports

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Both phases always run; the status is the first failure's. Exit 5 (no test selected) is an error only when
# PYTEST_ARGS select nothing in either phase.
test: $(STAMP) up lint k8s-check browser ## Lint, validate the Kubernetes manifests, then every test against the real local services
	@parallel=0; serial=0; \
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile -m "not alone" $(PYTEST_ARGS) || parallel=$$?; \
	$(BIN)/pytest -m alone $(PYTEST_ARGS) || serial=$$?; \
	if [ $$parallel = 5 ] && [ $$serial = 5 ]; then exit 5; fi; \
	for status in $$parallel $$serial; do [ $$status = 0 ] || [ $$status = 5 ] || exit $$status; done

# Kubernetes (docs/kubernetes.md): kustomize and kubeconform, pinned, go into .tools/ on first use.
k8s-manifests: $(STAMP) ## Print the rendered production overlay (deploy/kubernetes/overlays/production)
	@PYTHON=$(BIN)/python deploy/kubernetes/tools/install.sh >/dev/null
	@.tools/bin/kustomize build deploy/kubernetes/overlays/production

k8s-check: $(STAMP) ## Render every Kubernetes overlay and validate it offline (kubeconform, strict)
	PYTHON=$(BIN)/python deploy/kubernetes/tools/check.sh

# The page's browser tests drive Debian's chromium (Playwright's own browser downloads are never used).
CHROMIUM ?= /usr/bin/chromium

browser: ## Install Debian's chromium for the page's browser tests (once)
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] || { echo "chromium is missing: sudo apt-get install chromium"; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

screenshots: $(STAMP) up browser ## Screenshots of the page's main views into docs/screenshots/, and its timings
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -q -s -p no:cacheprovider tests/integration/browser

clean: down ## Stop the services and delete their data (.devstack)
	rm -rf .devstack
