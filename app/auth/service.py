"""Logins, token rotation, users and API keys. No aiohttp types here."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth import tokens
from app.auth.key_cache import ApiKeyCache
from app.auth.passwords import DUMMY_HASH, hash_password_async, verify_password_async
from app.auth.principal import ROLE_PERMISSIONS, SCOPE_PERMISSIONS, Principal
from app.auth.schemas import ApiKeyCreate, PasswordChange, RegisterRequest, TokenPair, UserUpdate
from app.cursors import page_and_cursor, read_position
from app.errors import (
    Conflict,
    NotFound,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
    field_problem,
)
from app.metrics import AUTH_FAILED_ATTEMPTS, AUTH_TOKEN_GENERATION_DURATION
from app.models import ApiKey, AuditLog, RefreshToken, Role, User
from app.settings import Settings

log = logging.getLogger(__name__)

# The statement that reads a page of a list.
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])

# Login attempts allowed per account from one client address, and per address over all accounts, within
# the window, then 429 until it passes. Counted before the password is checked (INCR, then compare), so
# parallel wrong passwords get at most the limit of real checks; refunded when the password was right. Per
# account *and* address: a stranger who knows a username locks out their own address, never the owner.
MAX_ATTEMPTS_PER_ACCOUNT = 5
MAX_ATTEMPTS_PER_ADDRESS = 20
FAILURE_WINDOW_SECONDS = 15 * 60
# Seconds a locked-out attempt waits before its 429 leaves. A flood hammering a locked account or address
# then gets one answer per connection every two seconds instead of as many as the event loop can write; the
# searches served by the same loop keep their CPU (measured: benchmarks/results/login_flood.md).
LOCKOUT_DELAY_SECONDS = 2.0
# Seconds this process remembers a lockout it saw, answering further attempts on the same counter without
# asking Redis: a locked counter only ends with its window, so nothing is missed but more round trips.
LOCKOUT_MEMO_SECONDS = 10.0
_locked_until: dict[str, float] = {}
# Logins checked at once per process (rate-limit round trips, the user lookup, the password check); the
# rest wait their turn without holding a Redis or database connection. A flood queues here, searches don't.
LOGIN_CONCURRENCY = 8
_LOGINS = asyncio.Semaphore(LOGIN_CONCURRENCY)
API_KEY_PREFIX = "hrk_"
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Give back one counted attempt, never taking a counter below zero or reviving an expired one.
_REFUND = "if redis.call('get', KEYS[1]) then return redis.call('decr', KEYS[1]) end return 0"


def forget_lockouts() -> None:
    """Drop this process's memory of lockouts (after the Redis counters were reset by hand)."""
    _locked_until.clear()


def _hashed(value: str) -> str:
    """Rate-limit keys carry a hash, so usernames and addresses never sit in Redis in clear."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _attempt_keys(account: str, address: str) -> tuple[str, str]:
    return f"auth:fail:acct:{_hashed(account + chr(0) + address)}", f"auth:fail:addr:{_hashed(address)}"


async def _count_attempt(redis: Redis, keys: tuple[str, str], action: str) -> tuple[int, int]:
    """Count one attempt on both counters at once; their values including it. Redis down is a 503 naming
    `action` ("login"): without the counters the attempts would go unlimited."""
    try:
        async with redis.pipeline(transaction=True) as pipe:
            for key in keys:
                pipe.incr(key)
                pipe.expire(key, FAILURE_WINDOW_SECONDS, nx=True)
            results = await pipe.execute()
    except RedisError as error:
        AUTH_FAILED_ATTEMPTS.labels(reason="rate_limiter_unavailable").inc()
        # The 503's body says "rate limiter down" to the caller; the log names the service for the on-call.
        log.warning("%s refused: its rate limiter (Redis) is unavailable: %s", action, type(error).__name__)
        raise ServiceUnavailable(
            f"{action} is unavailable right now (rate limiter down); try again shortly"
        ) from None
    return int(results[0]), int(results[2])


def _over_limits(per_account: int, per_address: int) -> bool:
    """Whether counted attempts passed either limit (counted as a lockout when they did)."""
    over = per_account > MAX_ATTEMPTS_PER_ACCOUNT or per_address > MAX_ATTEMPTS_PER_ADDRESS
    if over:
        AUTH_FAILED_ATTEMPTS.labels(reason="locked_out").inc()
    return over


async def _refund_attempt(redis: Redis, keys: tuple[str, str]) -> None:
    """A right password: the account's counter for this address starts over, the address gets its try back."""
    account_key, address_key = keys
    await redis.delete(account_key)
    await redis.eval(_REFUND, 1, address_key)


