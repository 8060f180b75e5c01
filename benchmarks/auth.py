"""A read-write API key for benchmark runs, stored the way the API stores keys (hashed)."""

from __future__ import annotations

import secrets

from sqlalchemy.ext.asyncio import async_sessionmaker

from app.auth.service import API_KEY_PREFIX, hash_api_key
from app.db import create_engine
from app.models import ApiKey
from app.settings import Settings


async def create_bench_key(settings: Settings, scope: str = "read_write") -> str:
    """A fresh key named "benchmark"; the caller sends it as X-API-Key."""
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    engine = create_engine(settings)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            session.add(ApiKey(name="benchmark", prefix=key[:12], key_hash=hash_api_key(key), scope=scope))
    finally:
        await engine.dispose()
    return key
