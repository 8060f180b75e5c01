"""Readiness checks: each dependency answered within a short time, or why not."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from opensearchpy import AsyncOpenSearch
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from app.migrate import database_schema_problem
from app.search_engine import missing_index_message

log = logging.getLogger(__name__)

# How often the API looks whether its index alias has an index, while it runs.
INDEX_WATCH_SECONDS = 60.0


class NotReady(Exception):
    """A dependency answered but is not fit to serve; the message is ours and safe to show."""


@dataclass(frozen=True)
class DependencyState:
    """One dependency's answer to a readiness probe."""

    name: str
    ok: bool
    detail: str
    # How long the check took, in milliseconds (the deadline's when it did not answer).
    elapsed_ms: float


async def check_postgres(engine: AsyncEngine) -> str:
    """Up and migrated to this version (an unmigrated database answered "up", then 500 to every request)."""
    async with engine.connect() as connection:
        problem = await database_schema_problem(connection)
    if problem is not None:
        raise NotReady(f"the database {problem}")
    return "up"


async def check_redis(client: Redis) -> str:
    await client.ping()
    return "up"


async def check_opensearch(client: AsyncOpenSearch) -> str:
    health = await client.cluster.health(request_timeout=2)
    status = health["status"]
    if status == "red":
        raise NotReady("cluster status is red")
    return status


async def index_state(client: AsyncOpenSearch, alias: str) -> str:
    """ "ready" when the alias points to an index, "missing" when it does not (a typo in INDEX_ALIAS, or no
    `hr-indexer reindex` yet): every search then answers 503, while login and upload still work."""
    return "ready" if await client.indices.exists_alias(name=alias) else "missing"


async def watch_index(client: AsyncOpenSearch, alias: str, every: float = INDEX_WATCH_SECONDS) -> None:
    """Log a WARNING at start-up and once a minute while the alias has no index (/ready stays 200: taking
    the API out of rotation would stop login and upload too, so the log is where the on-call sees it)."""
    while True:
        try:
            state = await index_state(client, alias)
        except Exception as error:  # OpenSearch down: /ready says so, the next round tries again
            log.debug("index watch: %s", type(error).__name__)
        else:
            if state == "missing":
                log.warning("%s (every search answers 503 until then)", missing_index_message(alias))
        await asyncio.sleep(every)


async def probe(
    name: str, check: Callable[[], Awaitable[str]], deadline: float, limit: float
) -> DependencyState:
    """Run one check until the readiness deadline (the loop's clock); any failure becomes a short reason,
    never an exception, and the state says how long the check took."""
    started = time.perf_counter()

    def state(ok: bool, detail: str) -> DependencyState:
        return DependencyState(name, ok, detail, round((time.perf_counter() - started) * 1000, 1))

    try:
        async with asyncio.timeout_at(deadline):
            detail = await check()
    except TimeoutError:
        return state(False, f"no answer within {limit:g}s")
    except NotReady as error:
        return state(False, str(error))
    except Exception as error:  # any client error means "not ready"
        # The exception's text stays in the log: it may carry addresses, user names or query text, and
        # /ready answers anyone. The body names the dependency and the kind of failure only.
        log.warning("readiness: %s unavailable (%s: %s)", name, type(error).__name__, error)
        return state(False, "unavailable")
    return state(True, detail)


@dataclass(frozen=True)
class Readiness:
    """Every readiness check's answer: the dependencies, and the index alias's state."""

    dependencies: list[DependencyState]
    # Whether the alias has an index ("ready" or "missing" as its detail), checked beside the dependencies.
    index: DependencyState


async def check_all(
    engine: AsyncEngine, redis: Redis, opensearch: AsyncOpenSearch, alias: str, limit: float
) -> Readiness:
    """Every check at once under one deadline, `limit` seconds from now: /ready takes as long as the
    slowest check, at most `limit`. (The index check ran after the others, so an OpenSearch that did not
    answer held /ready for twice the limit.)"""
    deadline = asyncio.get_running_loop().time() + limit
    *dependencies, index = await asyncio.gather(
        probe("postgres", lambda: check_postgres(engine), deadline, limit),
        probe("redis", lambda: check_redis(redis), deadline, limit),
        probe("opensearch", lambda: check_opensearch(opensearch), deadline, limit),
        probe("index", lambda: index_state(opensearch, alias), deadline, limit),
    )
    return Readiness(dependencies, index)
