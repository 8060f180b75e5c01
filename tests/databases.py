"""Scratch databases of the integration tests."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import uuid
from collections.abc import AsyncIterator

import asyncpg

from app.settings import Settings
from tests.conftest import ROOT

# How long a drop waits for an autovacuum worker to leave the database: they finish within seconds.
DROP_ATTEMPTS = 40
DROP_PAUSE_SECONDS = 0.5


async def drop_database(admin: asyncpg.Connection, name: str) -> None:
    """DROP DATABASE ... WITH (FORCE), again while an autovacuum worker is in it.

    FORCE ends the sessions of our own role, but not a worker's: Postgres 15 refuses the drop with "must be a
    member of the role whose process is being terminated" while autovacuum works on a database a test has just
    filled (a migrated scratch database, say).
    """
    for attempt in range(DROP_ATTEMPTS):
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except asyncpg.InsufficientPrivilegeError:
            if attempt == DROP_ATTEMPTS - 1:
                raise
            await asyncio.sleep(DROP_PAUSE_SECONDS)


@contextlib.asynccontextmanager
async def scratch_database(settings: Settings, prefix: str) -> AsyncIterator[str]:
    """An empty database of the test's own (its name, `<prefix>_<8 hex>`), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(settings.sync_database_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield name
    finally:
        try:
            await drop_database(admin, name)
        finally:
            await admin.close()


async def start_migrate(url: str) -> asyncio.subprocess.Process:
    """`hr-api migrate` against the database at `url`, as a process of its own (stdout and stderr piped)."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from app.entrypoints import api; api(['migrate'])",
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