def _denied_family(family: uuid.UUID) -> str:
    return f"auth:deny:fam:{family}"


def _denied_token(token_id: uuid.UUID) -> str:
    return f"auth:deny:jti:{token_id}"


async def deny_access_tokens(
    redis: Redis, settings: Settings, *, family: uuid.UUID | None = None, token_id: uuid.UUID | None = None
) -> None:
    """Access tokens of a revoked login (its family) or one token (its jti) die now, not at their expiry."""
    ttl = settings.jwt_access_ttl_minutes * 60 + 60  # outlives every access token it covers
    async with redis.pipeline(transaction=False) as pipe:
        if family is not None:
            pipe.set(_denied_family(family), 1, ex=ttl)
        if token_id is not None:
            pipe.set(_denied_token(token_id), 1, ex=ttl)
        await pipe.execute()


async def _issue_pair(session: AsyncSession, settings: Settings, user: User, family: uuid.UUID) -> TokenPair:
    started = time.perf_counter()
    access, _ = tokens.issue(settings, user.id, "access", role=user.role, family=family)
    refresh, claims = tokens.issue(settings, user.id, "refresh", family=family)
    session.add(
        RefreshToken(id=claims.token_id, user_id=user.id, family_id=family, expires_at=claims.expires_at)
    )
    AUTH_TOKEN_GENERATION_DURATION.observe(time.perf_counter() - started)
    return TokenPair(
        access_token=access, refresh_token=refresh, expires_in=settings.jwt_access_ttl_minutes * 60
    )


def _rotated(token_id: uuid.UUID) -> str:
    """Redis key: the refresh token that replaced this one, for `jwt_refresh_reuse_grace_seconds`."""
    return f"auth:rotated:{token_id}"


async def _lost_answer(
    session: AsyncSession, redis: Redis, settings: Settings, stored: RefreshToken
) -> RefreshToken | None:
    """The token that replaced `stored` moments ago, while nobody has used it yet: presenting `stored` again
    then means the page lost that refresh's answer (reloaded before it arrived), and gets the same successor.
    None when the grace is off or over, Redis has no record of the rotation, or the successor was used or
    revoked: then it is a reuse like any other."""
    grace = settings.jwt_refresh_reuse_grace_seconds
    if not grace or stored.used_at is None or stored.used_at < datetime.now(UTC) - timedelta(seconds=grace):
        return None
    try:
        successor = await redis.get(_rotated(stored.id))
    except RedisError:
        return None
    if successor is None:
        return None
    successor_id = uuid.UUID(successor.decode() if isinstance(successor, bytes) else successor)
    child = await session.get(RefreshToken, successor_id, with_for_update=True)
    if child is None or child.used_at is not None or child.revoked_at is not None:
        return None
    return child


def _pair_again(settings: Settings, user: User, successor: RefreshToken) -> TokenPair:
    """The successor refresh token signed again as issued (its id and expiry), and a new access token."""
    access, _ = tokens.issue(settings, user.id, "access", role=user.role, family=successor.family_id)
    refresh, _ = tokens.issue(
        settings,
        user.id,
        "refresh",
        family=successor.family_id,
        token_id=successor.id,
        expires_at=successor.expires_at,
    )
    return TokenPair(
        access_token=access, refresh_token=refresh, expires_in=settings.jwt_access_ttl_minutes * 60
    )


async def _remember_rotation(redis: Redis, settings: Settings, used: uuid.UUID, pair: TokenPair) -> None:
    """Written before the rotation commits, so a second presentation waiting on the row's lock finds it.
    Redis down: no grace, a second presentation ends the login as before."""
    grace = settings.jwt_refresh_reuse_grace_seconds
    if not grace:
        return
    successor = tokens.decode(settings, pair.refresh_token, "refresh").token_id
    with contextlib.suppress(RedisError):
        await redis.set(_rotated(used), str(successor), ex=grace)


