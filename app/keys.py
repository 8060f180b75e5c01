"""Typed keys for everything the application object holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from anthropic import AsyncAnthropic
    from opensearchpy import AsyncOpenSearch
    from redis.asyncio import Redis
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

    from app.auth.key_cache import ApiKeyCache
    from app.search.history import HistoryWriter
    from app.search.service import SearchService
    from app.settings import Settings

SETTINGS: web.AppKey[Settings] = web.AppKey("settings")
DB_ENGINE: web.AppKey[AsyncEngine] = web.AppKey("db_engine")
DB_SESSIONMAKER: web.AppKey[async_sessionmaker[AsyncSession]] = web.AppKey("db_sessionmaker")
REDIS: web.AppKey[Redis] = web.AppKey("redis")
OPENSEARCH: web.AppKey[AsyncOpenSearch] = web.AppKey("opensearch")
SEARCH: web.AppKey[SearchService] = web.AppKey("search")
SEARCH_HISTORY: web.AppKey[HistoryWriter] = web.AppKey("search_history")
ANTHROPIC: web.AppKey[AsyncAnthropic] = web.AppKey("anthropic")
API_KEY_CACHE: web.AppKey[ApiKeyCache] = web.AppKey("api_key_cache")
