"""GET /health (liveness, touches nothing) and GET /ready (every dependency answers; the index's state)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from app import keys
from app.auth.principal import public
from app.errors import DEPENDENCY_RETRY_SECONDS
from app.health.service import check_all, index_state, watch_index
from app.openapi import api
from app.responses import json_response

routes = web.RouteTableDef()


class HealthOut(BaseModel):
    status: str


class DependencyOut(BaseModel):
    ok: bool
    detail: str


class ReadyOut(BaseModel):
    status: str
    dependencies: dict[str, DependencyOut]
    # "ready", "missing" (the alias has no index: searches answer 503) or "unknown" (OpenSearch is down).
    index: str
    error: dict[str, Any] | None = None


@routes.get("/health")
@api("Liveness", response=HealthOut, errors=())
@public
async def health(request: web.Request) -> web.Response:
    """The process is up and serving; says nothing about its dependencies."""
    return json_response({"status": "ok"})


@routes.get("/ready")
@api(
    "Readiness of Postgres, Redis and OpenSearch",
    response=ReadyOut,
    extra_statuses={503: ReadyOut},
    errors=(),
)
@public
async def ready(request: web.Request) -> web.Response:
    """200 when Postgres, Redis and OpenSearch all answer; 503 naming the ones that do not."""
    app = request.app
    states = await check_all(
        app[keys.DB_ENGINE], app[keys.REDIS], app[keys.OPENSEARCH], app[keys.SETTINGS].ready_timeout_seconds
    )
    dependencies = {s.name: {"ok": s.ok, "detail": s.detail} for s in states}
    down = [s.name for s in states if not s.ok]
    index = await _index_state(app)
    if down:
        body = {
            "status": "unavailable",
            "dependencies": dependencies,
            "index": index,
            "error": {
                "code": "dependency_unavailable",
                "message": f"not ready: {', '.join(down)} unavailable",
                "details": [{"field": f"dependencies.{name}", "problem": "unavailable"} for name in down],
            },
        }
        return json_response(body, status=503, headers={"Retry-After": str(DEPENDENCY_RETRY_SECONDS)})
    return json_response({"status": "ready", "dependencies": dependencies, "index": index})


async def _index_state(app: web.Application) -> str:
    settings = app[keys.SETTINGS]
    try:
        async with asyncio.timeout(settings.ready_timeout_seconds):
            return await index_state(app[keys.OPENSEARCH], settings.index_alias)
    except Exception:  # OpenSearch down or slow: its dependency entry says why
        return "unknown"


async def index_watch_context(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: the index watch runs while the API serves (app/health/service.py::watch_index)."""
    task = asyncio.create_task(watch_index(app[keys.OPENSEARCH], app[keys.SETTINGS].index_alias))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def setup_health(app: web.Application) -> None:
    app.router.add_routes(routes)
    # After the services' context (appended before setup_health), whose OpenSearch client it uses.
    app.cleanup_ctx.append(index_watch_context)
