"""The API's middlewares (errors, metrics, request ids) and the /metrics listener: the aiohttp side of
app/errors.py, app/metrics.py and app/logs.py, which stay free of aiohttp for the services and the indexer."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.http_exceptions import HttpProcessingError
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from app import SERVER
from app.after_response import Callback, close_queue, open_queue
from app.after_response import run as run_queue
from app.errors import (
    DATABASE_DOWN,
    DEPENDENCY_RETRY_SECONDS,
    NOT_MIGRATED,
    ApiError,
    error_body,
    field_problem,
    not_migrated,
    validation_details,
)
from app.logs import REQUEST_ID, REQUEST_ID_HEADER
from app.metrics import (
    DATABASE_CONNECTIONS_ACTIVE,
    DATABASE_CONNECTIONS_IDLE,
    HTTP_REQUEST_DURATION,
    HTTP_REQUESTS,
    HTTP_REQUESTS_ACTIVE,
)
from app.responses import json_response

log = logging.getLogger("app.errors")
access_log = logging.getLogger("hr-api.access")

# A caller's id is kept when it is short and plain; anything else (a log-injection attempt) is replaced.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
# Routes polled by load balancers and orchestrators: their access lines are DEBUG, not INFO.
PROBE_ROUTES = frozenset({"/health", "/ready"})
# The request's queue of work for after its response (`app.after_response`).
AFTER_RESPONSE: web.RequestKey[list[Callback]] = web.RequestKey("after_response")


def route_template(request: web.Request) -> str:
    """The matched route's template (never the raw path, which would carry ids)."""
    info = request.match_info
    if info.http_exception is not None or info.route.resource is None:
        return "unmatched"
    return info.route.resource.canonical


