"""The Redis client: search cache, index epoch, rate limits and locks."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web
from redis.asyncio import Redis

from app import keys
from app.settings import Settings


def create_redis(settings: Settings) -> Redis:
    """A pooled client with short timeouts: Redis is a cache here, never worth a slow request."""
    return Redis.from_url(
        settings.redis_url,
        socket_connect_timeout=1.0,
        socket_timeout=1.0,
        health_check_interval=30,
    )


async def redis_context(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: one Redis client for the application."""
    client = create_redis(app[keys.SETTINGS])
    app[keys.REDIS] = client
    yield
    await client.aclose()
