"""One outbox consumer per database: the lease `indexer run` holds while it lives.

The outbox has no notion of targets: a row is processed once, for whichever alias the daemon that took it
writes. A second daemon on the same database (another alias, a test run's, a forgotten terminal) would mark
rows processed that the first alias never sees. So `indexer run` holds a Postgres advisory lock on a
connection of its own for as long as it runs, and a second one refuses to start, saying who holds it.
Postgres releases the lock when the holder's connection ends, a SIGKILL included.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time

import asyncpg

from app.settings import Settings
from indexer.lock import LockHeld

# The advisory lock key of the outbox consumer ("hroutbox" in ASCII); advisory locks are per database.
CONSUMER_LOCK_KEY = 0x68726F7574626F78
_APPLICATION = "hr-indexer run"
# Seconds a starting daemon waits for the lease before it refuses: a predecessor that just exited may still
# hold it until Postgres has noticed its connection is gone.
LEASE_WAIT_SECONDS = 3.0


class OutboxLease:
    """The consumer lock of one database, on a connection of its own; re-taken after a lost connection."""

    def __init__(self, settings: Settings, alias: str) -> None:
        self._url = settings.sync_database_url
        self._alias = alias
        self._connection: asyncpg.Connection | None = None

    @property
    def held(self) -> bool:
        return self._connection is not None and not self._connection.is_closed()

    async def ensure(self) -> None:
        """Hold the lock (again, after Postgres restarted), or LockHeld naming the consumer that holds it."""
        if self.held:
            return
        name = f"{_APPLICATION} {self._alias} pid {os.getpid()} on {socket.gethostname()}"[:63]
        connection = await asyncpg.connect(self._url, timeout=5, server_settings={"application_name": name})
        deadline = time.monotonic() + LEASE_WAIT_SECONDS
        while True:
            if await connection.fetchval("SELECT pg_try_advisory_lock($1)", CONSUMER_LOCK_KEY):
                self._connection = connection
                return
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        try:
            holder = await connection.fetchval(
                """
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (
                    SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((l.classid::bigint << 32) | l.objid::bigint) = $1
                """,
                CONSUMER_LOCK_KEY,
            )
        finally:
            await connection.close()
        raise LockHeld(
            f"another consumer already applies this database's outbox ({holder or 'unknown'}); "
            "one `hr-indexer run` per database"
        )

    async def release(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close(timeout=2)
            self._connection = None
