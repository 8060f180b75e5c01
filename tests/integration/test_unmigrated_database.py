"""Every process on a database nobody migrated, or one an older version migrated: `hr-indexer`,
`hr-worker`, `hr-api create-admin` and `hr-api demo` say in one line to run `hr-api migrate` and exit 1,
and /ready and every request that reads a table say so too (before: an asyncpg traceback, a worker logging
"database unavailable" every 5 s forever, and an API "ready" that answered every request with a 500)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator

import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from app.db import create_engine
from app.main import create_app
from app.migrate import shipped_revisions
from app.settings import Settings
from tests.conftest import ROOT
from tests.databases import scratch_database
from tests.integration.test_indexer_support import run_indexer

MIGRATE = "run `hr-api migrate` first"


@pytest.fixture
async def unmigrated_url(settings: Settings) -> AsyncIterator[str]:
    """A database of the test's own that nobody has migrated (dropped afterwards)."""
    async with scratch_database(settings, "hr_test_unmigrated") as name:
        yield f"{settings.sync_database_url.rsplit('/', 1)[0]}/{name}"


def _one_line(text: str) -> bool:
    return text.strip() != "" and "\n" not in text.strip() and "Traceback" not in text


async def run(*args: str, env: dict[str, str], limit: float = 120) -> tuple[int, str]:
    """`python <args>` with this environment: exit code and stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        cwd=ROOT,
        env={**os.environ, "LOG_LEVEL": "WARNING", **env},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, err = await asyncio.wait_for(process.communicate(), limit)
    except TimeoutError:
        process.kill()  # a worker that keeps waiting for the tables must not outlive the test
        await process.wait()
        raise
    assert process.returncode is not None
    return process.returncode, err.decode()


async def migrate(url: str, revision: str) -> None:
    """`hr-api migrate --revision R` (Alembic runs an event loop of its own: a process of its own)."""
    script = "import sys; from app.entrypoints import api; api(sys.argv[1:])"
    code, err = await run("-c", script, "migrate", "--revision", revision, env={"DATABASE_URL": url})
    assert code == 0, err


async def test_migrate_to_an_unknown_revision_lists_the_shipped_ones(unmigrated_url: str) -> None:
    """A typo in --revision is a usage error (2) naming the revisions there are, not Alembic's "CommandError:
    Can't locate revision" and the exit 1 a database outage gives; nothing is migrated."""
    script = "import sys; from app.entrypoints import api; api(sys.argv[1:])"
    env = {"DATABASE_URL": unmigrated_url}
    code, err = await run("-c", script, "migrate", "--revision", "bogus", env=env)
    assert code == 2, err
    assert _one_line(err) and "no migration 'bogus'" in err, err
    head, shipped = shipped_revisions()
    assert all(revision in err for revision in shipped) and f"head: {head}" in err
    code, _, err = await run_indexer("candidates", "status", env={"DATABASE_URL": unmigrated_url})
    assert f"has no tables yet: {MIGRATE}" in err, err


@pytest.mark.parametrize("command", ["status", "reindex", "maintenance"])
async def test_indexer_on_an_unmigrated_database_says_to_migrate(unmigrated_url: str, command: str) -> None:
    code, _, err = await run_indexer("candidates", command, env={"DATABASE_URL": unmigrated_url})
    assert code == 1
    assert _one_line(err) and f"has no tables yet: {MIGRATE}" in err, err


async def test_indexer_on_a_database_behind_the_code_says_to_migrate(unmigrated_url: str) -> None:
    await migrate(unmigrated_url, "0010")
    code, _, err = await run_indexer("candidates", "status", env={"DATABASE_URL": unmigrated_url})
    assert code == 1
    assert _one_line(err) and "is at migration 0010, this version needs " in err, err
    assert err.rstrip().endswith(MIGRATE)


async def test_worker_on_an_unmigrated_database_says_to_migrate_and_stops(unmigrated_url: str) -> None:
    code, err = await run(
        "-m", "app.resumes.worker", "--once", "--no-metrics", env={"DATABASE_URL": unmigrated_url}, limit=30
    )
    assert code == 1
    assert err.strip() == f"hr-worker: the database has no tables yet: {MIGRATE}"


async def test_create_admin_on_an_unmigrated_database_says_to_migrate(unmigrated_url: str) -> None:
    script = "import sys; from app.entrypoints import api; api(sys.argv[1:])"
    code, err = await run(
        "-c",
        script,
        "create-admin",
        "--email",
        "admin@example.com",
        env={"DATABASE_URL": unmigrated_url, "ADMIN_PASSWORD": "a long enough password"},
    )
    assert code == 1
    assert err.strip() == f"hr-api create-admin: the database has no tables yet: {MIGRATE}"