async def login(
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    settings: Settings,
    username: str,
    password: str,
    address: str,
) -> TokenPair:
    """A token pair for valid credentials. Rate limits need Redis: without it logins fail closed (503).

    The password is checked on the hashing pool with no database connection held, so a flood of logins
    waits there instead of starving searches of connections or the event loop.
    """
    account = username.strip().lower()
    attempt = _attempt_keys(account, address)
    now = time.monotonic()
    locked, pair = any(_locked_until.get(key, 0.0) > now for key in attempt), None
    if not locked:
        async with _LOGINS:
            locked, pair = await _check_login(sessions, redis, settings, account, password, attempt)
    if locked:
        await asyncio.sleep(LOCKOUT_DELAY_SECONDS)  # outside the semaphore: a tarpit costs no turn
        raise TooManyRequests(
            "too many failed logins; try again in 15 minutes", retry_after=FAILURE_WINDOW_SECONDS
        )
    assert pair is not None
    return pair


async def _check_login(
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    settings: Settings,
    account: str,
    password: str,
    attempt: tuple[str, str],
) -> tuple[bool, TokenPair | None]:
    """(True, None) when locked out; the token pair for the right password; Unauthorized otherwise."""
    per_account, per_address = await _count_attempt(redis, attempt, "login")
    if _over_limits(per_account, per_address):
        remembered = time.monotonic() + LOCKOUT_MEMO_SECONDS
        if len(_locked_until) > 10_000:  # bounded: an attacker with many addresses cannot grow it forever
            _locked_until.clear()
        if per_account > MAX_ATTEMPTS_PER_ACCOUNT:
            _locked_until[attempt[0]] = remembered
        if per_address > MAX_ATTEMPTS_PER_ADDRESS:
            _locked_until[attempt[1]] = remembered
        return True, None
    async with sessions() as session:
        user = await session.scalar(
            select(User).where(or_(func.lower(User.email) == account, func.lower(User.username) == account))
        )
    valid = await verify_password_async(user.password_hash if user else DUMMY_HASH, password)
    if user is None or not valid or not user.is_active:
        reason = "unknown_user" if user is None else ("bad_password" if not valid else "inactive_user")
        AUTH_FAILED_ATTEMPTS.labels(reason=reason).inc()
        raise Unauthorized("wrong username or password")
    with contextlib.suppress(RedisError):
        await _refund_attempt(redis, attempt)
    async with sessions.begin() as session:
        return False, await _issue_pair(session, settings, user, family=uuid.uuid4())


async def refresh(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, settings: Settings, token: str
) -> TokenPair:
    """Rotate a refresh token; presenting one that was already used revokes its whole family, unless it was
    rotated within `jwt_refresh_reuse_grace_seconds` and its successor is still unused (`_lost_answer`):
    then the answer is that successor again, with a fresh access token."""
    try:
        claims = tokens.decode(settings, token, "refresh")
    except tokens.TokenError as error:
        AUTH_FAILED_ATTEMPTS.labels(reason="invalid_refresh").inc()
        raise Unauthorized(str(error)) from None
    # One transaction on the locked row: the same token presented twice at once is checked after the first
    # rotation committed, a reuse like any later one (a second check after the first was answered "refresh
    # token revoked" and left the family alive), within the grace its successor again.
    async with sessions.begin() as session:
        stored = await session.get(RefreshToken, claims.token_id, with_for_update=True)
        if stored is None or stored.revoked_at is not None:
            AUTH_FAILED_ATTEMPTS.labels(reason="revoked_refresh").inc()
            raise Unauthorized("refresh token revoked")
        reused = stored.used_at is not None
        successor = await _lost_answer(session, redis, settings, stored) if reused else None
        if reused and successor is None:
            # Committed before the 401 leaves: the revocation must outlive this request.
            await session.execute(
                update(RefreshToken)
                .where(RefreshToken.family_id == stored.family_id, RefreshToken.revoked_at.is_(None))
                .values(revoked_at=func.now())
            )
        else:
            user = await session.get(User, stored.user_id)
            if user is None or not user.is_active:
                raise Unauthorized("user inactive")
            if successor is not None:
                return _pair_again(settings, user, successor)
            stored.used_at = datetime.now(UTC)
            pair = await _issue_pair(session, settings, user, family=stored.family_id)
            await _remember_rotation(redis, settings, stored.id, pair)
    if reused:
        AUTH_FAILED_ATTEMPTS.labels(reason="reused_refresh").inc()
        # The access tokens of the stolen login die too; Redis down: the family check in Postgres covers it.
        with contextlib.suppress(RedisError):
            await deny_access_tokens(redis, settings, family=stored.family_id)
        raise Unauthorized("refresh token reused; every session of this login is revoked")
    return pair


