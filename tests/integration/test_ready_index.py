"""An index alias with no index (a typo in INDEX_ALIAS, no reindex yet): /ready names it, the log warns, and
a search's 503 says which alias and how to build it."""

from __future__ import annotations

import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer
from opensearchpy import AsyncOpenSearch

from app.main import create_app
from app.settings import Settings
from indexer.indexes import ensure_index
from tests.integration.conftest import scratch_alias
from tests.integration.test_indexer_support import DEFINITION


async def test_missing_index_is_named_by_ready_the_log_and_the_search_answer(
    settings: Settings, role_headers: dict[str, dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    async with scratch_alias(settings, f"{settings.index_alias}-typo") as alias:
        typo = settings.model_copy(update={"index_alias": alias})
        with caplog.at_level(logging.WARNING, logger="app.health.service"):
            async with TestClient(TestServer(create_app(typo)), headers=role_headers["recruiter"]) as client:
                ready = await client.get("/ready")
                body = await ready.json()
                # Still in rotation (login and upload work), but the body says searches cannot.
                assert ready.status == 200
                assert body["status"] == "ready"
                assert body["index"] == "missing"
                warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
                assert any(f"'{alias}'" in m and "hr-indexer reindex" in m for m in warnings), warnings

                search = await client.post("/api/v1/search/candidates", json={"skills": ["python"]})
                error = (await search.json())["error"]
                assert search.status == 503
                assert f"'{alias}'" in error["message"]
                assert "hr-indexer reindex" in error["message"]

                opensearch = AsyncOpenSearch(hosts=settings.opensearch_hosts)
                try:
                    await ensure_index(opensearch, alias, DEFINITION)
                finally:
                    await opensearch.close()
                assert (await (await client.get("/ready")).json())["index"] == "ready"
                built = await client.post("/api/v1/search/candidates", json={"skills": ["python"]})
                assert built.status == 200
