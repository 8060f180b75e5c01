"""The Redis client: search cache, index epoch, rate limits and locks."""

from __future__ import annotations

from redis.asyncio import Redis

from app.settings import Settings


def create_redis(settings: Settings) -> Redis:
    """A pooled client with short timeouts: Redis is a cache here, never worth a slow request."""
    return Redis.from_url(
        settings.redis_url,
        socket_connect_timeout=1.0,
        socket_timeout=1.0,
        health_check_interval=30,
    )