async def logout(
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    settings: Settings,
    token: str,
    access_token: str | None = None,
) -> None:
    """Revoke the refresh token's family: every token of that login, its access tokens included."""
    try:
        claims = tokens.decode(settings, token, "refresh")
    except tokens.TokenError as error:
        raise Unauthorized(str(error)) from None
    async with sessions.begin() as session:
        stored = await session.get(RefreshToken, claims.token_id)
        if stored is None:
            return
        await session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == stored.family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=func.now())
        )
    token_id = None
    if access_token:
        with contextlib.suppress(tokens.TokenError):
            token_id = tokens.decode(settings, access_token, "access").token_id
    # Redis down: the family check in Postgres (authenticate_bearer) still refuses them.
    with contextlib.suppress(RedisError):
        await deny_access_tokens(redis, settings, family=stored.family_id, token_id=token_id)


async def _denied(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, claims: tokens.TokenClaims
) -> bool:
    """Whether the access token was revoked: its jti or its login's family on the Redis denylist.

    Redis unreachable: the family's revocation is read from Postgres instead, so a logout still holds.
    """
    names = [_denied_token(claims.token_id)] + ([_denied_family(claims.family)] if claims.family else [])
    try:
        return bool(await redis.exists(*names))
    except RedisError:
        if claims.family is None:
            return False
        async with sessions() as session:
            revoked = await session.scalar(
                select(func.count())
                .select_from(RefreshToken)
                .where(RefreshToken.family_id == claims.family, RefreshToken.revoked_at.is_not(None))
            )
        return bool(revoked)


async def authenticate_bearer(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, settings: Settings, token: str
) -> Principal:
    """The user behind an access token, read fresh so a demotion or a deactivation takes effect at once.

    Fails closed: when Postgres is slow, down or its pool exhausted, the request gets a 503 (the error
    middleware's DATABASE_DOWN) and the token's own claims are never trusted in place of the user's row.
    """
    try:
        claims = tokens.decode(settings, token, "access")
    except tokens.TokenError as error:
        AUTH_FAILED_ATTEMPTS.labels(reason="invalid_token").inc()
        raise Unauthorized(str(error)) from None
    if await _denied(sessions, redis, claims):
        AUTH_FAILED_ATTEMPTS.labels(reason="revoked_token").inc()
        raise Unauthorized("token revoked")
    async with sessions() as session:
        user = await session.get(User, claims.subject)
    if user is None or not user.is_active:
        AUTH_FAILED_ATTEMPTS.labels(reason="inactive_user").inc()
        raise Unauthorized("user inactive")
    return Principal("user", user.id, user.role, ROLE_PERMISSIONS[user.role])


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def authenticate_api_key(
    sessions: async_sessionmaker[AsyncSession], key: str, cache: ApiKeyCache | None = None
) -> Principal:
    """The API key's principal: from the cache when it was checked recently, else from the database.

    With a cache, concurrent requests with the same unchecked key share one database check: when a busy
    tool's entry expires, its hundreds of requests in flight must not all queue on the key's row.
    """
    key_hash = hash_api_key(key)
    if cache is None:
        return await _check_api_key(sessions, key_hash, None)
    known = cache.get(key_hash)
    if known is not None:
        return known
    check = cache.checks.get(key_hash)
    if check is None:
        check = asyncio.create_task(_check_api_key(sessions, key_hash, cache))
        cache.checks[key_hash] = check
        check.add_done_callback(lambda _: cache.checks.pop(key_hash, None))
    # Shielded: a caller that goes away does not cancel the check the others are waiting for.
    return await asyncio.shield(check)


