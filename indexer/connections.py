"""The indexer's clients (asyncpg pool, OpenSearch, Redis) from app/composition.py, and one clear line when a
service is down."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
import redis.exceptions
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from redis.asyncio import Redis

from app.composition import open_services as open_clients
from app.migrate import APPLIED_REVISION_SQL, HAS_REVISIONS_SQL, schema_problem
from app.settings import Settings

# Connections per process: the daemon holds one per batch in flight (indexer.daemon.MAX_IN_FLIGHT, 4) and
# needs one more to read a batch's candidates; the reindex one for streaming and one for catch-up. LISTEN
# and the consumer lease have connections of their own.
POOL_SIZE = 5


class ServiceUnavailable(Exception):
    """A dependency did not answer; the message names it and its address, for one clear line."""


class RedisUnavailable(ServiceUnavailable):
    """Redis did not answer (or not as Redis): the commands that take the reindex lock there say why."""


@dataclass
class Services:
    """Everything a command talks to."""

    settings: Settings
    pool: asyncpg.Pool
    opensearch: AsyncOpenSearch
    redis: Redis


async def connect_postgres(connect: Callable[[], Awaitable[asyncpg.Pool]], url: str) -> asyncpg.Pool:
    """The pool `connect` opens, or ServiceUnavailable naming the database."""
    try:
        return await connect()
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        raise ServiceUnavailable(f"cannot reach Postgres at {without_password(url)}: {error}") from None


async def check_schema(pool: asyncpg.Pool, url: str) -> None:
    """Raise ServiceUnavailable, saying what to run, when the database is not migrated to this version."""
    applied = await pool.fetchval(APPLIED_REVISION_SQL) if await pool.fetchval(HAS_REVISIONS_SQL) else None
    problem = schema_problem(applied)
    if problem is not None:
        raise ServiceUnavailable(f"the database at {without_password(url)} {problem}")


async def check_opensearch(client: AsyncOpenSearch, url: str) -> None:
    """Raise ServiceUnavailable unless the node answers."""
    try:
        await client.info(request_timeout=5)
    except OpenSearchConnectionError as error:
        reason = error.info or error.error
        raise ServiceUnavailable(f"cannot reach OpenSearch at {without_password(url)}: {reason}") from None


async def check_redis(client: Redis, url: str) -> None:
    """Raise ServiceUnavailable unless Redis answers."""
    try:
        await client.ping()
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as error:
        raise RedisUnavailable(f"cannot reach Redis at {without_password(url)}: {error}") from None
    except redis.exceptions.RedisError as error:
        # Something answered, not as the Redis the URL names: another service on that port (a protocol
        # error), or a database number the server does not have. Both ended in a traceback.
        raise RedisUnavailable(
            f"Redis at {without_password(url)} refused the connection: {error} "
            "(is REDIS_URL's port a Redis server's, and its database number one the server has?)"
        ) from None


def without_password(url: str) -> str:
    """The URL (or comma-separated URLs, as OPENSEARCH_URL may hold) without its password."""
    if "," in url:
        return ",".join(without_password(part) for part in url.split(","))
    scheme, _, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        rest = f"{user}@{host}" if user else host
    return f"{scheme}://{rest}"


@asynccontextmanager
async def open_services(
    settings: Settings, *, pool_size: int = POOL_SIZE, need_redis: bool = True
) -> AsyncIterator[Services]:
    """Connect to Postgres, OpenSearch and Redis through the one composition (checking each answers, Redis
    only when `need_redis`: a command that uses it for nothing but the search cache runs without it);
    closed afterwards."""
    async with open_clients(settings, opensearch_for="indexing") as clients:
        pool = await connect_postgres(lambda: clients.postgres_pool(pool_size), settings.sync_database_url)
        await check_schema(pool, settings.sync_database_url)
        await check_opensearch(clients.opensearch, settings.opensearch_url)
        if need_redis:
            await check_redis(clients.redis, settings.redis_url)
        yield Services(settings=settings, pool=pool, opensearch=clients.opensearch, redis=clients.redis)
