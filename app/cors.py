"""CORS for the browser origins in CORS_ORIGINS: none by default, so only the API's own pages call it."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from app import keys

# What a cross-origin page may send and read. Credentials are never allowed: the login's cookies
# (app/auth/routes.py) are SameSite=Strict, for the API's own page only.
ALLOWED_METHODS = "GET, POST, PATCH, DELETE"
# (If-Match with the ETag read, for an edit that must not overwrite a newer one; Location, where to follow an
# accepted upload.)
ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, X-API-Key, X-Request-ID"
EXPOSED_HEADERS = "Retry-After, X-Request-ID, Content-Disposition, ETag, Location"
# Seconds a browser may reuse a preflight answer.
PREFLIGHT_MAX_AGE = "600"


def allowed_origin(request: web.Request) -> str | None:
    """The request's Origin when CORS_ORIGINS lists it, else None."""
    origin = request.headers.get("Origin")
    if origin and origin.lower() in request.app[keys.SETTINGS].cors_origin_set:
        return origin
    return None


@web.middleware
async def cors_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Answer preflights of listed origins at once (before authentication); mark their responses readable."""
    origin = allowed_origin(request)
    if origin is None:
        response = await handler(request)
        if request.headers.get("Origin"):
            response.headers.add("Vary", "Origin")
        return response
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        return web.Response(
            status=204,
            headers={
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
                "Vary": "Origin",
            },
        )
    response = await handler(request)
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    response.headers.add("Vary", "Origin")
    return response
