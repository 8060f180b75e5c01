"""The local OpenSearch is a real 3.9 node (or the OPENSEARCH_VERSION devstack/opensearch.sh was asked for,
e.g. 2.19.6 side by side) with the modules the search needs loaded."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest
from opensearchpy import AsyncOpenSearch

from app.search_engine import create_opensearch
from app.settings import Settings

# This process's share of the `devstack-test-*` names: a test deletes its own indexes, never those of a test
# running beside it (another pytest worker, another run).
PROCESS_PREFIX = f"devstack-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncOpenSearch]:
    client = create_opensearch(settings)
    yield client
    await client.indices.delete(index=f"{PROCESS_PREFIX}-*", ignore_unavailable=True)
    await client.close()


def index_name() -> str:
    return f"{PROCESS_PREFIX}-{uuid.uuid4().hex[:8]}"


async def test_node_is_opensearch_39(client: AsyncOpenSearch) -> None:
    info = await client.info()
    assert info["version"]["distribution"] == "opensearch"
    wanted = os.environ.get("OPENSEARCH_VERSION")
    if wanted:
        assert info["version"]["number"] == wanted
    else:
        assert info["version"]["number"].startswith("3.9.")


async def test_synonym_graph_and_edge_ngram_come_from_analysis_common(client: AsyncOpenSearch) -> None:
    synonyms = await client.indices.analyze(
        body={
            "tokenizer": "whitespace",
            "filter": ["lowercase", {"type": "synonym_graph", "synonyms": ["k8s, kubernetes"]}],
            "text": "K8s",
        }
    )
    assert {t["token"] for t in synonyms["tokens"]} == {"k8s", "kubernetes"}

    grams = await client.indices.analyze(
        body={"tokenizer": {"type": "edge_ngram", "min_gram": 1, "max_gram": 4}, "text": "java"}
    )
    assert [t["token"] for t in grams["tokens"]] == ["j", "ja", "jav", "java"]


async def test_reindex_copies_documents_between_indexes(client: AsyncOpenSearch) -> None:
    source, dest = index_name(), index_name()
    for i in range(3):
        await client.index(index=source, id=str(i), body={"n": i})
    await client.indices.refresh(index=source)
    result = await client.reindex(body={"source": {"index": source}, "dest": {"index": dest}}, refresh=True)
    assert result["created"] == 3
    assert (await client.count(index=dest))["count"] == 3


async def test_scaled_float_maps_from_mapper_extras(client: AsyncOpenSearch) -> None:
    name = index_name()
    await client.indices.create(
        index=name,
        body={"mappings": {"properties": {"years": {"type": "scaled_float", "scaling_factor": 10}}}},
    )
    await client.index(index=name, id="1", body={"years": 4.25}, refresh=True)
    mapping = await client.indices.get_mapping(index=name)
    assert mapping[name]["mappings"]["properties"]["years"]["type"] == "scaled_float"
    found = await client.search(index=name, body={"query": {"range": {"years": {"gte": 4.2, "lte": 4.3}}}})
    assert found["hits"]["total"]["value"] == 1


async def test_painless_scripts_run(client: AsyncOpenSearch) -> None:
    name = index_name()
    await client.index(index=name, id="1", body={"n": 20}, refresh=True)
    found = await client.search(
        index=name,
        body={"script_fields": {"double": {"script": {"lang": "painless", "source": "doc['n'].value * 2"}}}},
    )
    assert found["hits"]["hits"][0]["fields"]["double"] == [40]


async def test_devstack_node_searches_in_two_slices_on_a_small_machine(client: AsyncOpenSearch) -> None:
    """On 2 or 3 cores OpenSearch 3 would run each search in one slice (half the cores); the devstack node
    is started with two, which cut skills_match's p95 at 1M by a quarter (benchmarks/README.md)."""
    nodes = (await client.nodes.info(metric="os,settings"))["nodes"]
    info = await client.info()
    if len(nodes) != 1 or not info["version"]["number"].startswith("3."):
        pytest.skip("one devstack node of OpenSearch 3 only")
    (node,) = nodes.values()
    if node["name"] != "devnode":
        pytest.skip("not a node started by devstack/opensearch.sh")
    if node["os"]["allocated_processors"] not in (2, 3):
        pytest.skip("OpenSearch's own default gives two or more slices from 4 cores")
    settings = await client.cluster.get_settings(include_defaults=True, flat_settings=True)
    merged = {**settings["defaults"], **settings["persistent"], **settings["transient"]}
    assert merged["search.concurrent.max_slice_count"] == "2"
