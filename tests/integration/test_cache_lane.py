"""The search cache's Redis lane (`app.cache.CommandLane`): the same replies as the client, connections
kept from one command to the next, and a kept connection that Redis closed replaced without an error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.cache import CommandLane, create_redis
from app.settings import Settings


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    client = create_redis(settings)
    await client.delete("lane:a", "lane:b")
    yield client
    await client.delete("lane:a", "lane:b")
    await client.aclose()


async def test_the_lane_reads_and_writes_what_the_client_does(redis: Redis) -> None:
    lane = CommandLane(redis)
    try:
        assert await lane.execute("SET", "lane:a", b"\x00bytes\n", "EX", 60) == b"OK"
        await redis.set("lane:b", "2")
        assert await lane.execute("MGET", "lane:a", "lane:b", "lane:none") == [b"\x00bytes\n", b"2", None]
        assert await redis.get("lane:a") == b"\x00bytes\n"
        assert 0 < await redis.ttl("lane:a") <= 60
        # One connection, kept: every command after the first goes out on it.
        first = await lane.execute("CLIENT", "ID")
        assert await lane.execute("CLIENT", "ID") == first
    finally:
        await lane.close()


async def test_concurrent_commands_open_connections_and_the_lane_keeps_a_bounded_few(redis: Redis) -> None:
    lane = CommandLane(redis, keep=3)
    try:
        await redis.set("lane:a", "x")
        replies = await asyncio.gather(*(lane.execute("GET", "lane:a") for _ in range(12)))
        assert replies == [b"x"] * 12
        ids = {await lane.execute("CLIENT", "ID") for _ in range(3)}
        assert len(ids) == 1  # sequential commands share a kept connection
    finally:
        await lane.close()
    clients = await redis.client_list()
    assert not [c for c in clients if int(c["id"]) in {int(i) for i in ids}]  # closed with the lane


async def test_a_kept_connection_redis_closed_is_replaced_without_an_error(redis: Redis) -> None:
    lane = CommandLane(redis)
    try:
        kept = await lane.execute("CLIENT", "ID")
        await redis.client_kill_filter(_id=kept)
        assert await lane.execute("PING") == b"PONG"
        assert await lane.execute("CLIENT", "ID") != kept
    finally:
        await lane.close()


async def test_an_unreachable_redis_raises_the_clients_error() -> None:
    client = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    lane = CommandLane(client)
    with pytest.raises(RedisError):
        await lane.execute("PING")
    await client.aclose()