async def _check_api_key(
    sessions: async_sessionmaker[AsyncSession], key_hash: str, cache: ApiKeyCache | None
) -> Principal:
    revocations = cache.revocations if cache is not None else 0
    async with sessions.begin() as session:
        found = (
            await session.execute(
                select(ApiKey, User)
                .outerjoin(User, User.id == ApiKey.created_by)
                .where(ApiKey.key_hash == key_hash)
            )
        ).first()
        if found is None:
            AUTH_FAILED_ATTEMPTS.labels(reason="invalid_api_key").inc()
            raise Unauthorized("invalid API key")
        row, creator = found
        if row.revoked_at is not None:
            # Said as such: "invalid API key" sent the HR tool's operator looking for a typo in its settings.
            AUTH_FAILED_ATTEMPTS.labels(reason="revoked_api_key").inc()
            raise Unauthorized(
                f"this API key ({row.prefix}...) was revoked at {row.revoked_at:%Y-%m-%d %H:%M} UTC; "
                "an admin can create a new one"
            )
        if creator is not None and not creator.is_active:
            # A key acts for the admin who created it: one who left takes their keys with them, as their
            # sessions go; a reactivation brings the keys back. A key without a creator was made by an
            # operator in the database (no user of the API can delete a user) and keeps its own scope.
            AUTH_FAILED_ATTEMPTS.labels(reason="inactive_creator_api_key").inc()
            raise Unauthorized(
                f"this API key ({row.prefix}...) stopped working when the user who created it was "
                "deactivated; an admin can create a new one"
            )
        now = datetime.now(UTC)
        # At most one write a minute per key: a busy HR tool must not turn every search into an UPDATE.
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            row.last_used_at = now
        # Never more than its creator may do now: a read_write key of an admin since made a viewer only reads.
        permissions = SCOPE_PERMISSIONS[row.scope]
        if creator is not None:
            permissions &= ROLE_PERMISSIONS[creator.role]
        principal = Principal("api_key", row.id, "api_key", permissions)
        # Trusted until the next last-used update is due, so that write still happens once a minute.
        due = (row.last_used_at + LAST_USED_RESOLUTION - now).total_seconds()
    if cache is not None:
        cache.put(key_hash, principal, due, revocations=revocations)
    return principal


async def create_user(
    sessions: async_sessionmaker[AsyncSession], request: RegisterRequest, actor: str | None
) -> User:
    # Hashed before the transaction opens: no connection is held while argon2 runs.
    password_hash = await hash_password_async(request.password)
    try:
        async with sessions.begin() as session:
            user = User(
                email=str(request.email),
                username=request.username,
                password_hash=password_hash,
                role=request.role,
            )
            session.add(user)
            await session.flush()
            session.add(
                AuditLog(actor=actor, action="user.create", entity_type="user", entity_id=str(user.id))
            )
    except IntegrityError as error:
        field = "username" if "username" in str(error.orig) else "email"
        raise Conflict(
            f"a user with this {field} exists", details=field_problem(field, "already taken")
        ) from None
    return user


def _oldest_first_page(query: Q, row: type[User | ApiKey], limit: int, cursor: str | None, route: str) -> Q:
    """`query` of `row`s as one page of the list at `route`, oldest first, after the `cursor`'s position (rows
    created meanwhile come last and move nothing onto the next page); one more row than the page, which says
    whether a next page exists (`app.cursors.page_and_cursor`)."""
    if cursor is not None:
        created_at, last_id = read_position(cursor, route)
        query = query.where(
            or_(row.created_at > created_at, and_(row.created_at == created_at, row.id > last_id))
        )
    return query.order_by(row.created_at, row.id).limit(limit + 1)


async def list_users(
    sessions: async_sessionmaker[AsyncSession], limit: int, cursor: str | None = None
) -> tuple[list[User], str | None]:
    """A page of users, oldest first, and the next page's cursor."""
    query = _oldest_first_page(select(User), User, limit, cursor, "/api/v1/users")
    async with sessions() as session:
        rows = list((await session.scalars(query)).all())
    return page_and_cursor(rows, limit, lambda user: user)


