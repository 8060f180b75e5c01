"""Typed keys for everything the application object holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    import asyncio

    from opensearchpy import AsyncOpenSearch
    from redis.asyncio import Redis
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

    from app.auth.key_cache import ApiKeyCache
    from app.composition import Services
    from app.search.events import SearchEventWriter
    from app.search.history import HistoryWriter
    from app.search.service import SearchService
    from app.settings import Settings

SETTINGS: web.AppKey[Settings] = web.AppKey("settings")
# Every client and service below comes from this one object (app/composition.py); the keys name its parts
# for the handlers that need only one.
SERVICES: web.AppKey[Services] = web.AppKey("services")
DB_ENGINE: web.AppKey[AsyncEngine] = web.AppKey("db_engine")
DB_SESSIONMAKER: web.AppKey[async_sessionmaker[AsyncSession]] = web.AppKey("db_sessionmaker")
REDIS: web.AppKey[Redis] = web.AppKey("redis")
OPENSEARCH: web.AppKey[AsyncOpenSearch] = web.AppKey("opensearch")
SEARCH: web.AppKey[SearchService] = web.AppKey("search")
SEARCH_HISTORY: web.AppKey[HistoryWriter] = web.AppKey("search_history")
SEARCH_EVENTS: web.AppKey[SearchEventWriter] = web.AppKey("search_events")
API_KEY_CACHE: web.AppKey[ApiKeyCache] = web.AppKey("api_key_cache")
# Turns of uploads being read and stored (UPLOAD_CONCURRENCY): each holds its file in memory meanwhile.
UPLOAD_SLOTS: web.AppKey[asyncio.Semaphore] = web.AppKey("upload_slots")
