"""The AsyncOpenSearch client shared by the API and the MCP server."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web
from opensearchpy import AsyncOpenSearch

from app import keys
from app.settings import Settings


def create_opensearch(settings: Settings) -> AsyncOpenSearch:
    """A client for the configured node; retries on connection errors are the callers' decision."""
    return AsyncOpenSearch(
        hosts=[settings.opensearch_url],
        timeout=10,
        max_retries=0,
        retry_on_timeout=False,
    )


async def opensearch_context(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: one OpenSearch client for the application."""
    client = create_opensearch(app[keys.SETTINGS])
    app[keys.OPENSEARCH] = client
    yield
    await client.close()
