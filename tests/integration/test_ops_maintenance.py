"""`hr-indexer maintenance` end to end: what it removes, what it keeps, and how it behaves from cron."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.search.events import events_index
from indexer.connections import Services
from indexer.indexes import create_index, list_indexes, swap_alias
from indexer.lock import hold_lock, reindex_lock_key
from indexer.mapping import index_name
from tests.integration.test_indexer_support import DEFINITION, run_indexer, services

__all__ = ["services"]


@pytest.fixture
async def alias(services: Services) -> AsyncIterator[str]:
    """A candidates alias of this test's own; its indexes and lock are removed afterwards."""
    name = f"ops-maintenance-{uuid.uuid4().hex[:8]}"
    yield name
    await services.opensearch.indices.delete(index=f"{name}-*", ignore_unavailable=True)
    await services.redis.delete(reindex_lock_key(name))


@pytest.fixture
async def prefix(services: Services) -> AsyncIterator[str]:
    name = f"ops-search-events-{uuid.uuid4().hex[:8]}-"
    yield name
    await services.opensearch.indices.delete(index=f"{name}*", ignore_unavailable=True)


async def add_history(services: Services, days_ago: int, count: int) -> None:
    async with services.pool.acquire() as connection:
        await connection.executemany(
            "INSERT INTO search_history (search_type, request, result_count, took_ms, created_at) "
            "VALUES ('skills_match', '{}', 1, 5, now() - make_interval(days => $1))",
            [(days_ago,)] * count,
        )


async def add_resume(services: Services, storage: Path, status: str, days_ago: int) -> Path:
    """A resume row in `status`, last touched `days_ago`, with its stored file."""
    content = uuid.uuid4().bytes
    sha = hashlib.sha256(content).hexdigest()
    path = storage / sha[:2] / sha[2:4] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    async with services.pool.acquire() as connection:
        await connection.execute(
            "INSERT INTO resumes (original_filename, content_type, size_bytes, sha256, storage_path, "
            "parsing_status, processed_at, updated_at) VALUES ('cv.pdf', 'application/pdf', 16, $1, $2, "
            "$3::parsing_status, now() - make_interval(days => $4), now() - make_interval(days => $4))",
            sha,
            str(path),
            status,
            days_ago,
        )
    return path


async def resume_statuses(services: Services) -> list[str]:
    async with services.pool.acquire() as connection:
        rows = await connection.fetch("SELECT parsing_status::text AS s FROM resumes ORDER BY s")
    return [row["s"] for row in rows]


async def history_count(services: Services) -> int:
    async with services.pool.acquire() as connection:
        count: int = await connection.fetchval("SELECT count(*) FROM search_history")
    return count


async def existing(services: Services, pattern: str) -> list[str]:
    rows = await services.opensearch.cat.indices(index=pattern, format="json", h="index")
    return sorted(row["index"] for row in rows)


async def build_candidate_indexes(services: Services, alias: str) -> list[str]:
    """Three indexes of the alias, oldest first, the alias on the newest (two kept for rollback)."""
    names = [index_name(alias, DEFINITION, rebuild=f"2024010{n}000000") for n in (1, 2, 3)]
    for name in names:
        await create_index(services.opensearch, name, DEFINITION)
    await swap_alias(services.opensearch, alias, None, names[-1])
    return names


@pytest.fixture
def storage(tmp_path: Path) -> Path:
    path = tmp_path / "storage"
    path.mkdir()
    return path


