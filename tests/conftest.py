"""Shared fixtures: the test run's own resources on the real local stack, and an API client over them.

A test run never touches what `make run` serves. Before anything reads the settings, the run points its
own environment (inherited by every subprocess a test starts: hr-api, hr-worker, hr-indexer, hr-mcp) at
resources of its own: a database (`hr_test`, created and migrated by the integration tests), a Redis
database (15), an index alias (`test-candidates`), a search-events prefix and a storage directory. Each is
overridable, so two runs on one machine can keep apart: TEST_DATABASE_NAME, TEST_REDIS_DB,
TEST_INDEX_ALIAS, TEST_SEARCH_EVENTS_PREFIX.

Under pytest-xdist (`pytest -n 3`) every worker is a run of its own, its names derived from its id (`gw0`,
`gw1`, ...): database `hr_test_gw0`, alias `test-candidates-gw0`, events prefix `gw0-test-search-events-`
(the worker id goes first: OpenSearch refuses two index templates or ISM policies of one priority whose
patterns overlap, and `test-search-events-*` would take in `test-search-events-gw0-*`), and the Redis
database at the worker's place in TEST_REDIS_DB, a comma list (`15,14,13`: gw0 gets 15, gw1 14, gw2 13; a
run without workers takes the first).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth import tokens
from app.auth.schemas import RegisterRequest
from app.auth.service import create_user
from app.db import create_engine
from app.main import create_app
from app.models import Role
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
# Tables holding data (not the schema's own bookkeeping), emptied between tests.
DATA_TABLES = (
    "candidates",
    "resumes",
    "work_experience",
    "education",
    "skills",
    "candidate_skills",
    "index_outbox",
    "search_history",
    "audit_log",
    "api_keys",
    "refresh_tokens",
    "users",
)


# The service's own defaults, which the run's resources are derived from and must differ from.
SERVICE_DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://hr:hr@127.0.0.1:5432/hr")
SERVICE_REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# This process's pytest-xdist worker id (`gw0`, ...), empty in a run without workers.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def redis_databases(environ: Mapping[str, str]) -> list[str]:
    """TEST_REDIS_DB: a number for each worker (module docstring); a run without workers takes the first."""
    return [number.strip() for number in environ.get("TEST_REDIS_DB", "15,14,13").split(",")]


def worker_names(worker: str, environ: Mapping[str, str]) -> tuple[str, str, str, str]:
    """The run's database, Redis database, index alias and events prefix (module docstring)."""
    database = environ.get("TEST_DATABASE_NAME", "hr_test")
    alias = environ.get("TEST_INDEX_ALIAS", "test-candidates")
    events = environ.get("TEST_SEARCH_EVENTS_PREFIX", "test-search-events-")
    if not worker:
        return database, redis_databases(environ)[0], alias, events
    # pytest_configure has made sure every worker has a place in the list.
    redis_db = redis_databases(environ)[int(worker.removeprefix("gw"))]
    return f"{database}_{worker}", redis_db, f"{alias}-{worker}", f"{worker}-{events}"


TEST_DATABASE_NAME, TEST_REDIS_DB, TEST_INDEX_ALIAS, TEST_SEARCH_EVENTS_PREFIX = worker_names(
    WORKER, os.environ
)


def with_database(url: str, name: str) -> str:
    """The same server and credentials, another database."""
    base, _, query = url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")


def with_redis_db(url: str, number: str) -> str:
    """The same Redis server, another numbered database."""
    base, _, query = url.partition("?")
    scheme, _, rest = base.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}/{number}" + (f"?{query}" if query else "")


def run_environment(storage_dir: str) -> dict[str, str]:
    """The variables that point every process of a test run at the run's own resources."""
    database_url = with_database(SERVICE_DATABASE_URL, TEST_DATABASE_NAME)
    redis_url = with_redis_db(SERVICE_REDIS_URL, TEST_REDIS_DB)
    if database_url == SERVICE_DATABASE_URL or redis_url == SERVICE_REDIS_URL:
        raise pytest.UsageError(
            "TEST_DATABASE_NAME and TEST_REDIS_DB must name resources other than DATABASE_URL and REDIS_URL"
        )
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "INDEX_ALIAS": TEST_INDEX_ALIAS,
        "SEARCH_EVENTS_PREFIX": TEST_SEARCH_EVENTS_PREFIX,
        "STORAGE_DIR": storage_dir,
        # A secret of the run's own: no token signed by or for a running service is valid here.
        "JWT_SECRET": secrets.token_urlsafe(48),
        # No fixed listener: a running service's /metrics ports stay its own (tests that scrape set theirs).
        "METRICS_PORT": "0",
        "WORKER_METRICS_PORT": "0",
        "INDEXER_METRICS_PORT": "0",
        # The service's first-admin variables would create a user in the test database.
        "ADMIN_EMAIL": "",
        "ADMIN_PASSWORD": "",
    }


def pytest_configure(config: pytest.Config) -> None:
    """Point this process (and every child it starts) at the run's own resources, before any test runs."""
    if not (SHARED_DATA / "resumes").is_dir():
        # Tests read real resumes and skill lists from there; without them collection would fail cryptically.
        raise pytest.UsageError(
            f"the tests need the shared data at {SHARED_DATA} (`shared/data` beside the checkout, see README)"
        )
    if config.getoption("dist", "no") != "no":
        # pytest-xdist's controller runs no test; its workers, which inherit its environment, set their own.
        workers, numbers = config.getoption("numprocesses"), redis_databases(os.environ)
        if len(set(numbers[:workers])) < workers:
            raise pytest.UsageError(
                f"{workers} pytest workers need a Redis database each, and TEST_REDIS_DB="
                f"{','.join(numbers)} has fewer: one number per worker (15,14,13 for -n 3)"
            )
        return
    storage = tempfile.mkdtemp(prefix="hr-test-storage-")
    config.stash[_STORAGE] = storage
    os.environ.update(run_environment(storage))


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(config.stash.get(_STORAGE, ""), ignore_errors=True)


_STORAGE = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)  # before `-m` selects: a fault test is one to run alone
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that stop services, or race the clock, run alone and last, so a slow restart never disturbs the
    others and no neighbour slows them (`make test` runs them after its parallel part, `-m alone`)."""
    for item in items:
        if item.get_closest_marker("faults") is not None:
            item.add_marker(pytest.mark.alone)
    items.sort(key=lambda item: item.get_closest_marker("alone") is not None)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of the run's own resources (module docstring); uploads go to a throw-away directory."""
    return Settings(storage_dir=tmp_path_factory.mktemp("storage"))


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[TestClient]:
    """The whole API over a real socket, with its real clients."""
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on the real database, emptied before the test so each test starts from nothing."""
    engine = create_engine(settings)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE"))
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


@pytest.fixture
async def role_headers(db: async_sessionmaker[AsyncSession], settings: Settings) -> dict[str, dict[str, str]]:
    """An access-token header for one fresh user of each role: admin, recruiter, viewer."""
    headers = {}
    for role in Role:
        request = RegisterRequest(
            email=f"{role.value}@example.com",
            username=role.value,
            password="correct horse battery",
            role=role,
        )
        user = await create_user(db, request, actor="test")
        token, _ = tokens.issue(settings, user.id, "access", role=role)
        headers[role.value] = {"Authorization": f"Bearer {token}"}
    return headers


@pytest.fixture
async def recruiter(settings: Settings, role_headers: dict[str, dict[str, str]]) -> AsyncIterator[TestClient]:
    """The API as a recruiter sees it (read and write)."""
    async with TestClient(TestServer(create_app(settings)), headers=role_headers["recruiter"]) as client:
        yield client
