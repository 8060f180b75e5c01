"""Errors the API raises, and the one place that turns any error into a JSON body."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from pydantic import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from app.responses import json_response

log = logging.getLogger(__name__)


# What a request meets when Postgres is down: refused connections, dropped ones, an exhausted pool.
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout, ConnectionError, OSError)


class ApiError(Exception):
    """An error with an HTTP status, a stable machine code and a message a person understands."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code is not None:
            self.code = code


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class Conflict(ApiError):
    status = 409
    code = "conflict"


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(ApiError):
    status = 415
    code = "unsupported_media_type"


class Unprocessable(ApiError):
    status = 422
    code = "validation_error"


class TooManyRequests(ApiError):
    status = 429
    code = "too_many_requests"


class ServiceUnavailable(ApiError):
    status = 503
    code = "service_unavailable"


class GatewayTimeout(ApiError):
    status = 504
    code = "gateway_timeout"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The shape of every error the API returns."""
    return {"error": {"code": code, "message": message, "details": details}}


def validation_details(error: ValidationError) -> list[dict[str, str]]:
    """Each bad field as {field, problem}, the field as a dotted path."""
    return [
        {"field": ".".join(str(part) for part in item["loc"]) or "body", "problem": item["msg"]}
        for item in error.errors(include_url=False)
    ]


# aiohttp's own HTTP exceptions (unknown route, wrong method, body too large) keep their status.
_HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


@web.middleware
async def error_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Every failure leaves as {"error": {code, message, details}}; never an HTML page or a traceback."""
    try:
        return await handler(request)
    except ApiError as error:
        return json_response(error_body(error.code, error.message, error.details), status=error.status)
    except ValidationError as error:
        return json_response(
            error_body("validation_error", "the request is not valid", validation_details(error)), status=422
        )
    except DATABASE_DOWN as error:
        # Postgres unreachable or its pool exhausted: say so plainly; the client may retry.
        log.warning("database unavailable on %s %s: %s", request.method, request.path, type(error).__name__)
        body = error_body("database_unavailable", "the database is unavailable; try again shortly")
        return json_response(body, status=503)
    except HttpProcessingError as error:
        # A malformed body part (a multipart header it cannot read, say): the client's fault, said plainly.
        message = (error.message or "").strip() or "the request body could not be read"
        return json_response(error_body("bad_request", f"malformed request: {message[:200]}"), status=400)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code = _HTTP_CODES.get(error.status, "http_error")
        message = error.reason if error.status != 404 else f"no route for {request.method} {request.path}"
        headers = {k: v for k, v in error.headers.items() if k.lower() == "allow"}
        return json_response(error_body(code, message), status=error.status, headers=headers)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.match_info.route.resource)
        return json_response(error_body("internal_error", "internal server error"), status=500)
