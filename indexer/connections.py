"""The indexer's clients (asyncpg pool, OpenSearch, Redis), and one clear line when a service is down."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
import orjson
import redis.exceptions
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.serializer import JSONSerializer
from redis.asyncio import Redis

from app.cache import create_redis
from app.search_engine import close_opensearch
from app.settings import Settings

# Seconds one OpenSearch request may take: bulk requests of a reindex are the slowest.
OPENSEARCH_TIMEOUT = 60
# Transport-level retries of a request that found no node or timed out (a restart, a GC pause); with
# several nodes in OPENSEARCH_URL each retry goes to the next live one.
OPENSEARCH_RETRIES = 3
# Connections per process: the daemon holds one for the batch lock and one for loading, the
# reindex one for streaming and one for catch-up, plus LISTEN.
POOL_SIZE = 4


class ServiceUnavailable(Exception):
    """A dependency did not answer; the message names it and its address, for one clear line."""


class OrjsonSerializer(JSONSerializer):
    """orjson for request bodies: bulk bodies are most of the indexer's CPU time with the stdlib encoder."""

    def dumps(self, data: Any) -> Any:
        if isinstance(data, (str, bytes)):  # already encoded (a _bulk body)
            return data
        return orjson.dumps(data, default=super().default).decode()

    def loads(self, s: str) -> Any:
        return orjson.loads(s)


def create_indexer_opensearch(settings: Settings) -> AsyncOpenSearch:
    """A client with transport retries: the indexer would rather wait for a restarting node than fail."""
    return AsyncOpenSearch(
        hosts=settings.opensearch_hosts,
        timeout=OPENSEARCH_TIMEOUT,
        max_retries=OPENSEARCH_RETRIES,
        retry_on_timeout=True,
        serializer=OrjsonSerializer(),
    )


@dataclass
class Services:
    """Everything a command talks to."""

    settings: Settings
    pool: asyncpg.Pool
    opensearch: AsyncOpenSearch
    redis: Redis


async def connect_postgres(settings: Settings, size: int = POOL_SIZE) -> asyncpg.Pool:
    """A small asyncpg pool, or ServiceUnavailable naming the database."""
    try:
        pool = await asyncpg.create_pool(
            settings.sync_database_url, min_size=1, max_size=size, timeout=5, command_timeout=120
        )
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        raise ServiceUnavailable(
            f"cannot reach Postgres at {_safe_url(settings.sync_database_url)}: {error}"
        ) from None
    assert pool is not None
    return pool


async def check_opensearch(client: AsyncOpenSearch, url: str) -> None:
    """Raise ServiceUnavailable unless the node answers."""
    try:
        await client.info(request_timeout=5)
    except OpenSearchConnectionError as error:
        raise ServiceUnavailable(f"cannot reach OpenSearch at {url}: {error.info or error.error}") from None


async def check_redis(client: Redis, url: str) -> None:
    """Raise ServiceUnavailable unless Redis answers."""
    try:
        await client.ping()
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as error:
        raise ServiceUnavailable(f"cannot reach Redis at {_safe_url(url)}: {error}") from None


def _safe_url(url: str) -> str:
    """The URL without its password."""
    scheme, _, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        rest = f"{user}@{host}" if user else host
    return f"{scheme}://{rest}"


@asynccontextmanager
async def open_services(settings: Settings, *, pool_size: int = POOL_SIZE) -> AsyncIterator[Services]:
    """Connect to Postgres, OpenSearch and Redis (checking each answers), and close them afterwards."""
    opensearch = create_indexer_opensearch(settings)
    cache = create_redis(settings)
    pool: asyncpg.Pool | None = None
    try:
        pool = await connect_postgres(settings, pool_size)
        await check_opensearch(opensearch, settings.opensearch_url)
        await check_redis(cache, settings.redis_url)
        yield Services(settings=settings, pool=pool, opensearch=opensearch, redis=cache)
    finally:
        if pool is not None:
            await pool.close()
        await close_opensearch(opensearch)
        await cache.aclose()
