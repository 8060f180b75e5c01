"""Authentication is safe by default, on the real Postgres and Redis: it fails closed, a login flood
cannot sink it, revoked tokens die at once, and no known password opens an admin account."""

from __future__ import annotations

import asyncio
import threading
import time
import unicodedata
import uuid

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app import keys
from app.auth import passwords, service, tokens
from app.demo import DEMO_EMAIL, create_demo_user
from app.errors import TooManyRequests, Unauthorized
from app.main import create_app
from app.models import RefreshToken, Role, User
from app.settings import Settings

PASSWORD = "correct horse battery"


# Every test starts with no failed-login counts or lockouts, in Redis or in this process.
pytestmark = pytest.mark.usefixtures("clear_rate_limits")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login(api: TestClient, username: str, password: str = PASSWORD) -> dict:
    response = await api.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status == 200, await response.text()
    return await response.json()


# --- 4. No known admin password ------------------------------------------------------------------------


async def test_the_demo_login_is_a_recruiter_with_a_password_of_its_own(
    api: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    password = await create_demo_user(db)
    async with db() as session:
        user = await session.scalar(select(User).where(User.email == DEMO_EMAIL))
    assert user is not None and user.role is Role.RECRUITER
    assert len(password) >= 20 and password != "demo-password-change-me"
    me = await api.get(
        "/api/v1/auth/me", headers=bearer((await login(api, DEMO_EMAIL, password))["access_token"])
    )
    assert (await me.json())["role"] == "recruiter"
    old = await api.post(
        "/api/v1/auth/login", json={"username": DEMO_EMAIL, "password": "demo-password-change-me"}
    )
    assert old.status == 401


# --- 5. Authentication fails closed -------------------------------------------------------------------


async def test_with_the_pool_exhausted_no_token_is_trusted_from_its_claims(
    settings: Settings, role_headers: dict[str, dict[str, str]]
) -> None:
    """Every connection of the API's pool held: tokens get 503 (never 200), for known and unknown users."""
    unknown = tokens.issue(settings, uuid.uuid4(), "access", role="admin")[0]
    async with TestClient(TestServer(create_app(settings))) as api:
        engine = api.server.app[keys.DB_ENGINE]
        held = [await engine.connect() for _ in range(engine.pool.size() + engine.pool._max_overflow)]  # type: ignore[attr-defined]
        try:
            started = time.perf_counter()
            answers = await asyncio.gather(
                *(api.get("/api/v1/auth/me", headers=bearer(unknown)) for _ in range(100)),
                *(api.get("/api/v1/auth/me", headers=role_headers["admin"]) for _ in range(20)),
            )
            elapsed = time.perf_counter() - started
        finally:
            for connection in held:
                await connection.close()
        statuses = [a.status for a in answers]
        succeeded = sum(200 <= status < 400 for status in statuses)
        print(f"pool exhausted: {len(statuses)} requests, {succeeded} succeeded, "
              f"statuses {sorted(set(statuses))}, {elapsed:.1f} s")  # fmt: skip
        assert succeeded == 0
        assert set(statuses) == {503}
        # The pool back: the unknown user is refused, the real one let in.
        assert (await api.get("/api/v1/auth/me", headers=bearer(unknown))).status == 401
        assert (await api.get("/api/v1/auth/me", headers=role_headers["admin"])).status == 200


async def test_with_postgres_unreachable_tokens_and_keys_are_refused(
    settings: Settings, role_headers: dict[str, dict[str, str]]
) -> None:
    down = settings.model_copy(update={"database_url": "postgresql+asyncpg://hr:hr@127.0.0.1:1/hr"})
    async with TestClient(TestServer(create_app(down))) as api:
        for headers in (role_headers["admin"], {"X-API-Key": "hrk_" + "x" * 43}):
            response = await api.post(
                "/api/v1/search/candidates", json={"skills": ["python"]}, headers=headers
            )
            assert response.status == 503
            assert (await response.json())["error"]["code"] == "database_unavailable"
            assert int(response.headers["Retry-After"]) > 0


# --- 6. A login flood cannot take the service down -----------------------------------------------------


async def test_parallel_wrong_passwords_get_at_most_the_limit_of_real_checks(
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    role_headers: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checks: list[int] = []
    real = passwords.verify_password

    def counted(password_hash: str, password: str) -> bool:
        checks.append(1)
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counted)
    redis = Redis.from_url(settings.redis_url)
    try:
        outcomes = await asyncio.gather(
            *(service.login(db, redis, settings, "viewer", "wrong", "10.0.0.1") for _ in range(40)),
            return_exceptions=True,
        )
    finally:
        await redis.aclose()
    assert len(checks) <= service.MAX_ATTEMPTS_PER_ACCOUNT
    assert sum(isinstance(o, Unauthorized) for o in outcomes) == len(checks)
    assert sum(isinstance(o, TooManyRequests) for o in outcomes) == 40 - len(checks)


async def test_a_stranger_cannot_lock_the_owner_out(
    settings: Settings, db: async_sessionmaker[AsyncSession], role_headers: dict
) -> None:
    redis = Redis.from_url(settings.redis_url)
    try:
        for _ in range(service.MAX_ATTEMPTS_PER_ACCOUNT + 3):
            with pytest.raises((Unauthorized, TooManyRequests)):
                await service.login(db, redis, settings, "viewer", "guess", "203.0.113.9")
        with pytest.raises(TooManyRequests):  # the stranger's address is locked, even with the password
            await service.login(db, redis, settings, "viewer", PASSWORD, "203.0.113.9")
        pair = await service.login(db, redis, settings, "viewer", PASSWORD, "198.51.100.7")
        assert pair.access_token
        # The owner's right password starts their own count over: a typo later is not a lockout.
        for _ in range(service.MAX_ATTEMPTS_PER_ACCOUNT):
            with pytest.raises(Unauthorized):
                await service.login(db, redis, settings, "viewer", "typo", "198.51.100.7")
    finally:
        await redis.aclose()


async def test_password_checks_hold_no_database_connection_and_leave_the_loop_free(
    api: TestClient, role_headers: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = api.server.app[keys.DB_ENGINE]
    held_during_check: list[int] = []
    real = passwords.verify_password

    def slow(password_hash: str, password: str) -> bool:
        held_during_check.append(engine.pool.checkedout())
        assert threading.current_thread() is not threading.main_thread()
        time.sleep(0.3)
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", slow)
    # One login alone: while its password is checked, no connection of the pool is out.
    alone = await api.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert alone.status == 200 and held_during_check == [0]
    # Several at once: /health is answered while they wait for the hashing pool.
    logins = [
        asyncio.ensure_future(api.post("/api/v1/auth/login", json={"username": "viewer", "password": "no"}))
        for _ in range(4)
    ]
    await asyncio.sleep(0.1)
    started = time.perf_counter()
    health = await api.get("/health")
    answered = time.perf_counter() - started
    await asyncio.gather(*logins)
    assert health.status == 200 and answered < 0.1, f"/health took {answered * 1000:.0f} ms"


# --- 9. Tokens die with logout and revocation; registration keeps the password and names unique ----------


async def test_logout_kills_the_access_tokens_of_the_login(api: TestClient, role_headers: dict) -> None:
    pair = await login(api, "viewer")
    other = await login(api, "viewer")
    assert (await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))).status == 200
    out = await api.post(
        "/api/v1/auth/logout",
        json={"refresh_token": pair["refresh_token"]},
        headers=bearer(pair["access_token"]),
    )
    assert out.status == 204
    dead = await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))
    assert dead.status == 401 and (await dead.json())["error"]["message"] == "token revoked"
    # Another login of the same user is untouched.
    assert (await api.get("/api/v1/auth/me", headers=bearer(other["access_token"]))).status == 200