async def name_the_server(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: the `Server` header without the versions aiohttp puts there."""
    response.headers["Server"] = SERVER


def metrics_app(registry: CollectorRegistry, engine: AsyncEngine | None = None) -> web.Application:
    """The /metrics listener of the registry's families, served on its own port so scrapes never queue behind
    API traffic."""

    async def metrics(request: web.Request) -> web.Response:
        if engine is not None:
            pool = engine.pool
            DATABASE_CONNECTIONS_ACTIVE.set(getattr(pool, "checkedout", lambda: 0)())
            DATABASE_CONNECTIONS_IDLE.set(getattr(pool, "checkedin", lambda: 0)())
        return web.Response(body=generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.on_response_prepare.append(name_the_server)
    app.router.add_get("/metrics", metrics)
    return app


CUT_SHORT = "the request body was cut short: the connection closed before all of it arrived"

# aiohttp's own HTTP exceptions (unknown route, wrong method, body too large) keep their status.
_HTTP_CODES = {
    404: "not_found",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def _method_not_allowed(request: web.Request, error: web.HTTPMethodNotAllowed) -> web.Response:
    """A 405 that names the methods the route takes, in its body and its `Allow` header: the body said only
    "Method Not Allowed", so a client had to know to read the header."""
    allowed = sorted(error.allowed_methods)
    method = request.method[:20]
    problem = f"{method} is not a method of this route; it takes {', '.join(allowed)}"
    body = error_body(
        "method_not_allowed",
        f"{method} is not a method of {request.path}: it takes {', '.join(allowed)}",
        field_problem("method", problem, allowed_methods=allowed),
    )
    return json_response(body, status=405, headers={"Allow": ", ".join(allowed)})


@web.middleware
async def error_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Every failure leaves as {"error": {code, message, details}}; never an HTML page or a traceback."""
    try:
        return await handler(request)
    except ApiError as error:
        body = error_body(error.code, error.message, error.details)
        return json_response(body, status=error.status, headers=error.headers())
    except ValidationError as error:
        return json_response(
            error_body("validation_error", "the request is not valid", validation_details(error)), status=422
        )
    except DATABASE_DOWN as error:
        if isinstance(error, ConnectionResetError) and request.transport is None:
            # The client closed its connection before the whole body arrived (aiohttp's "Connection lost"
            # while the handler read it): a body cut short, not a database outage, and nobody reads this.
            # It was a 503 "database unavailable" before, counted in HighErrorRate and logged as a warning.
            route = route_template(request)  # never the raw path, which can hold ids
            log.info("client closed the connection before its body arrived on %s %s", request.method, route)
            return json_response(error_body("bad_request", CUT_SHORT), status=400)
        # Postgres unreachable or its pool exhausted: say so plainly; the client may retry.
        log.warning("database unavailable on %s %s: %s", request.method, request.path, type(error).__name__)
        body = error_body("database_unavailable", "the database is unavailable; try again shortly")
        return json_response(body, status=503, headers={"Retry-After": str(DEPENDENCY_RETRY_SECONDS)})
    except HttpProcessingError as error:
        # A malformed body part (a multipart header it cannot read, say): the client's fault, said plainly.
        message = (error.message or "").strip() or "the request body could not be read"
        return json_response(error_body("bad_request", f"malformed request: {message[:200]}"), status=400)
    except web.RequestPayloadError:
        # The body's bytes are not what its framing says (a chunk size that is no number): a 500 "internal
        # server error" before, logged as one. The rest of the body cannot be told from the next request, so
        # the connection closes, said to the client (Connection: close). (A Content-Encoding is decoded by
        # the routes, `app.validation.read_body`.)
        body = error_body("bad_request", "the request body could not be read (its framing is broken)")
        refused = json_response(body, status=400)
        refused.force_close()
        return refused
    except web.HTTPMethodNotAllowed as error:
        return _method_not_allowed(request, error)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code = _HTTP_CODES.get(error.status, "http_error")
        message = error.reason if error.status != 404 else f"no route for {request.method} {request.path}"
        return json_response(error_body(code, message), status=error.status)
    except Exception as error:
        if not_migrated(error):
            # Every request fails so until someone migrates: say what to run, not "internal server error".
            log.error("database not migrated on %s %s", request.method, request.path)
            body = error_body("database_not_migrated", NOT_MIGRATED)
            return json_response(body, status=503, headers={"Retry-After": str(DEPENDENCY_RETRY_SECONDS)})
        log.exception("unhandled error on %s %s", request.method, request.match_info.route.resource)
        return json_response(error_body("internal_error", "internal server error"), status=500)


# The in-flight gauge's child per route template, looked up once per template rather than per request.
_IN_FLIGHT: dict[str, Any] = {}


def _in_flight(endpoint: str) -> Any:
    gauge = _IN_FLIGHT.get(endpoint)
    if gauge is None:
        gauge = _IN_FLIGHT[endpoint] = HTTP_REQUESTS_ACTIVE.labels(endpoint=endpoint)
    return gauge


@web.middleware
async def request_id_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """The outermost middleware: adopt or make the request id and return it in `X-Request-ID`; count the
    request in flight; open the request's queue of work for after its response (`app.after_response`, run by
    `AfterResponse`), where its access line and its latency and status metrics are recorded (per route
    template, never the raw path)."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
    token = REQUEST_ID.set(request_id)
    queue, queue_token = open_queue()
    request[AFTER_RESPONSE] = queue
    # The route template, never the raw path or query string (ids, search terms).
    route = route_template(request)
    active = _in_flight(route)
    active.inc()
    started = time.perf_counter()
    status = 500
    cancelled = False
    try:
        response = await handler(request)
        status = response.status
        if not response.prepared:
            response.headers[REQUEST_ID_HEADER] = request_id
        return response
    except web.HTTPException as error:
        status = error.status
        error.headers[REQUEST_ID_HEADER] = request_id
        raise
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        active.dec()

        def record() -> None:
            # Latency until the response is written: the queue runs once it is.
            elapsed = time.perf_counter() - started
            HTTP_REQUEST_DURATION.labels(method=request.method, endpoint=route).observe(elapsed)
            HTTP_REQUESTS.labels(method=request.method, endpoint=route, status=str(status)).inc()
            access_log.log(
                logging.DEBUG if route in PROBE_ROUTES else logging.INFO,
                "%s %s %d",
                request.method,
                route,
                status,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )

        queue.append(record)
        if cancelled:
            run_queue(queue)  # no response will be written, so no `AfterResponse` call: the queue runs now
        close_queue(queue_token)
        REQUEST_ID.reset(token)


class AfterResponse(AbstractAccessLogger):
    """aiohttp calls its access logger once a response is written; ours runs the request's queue there, with
    the request's id set for whatever those callbacks log. Give it to the application with
    `AFTER_RESPONSE_HANDLER_ARGS`."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        queue = request.get(AFTER_RESPONSE)
        if not queue:
            return
        token = REQUEST_ID.set(response.headers.get(REQUEST_ID_HEADER))
        try:
            run_queue(queue)
        finally:
            REQUEST_ID.reset(token)

    @property
    def enabled(self) -> bool:
        return True  # whatever the access logger's level: the queue always runs


# `web.Application(handler_args=...)`: requests are served with `AfterResponse` as their access logger.
AFTER_RESPONSE_HANDLER_ARGS: dict[str, Any] = {"access_log_class": AfterResponse, "access_log": access_log}
