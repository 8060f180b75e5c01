"""Fixtures and helpers shared by the indexer's integration tests (imported by the test_indexer_* modules).

Every test gets its own alias (`test-indexer-<hex>`), so nothing here touches a developer's `candidates`
index; the indexes and Redis keys of the alias are deleted afterwards.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import date
from typing import Any

import asyncpg
import pytest
from opensearchpy.exceptions import NotFoundError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.settings import Settings
from indexer.connections import Services, open_services
from indexer.daemon import BatchReport, apply_outbox_batch
from indexer.indexes import ensure_index, segment_count
from indexer.lock import reindex_lock_key
from indexer.mapping import IndexDefinition, load_definition
from indexer.status import last_reindex_key
from tests.conftest import ROOT

DEFINITION: IndexDefinition = load_definition()


@pytest.fixture
async def services(settings: Settings, db: async_sessionmaker[AsyncSession]) -> AsyncIterator[Services]:
    """The indexer's clients on the real stack, over freshly emptied tables."""
    async with open_services(settings, pool_size=8) as opened:
        yield opened


@pytest.fixture
async def alias(services: Services) -> AsyncIterator[str]:
    """An alias of this test's own; its indexes and Redis keys are removed afterwards."""
    name = f"test-indexer-{uuid.uuid4().hex[:8]}"
    yield name
    await services.opensearch.indices.delete(index=f"{name}-*", ignore_unavailable=True)
    await services.redis.delete(reindex_lock_key(name), last_reindex_key(name))


@pytest.fixture
async def live_index(services: Services, alias: str) -> str:
    """The alias with its index created, as `indexer create` leaves it."""
    index, _ = await ensure_index(services.opensearch, alias, DEFINITION)
    return index


async def add_candidate(
    pool: asyncpg.Pool,
    full_name: str = "Ada Lovelace",
    *,
    skills: Sequence[str] = (),
    title: str | None = "Engineer",
    summary: str | None = None,
    jobs: Sequence[dict[str, Any]] = (),
) -> uuid.UUID:
    """Insert a candidate (and children) with SQL in one transaction; the triggers write the outbox."""
    async with pool.acquire() as connection, connection.transaction():
        candidate_id: uuid.UUID = await connection.fetchval(
            "INSERT INTO candidates (full_name, email, phone, current_title, summary) "
            "VALUES ($1, $2, '+1 555 0100', $3, $4) RETURNING id",
            full_name,
            f"{uuid.uuid4().hex[:12]}@example.com",
            title,
            summary,
        )
        for name in skills:
            skill_id = await connection.fetchval(
                "INSERT INTO skills (name) VALUES ($1) "
                "ON CONFLICT (lower(name)) DO UPDATE SET name = skills.name RETURNING id",
                name,
            )
            await connection.execute(
                "INSERT INTO candidate_skills (candidate_id, skill_id, years, last_used) "
                "VALUES ($1, $2, 3.5, $3)",
                candidate_id,
                skill_id,
                date(2024, 6, 1),
            )
        for position, job in enumerate(jobs):
            await connection.execute(
                "INSERT INTO work_experience (candidate_id, position, company, company_key, department, "
                "title, start_date, end_date, is_current, description) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                candidate_id,
                position,
                job.get("company"),
                job.get("company_key"),
                job.get("department"),
                job.get("title"),
                job.get("start_date"),
                job.get("end_date"),
                job.get("is_current", False),
                job.get("description"),
            )
    return candidate_id


async def add_candidates(pool: asyncpg.Pool, count: int, prefix: str = "Bulk") -> list[uuid.UUID]:
    """Insert many plain candidates in one statement (one outbox row each)."""
    async with pool.acquire() as connection:
        rows = await connection.fetch(
            "INSERT INTO candidates (full_name, current_title, location) "
            "SELECT $1 || ' ' || n, 'Developer', 'Berlin' FROM generate_series(1, $2) AS n RETURNING id",
            prefix,
            count,
        )
    return [row["id"] for row in rows]