async def test_refresh_token_reuse_kills_the_access_tokens_of_the_family(
    api: TestClient, role_headers: dict
) -> None:
    first = await login(api, "viewer")
    second = await (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    ).json()
    assert (await api.get("/api/v1/auth/me", headers=bearer(second["access_token"]))).status == 200
    third = await (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    ).json()
    reused = await api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reused.status == 401
    for pair in (first, second, third):
        assert (await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))).status == 401


async def test_without_redis_a_logged_out_token_is_still_refused(
    settings: Settings, db: async_sessionmaker[AsyncSession], role_headers: dict
) -> None:
    redis = Redis.from_url(settings.redis_url)
    try:
        pair = await service.login(db, redis, settings, "viewer", PASSWORD, "192.0.2.1")
        await service.logout(db, redis, settings, pair.refresh_token)
    finally:
        await redis.aclose()
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    try:
        with pytest.raises(Unauthorized, match="token revoked"):
            await service.authenticate_bearer(db, unreachable, settings, pair.access_token)
    finally:
        await unreachable.aclose()


async def test_registration_keeps_the_password_as_typed(api: TestClient, role_headers: dict) -> None:
    password = "  spaces at both ends  "
    user = {"email": " spaced@example.com ", "username": " spaced ", "password": password, "role": "viewer"}
    created = await api.post("/api/v1/auth/register", json=user, headers=role_headers["admin"])
    assert created.status == 201, await created.text()
    assert (await created.json())["username"] == "spaced"
    await login(api, "spaced", password)
    trimmed = await api.post("/api/v1/auth/login", json={"username": "spaced", "password": password.strip()})
    assert trimmed.status == 401


async def test_usernames_are_unique_whatever_their_case(api: TestClient, role_headers: dict) -> None:
    first = {"email": "bob1@example.com", "username": "Bob", "password": PASSWORD, "role": "viewer"}
    assert (await api.post("/api/v1/auth/register", json=first, headers=role_headers["admin"])).status == 201
    second = {**first, "email": "bob2@example.com", "username": "bob"}
    clash = await api.post("/api/v1/auth/register", json=second, headers=role_headers["admin"])
    assert clash.status == 409
    assert (await clash.json())["error"]["details"] == [{"field": "username", "problem": "already taken"}]


