"""Search analytics against the real OpenSearch node: the template, batched writes, failures, and the API.

Every test writes under its own `ops-search-events-<hex>-` prefix; its indexes and template are removed.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import RequestError
from prometheus_client import REGISTRY

from app.keys import SEARCH_EVENTS
from app.logs import REQUEST_ID_HEADER
from app.main import create_app
from app.search.events import (
    SearchEventWriter,
    ensure_retention_policy,
    ensure_template,
    events_index,
    ism_available,
    policy_id,
    template_name,
)
from app.settings import Settings
from indexer.connections import Services
from indexer.indexes import ensure_index
from tests.integration.test_indexer_support import DEFINITION, add_candidate, drain, services

__all__ = ["services"]


def sample_value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncOpenSearch]:
    opensearch = AsyncOpenSearch(hosts=settings.opensearch_hosts)
    yield opensearch
    await opensearch.close()


@pytest.fixture
async def prefix(client: AsyncOpenSearch) -> AsyncIterator[str]:
    """An events prefix of this test's own; its indexes, template and policy are removed afterwards."""
    name = f"ops-search-events-{uuid.uuid4().hex[:8]}-"
    yield name
    await client.indices.delete(index=f"{name}*", ignore_unavailable=True, expand_wildcards="all")
    await client.indices.delete_index_template(name=template_name(name), ignore=404)
    if await ism_available(client):
        await client.transport.perform_request("DELETE", f"/_plugins/_ism/policies/{policy_id(name)}")


async def stored_events(client: AsyncOpenSearch, prefix: str) -> list[dict]:
    await client.indices.refresh(index=f"{prefix}*")
    found = await client.search(index=f"{prefix}*", body={"size": 100, "sort": [{"@timestamp": "asc"}]})
    return [hit["_source"] for hit in found["hits"]["hits"]]


def event(**fields: object) -> dict:
    return {
        "@timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "search_type": "skills_match",
        "interface": "structured",
        "user_role": "viewer",
        "skills": ["python"],
        "skills_count": 1,
        "filters": {"companies": ["acme"]},
        "result_count": 3,
        "zero_results": False,
        "latency_ms": 4.5,
        "cached": False,
        **fields,
    }


async def test_the_template_gives_daily_indexes_a_strict_keyword_mapping(
    client: AsyncOpenSearch, prefix: str
) -> None:
    await ensure_template(client, prefix)
    await ensure_template(client, prefix)  # idempotent
    index = events_index(prefix, datetime.now(UTC))
    await client.index(index=index, body=event(), refresh=True)
    mapping = (await client.indices.get_mapping(index=index))[index]["mappings"]
    assert mapping["dynamic"] == "strict"
    properties = mapping["properties"]
    assert properties["skills"]["type"] == "keyword"
    assert properties["filters"]["properties"]["companies"]["type"] == "keyword"
    assert properties["@timestamp"]["type"] == "date"
    assert properties["latency_ms"]["type"] == "float"
    # A field the template does not know, such as the query text, is refused rather than stored.
    with pytest.raises(RequestError, match="strict_dynamic_mapping_exception"):
        await client.index(index=index, body=event(query="Ada Lovelace"))


async def test_events_are_queued_without_waiting_and_written_in_batches(
    client: AsyncOpenSearch, prefix: str
) -> None:
    writer = SearchEventWriter(client, prefix, 90, flush_seconds=0.05)
    writer.start()
    written = sample_value("search_events_written_total")
    started = time.perf_counter()
    for number in range(120):
        writer.record(event(result_count=number))
    assert time.perf_counter() - started < 0.05  # queueing never waits for OpenSearch
    await writer.stop()
    await client.indices.refresh(index=f"{prefix}*")
    assert (await client.count(index=f"{prefix}*"))["count"] == 120
    assert sample_value("search_events_written_total") - written == 120


async def test_an_unreachable_node_drops_and_counts_events_and_never_raises(prefix: str) -> None:
    dead = AsyncOpenSearch(hosts=["http://127.0.0.1:1"], max_retries=0, timeout=2)
    try:
        writer = SearchEventWriter(dead, prefix, 90)
        failed = sample_value("search_events_failed_total", reason="unavailable")
        for _ in range(3):
            writer.record(event())
        assert await writer.flush() == 0
        assert sample_value("search_events_failed_total", reason="unavailable") - failed == 3
    finally:
        await dead.close()


async def test_refused_documents_are_counted_by_error_type(client: AsyncOpenSearch, prefix: str) -> None:
    writer = SearchEventWriter(client, prefix, 90)
    refused = sample_value("search_events_failed_total", reason="strict_dynamic_mapping_exception")
    writer.record(event())
    writer.record(event(full_name="Ada Lovelace"))
    assert await writer.flush() == 1
    assert (
        sample_value("search_events_failed_total", reason="strict_dynamic_mapping_exception") - refused == 1
    )


