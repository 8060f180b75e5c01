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
        max_retries=len(hosts) - 1,
        retry_on_timeout=False,
        retry_on_status=(),
    )


async def opensearch_context(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: one OpenSearch client for the application."""
    client = create_opensearch(app[keys.SETTINGS])
    app[keys.OPENSEARCH] = client
    yield
    await client.close()
