# HR Resume Search: `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# OPENSEARCH_NODES=N (default 1) on the command line reaches devstack/opensearch.sh through the environment.

.PHONY: help install up down status migrate run demo test test-beside-run lint format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 is needed"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools

up: ## Start Postgres, Redis and OpenSearch (installed when missing; OPENSEARCH_NODES=3: a 3-node cluster)
	devstack/stack.sh up

down: ## Stop the local services this project started (every OpenSearch node)
	devstack/stack.sh down

status: ## Show each local service, its URL and whether it answers
	@devstack/stack.sh status

migrate: $(STAMP) up ## Apply the database migrations
	$(BIN)/alembic upgrade head

run: $(STAMP) up migrate demo ## Services, migrations, demo data, worker and indexer, then the API
	devstack/run.sh

demo: $(STAMP) up migrate ## Load the demo data into an empty database (generated candidates and resumes)
	$(BIN)/python -m benchmarks.demo

test-beside-run: $(STAMP) ## make test while make run serves; fails if the service's rows, documents or files changed
	$(BIN)/python devstack/isolation_check.py

lint: $(STAMP) ## ruff (lint + format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app indexer

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(STAMP) up lint ## Lint, then every test against the real local services
	$(BIN)/pytest $(PYTEST_ARGS)

clean: down ## Stop the services and delete their data (.devstack)
	rm -rf .devstack