async def update_user(
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    settings: Settings,
    user_id: uuid.UUID,
    change: UserUpdate,
    actor: str | None,
    cache: ApiKeyCache | None = None,
) -> User:
    """An admin's change to a user. A role or a deactivation takes effect at the user's next request (every
    request reads the user's row), and on the API keys the user created at their next check (at once in this
    process: `cache` forgets every key); a deactivation or a new password also revokes every session the user
    has, refresh and access tokens alike. The last active admin is never demoted or deactivated (409): no
    one could manage users after that."""
    password_hash = await hash_password_async(change.password) if change.password is not None else None
    async with sessions.begin() as session:
        # Every active admin's row locked: two admins demoting each other at once cannot both pass the check.
        admins = set(
            (
                await session.scalars(
                    select(User.id).where(User.role == Role.ADMIN, User.is_active).with_for_update()
                )
            ).all()
        )
        user = await session.get(User, user_id, with_for_update=True)
        if user is None:
            raise NotFound(f"no user with id {user_id}")
        if admins == {user.id}:
            for field, leaves in (
                ("role", change.role not in (None, Role.ADMIN)),
                ("is_active", change.is_active is False),
            ):
                if leaves:
                    raise Conflict(
                        "this is the last active admin: make another user an admin first",
                        details=field_problem(field, "the last active admin"),
                    )
        changed: list[str] = []
        if change.role is not None and change.role != user.role:
            user.role = change.role
            changed.append("role")
        if change.is_active is not None and change.is_active != user.is_active:
            user.is_active = change.is_active
            changed.append("is_active")
        if password_hash is not None:
            user.password_hash = password_hash
            changed.append("password")
        ends_sessions = "password" in changed or ("is_active" in changed and not user.is_active)
        families = await _revoke_sessions(session, user.id) if ends_sessions else []
        if changed:
            user.updated_at = datetime.now(UTC)
            session.add(
                AuditLog(
                    actor=actor,
                    action="user.update",
                    entity_type="user",
                    entity_id=str(user.id),
                    details={"changed": changed},
                )
            )
    await _deny_logins(redis, settings, families)
    if cache is not None and {"role", "is_active"} & set(changed):
        cache.clear()
    return user


async def _deny_logins(redis: Redis, settings: Settings, families: list[uuid.UUID]) -> None:
    """Refuse the access tokens of the logins `_revoke_sessions` ended at once. Redis down: the family check
    in Postgres (`_denied`) still refuses them."""
    with contextlib.suppress(RedisError):
        for family in set(families):
            await deny_access_tokens(redis, settings, family=family)


async def _revoke_sessions(session: AsyncSession, user_id: uuid.UUID) -> list[uuid.UUID]:
    """Revoke every live refresh token of the user; the logins (families) whose access tokens must die too."""
    revoked = await session.scalars(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=func.now())
        .returning(RefreshToken.family_id)
    )
    return list(revoked.all())


async def change_own_password(
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    settings: Settings,
    user_id: uuid.UUID,
    change: PasswordChange,
    address: str,
) -> TokenPair:
    """A signed-in user's own new password, given the current one. A wrong current password counts as a
    failed login (the same limits per account and address, then 429), so a session left open is no way to
    guess it. Every session of the user ends, this one too; the answer is a fresh login to carry on with."""
    attempt = _attempt_keys(f"password-change:{user_id}", address)
    if _over_limits(*await _count_attempt(redis, attempt, "changing a password")):
        raise TooManyRequests(
            "too many wrong passwords; try again in 15 minutes", retry_after=FAILURE_WINDOW_SECONDS
        )
    async with sessions() as session:
        user = await session.get(User, user_id)
    if user is None:
        raise Unauthorized("user inactive")
    if not await verify_password_async(user.password_hash, change.current_password):
        AUTH_FAILED_ATTEMPTS.labels(reason="bad_password").inc()
        raise Unprocessable(
            "the current password is wrong", details=field_problem("current_password", "wrong password")
        )
    with contextlib.suppress(RedisError):
        await _refund_attempt(redis, attempt)
    if change.new_password == change.current_password:
        raise Unprocessable(
            "the new password is the current one",
            details=field_problem("new_password", "same as the current password"),
        )
    password_hash = await hash_password_async(change.new_password)
    async with sessions.begin() as session:
        user = await session.get(User, user_id, with_for_update=True)
        if user is None or not user.is_active:
            raise Unauthorized("user inactive")
        user.password_hash = password_hash
        user.updated_at = datetime.now(UTC)
        # Revoked before the new login is added: the answer's own tokens stay live.
        families = await _revoke_sessions(session, user.id)
        session.add(
            AuditLog(
                actor=f"user:{user.id}",
                action="user.password_change",
                entity_type="user",
                entity_id=str(user.id),
                details={"changed": ["password"], "by": "self"},
            )
        )
        pair = await _issue_pair(session, settings, user, family=uuid.uuid4())
    await _deny_logins(redis, settings, families)
    return pair