async def test_maintenance_removes_what_expired_keeps_the_rest_and_is_idempotent(
    services: Services, alias: str, prefix: str, storage: Path
) -> None:
    await add_history(services, days_ago=120, count=3)
    await add_history(services, days_ago=10, count=2)
    old_failed = await add_resume(services, storage, "failed", days_ago=8)
    new_failed = await add_resume(services, storage, "failed", days_ago=1)
    old_done = await add_resume(services, storage, "completed", days_ago=300)
    today = datetime.now(UTC)
    expired = [f"{prefix}2020.01.01", events_index(prefix, today - timedelta(days=91))]
    kept = [events_index(prefix, today - timedelta(days=89)), events_index(prefix, today), f"{prefix}latest"]
    for name in expired + kept:
        await services.opensearch.indices.create(index=name)
    oldest, previous, live = await build_candidate_indexes(services, alias)
    env = {"STORAGE_DIR": str(storage), "SEARCH_EVENTS_PREFIX": prefix}

    code, out, err = await run_indexer(alias, "maintenance", "--dry-run", env=env)
    assert code == 0, err
    assert "search history: would remove 3 entries older than 90 days" in out
    assert await history_count(services) == 5 and old_failed.exists()
    assert await existing(services, f"{prefix}*") == sorted(expired + kept)

    code, out, err = await run_indexer(alias, "maintenance", env=env)
    assert code == 0, err
    assert out.splitlines() == [
        "search history: removed 3 entries older than 90 days",
        "failed resumes: removed 1 record and 1 file older than 7 days",
        f"search events: removed 2 indexes older than 90 days: {', '.join(sorted(expired))}",
        f"candidate indexes of {alias}: removed 1 index beyond the 1 kept for rollback: {oldest}",
    ]
    assert await history_count(services) == 2
    assert await resume_statuses(services) == ["completed", "failed"]
    assert not old_failed.exists() and new_failed.exists() and old_done.exists()
    assert await existing(services, f"{prefix}*") == sorted(kept)
    assert [info.name for info in await list_indexes(services.opensearch, alias)] == [previous, live]

    code, out, err = await run_indexer(alias, "maintenance", env=env)
    assert (code, out.strip()) == (0, "nothing to remove"), err


async def test_an_index_opensearch_refuses_to_delete_leaves_the_database_as_it_was(
    services: Services, alias: str, prefix: str, storage: Path
) -> None:
    # The database went first: its expired rows and files were gone when the events index's delete was
    # refused, and the run ended with Postgres cleaned and OpenSearch not.
    await add_history(services, days_ago=120, count=3)
    old_failed = await add_resume(services, storage, "failed", days_ago=8)
    await build_candidate_indexes(services, alias)
    expired = f"{prefix}2020.01.01"
    await services.opensearch.indices.create(
        index=expired, body={"settings": {"index.blocks.read_only": True}}
    )
    env = {"STORAGE_DIR": str(storage), "SEARCH_EVENTS_PREFIX": prefix}
    try:
        code, out, err = await run_indexer(alias, "maintenance", env=env)
        assert (code, out) == (1, "")
        assert await history_count(services) == 3
        assert await resume_statuses(services) == ["failed"] and old_failed.exists()
        assert await existing(services, f"{prefix}*") == [expired]
        assert err.count("\n") == 1 and err.startswith(
            "hr-indexer: error: search events indexes: OpenSearch refused the clean-up (403 "
        ), err
        assert f"index [{expired}] blocked by" in err
        assert err.rstrip().endswith(
            "nothing was removed from the database: run `hr-indexer maintenance` again once that is fixed"
        )
    finally:
        await services.opensearch.indices.put_settings(index=expired, body={"index.blocks.read_only": False})

    code, out, err = await run_indexer(alias, "maintenance", env=env)
    assert code == 0, err
    assert "search history: removed 3 entries older than 90 days" in out
    assert "failed resumes: removed 1 record and 1 file older than 7 days" in out
    assert await history_count(services) == 0 and not old_failed.exists()
    assert await existing(services, f"{prefix}*") == []


async def test_a_running_reindex_makes_maintenance_skip_index_pruning(
    services: Services, alias: str, prefix: str, storage: Path
) -> None:
    oldest, *_ = await build_candidate_indexes(services, alias)
    env = {"STORAGE_DIR": str(storage), "SEARCH_EVENTS_PREFIX": prefix}
    async with hold_lock(services.redis, reindex_lock_key(alias)):
        code, out, err = await run_indexer(alias, "maintenance", env=env)
    assert code == 0, err
    assert f"candidate indexes: a reindex of {alias} is running; pruning skipped" in out
    assert oldest in [info.name for info in await list_indexes(services.opensearch, alias)]


