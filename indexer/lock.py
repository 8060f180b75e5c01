"""A Redis lock (SET NX with a TTL, refreshed while held) so only one reindex of an alias runs at a time."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, datetime
from typing import TypeVar

import redis.exceptions
from redis.asyncio import Redis

# Seconds the lock outlives a holder that stopped refreshing it (killed, partitioned): short enough that
# a crashed reindex does not block the next one for long, long enough to ride out a slow Redis round trip.
LOCK_TTL_SECONDS = 30.0

# Longest wait for one lock command (taking, refreshing, releasing). The client's own socket timeouts should
# end a stuck command sooner; this bounds what they do not (a connection pool waiting on itself), so a reindex
# fails with a message instead of hanging.
LOCK_COMMAND_SECONDS = 10.0

# Refresh and release only a lock this holder still owns (its token), atomically.
_REFRESH = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


T = TypeVar("T")


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
    if not await _bounded(client.set(key, token, nx=True, px=ttl_ms), key):
        holder = await _bounded(client.get(key), key)
        who = holder.decode() if isinstance(holder, bytes) else str(holder or "someone (just released)")
        # A killed reindex (SIGKILL, out of memory) leaves its lock until the TTL runs out: say when, so
        # the operator waits instead of wondering whether to delete the key by hand.
        left = await _bounded(client.pttl(key), key)
        frees = f"; if that process is gone, the lock frees itself within {max(1, -(-left // 1000))} s"
        raise LockHeld(f"another reindex holds the lock {key}: {who}" + (frees if left > 0 else ""))
    lost = asyncio.Event()
    done = asyncio.Event()

    async def refresh() -> None:
        while not done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), ttl_seconds / 3)
            if done.is_set():
                return
            try:
                kept = await _bounded(client.eval(_REFRESH, 1, key, token, ttl_ms), key)
            except Exception:
                # Redis hiccups are survivable until the TTL runs out; only a lost token is final. A
                # cancellation a library turned into an error ends the loop through `done`.
                continue
            if not kept:
                lost.set()
                return

    keeper = asyncio.create_task(refresh())
    try:
        yield lost
    finally:
        # `done` stops the keeper even where a cancellation inside a Redis command comes back as an
        # ordinary error and is swallowed above; the cancel ends a wait at once.
        done.set()
        keeper.cancel()
        await asyncio.wait({keeper}, timeout=LOCK_COMMAND_SECONDS)
        with contextlib.suppress(Exception):
            await _bounded(client.eval(_RELEASE, 1, key, token), key)


@contextlib.asynccontextmanager
async def no_lock() -> AsyncIterator[asyncio.Event]:
    """What `--no-lock` holds instead of the lock: nothing, never lost (the operator vouches that no other
    reindex, rollback or clean-up of the alias runs)."""
    yield asyncio.Event()


async def _bounded(command: Awaitable[T], key: str) -> T:
    """A lock command, given at most LOCK_COMMAND_SECONDS (as redis-py's own timeout error after that)."""
    try:
        return await asyncio.wait_for(command, LOCK_COMMAND_SECONDS)
    except TimeoutError:
        raise redis.exceptions.TimeoutError(
            f"Redis did not answer the lock command on {key} within {LOCK_COMMAND_SECONDS:g} s"
        ) from None
