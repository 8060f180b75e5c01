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
from app.health.service import DependencyState, check_all, watch_index
from app.openapi import api
from app.responses import json_response
from app.validation import NoParameters, no_query

routes = web.RouteTableDef()


class HealthOut(BaseModel):
    status: str


class DependencyOut(BaseModel):
    ok: bool
    detail: str
    # How long the check took; the checks run at once, under one deadline (READY_TIMEOUT_SECONDS).
    elapsed_ms: float


class ReadyOut(BaseModel):
    status: str
    dependencies: dict[str, DependencyOut]
    # "ready", "missing" (the alias has no index: searches answer 503) or "unknown" (OpenSearch is down).
    index: str
    # The index check itself: its answer ("ready", "missing") or why there was none, and how long it took.
    index_check: DependencyOut
    error: dict[str, Any] | None = None


@routes.get("/health")
@api("Liveness", query=NoParameters, response=HealthOut, errors=(422,))
@public
async def health(request: web.Request) -> web.Response:
    """The process is up and serving; says nothing about its dependencies."""
    no_query(request)
    return json_response({"status": "ok"})


@routes.get("/ready")
@api(
    "Readiness of Postgres, Redis and OpenSearch",
    query=NoParameters,
    response=ReadyOut,
    extra_statuses={503: ReadyOut},
    errors=(422,),
)
@public
async def ready(request: web.Request) -> web.Response:
    """200 when Postgres, Redis and OpenSearch all answer; 503 naming the ones that do not."""
    no_query(request)
    app = request.app
    settings = app[keys.SETTINGS]
    readiness = await check_all(
        app[keys.DB_ENGINE],
        app[keys.REDIS],
        app[keys.OPENSEARCH],
        settings.index_alias,
        settings.ready_timeout_seconds,
    )
    states, index = readiness.dependencies, readiness.index
    dependencies = {s.name: _state_json(s) for s in states}
    down = [s.name for s in states if not s.ok]
    answer = {
        "dependencies": dependencies,
        # Unknown when the index check failed: its entry says why (OpenSearch down or slow).
        "index": index.detail if index.ok else "unknown",
        "index_check": _state_json(index),
    }
    if down:
        body = {
            "status": "unavailable",
            **answer,
            "error": {
                "code": "dependency_unavailable",
                "message": f"not ready: {', '.join(down)} unavailable",
                "details": [{"field": f"dependencies.{name}", "problem": "unavailable"} for name in down],
            },
        }
        return json_response(body, status=503, headers={"Retry-After": str(DEPENDENCY_RETRY_SECONDS)})
    return json_response({"status": "ready", **answer})


def _state_json(state: DependencyState) -> dict[str, Any]:
    return {"ok": state.ok, "detail": state.detail, "elapsed_ms": state.elapsed_ms}


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