async def test_demo_on_an_unmigrated_database_says_to_migrate(unmigrated_url: str) -> None:
    # Before: a sqlalchemy traceback ending in 'relation "candidates" does not exist'.
    script = "import sys; from app.entrypoints import api; api(sys.argv[1:])"
    code, err = await run("-c", script, "demo", "--resumes", "1", env={"DATABASE_URL": unmigrated_url})
    assert code == 1
    assert err.strip() == f"hr-api demo: the database has no tables yet: {MIGRATE}"


@pytest.mark.parametrize(
    "command", [["demo", "--resumes", "1"], ["migrate"], ["create-admin", "--email", "a@b.io"]]
)
async def test_a_command_on_a_database_that_does_not_exist_says_so(
    unmigrated_url: str, command: list[str]
) -> None:
    # Before: "database unavailable (DBAPIError)" from migrate and create-admin, a traceback from demo.
    missing = unmigrated_url + "_missing"
    script = "import sys; from app.entrypoints import api; api(sys.argv[1:])"
    env = {"DATABASE_URL": missing, "ADMIN_PASSWORD": "a long enough password"}
    code, err = await run("-c", script, *command, env=env)
    assert code == 1
    name = missing.rsplit("/", 1)[1]
    assert (
        err.strip()
        == f'hr-api {command[0]}: database unavailable (DBAPIError: database "{name}" does not exist)'
    )


async def test_ready_says_the_database_is_not_migrated(unmigrated_url: str, settings: Settings) -> None:
    url = "postgresql+asyncpg://" + unmigrated_url.split("://", 1)[1]
    async with TestClient(TestServer(create_app(settings.model_copy(update={"database_url": url})))) as api:
        response = await api.get("/ready")
        body = await response.json()
    assert response.status == 503
    postgres = body["dependencies"]["postgres"]
    assert (postgres["ok"], postgres["detail"]) == (False, f"the database has no tables yet: {MIGRATE}")


async def test_a_request_on_an_unmigrated_database_says_to_migrate(
    unmigrated_url: str, settings: Settings
) -> None:
    # Any request that reads a table: before, a 500 "internal server error" for every one of them.
    url = "postgresql+asyncpg://" + unmigrated_url.split("://", 1)[1]
    async with TestClient(TestServer(create_app(settings.model_copy(update={"database_url": url})))) as api:
        response = await api.post(
            "/api/v1/search/candidates", json={"skills": ["python"]}, headers={"X-API-Key": "hr_0123456789"}
        )
        body = await response.json()
    assert response.status == 503
    assert body["error"]["code"] == "database_not_migrated"
    assert "run `hr-api migrate` first" in body["error"]["message"]


async def test_migrate_says_what_it_did(unmigrated_url: str) -> None:
    # It printed nothing of its own (Alembic's INFO lines, and none at all for a database already there),
    # so a deploy log could not tell a migrated database from an untouched one.
    script = "import sys; from app.entrypoints import api; api(sys.argv[1:])"
    said = []
    for revision in ("0005", "head", "head"):
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            script,
            "migrate",
            "--revision",
            revision,
            cwd=ROOT,
            env={**os.environ, "LOG_LEVEL": "WARNING", "DATABASE_URL": unmigrated_url},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 120)
        assert process.returncode == 0, err.decode()
        said.append(out.decode().strip())
    head, _ = shipped_revisions()
    assert said == [
        "migrated the database from an empty database to 0005 (5 applied)",
        f"migrated the database from migration 0005 to {head} ({int(head) - 5} applied)",
        f"the database is already at migration {head}; nothing to apply",
    ]


async def test_a_database_url_with_sslmode_migrates_and_serves(unmigrated_url: str) -> None:
    # `?sslmode=...`, the form managed Postgres services document, ended `hr-api migrate` and every request
    # in a TypeError traceback: SQLAlchemy's asyncpg dialect handed it to asyncpg.connect as a keyword.
    # `prefer` lets a server without TLS (the devstack's) through, so both drivers are exercised here.
    url = unmigrated_url + "?sslmode=prefer"
    await migrate(url, "head")
    settings = Settings(database_url=url)
    engine = create_engine(settings)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM users"))).scalar_one() == 0
    finally:
        await engine.dispose()
    plain = await asyncpg.connect(settings.sync_database_url, timeout=10)  # the indexer's and the worker's
    try:
        assert await plain.fetchval("SELECT count(*) FROM candidates") == 0
    finally:
        await plain.close()
