"""A Redis lock (SET NX with a TTL, refreshed while held) so only one reindex of an alias runs at a time."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from redis.asyncio import Redis

# Seconds the lock outlives a holder that stopped refreshing it (killed, partitioned): short enough that
# a crashed reindex does not block the next one for long, long enough to ride out a slow Redis round trip.
LOCK_TTL_SECONDS = 30.0

# Refresh and release only a lock this holder still owns (its token), atomically.
_REFRESH = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class LockHeld(Exception):
    """Someone else holds the lock; the message says who and since when."""


def reindex_lock_key(alias: str) -> str:
    """The lock of one alias's reindex and rollback."""
    return f"indexer:reindex-lock:{alias}"


@contextlib.asynccontextmanager
async def hold_lock(
    client: Redis, key: str, ttl_seconds: float = LOCK_TTL_SECONDS
) -> AsyncIterator[asyncio.Event]:
    """Hold the lock for the block; the yielded event is set if the lock was lost (expired, taken over)."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    token = f"{socket.gethostname()} pid {os.getpid()} since {started} ({uuid.uuid4().hex[:8]})"
    ttl_ms = int(ttl_seconds * 1000)
    if not await client.set(key, token, nx=True, px=ttl_ms):
        holder = await client.get(key)
        who = holder.decode() if isinstance(holder, bytes) else str(holder or "someone (just released)")
        raise LockHeld(f"another reindex holds the lock {key}: {who}")
    lost = asyncio.Event()

    async def refresh() -> None:
        while True:
            await asyncio.sleep(ttl_seconds / 3)
            try:
                kept = await client.eval(_REFRESH, 1, key, token, ttl_ms)
            except Exception:
                # Redis hiccups are survivable until the TTL runs out; only a lost token is final.
                continue
            if not kept:
                lost.set()
                return

    keeper = asyncio.create_task(refresh())
    try:
        yield lost
    finally:
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper
        with contextlib.suppress(Exception):
            await client.eval(_RELEASE, 1, key, token)
