"""docs/operations.md "Backup and restore" on the real stack: a pg_dump restored under a live index, then the
rebuild the docs ask for. A scratch database of the test's own, never the run's."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from app.settings import Settings
from indexer.connections import Services
from indexer.indexes import current_index
from tests.databases import scratch_database, start_migrate
from tests.integration.test_indexer_support import alias, fetch_document, run_indexer, services

__all__ = ["alias", "services"]


@pytest.fixture
async def scratch_url(settings: Settings) -> AsyncIterator[str]:
    """A migrated database of its own (libpq URL), dropped afterwards."""
    async with scratch_database(settings, "restore") as name:
        url = f"{settings.sync_database_url.rsplit('/', 1)[0]}/{name}"
        migrate = await start_migrate(url)
        _, err = await asyncio.wait_for(migrate.communicate(), 120)
        assert migrate.returncode == 0, err.decode()
        yield url


async def _execute(url: str, sql: str, *args: object) -> object:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetchval(sql, *args)
    finally:
        await connection.close()


async def _pg(*command: str) -> None:
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    _, err = await process.communicate()
    assert process.returncode == 0, err.decode()


async def test_a_database_restored_under_a_newer_index_is_named_by_verify_and_fixed_by_reindex(
    scratch_url: str, alias: str, services: Services, tmp_path: Path
) -> None:
    """Restored from a dump older than the index, Postgres's rows had lower versions than the documents: the
    index refused every later edit of theirs as older than what it held (the daemon silently, verify
    --repair 'not repaired'), and verify advised a repair that could not help. It now names the restore and
    the reindex, and the reindex the docs prescribe makes the edits searchable again."""
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("needs pg_dump and pg_restore (Debian's postgresql-client)")
    env = {"DATABASE_URL": scratch_url}
    assert (await run_indexer(alias, "create", env=env))[0] == 0
    candidate = await _execute(
        scratch_url,
        "INSERT INTO candidates (full_name, current_title) VALUES ('Ada', 'Developer') RETURNING id",
    )
    assert isinstance(candidate, uuid.UUID)
    drain = ("run", "--until-empty", "--metrics-port", "0")
    assert (await run_indexer(alias, *drain, env=env))[0] == 0
    dump = tmp_path / "hr.dump"
    # The documented backup: a custom-format dump.
    await _pg("pg_dump", f"--dbname={scratch_url}", "--format=custom", f"--file={dump}")
    for title in ("Senior Developer", "Staff Developer"):
        await _execute(
            scratch_url, "UPDATE candidates SET current_title = $2 WHERE id = $1", candidate, title
        )
    assert (await run_indexer(alias, *drain, env=env))[0] == 0
    # The documented restore, over the live database.
    await _pg("pg_restore", f"--dbname={scratch_url}", "--clean", "--if-exists", "--no-owner", str(dump))
    await _execute(scratch_url, "UPDATE candidates SET current_title = 'Principal' WHERE id = $1", candidate)
    assert (await run_indexer(alias, *drain, env=env))[0] == 0
    document = await fetch_document(services, alias, candidate)
    assert document is not None and document["current_title"] == "Staff Developer"  # the edit refused

    code, out, _ = await run_indexer(alias, "verify", env=env)
    assert code == 1
    assert (
        "1 of the stale are newer in the index than in Postgres (the database restored from an older "
        "backup?): the index takes none of their changes, and a repair cannot; run `hr-indexer reindex`"
        in out
    ), out
    assert "verify --repair` to fix" not in out

    code, _, err = await run_indexer(alias, "reindex", "--no-progress", env=env)
    assert code == 0, err
    document = await fetch_document(services, alias, candidate)
    assert document is not None and document["current_title"] == "Principal"
    assert (await run_indexer(alias, "verify", env=env))[0] == 0
    # The index kept for rollback predates the restore: going back to it would undo the restore in searches
    # and refuse the edits again, so rollback refuses it.
    live = await current_index(services.opensearch, alias)
    code, _, err = await run_indexer(alias, "rollback", env=env)
    assert code == 1
    assert "at a newer version than Postgres (built before the database was restored" in err, err
    assert await current_index(services.opensearch, alias) == live