def default_username(email: str) -> str:
    """The username of an admin given by email alone: the part before @ in the characters a username may
    hold ("jo+hr@example.com" -> "johr"), with "-admin" after it when that is under three ("jo-admin").
    Taken as it was, "+" or a short part made the admin fail validation and no admin was created."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "", email.partition("@")[0])[:58]
    return name if len(name) >= 3 else f"{name}-admin".lstrip("-")


async def ensure_admin(sessions: async_sessionmaker[AsyncSession], settings: Settings) -> bool:
    """Create the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is no user at all."""
    if not settings.admin_email or settings.admin_password is None:
        return False
    async with sessions() as session:
        if await session.scalar(select(func.count()).select_from(User)):
            return False
    request = RegisterRequest(
        email=settings.admin_email,
        username=default_username(settings.admin_email),
        password=settings.admin_password.get_secret_value(),
        role=Role.ADMIN,
    )
    await create_user(sessions, request, actor="bootstrap")
    return True


async def create_api_key(
    sessions: async_sessionmaker[AsyncSession], request: ApiKeyCreate, principal: Principal
) -> tuple[ApiKey, str]:
    """A new key: the caller sees it once; only its SHA-256 is stored."""
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    async with sessions.begin() as session:
        row = ApiKey(
            name=request.name,
            prefix=key[:12],
            key_hash=hash_api_key(key),
            scope=request.scope,
            created_by=principal.user_id,
        )
        session.add(row)
        await session.flush()
        session.add(
            AuditLog(
                actor=principal.actor, action="api_key.create", entity_type="api_key", entity_id=str(row.id)
            )
        )
    return row, key


async def list_api_keys(
    sessions: async_sessionmaker[AsyncSession], limit: int, cursor: str | None = None
) -> tuple[list[tuple[ApiKey, bool]], str | None]:
    """A page of keys, oldest first, each with whether it is accepted now (not revoked, its creator not
    deactivated), and the next page's cursor."""
    query = select(ApiKey, User.is_active).outerjoin(User, User.id == ApiKey.created_by)
    async with sessions() as session:
        rows = (
            await session.execute(_oldest_first_page(query, ApiKey, limit, cursor, "/api/v1/api-keys"))
        ).all()
    keys = [(key, key.revoked_at is None and creator_active is not False) for key, creator_active in rows]
    return page_and_cursor(keys, limit, lambda listed: listed[0])


async def revoke_api_key(
    sessions: async_sessionmaker[AsyncSession],
    key_id: uuid.UUID,
    principal: Principal,
    cache: ApiKeyCache | None = None,
) -> None:
    """Revoke a key; this process refuses it at once, others once their cached entry expires."""
    async with sessions.begin() as session:
        row = await session.get(ApiKey, key_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no API key with id {key_id}")
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
        session.add(
            AuditLog(
                actor=principal.actor, action="api_key.revoke", entity_type="api_key", entity_id=str(key_id)
            )
        )
    if cache is not None:
        cache.evict(key_id)


async def get_user(sessions: async_sessionmaker[AsyncSession], user_id: uuid.UUID) -> User | None:
    async with sessions() as session:
        return await session.get(User, user_id)