async def rename(pool: asyncpg.Pool, candidate_id: uuid.UUID, full_name: str) -> int:
    """Update a candidate's name; the new version."""
    async with pool.acquire() as connection:
        version: int = await connection.fetchval(
            "UPDATE candidates SET full_name = $2 WHERE id = $1 RETURNING version", candidate_id, full_name
        )
    return version


async def drain(
    services: Services, alias: str, *, batch_size: int = 500, max_attempts: int = 5
) -> list[BatchReport]:
    """Apply outbox batches until none is pending (what the daemon does between notifications)."""
    reports = []
    while True:
        report = await apply_outbox_batch(
            services.pool, services.opensearch, alias, batch_size=batch_size, max_attempts=max_attempts
        )
        if not report.taken:
            return reports
        reports.append(report)


async def gather_segments(services: Services, alias: str, index: str, rounds: int, per_round: int) -> int:
    """Candidates added and applied in `rounds` refreshed writes, as a live index gathers small segments:
    the index's segment count after."""
    for round_ in range(rounds):
        await add_candidates(services.pool, per_round, prefix=f"Round{round_}")
        await drain(services, alias)
        await services.opensearch.indices.refresh(index=index)
    return await segment_count(services.opensearch, index)


async def fetch_document(services: Services, alias: str, candidate_id: uuid.UUID) -> dict[str, Any] | None:
    """The indexed document with its `_version`, or None (real-time get: no refresh needed)."""
    try:
        found = await services.opensearch.get(index=alias, id=str(candidate_id))
    except NotFoundError:
        return None
    document: dict[str, Any] = found["_source"]
    document["_version"] = found["_version"]
    return document


async def pending_rows(pool: asyncpg.Pool) -> int:
    """Outbox rows not yet applied and not dead."""
    async with pool.acquire() as connection:
        count: int = await connection.fetchval(
            "SELECT count(*) FROM index_outbox WHERE processed_at IS NULL AND dead_at IS NULL"
        )
    return count


async def wait_for(
    check: Callable[[], Awaitable[bool]], seconds: float = 30.0, what: str = "condition"
) -> None:
    """Poll until `check` holds, or fail the test naming what never happened."""
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds:.0f}s waiting for {what}")
        await asyncio.sleep(0.05)


def indexer_command(alias: str, *args: str) -> list[str]:
    """`python -m indexer --alias <alias> ...` as a subprocess command line."""
    return [sys.executable, "-m", "indexer", "--alias", alias, *args]


async def start_indexer(
    alias: str, *args: str, env: dict[str, str] | None = None
) -> asyncio.subprocess.Process:
    """Start the indexer command as a child process, its output captured."""
    return await asyncio.create_subprocess_exec(
        *indexer_command(alias, *args),
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def run_indexer(
    alias: str, *args: str, env: dict[str, str] | None = None, limit: float = 120
) -> tuple[int, str, str]:
    """Run the indexer command to completion (at most `limit` seconds): exit code, stdout, stderr."""
    process = await start_indexer(alias, *args, env=env)
    try:
        out, err = await asyncio.wait_for(process.communicate(), limit)
    except TimeoutError:
        # Killed, never left running: a bad-argument case that a regression let through started a daemon
        # (`run --batch-size 10001`) that outlived the run and kept indexing its database's outbox.
        process.kill()
        await process.wait()
        raise
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


class CuttableProxy:
    """A TCP proxy of the test's own in front of a real service: `cut()` drops every connection and refuses
    new ones, as a service lost mid-run looks to its client (the service itself is never touched)."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def start(self, port: int = 0) -> int:
        """Listen on `port` of 127.0.0.1 (a free one by default); the port."""
        self.server = await asyncio.start_server(self._connect, "127.0.0.1", port)
        port: int = self.server.sockets[0].getsockname()[1]
        return port

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        self.writers |= {writer, upstream_writer}
        await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    def cut(self) -> None:
        """The service is gone: no new connection, every open one reset."""
        if self.server is not None:
            self.server.close()
        for writer in self.writers:
            writer.transport.abort()
