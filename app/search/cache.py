"""Whole search responses cached in Redis, keyed by the normalized request and the index epoch.

The indexer bumps the epoch after every applied batch (and the API on an erasure), so a cached answer
never outlives the data it was computed from. Redis failing never fails a search: it is served uncached.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.metrics import SEARCH_CACHE_OPERATIONS

log = logging.getLogger(__name__)

EPOCH_KEY = "search:epoch"


async def bump_epoch(redis: Redis) -> None:
    """Invalidate every cached search at once."""
    try:
        await redis.incr(EPOCH_KEY)
    except RedisError as error:
        log.warning("could not bump the search epoch: %s", type(error).__name__)


def cache_key(kind: str, normalized: dict[str, Any], visibility: str, epoch: int) -> str:
    digest = hashlib.sha256(orjson.dumps(normalized, option=orjson.OPT_SORT_KEYS)).hexdigest()[:40]
    return f"search:{kind}:{epoch}:{visibility}:{digest}"


class ResponseCache:
    """Get-or-compute with single flight: concurrent identical misses in this process compute once."""

    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl = ttl_seconds
        self.in_flight: dict[str, asyncio.Future[dict[str, Any]]] = {}

    async def epoch(self) -> int | None:
        try:
            value = await self.redis.get(EPOCH_KEY)
        except RedisError:
            SEARCH_CACHE_OPERATIONS.labels(operation="error", cache_type="epoch").inc()
            return None
        return int(value or 0)

    async def get_or_compute(
        self,
        kind: str,
        normalized: dict[str, Any],
        visibility: str,
        compute: Callable[[], Awaitable[dict[str, Any]]],
    ) -> tuple[dict[str, Any], bool]:
        """The response and whether it came from the cache."""
        epoch = await self.epoch()
        if epoch is None:
            return await compute(), False
        key = cache_key(kind, normalized, visibility, epoch)
        try:
            raw = await self.redis.get(key)
        except RedisError:
            SEARCH_CACHE_OPERATIONS.labels(operation="error", cache_type=kind).inc()
            return await compute(), False
        if raw is not None:
            SEARCH_CACHE_OPERATIONS.labels(operation="hit", cache_type=kind).inc()
            return orjson.loads(raw), True
        SEARCH_CACHE_OPERATIONS.labels(operation="miss", cache_type=kind).inc()

        waiting = self.in_flight.get(key)
        if waiting is not None:
            return await asyncio.shield(waiting), True
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.in_flight[key] = future
        try:
            value = await compute()
            future.set_result(value)
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved here, so an unwaited future logs nothing
            raise
        finally:
            del self.in_flight[key]
        try:
            await self.redis.set(key, orjson.dumps(value), ex=self.ttl)
            SEARCH_CACHE_OPERATIONS.labels(operation="set", cache_type=kind).inc()
        except RedisError:
            SEARCH_CACHE_OPERATIONS.labels(operation="error", cache_type=kind).inc()
        return value, False
