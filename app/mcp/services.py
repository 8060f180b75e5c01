"""The clients and services the tools call, built the way the API's cleanup contexts build them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from anthropic import AsyncAnthropic
from opensearchpy import AsyncOpenSearch
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.auth.key_cache import ApiKeyCache
from app.cache import create_redis
from app.db import create_engine
from app.search.cache import ResponseCache
from app.search.history import HistoryWriter
from app.search.service import SearchService
from app.search_engine import close_opensearch, create_opensearch
from app.settings import Settings


@dataclass(frozen=True)
class Services:
    """Everything a tool needs: the same objects the HTTP API holds on its application."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis
    opensearch: AsyncOpenSearch
    search: SearchService
    history: HistoryWriter
    anthropic: AsyncAnthropic | None
    # API keys this process checked recently (a key revoked through the API works here until it expires).
    api_keys: ApiKeyCache


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    """Create the clients in the API's order (database, Redis, OpenSearch, search), close them in reverse."""
    engine = create_engine(settings)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    redis = create_redis(settings)
    opensearch = create_opensearch(settings)
    cache = ResponseCache(redis, settings.search_cache_ttl_seconds)
    search = SearchService(
        opensearch,
        cache,
        settings.search_timeout_seconds,
        settings.index_alias,
        concurrency=settings.search_concurrency,
        queue_timeout_seconds=settings.search_queue_timeout_seconds,
        total_cap=settings.search_total_hits_cap,
    )
    history = HistoryWriter(sessions)
    history.start()
    anthropic = None
    if settings.anthropic_api_key is not None:
        anthropic = AsyncAnthropic(
            api_key=settings.anthropic_api_key.get_secret_value(),
            timeout=settings.anthropic_timeout_seconds,
            max_retries=settings.anthropic_max_retries,
        )
    try:
        api_keys = ApiKeyCache(settings.api_key_cache_seconds)
        yield Services(settings, engine, sessions, redis, opensearch, search, history, anthropic, api_keys)
    finally:
        await cache.close()
        await history.stop()
        if anthropic is not None:
            await anthropic.close()
        await close_opensearch(opensearch)
        await redis.aclose()
        await engine.dispose()
