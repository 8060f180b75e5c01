"""Logins, token rotation, API keys and the role matrix, against the real Postgres and Redis."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app import keys
from app.auth import tokens
from app.auth.service import ensure_admin
from app.main import create_app
from app.models import ApiKey
from app.settings import Settings

PASSWORD = "correct horse battery"
SECRET = "a long enough secret\n"


# Every test starts with no failed-login counts or lockouts, in Redis or in this process.
pytestmark = pytest.mark.usefixtures("clear_rate_limits")


async def login(api: TestClient, username: str, password: str = PASSWORD) -> dict:
    response = await api.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status == 200, await response.text()
    return await response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_login_by_username_or_email_then_me(api: TestClient, role_headers: dict) -> None:
    pair = await login(api, "recruiter")
    assert pair["token_type"] == "Bearer" and pair["expires_in"] == 15 * 60
    by_email = await login(api, "Recruiter@Example.com")
    me = await (await api.get("/api/v1/auth/me", headers=bearer(by_email["access_token"]))).json()
    assert me["role"] == "recruiter" and me["user"]["username"] == "recruiter"
    assert me["permissions"] == ["read", "write"]


async def test_wrong_password_is_401_and_lockout_after_five(api: TestClient, role_headers: dict) -> None:
    for _ in range(5):
        response = await api.post("/api/v1/auth/login", json={"username": "viewer", "password": "nope"})
        assert response.status == 401
        assert (await response.json())["error"]["message"] == "wrong username or password"
    locked = await api.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert locked.status == 429
    assert locked.headers["Retry-After"] == "900"  # the failure window: when the lockout can end
    # Another account from the same address still logs in (the address limit is higher).
    await login(api, "admin")


async def test_refresh_rotates_and_reuse_revokes_the_family(api: TestClient, role_headers: dict) -> None:
    first = await login(api, "viewer")
    second = await (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    ).json()
    assert second["refresh_token"] != first["refresh_token"]
    third = await (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    ).json()
    # The first token again once its successor was used (no lost answer, the grace aside): refused, and the
    # login's live token dies with it.
    reused = await api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reused.status == 401
    after = await api.post("/api/v1/auth/refresh", json={"refresh_token": third["refresh_token"]})
    assert after.status == 401


async def test_a_refresh_token_presented_again_just_after_its_rotation_gets_the_same_successor(
    api: TestClient, settings: Settings, role_headers: dict
) -> None:
    # A page reloaded while its refresh was answered lost the new pair and presented the rotated token again:
    # the API took it for a thief's and ended the login. Within the grace its successor comes back instead.
    first = await login(api, "viewer")
    sent = {"refresh_token": first["refresh_token"]}
    lost = await (await api.post("/api/v1/auth/refresh", json=sent)).json()
    again = await api.post("/api/v1/auth/refresh", json=sent)
    assert again.status == 200
    pair = await again.json()
    jti = [tokens.decode(settings, p["refresh_token"], "refresh").token_id for p in (lost, pair)]
    assert jti[0] == jti[1]
    assert (await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))).status == 200
    # The successor is one token, whichever answer carried it: used once it rotates, used twice it is a reuse.
    going_on = await api.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert going_on.status == 200
    assert (await api.post("/api/v1/auth/refresh", json=sent)).status == 401
    live = (await going_on.json())["refresh_token"]
    assert (await api.post("/api/v1/auth/refresh", json={"refresh_token": live})).status == 401


async def test_after_the_grace_a_rotated_refresh_token_ends_the_login(
    settings: Settings, role_headers: dict
) -> None:
    brief = settings.model_copy(update={"jwt_refresh_reuse_grace_seconds": 1})
    async with TestClient(TestServer(create_app(brief))) as api:
        first = await login(api, "viewer")
        sent = {"refresh_token": first["refresh_token"]}
        second = await (await api.post("/api/v1/auth/refresh", json=sent)).json()
        await asyncio.sleep(1.5)
        assert (await api.post("/api/v1/auth/refresh", json=sent)).status == 401
        unused = {"refresh_token": second["refresh_token"]}
        assert (await api.post("/api/v1/auth/refresh", json=unused)).status == 401


async def test_logout_revokes_the_refresh_token(api: TestClient, role_headers: dict) -> None:
    pair = await login(api, "viewer")
    assert (
        await api.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    ).status == 204
    assert (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    ).status == 401


async def test_the_login_cookie_refreshes_and_logs_out_any_tab_of_the_browser(
    api: TestClient, role_headers: dict
) -> None:
    # The page kept the refresh token in a tab's sessionStorage: a candidate opened in a new tab (Ctrl-click)
    # had no login and showed the form. The login now keeps it in a cookie no script reads and no other site
    # sends, for the auth routes only, ending with the browser; a refresh or logout of `{}` uses it.
    logged_in = await api.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    first = await logged_in.json()
    kept = logged_in.cookies["hr_refresh"]
    assert kept.value == first["refresh_token"]
    assert (kept["httponly"], kept["samesite"], kept["path"]) == (True, "Strict", "/api/v1/auth/")
    assert (kept["expires"], kept["max-age"]) == ("", "")  # a session cookie: gone when the browser closes
    marker = logged_in.cookies["hr_login"]
    assert (marker.value, marker["httponly"], marker["path"]) == ("1", "", "/")

    refreshed = await api.post("/api/v1/auth/refresh", json={})
    assert refreshed.status == 200, await refreshed.text()
    second = await refreshed.json()
    assert refreshed.cookies["hr_refresh"].value == second["refresh_token"] != first["refresh_token"]
    me = await api.get("/api/v1/auth/me", headers=bearer(second["access_token"]))
    assert me.status == 200

    out = await api.post("/api/v1/auth/logout", json={}, headers=bearer(second["access_token"]))
    assert out.status == 204
    assert out.cookies["hr_refresh"].value == "" and out.cookies["hr_login"].value == ""
    assert (await api.get("/api/v1/auth/me", headers=bearer(second["access_token"]))).status == 401
    assert (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    ).status == 401
    # Neither a token nor a cookie: said, naming the field.
    none = await api.post("/api/v1/auth/refresh", json={})
    assert none.status == 422
    assert (await none.json())["error"]["details"][0]["field"] == "refresh_token"


async def test_a_refused_login_cookie_is_cleared(api: TestClient, role_headers: dict) -> None:
    # A cookie whose login ended elsewhere (logged out with the token in the body, a password changed) is
    # cleared with its 401, so no tab of the browser tries it again.
    pair = await login(api, "viewer")
    await api.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    api.session.cookie_jar.update_cookies({"hr_refresh": pair["refresh_token"], "hr_login": "1"})
    refused = await api.post("/api/v1/auth/refresh", json={})
    assert refused.status == 401
    assert refused.cookies["hr_refresh"].value == "" and refused.cookies["hr_login"].value == ""


def forged(settings: Settings, **changes: object) -> str:
    now = datetime.now(UTC)
    payload = {
        "sub": str(uuid.uuid4()),
        "typ": "access",
        "jti": str(uuid.uuid4()),
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "iss": tokens.ISSUER,
        "aud": tokens.AUDIENCE,
        "role": "admin",
    }
    payload.update(changes)
    return jwt.encode(payload, settings.jwt_secret.get_secret_value(), algorithm="HS256")


def alg_none(settings: Settings) -> str:
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=")
    body = forged(settings).split(".")[1]
    return f"{header.decode()}.{body}."


async def test_forged_tokens_are_401(api: TestClient, settings: Settings, role_headers: dict) -> None:
    real = role_headers["admin"]["Authorization"].split()[1]
    head, body, signature = real.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["role"] = "admin"
    claims["sub"] = str(uuid.uuid4())
    tampered_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    attacks = {
        "alg none": alg_none(settings),
        "wrong audience": forged(settings, aud="someone-else"),
        "wrong issuer": forged(settings, iss="evil"),
        "expired": forged(settings, exp=datetime.now(UTC) - timedelta(minutes=1)),
        "tampered payload": f"{head}.{tampered_body}.{signature}",
        "other secret": jwt.encode({"sub": "x"}, "another-secret-another-secret-123", algorithm="HS256"),
        "refresh as access": tokens.issue(settings, uuid.uuid4(), "refresh", family=uuid.uuid4())[0],
    }
    for name, token in attacks.items():
        response = await api.get("/api/v1/auth/me", headers=bearer(token))
        assert response.status == 401, name


async def test_api_keys_are_shown_once_stored_hashed_and_revocable(
    api: TestClient, role_headers: dict, db: async_sessionmaker[AsyncSession]
) -> None:
    admin = role_headers["admin"]
    created = await api.post("/api/v1/api-keys", json={"name": "ATS", "scope": "read"}, headers=admin)
    body = await created.json()
    assert created.status == 201 and body["key"].startswith("hrk_")
    async with db() as session:
        row = await session.scalar(select(ApiKey))
    assert row is not None and body["key"] not in (row.key_hash, row.prefix) and len(row.key_hash) == 64

    key_header = {"X-API-Key": body["key"]}
    me = await (await api.get("/api/v1/auth/me", headers=key_header)).json()
    assert me["kind"] == "api_key" and me["permissions"] == ["read"]
    upload = FormData()
    upload.add_field("file", b"Jane Roe\n", filename="cv.txt")
    refused = await api.post("/api/v1/resumes/upload", data=upload, headers=key_header)
    assert refused.status == 403
    # Before: "... which a api_key does not have".
    assert (await refused.json())["error"]["message"] == (
        "this needs the 'write' permission; this API key has only: read"
    )
    listed = await (await api.get("/api/v1/api-keys", headers=admin)).json()
    assert "key" not in listed["items"][0]

    assert (await api.delete(f"/api/v1/api-keys/{body['id']}", headers=admin)).status == 204
    assert (await api.get("/api/v1/auth/me", headers=key_header)).status == 401


async def test_an_api_key_does_no_more_than_its_creator_and_stops_when_they_are_deactivated(
    api: TestClient, role_headers: dict
) -> None:
    # A key worked on, with its own scope, after the admin who made it left: an admin who had left the
    # company kept a read_write door into every candidate's personal data until someone found and revoked it.
    admin = role_headers["admin"]
    users = (await (await api.get("/api/v1/users", headers=admin)).json())["items"]
    leaver = next(user["id"] for user in users if user["username"] == "recruiter")

    async def change(**fields: object) -> None:
        response = await api.patch(f"/api/v1/users/{leaver}", json=fields, headers=admin)
        assert response.status == 200, await response.text()

    await change(role="admin")
    token = (await login(api, "recruiter"))["access_token"]
    created = await api.post(
        "/api/v1/api-keys", json={"name": "ATS", "scope": "read_write"}, headers=bearer(token)
    )
    key_header = {"X-API-Key": (await created.json())["key"]}

    async def key_answer() -> tuple[int, dict]:
        response = await api.get("/api/v1/auth/me", headers=key_header)
        return response.status, await response.json()

    assert (await key_answer())[1]["permissions"] == ["read", "write"]
    await change(role="viewer")
    assert (await key_answer())[1]["permissions"] == ["read"]
    await change(is_active=False)
    status, body = await key_answer()
    assert (
        status == 401
        and "stopped working when the user who created it was deactivated" in (body["error"]["message"])
    )
    # The listing says which keys are refused now, to find a leaver's keys.
    listed = (await (await api.get("/api/v1/api-keys", headers=admin)).json())["items"]
    assert [key["active"] for key in listed] == [False]
    await change(is_active=True)
    assert (await key_answer())[0] == 200


async def test_a_checked_api_key_is_trusted_for_a_while_without_the_database(
    api: TestClient, role_headers: dict, db: async_sessionmaker[AsyncSession]
) -> None:
    """Searches by one key cost no query after the first; a revocation elsewhere counts once it expires."""
    admin = role_headers["admin"]
    created = await (
        await api.post("/api/v1/api-keys", json={"name": "ATS", "scope": "read"}, headers=admin)
    ).json()
    key_header = {"X-API-Key": created["key"]}
    assert (await api.get("/api/v1/auth/me", headers=key_header)).status == 200

    statements: list[str] = []
    engine = api.server.app[keys.DB_ENGINE].sync_engine

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert (await api.get("/api/v1/auth/me", headers=key_header)).status == 200
        assert statements == []

        # Revoked by another process (straight in the database): this one trusts its check until it expires.
        async with db.begin() as session:
            revoke = update(ApiKey).where(ApiKey.id == uuid.UUID(created["id"]))
            await session.execute(revoke.values(revoked_at=datetime.now(UTC)))
        assert (await api.get("/api/v1/auth/me", headers=key_header)).status == 200
        cache = api.server.app[keys.API_KEY_CACHE]
        cache.clock = lambda: time.monotonic() + cache.ttl + 1
        assert (await api.get("/api/v1/auth/me", headers=key_header)).status == 401
        assert any("api_keys" in statement for statement in statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)


async def test_many_requests_with_an_expired_key_share_one_database_check(
    api: TestClient, role_headers: dict
) -> None:
    """When a busy tool's cached key expires, its requests in flight must not all queue on the key's row."""
    asked = {"name": "ATS", "scope": "read"}
    created = await (await api.post("/api/v1/api-keys", json=asked, headers=role_headers["admin"])).json()
    key_header = {"X-API-Key": created["key"]}
    reads: list[str] = []
    engine = api.server.app[keys.DB_ENGINE].sync_engine

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if "FROM api_keys" in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        answers = await asyncio.gather(*(api.get("/api/v1/auth/me", headers=key_header) for _ in range(50)))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert [a.status for a in answers] == [200] * 50
    assert len(reads) < 5, f"{len(reads)} database checks of one key for 50 concurrent requests"


async def test_register_is_admin_only_and_validates(api: TestClient, role_headers: dict) -> None:
    new_user = {
        "email": "new@example.com",
        "username": "newbie",
        "password": "long enough password",
        "role": "viewer",
    }
    assert (
        await api.post("/api/v1/auth/register", json=new_user, headers=role_headers["recruiter"])
    ).status == 403
    created = await api.post("/api/v1/auth/register", json=new_user, headers=role_headers["admin"])
    assert created.status == 201
    assert (
        await api.post("/api/v1/auth/register", json=new_user, headers=role_headers["admin"])
    ).status == 409
    short = await api.post(
        "/api/v1/auth/register", json={**new_user, "password": "short"}, headers=role_headers["admin"]
    )
    assert short.status == 422
    assert (await short.json())["error"]["details"][0]["field"] == "password"
    blank = {**new_user, "email": "blank@example.com", "username": "blank", "password": " " * 12}
    refused = await api.post("/api/v1/auth/register", json=blank, headers=role_headers["admin"])
    assert refused.status == 422  # before: 201, a password of twelve spaces
    assert (await refused.json())["error"]["details"] == [
        {"field": "password", "problem": "must not be only spaces"}
    ]
    await login(api, "newbie", "long enough password")


def _new_user(n: int) -> dict[str, str]:
    return {"email": f"paged{n}@example.com", "username": f"paged{n}", "password": "long enough password"}


async def test_an_api_key_name_of_invisible_characters_is_refused_as_a_blank_one(
    api: TestClient, role_headers: dict
) -> None:
    # "   " was a 422, but a zero-width space made a key listed without a name.
    for name in ("   ", "\u200b", "\ufeff\u200b "):
        response = await api.post("/api/v1/api-keys", json={"name": name}, headers=role_headers["admin"])
        assert response.status == 422, name
        [detail] = (await response.json())["error"]["details"]
        assert detail["field"] == "name", name


@pytest.mark.parametrize(
    ("listing", "creation", "body"),
    [
        # Every user came in one answer however many there were, and `limit` was refused as no parameter.
        ("/api/v1/users", "/api/v1/auth/register", _new_user),
        # So did every key, and `limit` or `cursor` was a 422 as no parameter of the route: an HR tool's admin
        # with hundreds of keys could not page them.
        ("/api/v1/api-keys", "/api/v1/api-keys", lambda n: {"name": f"tool {n}", "scope": "read"}),
    ],
)
async def test_the_users_and_api_keys_lists_page_by_cursor_within_bounds(
    api: TestClient, role_headers: dict, listing: str, creation: str, body: Callable[[int], dict]
) -> None:
    admin = role_headers["admin"]
    for n in range(5):
        assert (await api.post(creation, json=body(n), headers=admin)).status == 201
    first = await (await api.get(listing, headers=admin)).json()
    everyone = [item["id"] for item in first["items"]]
    assert (first["limit"], first["next_cursor"]) == (50, None) and len(everyone) >= 5

    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        response = await api.get(listing, params=params, headers=admin)
        page = await response.json()
        assert response.status == 200, page
        assert len(page["items"]) <= 2 and page["limit"] == 2
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everyone  # oldest first, each once

    for params, field in (
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "nope"}, "cursor"),
        ({"cursor": "x" * 201}, "cursor"),
    ):
        refused = await api.get(listing, params=params, headers=admin)
        assert refused.status == 422, params
        assert [d["field"] for d in (await refused.json())["error"]["details"]] == [field]


async def user_id(api: TestClient, admin: dict, username: str) -> str:
    users = await (await api.get("/api/v1/users", headers=admin)).json()
    return next(user["id"] for user in users["items"] if user["username"] == username)


async def test_an_admin_deactivates_a_user_and_every_session_ends_at_once(
    api: TestClient, role_headers: dict
) -> None:
    admin = role_headers["admin"]
    pair = await login(api, "recruiter")
    recruiter = await user_id(api, admin, "recruiter")
    response = await api.patch(f"/api/v1/users/{recruiter}", json={"is_active": False}, headers=admin)
    body = await response.json()
    assert response.status == 200, body
    assert body["is_active"] is False and body["role"] == "recruiter"
    # The access token issued before is refused now, not at its expiry; so are its refresh token and a login.
    me = await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))
    assert me.status == 401
    assert (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    ).status == 401
    refused = await api.post("/api/v1/auth/login", json={"username": "recruiter", "password": PASSWORD})
    assert refused.status == 401
    # Reactivated, the user signs in again.
    await api.patch(f"/api/v1/users/{recruiter}", json={"is_active": True}, headers=admin)
    await login(api, "recruiter")


async def test_an_admin_changes_a_role_and_sets_a_new_password(api: TestClient, role_headers: dict) -> None:
    admin = role_headers["admin"]
    old = await login(api, "viewer")
    viewer = await user_id(api, admin, "viewer")
    promoted = await api.patch(f"/api/v1/users/{viewer}", json={"role": "recruiter"}, headers=admin)
    assert (await promoted.json())["role"] == "recruiter"
    # The next request already has the new role's permissions, on the token issued before.
    me = await (await api.get("/api/v1/auth/me", headers=bearer(old["access_token"]))).json()
    assert me["role"] == "recruiter" and me["permissions"] == ["read", "write"]
    reset = await api.patch(
        f"/api/v1/users/{viewer}", json={"password": "a brand new passphrase"}, headers=admin
    )
    assert reset.status == 200
    # A new password ends the old sessions; the old password no longer signs in, the new one does.
    assert (await api.get("/api/v1/auth/me", headers=bearer(old["access_token"]))).status == 401
    wrong = await api.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert wrong.status == 401
    await login(api, "viewer", "a brand new passphrase")


async def test_a_user_changes_their_own_password_and_every_other_session_ends(
    api: TestClient, role_headers: dict
) -> None:
    """Before, only an admin could set a password (PATCH /users/{id}): a viewer or recruiter had no way."""
    first = await login(api, "viewer")
    second = await login(api, "viewer")
    wrong = await api.post(
        "/api/v1/auth/password",
        json={"current_password": "not it at all", "new_password": "a brand new passphrase"},
        headers=bearer(first["access_token"]),
    )
    assert wrong.status == 422
    assert (await wrong.json())["error"]["details"] == [
        {"field": "current_password", "problem": "wrong password"}
    ]
    same = await api.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": PASSWORD},
        headers=bearer(first["access_token"]),
    )
    assert (await same.json())["error"]["details"][0]["field"] == "new_password"

    changed = await api.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
        headers=bearer(first["access_token"]),
    )
    pair = await changed.json()
    assert changed.status == 200, pair
    # The answer is a fresh login; every session from before ends, this one's too.
    me = await (await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))).json()
    assert me["user"]["username"] == "viewer"
    for old in (first, second):
        assert (await api.get("/api/v1/auth/me", headers=bearer(old["access_token"]))).status == 401
        refreshed = await api.post("/api/v1/auth/refresh", json={"refresh_token": old["refresh_token"]})
        assert refreshed.status == 401
    refused = await api.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert refused.status == 401
    await login(api, "viewer", "a brand new passphrase")


async def test_guessing_the_current_password_is_limited_and_an_api_key_has_none(
    api: TestClient, role_headers: dict
) -> None:
    session = bearer((await login(api, "recruiter"))["access_token"])
    guess = {"current_password": "a wrong guess", "new_password": "a brand new passphrase"}
    for _ in range(5):
        assert (await api.post("/api/v1/auth/password", json=guess, headers=session)).status == 422
    locked = await api.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
        headers=session,
    )
    assert locked.status == 429 and locked.headers["Retry-After"] == "900"
    await login(api, "recruiter")  # the password did not change

    created = await api.post(
        "/api/v1/api-keys", json={"name": "ATS", "scope": "read_write"}, headers=role_headers["admin"]
    )
    key = {"X-API-Key": (await created.json())["key"]}
    refused = await api.post("/api/v1/auth/password", json=guess, headers=key)
    assert refused.status == 403
    assert (await refused.json())["error"]["message"] == "an API key has no password to change"


async def test_the_last_active_admin_stays_and_bad_changes_are_refused(
    api: TestClient, role_headers: dict
) -> None:
    admin = role_headers["admin"]
    me = await user_id(api, admin, "admin")
    for change, field in (({"is_active": False}, "is_active"), ({"role": "viewer"}, "role")):
        response = await api.patch(f"/api/v1/users/{me}", json=change, headers=admin)
        body = await response.json()
        assert response.status == 409, body
        assert body["error"]["details"] == [{"field": field, "problem": "the last active admin"}]
    # With a second admin, the first may step down.
    recruiter = await user_id(api, admin, "recruiter")
    await api.patch(f"/api/v1/users/{recruiter}", json={"role": "admin"}, headers=admin)
    stepped_down = await api.patch(f"/api/v1/users/{me}", json={"role": "viewer"}, headers=admin)
    assert stepped_down.status == 200
    # Bad requests name what is wrong; an unknown user is a 404.
    other = role_headers["recruiter"]  # an admin now
    for change, status, field in (
        ({}, 422, "body"),
        ({"role": "owner"}, 422, "role"),
        ({"password": "short"}, 422, "password"),
        ({"password": " " * 12}, 422, "password"),
        ({"email": "x@example.com"}, 422, "email"),
    ):
        response = await api.patch(f"/api/v1/users/{recruiter}", json=change, headers=other)
        body = await response.json()
        assert response.status == status, (change, body)
        assert body["error"]["details"][0]["field"] == field, body
    missing = await api.patch(f"/api/v1/users/{uuid.uuid4()}", json={"is_active": False}, headers=other)
    assert missing.status == 404


# Every route with the status each caller gets; 2xx/4xx other than 401/403 means "let in".
ANONYMOUS, VIEWER, RECRUITER, ADMIN, KEY_READ, KEY_RW = range(6)
MATRIX = [
    ("GET", "/health", [True] * 6),
    ("GET", "/ready", [True] * 6),
    ("POST", "/api/v1/auth/login", [True] * 6),
    ("POST", "/api/v1/auth/refresh", [True] * 6),
    ("POST", "/api/v1/auth/logout", [True] * 6),
    ("GET", "/api/v1/auth/me", [False, True, True, True, True, True]),
    # Every user changes their own password; an API key has none.
    ("POST", "/api/v1/auth/password", [False, True, True, True, False, False]),
    ("POST", "/api/v1/auth/register", [False, False, False, True, False, False]),
    ("GET", "/api/v1/api-keys", [False, False, False, True, False, False]),
    ("POST", "/api/v1/api-keys", [False, False, False, True, False, False]),
    ("DELETE", "/api/v1/api-keys/{uuid}", [False, False, False, True, False, False]),
    ("GET", "/api/v1/users", [False, False, False, True, False, False]),
    ("PATCH", "/api/v1/users/{uuid}", [False, False, False, True, False, False]),
    ("GET", "/api/v1/resumes", [False, True, True, True, True, True]),
    ("GET", "/api/v1/resumes/{uuid}", [False, True, True, True, True, True]),
    ("GET", "/api/v1/resumes/{uuid}/file", [False, True, True, True, True, True]),
    ("POST", "/api/v1/resumes/upload", [False, False, True, True, False, True]),
    ("POST", "/api/v1/resumes/{uuid}/reprocess", [False, False, True, True, False, True]),
    ("DELETE", "/api/v1/resumes/{uuid}", [False, False, True, True, False, True]),
    ("GET", "/api/v1/candidates/{uuid}", [False, True, True, True, True, True]),
    ("PATCH", "/api/v1/candidates/{uuid}", [False, False, True, True, False, True]),
    ("DELETE", "/api/v1/candidates/{uuid}", [False, False, True, True, False, True]),
    ("POST", "/api/v1/search/candidates", [False, True, True, True, True, True]),
    ("POST", "/api/v1/search/candidates/lightweight", [False, True, True, True, True, True]),
    ("POST", "/api/v1/search/smart", [False, True, True, True, True, True]),
    ("GET", "/api/v1/search/filters", [False, True, True, True, True, True]),
    ("GET", "/api/v1/search/suggest", [False, True, True, True, True, True]),
    ("GET", "/api/v1/search/history", [False, True, True, True, True, True]),
    ("GET", "/api/v1/openapi.json", [True] * 6),
    # The recruiter's page and the docs UI (app/web/): public files, the API calls behind them are not.
    ("GET", "/", [True] * 6),
    ("GET", "/static/{version}/{name}", [True] * 6),
    ("GET", "/api/v1/docs", [True] * 6),
    ("GET", "/api/v1/docs/{name}", [True] * 6),
]


async def test_role_matrix(api: TestClient, role_headers: dict) -> None:
    admin = role_headers["admin"]
    keys = {}
    for scope in ("read", "read_write"):
        created = await (
            await api.post("/api/v1/api-keys", json={"name": scope, "scope": scope}, headers=admin)
        ).json()
        keys[scope] = {"X-API-Key": created["key"]}
    callers = [{}, role_headers["viewer"], role_headers["recruiter"], admin, keys["read"], keys["read_write"]]
    registered = {(r.method, r.resource.canonical) for r in api.app.router.routes() if r.resource}  # type: ignore[union-attr]
    assert registered - {("HEAD", p) for _, p in registered} == {
        (m, p.replace("{uuid}", "{id}")) for m, p, _ in MATRIX
    }

    for method, path, allowed in MATRIX:
        url = path.replace("{uuid}", str(uuid.uuid4()))
        for caller, expected in zip(callers, allowed, strict=True):
            response = await api.request(method, url, headers=caller, json={})
            let_in = response.status not in (401, 403)
            assert let_in == expected, (method, path, callers.index(caller), response.status)


def create_admin(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.main", "create-admin", *args, "--password-stdin"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_create_admin_command(api: TestClient, db: async_sessionmaker[AsyncSession]) -> None:
    weak = await asyncio.to_thread(create_admin, "--email", "boss@example.com", stdin="short\n")
    assert weak.returncode == 2 and "password" in weak.stderr and "Traceback" not in weak.stderr
    made = await asyncio.to_thread(
        create_admin, "--email", "boss@example.com", stdin="a long enough secret\n"
    )
    assert made.returncode == 0, made.stderr
    again = await asyncio.to_thread(
        create_admin, "--email", "boss@example.com", stdin="a long enough secret\n"
    )
    assert again.returncode == 1 and "exists" in again.stderr
    pair = await login(api, "boss", SECRET.strip())
    me = await (await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))).json()
    assert me["role"] == "admin"


async def test_an_admin_given_by_email_alone_is_made_whatever_comes_before_the_at(
    api: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # Before, the part before @ was the username as it stood: "jo+hr" (a "+") and "al" (too short) made
    # create-admin fail on a username nobody gave, and ADMIN_EMAIL create no admin at all.
    first = settings.model_copy(
        update={"admin_email": "jo+hr@example.com", "admin_password": SecretStr(SECRET.strip())}
    )
    assert await ensure_admin(db, first)
    made = await asyncio.to_thread(create_admin, "--email", "al@example.com", stdin=SECRET)
    assert made.returncode == 0, made.stderr
    for username in ("johr", "al-admin"):
        pair = await login(api, username, SECRET.strip())
        me = await (await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))).json()
        assert me["role"] == "admin"


async def test_create_admin_takes_a_password_ending_in_a_windows_line_break(
    api: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    # A password file saved on Windows, or piped from a Windows shell, ends in "\r\n": the "\r" was kept as
    # part of the password, which nobody can type at a login, so the new admin could never sign in.
    made = await asyncio.to_thread(create_admin, "--email", "win@example.com", stdin=SECRET.strip() + "\r\n")
    assert made.returncode == 0, made.stderr
    pair = await login(api, "win", SECRET.strip())
    me = await (await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))).json()
    assert me["role"] == "admin"
