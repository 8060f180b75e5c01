"""The OpenAPI 3.1 document, generated from the routes and their pydantic models."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import models_json_schema

from app.auth.principal import PERMISSION_ATTR, PUBLIC, public
from app.responses import json_response
from app.validation import no_query

Handler = TypeVar("Handler", bound=Callable[..., Any])
SPEC_ATTR = "__openapi__"
REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Operation:
    """What a handler takes and gives, for the document."""

    summary: str
    description: str | None = None
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    multipart: bool = False
    errors: tuple[int, ...] = (422,)
    extra_statuses: dict[int, type[BaseModel] | None] = field(default_factory=dict)
    # A file download: the success body is bytes of one of these media types, not JSON.
    file_response: tuple[str, ...] = ()
    # Request headers the operation reads (optional ones), by name, with what each says.
    headers: dict[str, str] = field(default_factory=dict)


def api(summary: str, **kwargs: Any) -> Callable[[Handler], Handler]:
    """Describe a handler for the OpenAPI document."""

    def mark(handler: Handler) -> Handler:
        setattr(handler, SPEC_ATTR, Operation(summary, **kwargs))
        return handler

    return mark


class FieldProblem(BaseModel):
    """One thing wrong: the field (a dotted path) and what is wrong with it; some carry more (limit_bytes)."""

    model_config = ConfigDict(extra="allow")

    field: str
    problem: str


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: list[FieldProblem] | None = None


class ErrorBody(BaseModel):
    """Every error the API returns has this shape."""

    error: ErrorDetail


ERROR_TEXT = {
    400: "bad request",
    401: "not authenticated",
    403: "not allowed for this role",
    404: "not found",
    409: "conflict",
    412: "the record changed since the version If-Match names",
    413: "too large",
    415: "unsupported media type",
    422: "invalid input",
    429: "too many requests",
    503: "a dependency is unavailable",
    504: "a dependency timed out",
}


# Answers that always say when to try again.
RETRY_STATUSES = frozenset({429, 503})
RETRY_AFTER_HEADER = {
    "description": "seconds to wait before trying again",
    "schema": {"type": "integer", "minimum": 0},
}
STATUS_MONITOR_HEADER = {
    "description": "where to follow the accepted work (GET): the resume and its parsing status",
    "schema": {"type": "string"},
}
CHALLENGE_HEADER = {
    "description": "the scheme that authenticates: Bearer (an access token; or X-API-Key)",
    "schema": {"type": "string"},
}


def _parameters(path: str, query: type[BaseModel] | None, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    params = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
        for name in re.findall(r"{(\w+)}", path)
    ]
    if query is not None:
        schema = query.model_json_schema(ref_template=REF)
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            params.append({"name": name, "in": "query", "required": name in required, "schema": prop})
        schemas.update(schema.get("$defs", {}))
    return params


def build_document(app: web.Application) -> dict[str, Any]:
    """OpenAPI 3.1 for every route of the application."""
    operations: list[tuple[str, str, Operation, bool]] = []
    wanted: set[tuple[type[BaseModel], str]] = {(ErrorBody, "serialization")}
    for route in app.router.routes():
        if route.method == "HEAD" or route.resource is None:
            continue
        spec: Operation | None = getattr(route.handler, SPEC_ATTR, None)
        if spec is None:
            continue
        public = getattr(route.handler, PERMISSION_ATTR, None) == PUBLIC
        operations.append((route.method.lower(), route.resource.canonical, spec, public))
        if spec.body is not None:
            wanted.add((spec.body, "validation"))
        responses = [spec.response, *spec.extra_statuses.values()]
        wanted.update((m, "serialization") for m in responses if m is not None)
    refs, top = models_json_schema(
        sorted(wanted, key=lambda pair: (pair[0].__name__, pair[1])),  # type: ignore[arg-type]
        ref_template=REF,
    )
    schemas: dict[str, Any] = dict(top.get("$defs", {}))

    def content(model: type[BaseModel], mode: str) -> dict[str, Any]:
        return {"application/json": {"schema": refs[(model, mode)]}}  # type: ignore[index]

    paths: dict[str, dict[str, Any]] = {}
    for method, path, spec, public in sorted(operations, key=lambda o: (o[1], o[0])):
        responses_doc: dict[str, Any] = {}
        statuses: dict[int, type[BaseModel] | None] = {spec.status: spec.response, **spec.extra_statuses}
        for status, model in statuses.items():
            entry: dict[str, Any] = {"description": "success"}
            if model is not None:
                entry["content"] = content(model, "serialization")
            elif spec.file_response and status == spec.status:
                binary = {"schema": {"type": "string", "format": "binary"}}
                entry["content"] = {media_type: binary for media_type in spec.file_response}
            if status in RETRY_STATUSES:
                entry["headers"] = {"Retry-After": RETRY_AFTER_HEADER}
            if status == 202:
                entry["headers"] = {"Location": STATUS_MONITOR_HEADER}
            responses_doc[str(status)] = entry
        errors = set(spec.errors) | ({401, 403} if not public else set())
        if spec.query is not None:
            errors.add(400)  # a parameter whose %-escapes are not UTF-8 (app/validation.py)
        for status in sorted(errors):
            responses_doc[str(status)] = {
                "description": ERROR_TEXT.get(status, "error"),
                "content": content(ErrorBody, "serialization"),
            }
            if status in RETRY_STATUSES:
                responses_doc[str(status)]["headers"] = {"Retry-After": RETRY_AFTER_HEADER}
            if status == 401:
                responses_doc[str(status)]["headers"] = {"WWW-Authenticate": CHALLENGE_HEADER}
        operation: dict[str, Any] = {
            "summary": spec.summary,
            "operationId": f"{method}_{re.sub(r'[^a-z0-9]+', '_', path.lower()).strip('_')}",
            "parameters": _parameters(path, spec.query, schemas)
            + [
                {
                    "name": name,
                    "in": "header",
                    "required": False,
                    "description": text,
                    "schema": {"type": "string"},
                }
                for name, text in spec.headers.items()
            ],
            "responses": responses_doc,
            "security": [] if public else [{"bearer": []}, {"apiKey": []}],
        }
        if spec.description is not None:
            operation["description"] = spec.description
        if spec.body is not None:
            operation["requestBody"] = {"required": True, "content": content(spec.body, "validation")}
        elif spec.multipart:
            operation["requestBody"] = {"required": True, "content": MULTIPART_FILE}
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "HR Resume Search API", "version": "1.0.0"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a login's access token (a JWT), or an API key",
                },
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
        },
    }


MULTIPART_FILE = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        }
    }
}


routes = web.RouteTableDef()


@routes.get("/api/v1/openapi.json")
@public
async def openapi(request: web.Request) -> web.Response:
    """This API's OpenAPI 3.1 document."""
    no_query(request)
    return json_response(request.app[DOCUMENT])


DOCUMENT: web.AppKey[dict[str, Any]] = web.AppKey("openapi_document")


async def build_on_startup(app: web.Application) -> None:
    """Built once, when every route is in place."""
    app[DOCUMENT] = build_document(app)


def setup_openapi(app: web.Application) -> None:
    app.router.add_routes(routes)
    app.on_startup.append(build_on_startup)
