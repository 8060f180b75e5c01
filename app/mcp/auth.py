"""Who calls the MCP server: an API key over HTTP (on every request), or a trusted local process.

Keys are checked against the database at most every API_KEY_CACHE_SECONDS (app/auth/key_cache.py): a key
revoked through the HTTP API is refused here once this process's cached check expires.

Over stdio the client started this process itself, with this user's rights on this machine, so it is trusted
with read and write; set HR_MCP_API_KEY to act as that key instead, with its scope (a read key cannot upload).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.auth.key_cache import ApiKeyCache
from app.auth.principal import Permission, Principal
from app.auth.service import authenticate_api_key
from app.composition import Services
from app.errors import DEPENDENCY_RETRY_SECONDS, Forbidden, Unauthorized

log = logging.getLogger(__name__)

API_KEY_ENV = "HR_MCP_API_KEY"
# Where the HTTP middleware leaves the caller for the tools (the request's state).
PRINCIPAL_STATE = "principal"
LOCAL = Principal("local", uuid.UUID(int=0), "local", frozenset({Permission.READ, Permission.WRITE}))


def presented_key(headers: Headers) -> str | None:
    """The API key from `X-API-Key: <key>` or `Authorization: Bearer <key>`."""
    key = headers.get("x-api-key", "").strip()
    if key:
        return key
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return None


class ApiKeyMiddleware:
    """ASGI middleware: every HTTP request needs a valid API key; the caller goes on the request's state."""

    def __init__(self, app: ASGIApp, sessions: async_sessionmaker[AsyncSession], cache: ApiKeyCache) -> None:
        self.app = app
        self.sessions = sessions
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = presented_key(Headers(scope=scope))
        if key is None:
            message = "authentication required: send X-API-Key: <api key> or Authorization: Bearer <api key>"
            await refuse(401, "unauthorized", message)(scope, receive, send)
            return
        try:
            principal = await authenticate_api_key(self.sessions, key, self.cache)
        except Unauthorized as error:
            await refuse(401, error.code, error.message)(scope, receive, send)
            return
        except (SQLAlchemyError, OSError) as error:
            log.warning("cannot check an API key: %s", type(error).__name__)
            await refuse(503, "service_unavailable", "cannot check API keys right now; try again")(
                scope, receive, send
            )
            return
        scope.setdefault("state", {})[PRINCIPAL_STATE] = principal
        await self.app(scope, receive, send)


# JSON-RPC error codes of a refusal before any tool runs (the range JSON-RPC leaves to servers).
UNAUTHORIZED = -32001
UNAVAILABLE = -32002


def refuse(status: int, code: str, message: str) -> JSONResponse:
    """A JSON-RPC error carrying the message, which an MCP client hands to the model: the API's error body
    (`{"error": {"code": "unauthorized", ...}}`) was no JSON-RPC message to the SDK's client, which said
    "Server returned an error response" for a key refused, mistyped or of a deactivated admin alike. The
    message is where a person debugging with curl finds it in the API's answers (`error.message`); the
    API's code is in `error.data`."""
    headers = {"WWW-Authenticate": 'Bearer realm="hr-mcp"'} if status == 401 else None
    if status == 503:
        headers = {"Retry-After": str(DEPENDENCY_RETRY_SECONDS)}
    error = {
        "code": UNAVAILABLE if status == 503 else UNAUTHORIZED,
        "message": message,
        "data": {"code": code, "status": status},
    }
    return JSONResponse({"jsonrpc": "2.0", "id": None, "error": error}, status_code=status, headers=headers)


async def caller(request: Any, services: Services, stdio_key: str | None) -> Principal:
    """The principal of one tool call: from the HTTP request it came in, else the stdio process's identity."""
    if isinstance(request, Request):
        principal = request.scope.get("state", {}).get(PRINCIPAL_STATE)
        if not isinstance(principal, Principal):
            raise Unauthorized("authentication required")
        return principal
    if stdio_key:
        try:
            return await authenticate_api_key(services.sessions, stdio_key, services.api_keys)
        except Unauthorized:
            # The model relays this to a person who never typed a key: name where it came from.
            raise Unauthorized(
                f"{API_KEY_ENV} in this MCP server's configuration is not a valid API key (mistyped or "
                "revoked): set a valid key there (an admin creates one)"
            ) from None
    return LOCAL


def require(principal: Principal, permission: Permission, tool: str) -> None:
    """Refuse a call the caller's role or key scope does not allow."""
    if permission not in principal.permissions:
        held = ", ".join(sorted(p.value for p in principal.permissions)) or "none"
        raise Forbidden(
            f"{tool} needs the '{permission.value}' permission; this {principal.role.replace('_', ' ')} "
            f"has only: {held}"
        )
