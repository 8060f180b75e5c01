"""Reading path, query and body input into validated values, with 422s that name the field."""

from __future__ import annotations

import uuid
from typing import TypeVar

import orjson
from aiohttp import web
from pydantic import BaseModel, ValidationError

from app.errors import Unprocessable, UnsupportedMediaType, validation_details

Model = TypeVar("Model", bound=BaseModel)


def path_uuid(request: web.Request, name: str = "id") -> uuid.UUID:
    """A UUID from the URL path, or a 422 naming the parameter."""
    raw = request.match_info[name]
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise Unprocessable(
            f"{name} is not a valid UUID", details=[{"field": name, "problem": "not a valid UUID"}]
        ) from None


def parse_query(request: web.Request, model: type[Model]) -> Model:
    """The query string as a model; repeated keys become lists."""
    data: dict[str, object] = {}
    for key in request.query:
        values = request.query.getall(key)
        data[key] = values if len(values) > 1 else values[0]
    try:
        return model.model_validate(data)
    except ValidationError as error:
        details = validation_details(error)
        for detail in details:
            # "prefix=py&prefix=ja" read as a list, which a one-value field calls "not a valid string".
            if isinstance(data.get(detail["field"]), list):
                detail["problem"] = "given more than once; give it once"
        raise Unprocessable("the query string is not valid", details=details) from None


async def parse_body(request: web.Request, model: type[Model]) -> Model:
    """The JSON body as a model, or a 4xx saying what is wrong with it."""
    if request.content_type != "application/json":
        raise UnsupportedMediaType("the body must be application/json")
    raw = await request.read()
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise Unprocessable(
            "the body is not valid JSON", details=[{"field": "body", "problem": "invalid JSON"}]
        ) from None
    if b"\\u0000" in raw:
        # Postgres text cannot hold NUL, and no field of this API has a use for it.
        raise Unprocessable(
            "the body contains a NUL character",
            details=[{"field": "body", "problem": "NUL character (\\u0000)"}],
        )
    try:
        # Strict: "true" is not a boolean and "5" is not a number; JSON strings still make UUIDs and dates.
        return model.model_validate_json(raw, strict=True)
    except ValidationError as error:
        raise Unprocessable("the request is not valid", details=validation_details(error)) from None
