"""Fixtures the benchmark modules' tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from opensearchpy import AsyncOpenSearch

from app.search_engine import create_opensearch
from app.settings import Settings


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncOpenSearch]:
    """A client of the test OpenSearch node (the relevance experiments copy an index with it)."""
    client = create_opensearch(settings)
    yield client
    await client.close()
