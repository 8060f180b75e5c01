"""Scratch databases for benchmarks: created, migrated to head, dropped; never the shared `hr` database."""

from __future__ import annotations

import asyncio
import re
import sys
import uuid
from pathlib import Path

import asyncpg

from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def scratch_name(prefix: str) -> str:
    """A fresh database name such as bench_search_1a2b3c4d."""
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def database_url(settings: Settings, name: str) -> str:
    """The asyncpg URL of another database on the same server as the settings' one."""
    return f"{settings.database_url.rsplit('/', 1)[0]}/{name}"


def plain_url(url: str) -> str:
    """A postgresql+asyncpg:// URL as plain asyncpg and libpq want it."""
    return "postgresql://" + url.split("://", 1)[1]


async def database_exists(settings: Settings, name: str) -> bool:
    admin = await asyncpg.connect(settings.sync_database_url)
    try:
        return bool(await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await admin.close()


async def create_database(settings: Settings, name: str) -> str:
    """An empty database migrated to head; its asyncpg URL."""
    if not _NAME.match(name):
        raise SystemExit(f"not a plain database name: {name!r}")
    admin = await asyncpg.connect(settings.sync_database_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = database_url(settings, name)
    try:
        await migrate_database(url, name)
    except SystemExit:
        await drop_database(settings, name)
        raise
    return url


async def migrate_database(url: str, name: str) -> None:
    """Bring a benchmark database to the schema's head (a kept one may predate the newest migrations)."""
    migrate = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "alembic", "-x", f"url={url}", "upgrade", "head",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await migrate.communicate()
    if migrate.returncode != 0:
        raise SystemExit(f"migrating {name} failed: {err.decode().strip()}")


async def drop_database(settings: Settings, name: str) -> None:
    """Remove a benchmark database, closing whatever still holds it."""
    if not _NAME.match(name):
        raise SystemExit(f"not a plain database name: {name!r}")
    admin = await asyncpg.connect(settings.sync_database_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
