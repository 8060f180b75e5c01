"""The in-process cache of checked API keys: expiry, size bound, eviction on revocation."""

from __future__ import annotations

import uuid

from app.auth.key_cache import ApiKeyCache
from app.auth.principal import SCOPE_PERMISSIONS, Principal


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def principal() -> Principal:
    return Principal("api_key", uuid.uuid4(), "api_key", SCOPE_PERMISSIONS["read"])


def test_a_key_is_trusted_until_the_shorter_of_the_ttl_and_its_due_time() -> None:
    clock = Clock()
    cache = ApiKeyCache(30, clock=clock)
    first, second = principal(), principal()
    cache.put("a", first, 60, revocations=cache.revocations)
    cache.put("b", second, 10, revocations=cache.revocations)  # its last-used update is due in 10 s
    clock.now += 9
    assert cache.get("a") is first and cache.get("b") is second
    clock.now += 2
    assert cache.get("a") is first and cache.get("b") is None
    clock.now += 20
    assert cache.get("a") is None


def test_revoking_evicts_at_once_and_a_check_that_raced_it_is_not_stored() -> None:
    cache = ApiKeyCache(30, clock=Clock())
    revoked, kept = principal(), principal()
    cache.put("revoked", revoked, 30, revocations=cache.revocations)
    cache.put("kept", kept, 30, revocations=cache.revocations)
    began = cache.revocations  # a check of the revoked key starts, then the revocation commits
    cache.evict(revoked.id)
    assert cache.get("revoked") is None and cache.get("kept") is kept
    cache.put("revoked", revoked, 30, revocations=began)
    assert cache.get("revoked") is None


def test_the_least_recently_used_key_leaves_first() -> None:
    cache = ApiKeyCache(30, max_entries=2, clock=Clock())
    one, two, three = principal(), principal(), principal()
    cache.put("one", one, 30, revocations=0)
    cache.put("two", two, 30, revocations=0)
    assert cache.get("one") is one
    cache.put("three", three, 30, revocations=0)
    assert cache.get("two") is None and cache.get("one") is one and cache.get("three") is three


def test_zero_seconds_turns_the_cache_off() -> None:
    cache = ApiKeyCache(0, clock=Clock())
    cache.put("a", principal(), 60, revocations=0)
    assert cache.get("a") is None
