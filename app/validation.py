"""Reading path, query and body input into validated values, with 4xxs that name the field."""

from __future__ import annotations

import re
import uuid
from typing import TypeVar
from urllib.parse import unquote_to_bytes

import orjson
from aiohttp import web
from pydantic import BaseModel, ValidationError

from app.errors import ApiError, Unprocessable, UnsupportedMediaType, field_problem, validation_details

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


# An entity tag as this API gives them (a record's version, `"12"`), also weak (`W/"12"`: a proxy that
# compresses an answer may weaken its tag) or unquoted (`12`), one of a comma-separated list.
_VERSION_TAG = re.compile(r'^(?:W/)?"?([0-9]{1,18})"?$')


def if_match_versions(request: web.Request) -> frozenset[int] | None:
    """The record versions an `If-Match` header accepts; None when it sets no condition (absent, or `*`).
    A tag that is no version of this API is a 422 naming the header: it could never match."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    versions = set()
    for tag in (item.strip() for item in header.split(",")):
        if tag == "*":
            return None
        match = _VERSION_TAG.match(tag)
        if match is None:
            raise Unprocessable(
                "If-Match holds no ETag this API gave",
                details=field_problem(
                    "If-Match", 'not an ETag of this API: send the ETag a GET answered ("12")'
                ),
            )
        versions.add(int(match.group(1)))
    return frozenset(versions)


def _utf8(part: str) -> str | None:
    """A query string's key or value percent-decoded, or None when its bytes are not UTF-8."""
    try:
        return unquote_to_bytes(part.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        return None


def check_query_encoding(raw_query: str) -> None:
    """A 400 naming the parameter whose %-escapes are not UTF-8 ("prefix=%ff"): yarl reads such bytes as
    U+FFFD, so the request would be answered as one for U+FFFD instead of being refused."""
    for pair in raw_query.split("&"):
        key, _, value = pair.partition("=")
        name = _utf8(key)
        if name is None:
            problem = "a parameter's name is not valid UTF-8 once its %-escapes are decoded"
            raise ApiError(
                "the query string is not valid UTF-8", details=[{"field": "query", "problem": problem}]
            )
        if _utf8(value) is None:
            raise ApiError(
                f"query parameter {name} is not valid UTF-8",
                details=[{"field": name, "problem": "not valid UTF-8 once its %-escapes are decoded"}],
            )


def parse_query(request: web.Request, model: type[Model]) -> Model:
    """The query string as a model; repeated keys become lists."""
    check_query_encoding(request.rel_url.raw_query_string)
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
        raise UnsupportedMediaType(
            "the body must be application/json",
            details=field_problem(
                "Content-Type", f"must be application/json, not {request.content_type or 'missing'}"
            ),
        )
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
