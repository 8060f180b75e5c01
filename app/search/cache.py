"""Whole search responses cached in Redis as bytes, keyed by the normalized request, tagged with an epoch.

The indexer bumps the epoch after every applied batch (and the API on an erasure), so a cached answer
never outlives the data it was computed from. The epoch and the entry are read in one MGET: an entry
tagged with an older epoch is a miss, and the fresh answer overwrites it. Redis failing never fails a
search: it is served uncached.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.cache import CommandLane
from app.metrics import SEARCH_CACHE_OPERATIONS

log = logging.getLogger(__name__)

# The counter in every entry's tag: bumping it after a write (API edits, the indexer) retires every entry.
EPOCH_KEY = "search:epoch"
# Part of every entry's key: entries written in another layout by an older release are never read.
ENTRY_FORMAT = "v3"
# How many entries a process remembers having read or written (`ResponseCache.expects_hit`): about 1 MB.
REMEMBERED_ENTRIES = 10_000


async def bump_epoch(redis: Redis) -> bool:
    """Invalidate every cached search at once; False when Redis did not answer (the caller may try later)."""
    try:
        await redis.incr(EPOCH_KEY)
    except (RedisError, OSError) as error:
        log.warning("could not bump the search epoch: %s", type(error).__name__)
        return False
    return True


def cache_key(kind: str, normalized: dict[str, Any], visibility: str, index: str) -> str:
    """The key of an answer: of this index alias too, so that two deployments sharing a Redis (or an API
    whose INDEX_ALIAS changed) never serve each other's answers."""
    digest = hashlib.sha256(orjson.dumps(normalized, option=orjson.OPT_SORT_KEYS)).hexdigest()[:40]
    return f"search:{ENTRY_FORMAT}:{index}:{kind}:{visibility}:{digest}"


def tagged(epoch: int, value: bytes) -> bytes:
    """An entry: the epoch it was computed at, a newline, the value."""
    return b"%d\n%s" % (epoch, value)


def value_at(entry: bytes | str | None, epoch: int) -> bytes | None:
    """The entry's value when it was computed at this epoch, else None."""
    if not isinstance(entry, bytes):  # None: no entry (the client never decodes responses)
        return None
    stored, _, value = entry.partition(b"\n")
    return value if stored == b"%d" % epoch else None


def any_value(entry: bytes | str | None) -> bytes | None:
    """The entry's value whatever epoch it was computed at; None when there is no entry."""
    if not isinstance(entry, bytes):
        return None
    return entry.partition(b"\n")[2]


