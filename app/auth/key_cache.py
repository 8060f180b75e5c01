"""Verified API keys remembered for a few seconds, so a busy HR tool's searches skip the database.

A key is checked in Postgres once, then trusted from memory until its entry expires: after
`API_KEY_CACHE_SECONDS`, or sooner when the key's last-used time is due for its once-a-minute update, so that
write happens as it did without the cache. Revoking a key evicts it from this process's cache at once, and a
change to a user's role or activity every key (a key acts for its creator); other
processes (more API replicas, the MCP server) keep trusting it until their entry expires.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from app.auth.principal import Principal

# Keys remembered at most; past that the least recently used one is forgotten (it is checked again).
MAX_ENTRIES = 1024


@dataclass(frozen=True)
class _Entry:
    principal: Principal
    expires: float


class ApiKeyCache:
    """SHA-256 of a key -> its principal until an expiry; the least recently used entry leaves first."""

    def __init__(
        self, ttl_seconds: float, max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self.clock = clock
        self.entries: OrderedDict[str, _Entry] = OrderedDict()
        # Counts evictions: a check that started before one may not store what it read (it may be stale).
        self.revocations = 0
        # Database checks in flight, by key hash: concurrent requests with the same key share one.
        self.checks: dict[str, asyncio.Task[Principal]] = {}

    def get(self, key_hash: str) -> Principal | None:
        entry = self.entries.get(key_hash)
        if entry is None:
            return None
        if entry.expires <= self.clock():
            del self.entries[key_hash]
            return None
        self.entries.move_to_end(key_hash)
        return entry.principal

    def put(self, key_hash: str, principal: Principal, seconds: float, *, revocations: int) -> None:
        """Trust a key for `seconds` (the TTL at most), unless a key was revoked since its check began."""
        seconds = min(seconds, self.ttl)
        if seconds <= 0 or revocations != self.revocations:
            return
        self.entries[key_hash] = _Entry(principal, self.clock() + seconds)
        self.entries.move_to_end(key_hash)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every key (a user's role or activity changed, and with it what their keys may do)."""
        self.revocations += 1
        self.entries.clear()

    def evict(self, key_id: uuid.UUID) -> None:
        """Forget the key with this id (revoked): its next use is checked against the database."""
        self.revocations += 1
        for key_hash in [h for h, entry in self.entries.items() if entry.principal.id == key_id]:
            del self.entries[key_hash]
