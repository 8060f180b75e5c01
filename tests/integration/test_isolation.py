"""A test run owns its data: its database, Redis database, index alias, event prefix and storage directory
are its own, so a `make run` service beside it keeps every row, document, file and cache entry."""

from __future__ import annotations

import uuid
from pathlib import Path

import asyncpg
import pytest
from opensearchpy import AsyncOpenSearch, RequestError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.search.events import (
    ensure_retention_policy,
    ensure_template,
    ism_available,
    policy_id,
    template_name,
)
from app.search_engine import create_opensearch
from app.settings import Settings
from indexer.connections import open_services
from indexer.indexes import ensure_index
from tests.conftest import (
    DATA_TABLES,
    SERVICE_DATABASE_URL,
    SERVICE_REDIS_URL,
    TEST_DATABASE_NAME,
    with_database,
    worker_names,
)
from tests.integration.test_indexer_support import DEFINITION, add_candidates, drain, services

__all__ = ["services"]

SERVICE = Settings(database_url=SERVICE_DATABASE_URL, redis_url=SERVICE_REDIS_URL)


def test_every_resource_of_the_run_differs_from_the_service() -> None:
    run = Settings()
    assert run.database_url != SERVICE.database_url
    expected = with_database(SERVICE.database_url, TEST_DATABASE_NAME)
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


def test_each_pytest_worker_is_a_run_of_its_own() -> None:
    environ = {"TEST_DATABASE_NAME": "hr_test", "TEST_REDIS_DB": "15,14,13"}
    assert worker_names("", environ) == ("hr_test", "15", "test-candidates", "test-search-events-")
    gw0 = ("hr_test_gw0", "15", "test-candidates-gw0", "gw0-test-search-events-")
    assert worker_names("gw0", environ) == gw0
    gw2 = ("hr_test_gw2", "13", "test-candidates-gw2", "gw2-test-search-events-")
    assert worker_names("gw2", environ) == gw2


async def test_the_events_templates_and_policies_of_a_run_and_its_workers_stand_side_by_side(
    settings: Settings,
) -> None:
    # A worker's events prefix with its id at the end (`<prefix>gw0-`) would fall under the run's own
    # `<prefix>*`, and OpenSearch refuses a second template (and ISM policy) of one priority over it.
    base = f"iso-{uuid.uuid4().hex[:8]}-events-"
    prefixes = [worker_names(worker, {"TEST_SEARCH_EVENTS_PREFIX": base})[3] for worker in ("", "gw0", "gw1")]
    client = create_opensearch(settings)
    try:
        for prefix in prefixes:
            await ensure_template(client, prefix)
            assert await ensure_retention_policy(client, prefix, 1) in {"created", "unavailable"}
        with pytest.raises(RequestError):
            await ensure_template(client, f"{base}gw0-")
    finally:
        for prefix in prefixes:
            await client.indices.delete_index_template(name=template_name(prefix), ignore=404)
            if await ism_available(client):
                await client.transport.perform_request(
                    "DELETE", f"/_plugins/_ism/policies/{policy_id(prefix)}"
                )
        await client.close()
