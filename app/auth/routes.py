"""/api/v1/auth: login, refresh, logout, me, password, register; /api/v1/api-keys: create, list, revoke."""

from __future__ import annotations

from aiohttp import web

from app import keys
from app.auth import service
from app.auth.middleware import principal_of
from app.auth.principal import Permission, public, requires
from app.auth.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyList,
    ApiKeyOut,
    LoginRequest,
    MeOut,
    PageQuery,
    PasswordChange,
    RefreshRequest,
    RegisterRequest,
    TokenPair,
    UserList,
    UserOut,
    UserUpdate,
)
from app.errors import Forbidden, Unauthorized, Unprocessable, error_body, field_problem
from app.openapi import api
from app.responses import json_response
from app.validation import NoParameters, no_query, parse_body, parse_query, path_uuid

routes = web.RouteTableDef()

# Answers that carry a secret (a token pair, a new API key) are kept by no cache, the browser's included
# (RFC 6749 5.1): they went out with no Cache-Control at all.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}

# The page's login reaches every tab of the browser: a candidate opened in a new tab (Ctrl-click, middle
# click) landed on the login form while the tokens lived in the first tab's sessionStorage. The refresh token
# is kept in a cookie that no script reads (HttpOnly), no other site's page sends (SameSite=Strict), only the
# auth routes receive (refresh, logout) and the browser drops when it closes (no expiry); each tab keeps only
# its short-lived access token. Beside it a cookie without a secret, readable by the page and sent nowhere
# it matters, says a login is there to resume, so a tab without one asks nothing and shows the login form.
# Requests with the token in the body (API clients) work as before.
REFRESH_COOKIE = "hr_refresh"
LOGIN_COOKIE = "hr_login"
AUTH_PATH = "/api/v1/auth/"


def keep_login(request: web.Request, response: web.Response, refresh_token: str) -> web.Response:
    """The login's cookies on a response that issued a token pair. Secure over HTTPS (a TLS proxy in front
    says so in X-Forwarded-Proto; without one the header can only make the cookie stricter)."""
    secure = request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"
    response.set_cookie(
        REFRESH_COOKIE, refresh_token, path=AUTH_PATH, httponly=True, samesite="Strict", secure=secure
    )
    response.set_cookie(LOGIN_COOKIE, "1", path="/", samesite="Strict", secure=secure)
    return response


def forget_login(response: web.Response) -> web.Response:
    """Both cookies gone: logged out, or the refresh token they held was refused."""
    response.del_cookie(REFRESH_COOKIE, path=AUTH_PATH)
    response.del_cookie(LOGIN_COOKIE, path="/")
    return response


def refused_login(error: Unauthorized) -> web.Response:
    """The 401 the error middleware would write, with the login's cookies cleared."""
    body = error_body(error.code, error.message, error.details)
    return forget_login(json_response(body, status=error.status, headers=error.headers()))


def refresh_token_of(request: web.Request, body: RefreshRequest) -> tuple[str, bool]:
    """The refresh token the body names, else the login cookie's; and whether it came from the cookie."""
    if body.refresh_token is not None:
        return body.refresh_token, False
    kept = request.cookies.get(REFRESH_COOKIE)
    if not kept:
        raise Unprocessable(
            "no refresh token: send refresh_token, or log in in this browser first",
            details=field_problem("refresh_token", "required (in the body, or the login's cookie)"),
        )
    return kept, True


@routes.post("/api/v1/auth/login")
@api(
    "Log in",
    description="Answers the token pair, and keeps the refresh token in an HttpOnly, SameSite=Strict cookie "
    "for the auth routes (`hr_refresh`) with `hr_login=1` beside it, so that any tab of the same browser "
    "can refresh without the token (the page's own login).",
    body=LoginRequest,
    response=TokenPair,
    errors=(401, 413, 415, 422, 429, 503),
)
@public
async def login(request: web.Request) -> web.Response:
    """Username or email and password -> an access token and a refresh token."""
    body = await parse_body(request, LoginRequest)
    app = request.app
    pair = await service.login(
        app[keys.DB_SESSIONMAKER],
        app[keys.REDIS],
        app[keys.SETTINGS],
        body.username,
        body.password,
        request.remote or "unknown",
    )
    return keep_login(request, json_response(pair, headers=NO_STORE), pair.refresh_token)


