"""The SQLAlchemy async engine and session factory, one per process."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from app import keys
from app.settings import Settings


def create_engine(settings: Settings) -> AsyncEngine:
    """An asyncpg-backed engine; pre-ping so a restarted Postgres does not fail the first request."""
    return create_async_engine(
        settings.database_url,
        pool_size=10,
        max_overflow=10,
        pool_pre_ping=True,
        pool_timeout=5,
        connect_args={"timeout": 5, "command_timeout": 30},
    )


async def db_context(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: create the engine at start-up, dispose of it at shutdown."""
    engine = create_engine(app[keys.SETTINGS])
    app[keys.DB_ENGINE] = engine
    app[keys.DB_SESSIONMAKER] = async_sessionmaker(engine, expire_on_commit=False)
    yield
    await engine.dispose()