async def test_answers_that_carry_a_token_or_a_key_are_never_cached(
    api: TestClient, role_headers: dict
) -> None:
    # Login, refresh, a password change and a new API key went out with no Cache-Control at all.
    def no_store(response: ClientResponse) -> bool:
        return response.headers.get("Cache-Control") == "no-store"

    logged_in = await api.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    pair = await logged_in.json()
    refreshed = await api.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    changed = await api.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "another long secret"},
        headers=bearer((await refreshed.json())["access_token"]),
    )
    key = await api.post("/api/v1/api-keys", json={"name": "ats"}, headers=role_headers["admin"])
    answers = (logged_in, refreshed, changed, key)
    assert [response.status for response in answers] == [200, 200, 200, 201]
    assert all(no_store(response) for response in answers)


async def test_every_401_names_the_scheme_that_authenticates(api: TestClient, role_headers: dict) -> None:
    # RFC 9110: a 401 carries a WWW-Authenticate challenge; the API's went out without one.
    refusals = (
        await api.get("/api/v1/auth/me"),
        await api.get("/api/v1/auth/me", headers=bearer("not-a-token")),
        await api.get("/api/v1/auth/me", headers={"X-API-Key": "hrk_not-a-key"}),
        await api.post("/api/v1/auth/refresh", json={"refresh_token": "not-a-token"}),
        await api.post("/api/v1/auth/login", json={"username": "viewer", "password": "wrong password"}),
    )
    assert [response.status for response in refusals] == [401] * 5
    assert {response.headers.get("WWW-Authenticate") for response in refusals} == {'Bearer realm="hr-api"'}
    document = await (await api.get("/api/v1/openapi.json")).json()
    assert "WWW-Authenticate" in document["paths"]["/api/v1/auth/me"]["get"]["responses"]["401"]["headers"]


async def test_a_refresh_token_presented_twice_at_once_is_caught_at_a_later_rotation(
    settings: Settings, db: async_sessionmaker[AsyncSession], role_headers: dict
) -> None:
    # Sent together, one answer got a new pair, the other "refresh token revoked", and the login lived on: a
    # stolen token used while its owner refreshed escaped the reuse check that a later use meets. Now the
    # second is checked after the first's rotation: within the reuse grace (a page that lost the answer) it
    # gets the same successor, so owner and thief hold one token, and uses of it further apart than the
    # grace end the login.
    brief = settings.model_copy(update={"jwt_refresh_reuse_grace_seconds": 1})
    async with TestClient(TestServer(create_app(brief))) as api:
        pair = await login(api, "viewer")
        sent = {"refresh_token": pair["refresh_token"]}
        token_id = tokens.decode(settings, pair["refresh_token"], "refresh").token_id
        async with db.begin() as session:
            # The token's row held, so that both presentations are checked at the same moment.
            await session.execute(select(RefreshToken).where(RefreshToken.id == token_id).with_for_update())
            both = [asyncio.create_task(api.post("/api/v1/auth/refresh", json=sent)) for _ in range(2)]
            await asyncio.sleep(0.5)
        answers = await asyncio.gather(*both)
        assert [answer.status for answer in answers] == [200, 200]
        owner, thief = [await answer.json() for answer in answers]
        successors = {tokens.decode(settings, p["refresh_token"], "refresh").token_id for p in (owner, thief)}
        assert len(successors) == 1
        going_on = await api.post("/api/v1/auth/refresh", json={"refresh_token": owner["refresh_token"]})
        assert going_on.status == 200
        await asyncio.sleep(1.5)
        caught = await api.post("/api/v1/auth/refresh", json={"refresh_token": thief["refresh_token"]})
        assert (await caught.json())["error"]["message"] == (
            "refresh token reused; every session of this login is revoked"
        )
        for access in (owner, thief, await going_on.json()):
            assert (await api.get("/api/v1/auth/me", headers=bearer(access["access_token"]))).status == 401


async def test_a_password_is_the_same_whatever_form_its_accents_are_typed_in(
    api: TestClient, db: async_sessionmaker[AsyncSession], role_headers: dict
) -> None:
    # "é" is one code point from most keyboards and "e" plus a combining accent from some input methods (or
    # text pasted from macOS): the same password typed on another device was "wrong username or password".
    composed = "Café Zürich ñandú 2026"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    for username, registered, typed in (("nfc", composed, decomposed), ("nfd", decomposed, composed)):
        user = {"email": f"{username}@example.com", "username": username, "password": registered}
        created = await api.post("/api/v1/auth/register", json=user, headers=role_headers["admin"])
        assert created.status == 201
        for password in (registered, typed):
            await login(api, username, password)
    # A hash made before passwords were normalized still opens with the password as it was typed then.
    async with db.begin() as session:
        user_row = await session.scalar(select(User).where(User.username == "nfd"))
        assert user_row is not None
        user_row.password_hash = PasswordHasher().hash(decomposed)
    await login(api, "nfd", decomposed)