@routes.post("/api/v1/auth/refresh")
@api(
    "Rotate a refresh token",
    description="The token in the body, else the one the login's cookie holds (`{}`: the page's tabs); the "
    "cookie follows the rotation. A token refused from the cookie ends the cookie too.",
    body=RefreshRequest,
    response=TokenPair,
    errors=(401, 413, 415, 422),
)
@public
async def refresh(request: web.Request) -> web.Response:
    body = await parse_body(request, RefreshRequest)
    token, from_cookie = refresh_token_of(request, body)
    app = request.app
    try:
        pair = await service.refresh(app[keys.DB_SESSIONMAKER], app[keys.REDIS], app[keys.SETTINGS], token)
    except Unauthorized as error:
        if not from_cookie:
            raise
        # The cookie's login is over (logged out elsewhere, expired, a password changed): no tab tries again.
        return refused_login(error)
    return keep_login(request, json_response(pair, headers=NO_STORE), pair.refresh_token)


@routes.post("/api/v1/auth/logout")
@api(
    "Log out (revoke the refresh token's family)",
    description="Every token of the login dies: its refresh tokens and its access tokens (the one sent as "
    "`Authorization: Bearer` too, when given). The token in the body, else the login cookie's; the login's "
    "cookies are cleared.",
    body=RefreshRequest,
    status=204,
    errors=(401, 413, 415, 422),
)
@public
async def logout(request: web.Request) -> web.Response:
    body = await parse_body(request, RefreshRequest)
    token, _ = refresh_token_of(request, body)
    scheme, _, access = request.headers.get("Authorization", "").partition(" ")
    app = request.app
    try:
        await service.logout(
            app[keys.DB_SESSIONMAKER],
            app[keys.REDIS],
            app[keys.SETTINGS],
            token,
            access.strip() if scheme.lower() == "bearer" else None,
        )
    except Unauthorized as error:
        return refused_login(error)
    return forget_login(web.Response(status=204))


@routes.get("/api/v1/auth/me")
@api("Who am I", query=NoParameters, response=MeOut, errors=(422,))
@requires(Permission.READ)
async def me(request: web.Request) -> web.Response:
    no_query(request)
    principal = principal_of(request)
    user = None
    if principal.user_id is not None:
        found = await service.get_user(request.app[keys.DB_SESSIONMAKER], principal.user_id)
        user = UserOut.model_validate(found) if found else None
    body = MeOut(
        kind="user" if principal.kind == "user" else "api_key",
        id=principal.id,
        role=principal.role,
        permissions=sorted(principal.permissions),
        user=user,
    )
    return json_response(body)


@routes.post("/api/v1/auth/password")
@api(
    "Change my own password",
    description="The current password and a new one (12 to 1,024 characters, not only spaces). Every "
    "session of the user ends, this one too, and the answer is a fresh token pair to carry on with. A wrong "
    "current password is a 422 naming `current_password` and counts as a failed login: after five in 15 "
    "minutes, 429. API keys have no password (403).",
    body=PasswordChange,
    response=TokenPair,
    errors=(403, 413, 415, 422, 429, 503),
)
@requires(Permission.READ)
async def change_password(request: web.Request) -> web.Response:
    user_id = principal_of(request).user_id
    if user_id is None:
        raise Forbidden("an API key has no password to change")
    body = await parse_body(request, PasswordChange)
    app = request.app
    pair = await service.change_own_password(
        app[keys.DB_SESSIONMAKER],
        app[keys.REDIS],
        app[keys.SETTINGS],
        user_id,
        body,
        request.remote or "unknown",
    )
    # This tab's login goes on in the new family; the cookie of the old one would be refused.
    return keep_login(request, json_response(pair, headers=NO_STORE), pair.refresh_token)


