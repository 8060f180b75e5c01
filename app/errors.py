"""Errors the services raise and the body every error leaves as; app/middlewares.py turns them into
responses. No aiohttp here."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger(__name__)


# Retry-After of a 503 for a dependency that is down or busy: long enough for a restart to be noticed.
DEPENDENCY_RETRY_SECONDS = 5

# What a request meets when Postgres is down: refused connections, dropped ones, an exhausted pool.
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout, ConnectionError, OSError)

# Postgres's SQLSTATEs for a table or a column that does not exist: the database was not migrated to this
# version (`app.migrate.schema_problem` says which migration; /ready asks it).
UNDEFINED_SCHEMA_STATES = frozenset({"42P01", "42703"})
NOT_MIGRATED = "the database is not migrated to this version: run `hr-api migrate` first"


def not_migrated(error: BaseException) -> bool:
    """Whether a statement failed on a table or column this version needs and the database lacks."""
    return (
        isinstance(error, ProgrammingError) and getattr(error.orig, "pgcode", None) in UNDEFINED_SCHEMA_STATES
    )


class ApiError(Exception):
    """An error with an HTTP status, a stable machine code and a message a person understands."""

    status = 400
    code = "bad_request"
    # Seconds a client should wait before trying again, sent as Retry-After (429 and 503 only).
    retry_after: int | None = None

    def __init__(
        self, message: str, *, details: Any = None, code: str | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code is not None:
            self.code = code
        if retry_after is not None:
            self.retry_after = retry_after

    def headers(self) -> dict[str, str] | None:
        """Headers the response carries besides the body: when to try again, for a 429 or a 503."""
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else None


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"

    def headers(self) -> dict[str, str]:
        # A 401 names the scheme that authenticates (RFC 9110 15.5.2); it went out without one.
        return {"WWW-Authenticate": 'Bearer realm="hr-api"'}


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class Conflict(ApiError):
    status = 409
    code = "conflict"


class PreconditionFailed(ApiError):
    status = 412
    code = "precondition_failed"


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(ApiError):
    status = 415
    code = "unsupported_media_type"


# The content codings a request body may come in (RFC 9110 8.4.1), said in a 415's Accept-Encoding.
ACCEPTED_BODY_ENCODINGS = ("gzip", "deflate")


class UnsupportedContentEncoding(UnsupportedMediaType):
    """A body in a content coding this API does not read (br, zstd, compress): a 415 whose Accept-Encoding
    names the ones it does, as RFC 9110 15.5.16 asks."""

    def headers(self) -> dict[str, str]:
        return {"Accept-Encoding": ", ".join(ACCEPTED_BODY_ENCODINGS)}


class Unprocessable(ApiError):
    status = 422
    code = "validation_error"


class TooManyRequests(ApiError):
    status = 429
    code = "too_many_requests"
    retry_after = 60


class ServiceUnavailable(ApiError):
    status = 503
    code = "service_unavailable"
    retry_after = DEPENDENCY_RETRY_SECONDS


class GatewayTimeout(ApiError):
    status = 504
    code = "gateway_timeout"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The shape of every error the API returns."""
    return {"error": {"code": code, "message": message, "details": details}}


def field_problem(field: str, problem: str, **extra: Any) -> list[dict[str, Any]]:
    """The `details` of an error about one field, in the one shape every error's details have:
    a list of {field, problem} objects (a few carry more, such as `limit_bytes`)."""
    return [{"field": field, "problem": problem, **extra}]


def nul_field(value: object) -> str | None:
    """The field of a JSON value whose string (or a key's name) holds a NUL, as a dotted path ("skills.1",
    "body" for the value itself), or None. Postgres text cannot hold NUL, and no field has a use for it."""
    path: list[str] = []

    def walk(item: object) -> bool:
        if isinstance(item, str):
            return "\x00" in item
        if isinstance(item, dict):
            children: Iterable[tuple[object, object]] = item.items()
        else:
            children = enumerate(item) if isinstance(item, list) else ()
        for key, child in children:
            path.append(str(key).replace("\x00", ""))
            if "\x00" in str(key) or walk(child):
                return True
            path.pop()
        return False

    return (".".join(path) or "body") if walk(value) else None


class FieldProblem(ValueError):
    """A model validator's finding about one field ("candidate_id is required ..."): pydantic places a model
    validator's error on the whole body, so `validation_details` names `field` instead (and drops the field's
    name from the front of the sentence)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field = field


# pydantic's prefix on a message raised from a validator; the reader only needs the sentence.
_VALUE_ERROR_PREFIX = "Value error, "


def validation_details(error: ValidationError, whole: str = "body") -> list[dict[str, str]]:
    """Each bad field as {field, problem}, the field as a dotted path: a `FieldProblem`'s own field when a
    model validator found it, `whole` for a finding about no one field."""
    details = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"])
        problem = item["msg"].removeprefix(_VALUE_ERROR_PREFIX)
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, FieldProblem):
            field = ".".join(filter(None, (field, cause.field)))
            problem = problem.removeprefix(f"{cause.field} ")  # said once, as the field
        details.append({"field": field or whole, "problem": problem})
    return details
