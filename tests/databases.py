"""Scratch databases of the integration tests."""

from __future__ import annotations

import asyncio

import asyncpg

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