@routes.post("/api/v1/auth/register")
@api("Create a user (admin)", body=RegisterRequest, response=UserOut, status=201, errors=(409, 415, 422))
@requires(Permission.ADMIN)
async def register(request: web.Request) -> web.Response:
    body = await parse_body(request, RegisterRequest)
    user = await service.create_user(request.app[keys.DB_SESSIONMAKER], body, principal_of(request).actor)
    return json_response(UserOut.model_validate(user), status=201)


@routes.get("/api/v1/users")
@api(
    "List users (admin), oldest first, a page at a time",
    response=UserList,
    query=PageQuery,
    errors=(422,),
)
@requires(Permission.ADMIN)
async def list_users(request: web.Request) -> web.Response:
    query = parse_query(request, PageQuery)
    rows, next_cursor = await service.list_users(request.app[keys.DB_SESSIONMAKER], query.limit, query.cursor)
    items = [UserOut.model_validate(row) for row in rows]
    return json_response(UserList(items=items, limit=query.limit, next_cursor=next_cursor))


@routes.patch("/api/v1/users/{id:[0-9a-fA-F-]{32,36}}")
@api(
    "Change a user's role, deactivate or reactivate them, or set a new password (admin)",
    description="A new role or a deactivation holds from the user's next request, and for the API keys the "
    "user created (a deactivated user's keys are refused, a viewer's only read; other processes follow "
    "within API_KEY_CACHE_SECONDS). A deactivation or a new password also ends every session the user has "
    "(refresh and access tokens). The last active admin "
    "cannot be demoted or deactivated (409).",
    body=UserUpdate,
    response=UserOut,
    errors=(404, 409, 415, 422),
)
@requires(Permission.ADMIN)
async def update_user(request: web.Request) -> web.Response:
    user_id = path_uuid(request)
    body = await parse_body(request, UserUpdate)
    app = request.app
    user = await service.update_user(
        app[keys.DB_SESSIONMAKER],
        app[keys.REDIS],
        app[keys.SETTINGS],
        user_id,
        body,
        principal_of(request).actor,
        app[keys.API_KEY_CACHE],
    )
    return json_response(UserOut.model_validate(user))


@routes.post("/api/v1/api-keys")
@api(
    "Create an API key (shown once)", body=ApiKeyCreate, response=ApiKeyCreated, status=201, errors=(415, 422)
)
@requires(Permission.ADMIN)
async def create_api_key(request: web.Request) -> web.Response:
    body = await parse_body(request, ApiKeyCreate)
    row, key = await service.create_api_key(request.app[keys.DB_SESSIONMAKER], body, principal_of(request))
    created = ApiKeyCreated(**ApiKeyOut.model_validate(row).model_dump(), key=key)
    return json_response(created, status=201, headers=NO_STORE)


@routes.get("/api/v1/api-keys")
@api(
    "List API keys (admin), oldest first, a page at a time",
    response=ApiKeyList,
    query=PageQuery,
    errors=(422,),
)
@requires(Permission.ADMIN)
async def list_api_keys(request: web.Request) -> web.Response:
    query = parse_query(request, PageQuery)
    rows, next_cursor = await service.list_api_keys(
        request.app[keys.DB_SESSIONMAKER], query.limit, query.cursor
    )
    items = [ApiKeyOut.model_validate(row).model_copy(update={"active": active}) for row, active in rows]
    return json_response(ApiKeyList(items=items, limit=query.limit, next_cursor=next_cursor))


@routes.delete("/api/v1/api-keys/{id:[0-9a-fA-F-]{32,36}}")
@api(
    "Revoke an API key",
    description="Refused at once by this API process. Other processes that checked the key recently (more "
    "API replicas, the MCP server) accept it until their cached check expires: API_KEY_CACHE_SECONDS, "
    "30 by default.",
    status=204,
    errors=(404, 422),
)
@requires(Permission.ADMIN)
async def revoke_api_key(request: web.Request) -> web.Response:
    no_query(request)
    app = request.app
    await service.revoke_api_key(
        app[keys.DB_SESSIONMAKER], path_uuid(request), principal_of(request), app[keys.API_KEY_CACHE]
    )
    return web.Response(status=204)


def setup_auth(app: web.Application) -> None:
    app.router.add_routes(routes)
