"""The AsyncOpenSearch clients: one for searches (API, MCP server), one for the indexer's bulk work."""

from __future__ import annotations

from typing import Any

import orjson
from opensearchpy import AsyncOpenSearch
from opensearchpy.serializer import JSONSerializer

from app.settings import Settings

# Seconds one indexer request may take: bulk requests of a reindex are the slowest.
INDEXING_TIMEOUT = 60
# Transport-level retries of an indexer request that found no node or timed out (a restart, a GC pause);
# with several nodes in OPENSEARCH_URL each retry goes to the next live one.
INDEXING_RETRIES = 3


def create_opensearch(settings: Settings) -> AsyncOpenSearch:
    """A client for the configured nodes: a request a node cannot take goes to the next one, once each.

    Only a refused or broken connection moves a request on (the node is then left out of the pool for a
    while); a time-out or an error status is the callers' decision, so one node means no retry at all.
    """
    hosts = settings.opensearch_hosts
    return AsyncOpenSearch(
        hosts=hosts,
        timeout=10,
        # Connections per node: as many as searches may be in flight (SearchService's gate).
        maxsize=settings.search_concurrency,
        max_retries=len(hosts) - 1,
        retry_on_timeout=False,
        retry_on_status=(),
        # Answers decoded by orjson: the stdlib decoder took about 80 us of a search's fixed cost.
        serializer=OrjsonSerializer(),
    )


async def close_opensearch(client: AsyncOpenSearch) -> None:
    """Close the client's connections to every node, including any the pool has set aside as dead.

    `AsyncOpenSearch.close()` closes only the connections it counts as live, so after a node failure the
    dead node's aiohttp session would stay open (a ResourceWarning at exit). Closing twice is harmless.
    """
    await client.close()
    for connection, _ in client.transport.connection_pool.connection_opts:
        await connection.close()


class OrjsonSerializer(JSONSerializer):
    """orjson for request bodies and answers: bulk bodies are most of the indexer's CPU time with the stdlib
    encoder, and decoding answers part of every search's."""

    def dumps(self, data: Any) -> Any:
        if isinstance(data, (str, bytes)):  # already encoded (a _bulk body)
            return data
        return orjson.dumps(data, default=super().default).decode()

    def loads(self, s: str) -> Any:
        return orjson.loads(s)


def create_indexing_opensearch(settings: Settings) -> AsyncOpenSearch:
    """A client with transport retries: the indexer would rather wait for a restarting node than fail."""
    return AsyncOpenSearch(
        hosts=settings.opensearch_hosts,
        timeout=INDEXING_TIMEOUT,
        max_retries=INDEXING_RETRIES,
        retry_on_timeout=True,
        serializer=OrjsonSerializer(),
    )


def missing_index_message(alias: str) -> str:
    """What to say when the alias has no index behind it (a typo in INDEX_ALIAS reads the same as no reindex
    yet): the search's 503 and the API's index watch say it in the same words."""
    return (
        f"the search index is not built: the alias '{alias}' (INDEX_ALIAS) has no index; "
        "build it with `hr-indexer reindex`"
    )
