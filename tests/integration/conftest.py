"""Integration tests run against the real local stack, on resources of the run's own (tests/conftest.py).

The session creates the run's database and migrates it to the newest schema, starts from an empty Redis
database, and at the end drops the database, deletes the run's indexes and empties its Redis database.
Nothing else is touched: a `make run` service beside the tests keeps every row, document, file and key.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import asyncpg
import pytest
from opensearchpy import AsyncOpenSearch
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth import service
from app.models import Resume
from app.resumes.storage import store_bytes
from app.settings import Settings
from tests.conftest import ROOT
from tests.databases import drop_database


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def scratch_alias(settings: Settings, prefix: str) -> AsyncIterator[str]:
    """An index alias of a test's own (`<prefix>-<random>`); every index under it is deleted afterwards."""
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    yield name
    client = AsyncOpenSearch(hosts=settings.opensearch_hosts)
    try:
        await client.indices.delete(index=f"{name}-*", ignore_unavailable=True)
    finally:
        await client.close()


async def _recreate_database(settings: Settings, *, create: bool) -> None:
    """Drop the run's database (left over from an interrupted run) and, when asked, create it again."""
    url = settings.sync_database_url
    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    # Any database of the server will do to issue CREATE/DROP DATABASE from; `postgres` always exists.
    connection = await asyncpg.connect(url.rsplit("/", 1)[0] + "/postgres", timeout=10)
    try:
        await drop_database(connection, name)
        if create:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _clear_search_and_cache(settings: Settings) -> None:
    """The run's indexes, events and Redis keys: its own alias and prefix, its own Redis database."""
    client = AsyncOpenSearch(hosts=settings.opensearch_hosts)
    try:
        for pattern in (f"{settings.index_alias}-*", f"{settings.search_events_prefix}*"):
            await client.indices.delete(index=pattern, ignore_unavailable=True, expand_wildcards="all")
    finally:
        await client.close()
    redis = Redis.from_url(settings.redis_url)
    try:
        await redis.flushdb()
    finally:
        await redis.aclose()


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run a coroutine to the end on a loop of its own thread, leaving the tests' event loop alone."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session", autouse=True)
def migrated() -> Iterator[None]:
    """The run's own database, created empty and migrated (`alembic upgrade head`); dropped at the end."""
    settings = Settings()
    _run(_recreate_database(settings, create=True))
    _run(_clear_search_and_cache(settings))
    subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, check=True, capture_output=True
    )
    yield
    _run(_clear_search_and_cache(settings))
    _run(_recreate_database(settings, create=False))


@pytest.fixture
async def clear_rate_limits(settings: Settings) -> None:
    """No failed-login counts, lockouts or revocations left in Redis or in this process by another test."""
    redis = Redis.from_url(settings.redis_url)
    found = [key async for key in redis.scan_iter("auth:*")]
    if found:
        await redis.delete(*found)
    await redis.aclose()
    service.forget_lockouts()


async def queue_directly(
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    data: bytes,
    content_type: str,
    original_filename: str = "cv.pdf",
) -> Resume:
    """A resume queued without the upload's checks, as one stored before them or brought in by hand."""
    sha256, path = store_bytes(settings.storage_dir, data)
    async with db.begin() as session:
        resume = Resume(
            original_filename=original_filename,
            content_type=content_type,
            size_bytes=len(data),
            sha256=sha256,
            storage_path=str(path),
        )
        session.add(resume)
    return resume