async def test_the_retention_policy_needs_ism_and_is_kept_current(
    client: AsyncOpenSearch, prefix: str
) -> None:
    if not await ism_available(client):
        # The devstack node runs without the ISM plugin: `hr-indexer maintenance` deletes expired indexes.
        assert await ensure_retention_policy(client, prefix, 90) == "unavailable"
        return
    assert await ensure_retention_policy(client, prefix, 90) == "created"
    assert await ensure_retention_policy(client, prefix, 90) == "unchanged"
    assert await ensure_retention_policy(client, prefix, 30) == "updated"


@pytest.fixture
async def indexed(services: Services) -> AsyncIterator[tuple[str, Services]]:
    """An alias of this test's own with one indexed Python developer."""
    alias = f"ops-events-{uuid.uuid4().hex[:8]}"
    await ensure_index(services.opensearch, alias, DEFINITION)
    await add_candidate(services.pool, "Ada Lovelace", skills=["Python"], title="Engineer")
    await drain(services, alias)
    await services.opensearch.indices.refresh(index=alias)
    yield alias, services
    await services.opensearch.indices.delete(index=f"{alias}-*", ignore_unavailable=True)


async def test_every_search_through_the_api_records_an_event_without_the_query_text(
    settings: Settings,
    role_headers: dict[str, dict[str, str]],
    indexed: tuple[str, Services],
    client: AsyncOpenSearch,
    prefix: str,
) -> None:
    alias, _ = indexed
    app_settings = settings.model_copy(update={"index_alias": alias, "search_events_prefix": prefix})
    marker = uuid.uuid4().hex[:6]  # keeps this run's requests out of other runs' cache entries
    request = {"query": f"Ada Lovelace {marker}", "skills": ["python"], "companies": ["Acme"]}
    async with TestClient(TestServer(create_app(app_settings)), headers=role_headers["recruiter"]) as api:
        for attempt in ("first", "second"):
            response = await api.post(
                "/api/v1/search/candidates", json=request, headers={REQUEST_ID_HEADER: f"ops-{attempt}"}
            )
            assert response.status == 200, await response.text()
        lightweight = await api.post("/api/v1/search/candidates/lightweight", json={"skills": ["python"]})
        assert lightweight.status == 200
        nobody = await api.post("/api/v1/search/candidates", json={"skills": [f"cobol{marker}"]})
        assert nobody.status == 200
        smart = await api.post("/api/v1/search/smart", json={"query": "python developers"})
        assert smart.status == 200, await smart.text()
    # Leaving the client stops the app, which sends what is still queued.
    stored = await stored_events(client, prefix)
    assert [e["interface"] for e in stored] == [
        "structured",
        "structured",
        "lightweight",
        "structured",
        "smart",
    ]
    first, second, light, zero, natural = stored
    assert first["request_id"] == "ops-first" and second["request_id"] == "ops-second"
    assert (first["cached"], second["cached"]) == (False, True)
    assert first["skills"] == ["python"] and first["filters"]["companies"] == ["acme"]
    assert first["query_length"] == len(request["query"]) and first["query_terms"] == 3
    assert first["user_role"] == "recruiter" and first["search_type"] == "skills_match"
    assert light["skills"] == ["python"] and light["result_count"] == 1
    assert zero["zero_results"] is True and zero["result_count"] == 0
    assert natural["query_terms"] == 2
    assert all(e["latency_ms"] >= 0 for e in stored)
    text = orjson.dumps(stored).decode().lower()
    # As words: a random hex id may hold the letters "ada".
    assert not re.search(r"\b(ada|lovelace)\b", text)
    assert marker not in text.replace(f"cobol{marker}", "")


async def test_a_dead_events_node_never_fails_a_search(
    settings: Settings,
    role_headers: dict[str, dict[str, str]],
    indexed: tuple[str, Services],
    prefix: str,
) -> None:
    alias, _ = indexed
    app_settings = settings.model_copy(update={"index_alias": alias, "search_events_prefix": prefix})
    dead = AsyncOpenSearch(hosts=["http://127.0.0.1:1"], max_retries=0, timeout=2)
    failed = sample_value("search_events_failed_total", reason="unavailable")
    try:
        app = create_app(app_settings)
        async with TestClient(TestServer(app), headers=role_headers["viewer"]) as api:
            app[SEARCH_EVENTS].client = dead
            for _ in range(3):
                response = await api.post("/api/v1/search/candidates", json={"skills": ["python"]})
                assert response.status == 200
    finally:
        await dead.close()
    assert sample_value("search_events_failed_total", reason="unavailable") - failed == 3
