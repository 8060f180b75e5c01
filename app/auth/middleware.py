"""Every route needs a token or an API key unless it is marked public; the route's permission is enforced."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from app import keys
from app.auth import service
from app.auth.principal import PERMISSION_ATTR, PUBLIC, Permission, Principal
from app.errors import Forbidden, Unauthorized, field_problem

PRINCIPAL: web.RequestKey[Principal] = web.RequestKey("principal")
# Largest body a route without authentication reads (a login is a few hundred bytes, a refresh token 4 KiB):
# the upload-sized limit of the application is for callers who identified themselves.
ANONYMOUS_MAX_BODY_BYTES = 16 * 1024
# What the answer to an authenticated request says to caches, unless its route says otherwise.
PRIVATE = "private, no-store"


def required_permission(request: web.Request) -> str | None:
    """The permission the matched handler declares; None for an unmatched route (it will be a 404)."""
    if request.match_info.http_exception is not None:
        return None
    handler = request.match_info.handler
    # Deny by default: a handler that declares nothing needs admin rights.
    return getattr(handler, PERMISSION_ATTR, Permission.ADMIN)


def misplaced_key(request: web.Request, authorization: str) -> None:
    """A 401 that says where an API key goes when it came where none is read: under another scheme of
    Authorization (`Token hrk_...`) or in the query string (`?api_key=`), answered "authentication required"
    without naming the X-API-Key header the key needs."""
    if any(word.startswith(service.API_KEY_PREFIX) for word in authorization.split()):
        raise Unauthorized(
            "an API key goes in the X-API-Key header (or as Authorization: Bearer <key>)",
            details=field_problem("Authorization", "holds an API key under another scheme than Bearer"),
        )
    if authorization.strip():
        return  # other credentials, checked as such: a search's own parameters may hold anything
    for name, value in request.query.items():
        if value.startswith(service.API_KEY_PREFIX):
            raise Unauthorized(
                "an API key goes in the X-API-Key header, never in the URL (where proxies and browsers "
                "log it; revoke a key that was sent so)",
                details=field_problem(name, "holds an API key: send it as the X-API-Key header instead"),
            )


async def identify(request: web.Request) -> Principal:
    """The caller from `X-API-Key: <key>` or `Authorization: Bearer <jwt or key>`, or a 401."""
    app = request.app
    sessions = app[keys.DB_SESSIONMAKER]
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    bearer = credentials.strip() if scheme.lower() == "bearer" else ""
    # A key as a Bearer token, as the MCP server takes it and as HR tools' "bearer token" settings send it:
    # it was checked as an access token, "invalid token".
    api_key = request.headers.get("X-API-Key") or (
        bearer if bearer.startswith(service.API_KEY_PREFIX) else ""
    )
    if api_key:
        return await service.authenticate_api_key(sessions, api_key, app[keys.API_KEY_CACHE])
    misplaced_key(request, header)
    if not bearer:
        raise Unauthorized("authentication required: send a Bearer token or an X-API-Key header")
    return await service.authenticate_bearer(sessions, app[keys.REDIS], app[keys.SETTINGS], bearer)


@web.middleware
async def auth_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    needed = required_permission(request)
    if needed is None or needed == PUBLIC:
        # Past the limit, reading the body is a 413 (aiohttp's own check, also for chunked bodies).
        return await handler(request.clone(client_max_size=ANONYMOUS_MAX_BODY_BYTES))
    principal = await identify(request)
    if needed not in principal.permissions:
        if principal.kind == "api_key":
            held = ", ".join(sorted(principal.permissions))
            raise Forbidden(f"this needs the '{needed}' permission; this API key has only: {held}")
        raise Forbidden(f"this needs the '{needed}' permission, which a {principal.role} does not have")
    request[PRINCIPAL] = principal
    response = await handler(request)
    # Answers to an identified caller hold personal data (names, emails, phones, resume text) or are the
    # caller's own: kept by no cache, a shared proxy's or the browser's. They went out with no
    # Cache-Control, which let a cache between an HR tool and the API store them heuristically.
    if not response.prepared:
        response.headers.setdefault("Cache-Control", PRIVATE)
    return response


def principal_of(request: web.Request) -> Principal:
    return request[PRINCIPAL]