async def test_retention_and_kept_indexes_come_from_settings(
    services: Services, alias: str, prefix: str, storage: Path
) -> None:
    await add_history(services, days_ago=20, count=2)
    oldest, previous, _ = await build_candidate_indexes(services, alias)
    env = {
        "STORAGE_DIR": str(storage),
        "SEARCH_EVENTS_PREFIX": prefix,
        "SEARCH_HISTORY_RETENTION_DAYS": "14",
        "INDEX_ROLLBACK_KEEP": "0",
    }
    code, out, err = await run_indexer(alias, "maintenance", env=env)
    assert code == 0, err
    assert "search history: removed 2 entries older than 14 days" in out
    assert f"removed 2 indexes beyond the 0 kept for rollback: {oldest}, {previous}" in out


async def test_an_alias_that_names_no_index_is_said_and_fails_while_the_rest_is_cleaned(
    services: Services, alias: str, prefix: str, storage: Path
) -> None:
    # `maintenance --alias candidatse` (or a wrong INDEX_ALIAS in a CronJob) said "nothing to remove" and
    # exited 0 every night, while the real alias's old indexes were never pruned.
    await add_history(services, days_ago=120, count=2)
    env = {"STORAGE_DIR": str(storage), "SEARCH_EVENTS_PREFIX": prefix}
    code, out, err = await run_indexer(alias, "maintenance", env=env)
    assert code == 1, err
    assert out.splitlines() == [
        "search history: removed 2 entries older than 90 days",
        f"candidate indexes: no alias {alias}, so no old index of it was pruned: is --alias (or INDEX_ALIAS) "
        "right? `hr-indexer status` names the live one",
    ]
    assert await history_count(services) == 0


async def test_failed_resumes_stay_where_storage_dir_is_not_the_resume_storage(
    services: Services, alias: str, prefix: str, storage: Path, tmp_path: Path
) -> None:
    # Run in a pod without the volume (the indexer's, before it mounted it), maintenance deleted the expired
    # failed resumes' rows, found no file to remove under its empty STORAGE_DIR, and left the files on the
    # real storage for good, past their retention, with nothing left to find them by.
    await build_candidate_indexes(services, alias)
    stored = await add_resume(services, storage, "failed", days_ago=8)
    unmounted = tmp_path / "unmounted"
    unmounted.mkdir()
    env = {"STORAGE_DIR": str(unmounted), "SEARCH_EVENTS_PREFIX": prefix}
    for dry in (["--dry-run"], []):
        code, out, err = await run_indexer(alias, "maintenance", *dry, env=env)
        assert code == 1, err
        assert f"failed resumes: none removed: the storage directory (STORAGE_DIR) {unmounted} is" in out
    assert await resume_statuses(services) == ["failed"] and stored.exists()

    code, out, err = await run_indexer(alias, "maintenance", env={**env, "STORAGE_DIR": str(storage)})
    assert code == 0, err
    assert "failed resumes: removed 1 record and 1 file older than 7 days" in out
    assert await resume_statuses(services) == [] and not stored.exists()


async def test_an_unreachable_service_fails_with_one_line(alias: str) -> None:
    code, out, err = await run_indexer(alias, "maintenance", env={"OPENSEARCH_URL": "http://127.0.0.1:1"})
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0, err
    assert err.startswith("hr-indexer: error: cannot reach OpenSearch at http://127.0.0.1:1")


async def test_a_stored_file_that_cannot_be_removed_stops_with_one_line_and_keeps_the_rows(
    services: Services, alias: str, prefix: str, storage: Path
) -> None:
    # A read-only volume or a file of another owner (NFS squashing root) ended maintenance in a traceback
    # naming the stored file's path. A directory where the file should be fails its removal the same way for
    # a test run as root (which no permission stops).
    await build_candidate_indexes(services, alias)
    stuck = await add_resume(services, storage, "failed", days_ago=8)
    stuck.unlink()
    stuck.mkdir()
    env = {"STORAGE_DIR": str(storage), "SEARCH_EVENTS_PREFIX": prefix}
    code, out, err = await run_indexer(alias, "maintenance", env=env)
    assert code == 1
    assert "Traceback" not in err and str(stuck) not in out + err, err
    assert (
        f"failed resumes: stopped: a stored file under STORAGE_DIR {storage} could not be removed "
        "(Is a directory); the rows of its batch stay" in out
    ), out
    assert await resume_statuses(services) == ["failed"]
