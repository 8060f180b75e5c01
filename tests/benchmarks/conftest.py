"""Fixtures the benchmark modules' tests share."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from opensearchpy import AsyncOpenSearch

from app.search_engine import create_opensearch
from app.settings import Settings
from indexer.mapping import load_definition


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncOpenSearch]:
    """A client of the test OpenSearch node (the relevance experiments copy an index with it)."""
    client = create_opensearch(settings)
    yield client
    await client.close()


@dataclass(frozen=True)
class ScratchIndex:
    """An index of the product's definition behind an alias of its own, as a relevance run's reindex leaves
    one for an experiment's `attach` to copy."""

    client: AsyncOpenSearch
    name: str
    alias: str

    async def fill(self, field: str, values: dict[str, Any]) -> None:
        """A document per key, holding its `candidate_id` (the key) and `field` (the value), searchable at
        once."""
        for key, value in values.items():
            await self.client.index(index=self.name, id=key, body={"candidate_id": key, field: value})
        await self.client.indices.refresh(index=self.name)

    async def matching(self, field: str, word: str) -> set[str]:
        """The ids of the documents behind the alias whose `field` matches `word`."""
        found = await self.client.search(index=self.alias, body={"query": {"match": {field: word}}})
        return {hit["_id"] for hit in found["hits"]["hits"]}


@pytest.fixture
async def scratch_index(client: AsyncOpenSearch) -> AsyncIterator[ScratchIndex]:
    """A `ScratchIndex`; it and every copy made of it (`<name>-...`) are deleted afterwards."""
    name = f"test-bench-{uuid.uuid4().hex[:8]}"
    body = load_definition().body
    body["aliases"] = {f"{name}-alias": {}}
    await client.indices.create(index=name, body=body)
    try:
        yield ScratchIndex(client, name, f"{name}-alias")
    finally:
        await client.indices.delete(index=f"{name}*", ignore_unavailable=True)
