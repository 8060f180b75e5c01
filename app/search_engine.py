"""The AsyncOpenSearch client shared by the API and the MCP server."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web
from opensearchpy import AsyncOpenSearch

from app import keys
from app.settings import Settings


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
    )


async def close_opensearch(client: AsyncOpenSearch) -> None:
    """Close the client's connections to every node, including any the pool has set aside as dead.

    `AsyncOpenSearch.close()` closes only the connections it counts as live, so after a node failure the
    dead node's aiohttp session would stay open (a ResourceWarning at exit). Closing twice is harmless.
    """
    await client.close()
    for connection, _ in client.transport.connection_pool.connection_opts:
        await connection.close()


async def opensearch_context(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: one OpenSearch client for the application."""
    client = create_opensearch(app[keys.SETTINGS])
    app[keys.OPENSEARCH] = client
    yield
    await close_opensearch(client)