class ResponseCache:
    """Get-or-compute with single flight: concurrent identical misses in this process compute once."""

    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis = redis
        # The lookup and the store on connections of their own: a fresh search waits for the lookup.
        self.lane = CommandLane(redis)
        self.ttl = ttl_seconds
        self.in_flight: dict[str, asyncio.Future[bytes]] = {}
        self.storing: set[asyncio.Task[None]] = set()
        # The newest epoch a lookup read, and the epoch of each entry this process last found or wrote.
        self.epoch: int | None = None
        self.remembered: OrderedDict[str, int] = OrderedDict()

    def expects_hit(self, key: str) -> bool:
        """Whether this process found or wrote the entry under `key` (`cache_key`) at the newest epoch it
        has read: a lookup will most likely hit. A guess only, for work worth starting beside the lookup
        when it will most likely miss; the lookup alone decides."""
        return self.epoch is not None and self.remembered.get(key) == self.epoch

    def remember(self, key: str, epoch: int) -> None:
        self.remembered[key] = epoch
        self.remembered.move_to_end(key)
        if len(self.remembered) > REMEMBERED_ENTRIES:
            self.remembered.popitem(last=False)

    async def get_or_compute(
        self, kind: str, key: str, compute: Callable[[], Awaitable[bytes]]
    ) -> tuple[bytes, bool]:
        """The response under `key` (`cache_key` of this `kind`) and whether it came from the cache."""
        found = await self.lookup(kind, key)
        if found is None:
            return await compute(), False
        return await self.answer(kind, key, *found, compute)

    async def get_or_revalidate(
        self, kind: str, key: str, compute: Callable[[], Awaitable[bytes]]
    ) -> tuple[bytes, bool]:
        """As `get_or_compute`, for answers where a recent one serves as well as an exact one (the values a
        filter UI offers): an entry of an older epoch is answered at once, and this process computes the
        fresh one in the background, one computation per key and epoch at a time. Only a missing entry (none
        within the TTL) is waited for."""
        found = await self.lookup(kind, key)
        if found is None:
            return await compute(), False
        epoch, entry = found
        stale = any_value(entry)
        if stale is None or value_at(entry, epoch) is not None:
            return await self.answer(kind, key, epoch, entry, compute)
        SEARCH_CACHE_OPERATIONS.labels(operation="stale", cache_type=kind).inc()
        if f"{key}@{epoch}" not in self.in_flight:
            self.in_background(self.revalidate(kind, key, epoch, compute))
        return stale, True

    async def lookup(self, kind: str, key: str) -> tuple[int, bytes | str | None] | None:
        """The current epoch and the entry under `key` (of any epoch) in one MGET; None (counted as an
        error) when Redis did not answer."""
        try:
            epoch_value, entry = await self.lane.execute("MGET", EPOCH_KEY, key)
        except RedisError:
            SEARCH_CACHE_OPERATIONS.labels(operation="error", cache_type=kind).inc()
            return None
        self.epoch = int(epoch_value or 0)
        return self.epoch, entry

    async def answer(
        self,
        kind: str,
        key: str,
        epoch: int,
        entry: bytes | str | None,
        compute: Callable[[], Awaitable[bytes]],
    ) -> tuple[bytes, bool]:
        """The entry's value when it is of `epoch` (a hit), else the answer computed once and stored."""
        value = value_at(entry, epoch)
        if value is not None:
            self.remember(key, epoch)
            SEARCH_CACHE_OPERATIONS.labels(operation="hit", cache_type=kind).inc()
            return value, True
        SEARCH_CACHE_OPERATIONS.labels(operation="miss", cache_type=kind).inc()
        return await self.compute_once(kind, key, epoch, compute)

    def in_background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` after the answer goes out; `close` waits for it."""
        task = asyncio.create_task(work)
        self.storing.add(task)
        task.add_done_callback(self.storing.discard)

    async def revalidate(
        self, kind: str, key: str, epoch: int, compute: Callable[[], Awaitable[bytes]]
    ) -> None:
        """The fresh entry of a stale answer, computed after it went out; a failure leaves the stale one."""
        try:
            await self.compute_once(kind, key, epoch, compute)
        except Exception as error:  # nobody waits for it: logged, and the next request tries again
            SEARCH_CACHE_OPERATIONS.labels(operation="error", cache_type=kind).inc()
            log.warning("could not refresh a stale %s entry: %s", kind, type(error).__name__)

    async def compute_once(
        self, kind: str, key: str, epoch: int, compute: Callable[[], Awaitable[bytes]]
    ) -> tuple[bytes, bool]:
        """A missing answer computed once in this process however many ask for it meanwhile, then stored."""
        flight = f"{key}@{epoch}"
        waiting = self.in_flight.get(flight)
        if waiting is not None:
            return await asyncio.shield(waiting), True
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self.in_flight[flight] = future
        try:
            value = await compute()
        except BaseException as error:
            del self.in_flight[flight]
            future.set_exception(error)
            future.exception()  # retrieved here, so an unwaited future logs nothing
            raise
        future.set_result(value)
        # Stored while the answer goes out, so no caller waits for the write; until it is done, identical
        # requests in this process take the finished future.
        self.in_background(self.store(kind, key, flight, epoch, value))
        return value, False

    async def store(self, kind: str, key: str, flight: str, epoch: int, value: bytes) -> None:
        try:
            await self.lane.execute("SET", key, tagged(epoch, value), "EX", self.ttl)
            self.remember(key, epoch)
            SEARCH_CACHE_OPERATIONS.labels(operation="set", cache_type=kind).inc()
        except RedisError:
            SEARCH_CACHE_OPERATIONS.labels(operation="error", cache_type=kind).inc()
        finally:
            del self.in_flight[flight]

    async def close(self) -> None:
        """Wait for the entries still being computed or written, then close the lane; before the Redis
        client closes."""
        while self.storing:  # a background computation adds its store when done
            await asyncio.gather(*self.storing, return_exceptions=True)
        await self.lane.close()
