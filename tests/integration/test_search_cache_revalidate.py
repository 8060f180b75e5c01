"""The filter values' cache (`ResponseCache.get_or_revalidate`) on the real Redis: after a change the values
cached before it are answered at once while the new ones are computed, so no caller waits for the
aggregation over every candidate; only a missing entry is waited for."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from app.cache import create_redis
from app.search.cache import ResponseCache, bump_epoch, cache_key
from app.settings import Settings

KEY = cache_key("filters", {"test": "revalidate"}, "all", "test")


@pytest.fixture
async def cache(settings: Settings) -> AsyncIterator[ResponseCache]:
    redis: Redis = create_redis(settings)
    await redis.delete(KEY)
    cache = ResponseCache(redis, ttl_seconds=60)
    yield cache
    await cache.close()
    await redis.delete(KEY)
    await redis.aclose()


async def settled(cache: ResponseCache) -> None:
    """Until the background computations and writes of `cache` are done."""
    for _ in range(200):
        if not cache.storing:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the background refresh did not finish")


async def test_after_a_change_the_old_values_answer_at_once_and_the_new_ones_follow(
    cache: ResponseCache,
) -> None:
    calls: list[str] = []
    release = asyncio.Event()

    async def first() -> bytes:
        calls.append("first")
        return b'{"skills":["Python"]}'

    async def slow_second() -> bytes:
        calls.append("second")
        await release.wait()  # the aggregation over every candidate, still running
        return b'{"skills":["Python","Kubernetes"]}'

    # Nothing cached: the first caller waits for the values.
    assert await cache.get_or_revalidate("filters", KEY, first) == (b'{"skills":["Python"]}', False)
    await settled(cache)
    assert await bump_epoch(cache.redis)

    # After the change: the values from before, at once, while the new ones are computed once.
    for _ in range(3):
        answer = await asyncio.wait_for(cache.get_or_revalidate("filters", KEY, slow_second), timeout=1)
        assert answer == (b'{"skills":["Python"]}', True)
    assert calls == ["first", "second"]

    release.set()
    await settled(cache)
    assert await cache.get_or_revalidate("filters", KEY, slow_second) == (
        b'{"skills":["Python","Kubernetes"]}',
        True,
    )
    assert calls == ["first", "second"]


async def test_a_failed_refresh_keeps_the_old_values_and_the_next_request_tries_again(
    cache: ResponseCache,
) -> None:
    async def first() -> bytes:
        return b'{"skills":["Python"]}'

    async def failing() -> bytes:
        raise ConnectionError("the search engine is down")

    async def recovered() -> bytes:
        return b'{"skills":["Go"]}'

    await cache.get_or_revalidate("filters", KEY, first)
    await settled(cache)
    assert await bump_epoch(cache.redis)

    assert await cache.get_or_revalidate("filters", KEY, failing) == (b'{"skills":["Python"]}', True)
    await settled(cache)
    assert await cache.get_or_revalidate("filters", KEY, recovered) == (b'{"skills":["Python"]}', True)
    await settled(cache)
    assert await cache.get_or_revalidate("filters", KEY, recovered) == (b'{"skills":["Go"]}', True)
