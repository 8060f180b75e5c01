"""A test run owns its data: its database, Redis database, index alias, event prefix and storage directory
are its own, so a `make run` service beside it keeps every row, document, file and cache entry."""

from __future__ import annotations

import os
from pathlib import Path

import asyncpg
from opensearchpy import AsyncOpenSearch
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.settings import Settings
from indexer.connections import open_services
from indexer.indexes import ensure_index
from tests.conftest import DATA_TABLES, SERVICE_DATABASE_URL, SERVICE_REDIS_URL, with_database
from tests.integration.test_indexer_support import DEFINITION, add_candidates, drain, services

__all__ = ["services"]

SERVICE = Settings(database_url=SERVICE_DATABASE_URL, redis_url=SERVICE_REDIS_URL)


def test_every_resource_of_the_run_differs_from_the_service() -> None:
    run = Settings()
    assert run.database_url != SERVICE.database_url
    expected = with_database(SERVICE.database_url, os.environ.get("TEST_DATABASE_NAME", "hr_test"))
    assert run.database_url == expected
    assert run.redis_url != SERVICE.redis_url
    assert run.index_alias != "candidates"
    assert run.search_events_prefix != "search-events-"
    assert not run.storage_dir.resolve().is_relative_to(Path(__file__).resolve().parents[2] / ".devstack")


async def _service_counts() -> dict[str, int | None]:
    """Row counts of the service's own tables (None where its database has no such table yet)."""
    connection = await asyncpg.connect(SERVICE.sync_database_url, timeout=10)
    try:
        counts: dict[str, int | None] = {}
        for table in DATA_TABLES:
            exists = await connection.fetchval("SELECT to_regclass($1) IS NOT NULL", f"public.{table}")
            counts[table] = await connection.fetchval(f"SELECT count(*) FROM {table}") if exists else None
        return counts
    finally:
        await connection.close()


async def _service_documents() -> int | None:
    client = AsyncOpenSearch(hosts=SERVICE.opensearch_hosts)
    try:
        if not await client.indices.exists_alias(name="candidates"):
            return None
        return int((await client.count(index="candidates"))["count"])
    finally:
        await client.close()


async def test_emptying_and_filling_the_run_database_leaves_the_service_alone(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    before = await _service_counts()
    documents_before = await _service_documents()
    async with db() as session:
        assert await session.scalar(text("SELECT current_database()")) != "hr"

    async with open_services(settings) as opened:
        await ensure_index(opened.opensearch, settings.index_alias, DEFINITION)
        await add_candidates(opened.pool, 30, prefix="Isolated")
        await drain(opened, settings.index_alias)
        async with opened.pool.acquire() as connection:
            await connection.execute(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE")

    assert await _service_counts() == before
    assert await _service_documents() == documents_before
