"""Password hashing with argon2id, off the event loop on a small pool of its own."""

from __future__ import annotations

import asyncio
import os
import unicodedata
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults are the RFC 9106 low-memory profile (argon2id, 64 MiB, 3 passes).
_HASHER = PasswordHasher()
# Verified against when the user does not exist, so a missing account costs the same time as a wrong password.
DUMMY_HASH = _HASHER.hash("not-a-real-password")
# Hashes computed at once per process. Each takes 64 MiB and tens of milliseconds of a whole core (cffi
# releases the GIL, so threads run in parallel); half the cores at most, so a login flood queues here and
# searches keep the other half. Callers hold no database connection while they wait.
HASHING_THREADS = max(1, (os.cpu_count() or 2) // 2)
_POOL = ThreadPoolExecutor(max_workers=HASHING_THREADS, thread_name_prefix="password-hash")


def normalized(password: str) -> str:
    """One form of each character (NFKC, as NIST SP 800-63B asks): "é" typed as one code point (most
    keyboards) or as "e" and a combining accent (some input methods, text pasted from macOS), or a full-width
    letter of an IME, is one password. Without it the same password typed on another device was "wrong
    username or password"."""
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    return _HASHER.hash(normalized(password))


def verify_password(password_hash: str, password: str) -> bool:
    form = normalized(password)
    # A hash made before passwords were normalized, of one typed in another form, still matches it as typed.
    return _verify(password_hash, form) or (form != password and _verify(password_hash, password))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def hash_password_async(password: str) -> str:
    """hash_password on the hashing pool: the event loop keeps serving meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(_POOL, hash_password, password)


async def verify_password_async(password_hash: str, password: str) -> bool:
    """verify_password on the hashing pool: the event loop keeps serving meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(_POOL, verify_password, password_hash, password)
