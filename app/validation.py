"""Reading path, query and body input into validated values, with 4xxs that name the field."""

from __future__ import annotations

import json
import math
import re
import uuid
import zlib
from typing import Any, Literal, TypeVar
from urllib.parse import unquote_to_bytes

import orjson
from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError

from app.errors import (
    ACCEPTED_BODY_ENCODINGS,
    ApiError,
    PayloadTooLarge,
    Unprocessable,
    UnsupportedContentEncoding,
    UnsupportedMediaType,
    field_problem,
    nul_field,
    validation_details,
)

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


def if_none_match_versions(request: web.Request) -> frozenset[int] | Literal["*"] | None:
    """The record versions an `If-None-Match` header names (weak or strong alike: RFC 9110 compares them
    weakly), `*` for any, or None when it is absent; a tag this API never gave names none."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return None
    versions = set()
    for tag in (item.strip() for item in header.split(",")):
        if tag == "*":
            return "*"
        match = _VERSION_TAG.match(tag)
        if match is not None:
            versions.add(int(match.group(1)))
    return frozenset(versions)


def names_current_version(request: web.Request, version: int) -> bool:
    """Whether the request's `If-None-Match` names this record version or is `*`."""
    named = if_none_match_versions(request)
    return named == "*" or (named is not None and version in named)


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
    for key, value in request.query.items():
        if "\x00" in key or "\x00" in value:
            # As in a body (`parse_body`): Postgres text cannot hold NUL. "?prefix=a%00b" was searched as if
            # sent, "?cursor=%00" called a foreign cursor, and a NUL in the name said "not a parameter".
            name = key.replace("\x00", "") or "query"
            raise Unprocessable(
                f"query parameter {name} contains a NUL character",
                details=field_problem(name, "NUL character (%00)"),
            )
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
            if detail["problem"] == "Extra inputs are not permitted":
                known = ", ".join(model.model_fields) or "none"
                detail["problem"] = f"not a parameter of this route (its parameters: {known})"
        raise Unprocessable("the query string is not valid", details=details) from None


class NoParameters(BaseModel):
    """The query of a route that takes none: a parameter sent is refused, not dropped."""

    model_config = ConfigDict(extra="forbid")


def no_query(request: web.Request) -> None:
    """A 422 naming each query parameter sent to a route that reads none: `GET /api/v1/users?limit=10`
    answered every user, as if the limit had been read."""
    if request.query_string:
        parse_query(request, NoParameters)


async def parse_body(request: web.Request, model: type[Model]) -> Model:
    """The JSON body as a model, or a 4xx saying what is wrong with it. A query parameter beside it is refused
    (`no_query`): `POST /api/v1/search/candidates?limit=5` answered 20 results, as if the limit were read."""
    if request.query_string:
        no_query(request)
    if request.content_type != "application/json":
        raise UnsupportedMediaType(
            "the body must be application/json",
            details=field_problem(
                "Content-Type", f"must be application/json, not {request.content_type or 'missing'}"
            ),
        )
    raw = await read_body(request)
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        raw = json_after_byte_order_mark(raw)
    if b"\\u0000" in raw and (field := _holding_nul(raw)) is not None:
        # Postgres text cannot hold NUL, and no field of this API has a use for it.
        raise Unprocessable(
            f"{field} contains a NUL character", details=field_problem(field, "NUL character (\\u0000)")
        )
    try:
        # Strict: "true" is not a boolean and "5" is not a number; JSON strings still make UUIDs and dates.
        return model.model_validate_json(raw, strict=True)
    except ValidationError as error:
        raise Unprocessable("the request is not valid", details=validation_details(error)) from None


def _holding_nul(raw: bytes) -> str | None:
    """The field of a JSON body whose string (or name) holds a NUL (`nul_field`), "body" when the body is no
    JSON to walk, or None when no string holds one (a backslash written before "u0000"). Every such body was
    a 422 naming "body": the caller had to find the field."""
    try:
        return nul_field(orjson.loads(raw))
    except orjson.JSONDecodeError:
        return "body"


# How zlib reads each accepted content coding ("x-gzip" is gzip's old name, RFC 9110 8.4.1.3).
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


async def read_body(request: web.Request) -> bytes:
    """The request's body, decoded from its Content-Encoding. The API's HTTP parser leaves bodies as they came
    (`auto_decompress` off, app/main.py): it refused brotli and zstd itself, with a plain-text 400 naming a
    library to install, before any route ran; and it read a coding it did not know ("compress") as plain, so
    the body was "invalid JSON"."""
    raw = await request.read()
    header = request.headers.get("Content-Encoding")
    return raw if header is None else decode_body(raw, header, request.client_max_size)


def decode_body(raw: bytes, header: str, limit: int) -> bytes:
    """The body under its Content-Encoding (codings listed in the order applied; `identity` is none): a 415
    naming the accepted codings for one this API does not read, a 400 naming the header when the bytes are
    not what it says, a 413 when they decode to more than `limit` bytes (a zip bomb)."""
    codings = [c.strip().lower() for c in header.split(",") if c.strip().lower() not in ("", "identity")]
    for coding in codings:
        if coding not in _WBITS:
            accepted = " or ".join(ACCEPTED_BODY_ENCODINGS)
            raise UnsupportedContentEncoding(
                f"the body is encoded as {coding[:40]}, which this API does not read: send it as {accepted}, "
                "or without Content-Encoding",
                details=field_problem(
                    "Content-Encoding", f"{coding[:40]} is not accepted; accepted: {accepted}, or none"
                ),
            )
    for coding in reversed(codings):
        raw = _inflate(raw, coding, limit)
    return raw


def _inflate(data: bytes, coding: str, limit: int) -> bytes:
    wbits = _WBITS[coding]
    if coding == "deflate" and data and data[0] & 0x0F != 8:
        wbits = -zlib.MAX_WBITS  # raw deflate without its zlib header, as some clients send "deflate"
    decompressor = zlib.decompressobj(wbits)
    try:
        body = decompressor.decompress(data, limit + 1)
    except zlib.error:
        body = None
    if body is not None and len(body) > limit:
        raise PayloadTooLarge(
            f"the body decodes to more than {limit} bytes",
            details=field_problem("body", "larger than this route takes once decoded", limit_bytes=limit),
        )
    if body is None or not decompressor.eof:
        problem = f"the body is not valid {coding}: send it encoded so, or without Content-Encoding"
        raise ApiError(
            f"the body could not be decoded as its Content-Encoding says ({coding})",
            details=field_problem("Content-Encoding", problem),
        )
    return body


UTF8_BYTE_ORDER_MARK = b"\xef\xbb\xbf"


def json_after_byte_order_mark(raw: bytes) -> bytes:
    """A body orjson refused: the JSON after a UTF-8 byte-order mark, which RFC 8259 lets a reader ignore and
    Windows tools write (PowerShell's `Out-File -Encoding utf8`, Notepad), else a 422 saying what is wrong.
    Such a body was "invalid JSON". Read on the refusal path only: a body without one costs nothing more."""
    if raw.startswith(UTF8_BYTE_ORDER_MARK):
        try:
            orjson.loads(raw[len(UTF8_BYTE_ORDER_MARK) :])
        except orjson.JSONDecodeError:
            pass
        else:
            return raw[len(UTF8_BYTE_ORDER_MARK) :]
    problem = json_problem(raw)
    named = f" ({problem['field']}: {problem['problem']})" if problem["field"] != "body" else ""
    raise Unprocessable("the body is not valid JSON" + named, details=[problem])


class _Unreadable:
    """Where a JSON body holds a value no field can take: what the standard library read there."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


def _number(text: str) -> float | _Unreadable:
    value = float(text)
    if math.isinf(value):
        return _Unreadable(f"the number {text[:40]} is too large (larger than a double holds)")
    return value


def _constant(text: str) -> _Unreadable:
    return _Unreadable(f"{text} is not a JSON number: send a finite number")


def _find_unreadable(value: Any, path: tuple[str, ...]) -> tuple[str, str] | None:
    """The dotted path and problem of the first value no field can take: a number past a double's range,
    NaN or Infinity (JavaScript writes them, JSON has none), or a string holding half of a surrogate pair."""
    if isinstance(value, _Unreadable):
        return ".".join(path), value.problem
    if isinstance(value, str):
        if any("\ud800" <= char <= "\udfff" for char in value):
            return ".".join(path), "holds a lone surrogate (half of a \\uD83D\\uDE00 pair): not text"
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _find_unreadable(item, (*path, str(key)))
        if found is not None:
            return found
    return None


def json_problem(raw: bytes) -> dict[str, str]:
    """Why a body orjson refused is not JSON this API reads, as a {field, problem}: the field that holds a
    number too large for a double ("1e400"), NaN or Infinity, or a lone surrogate, where the standard
    library's more lenient reading finds one; else the body as a whole ("invalid JSON"). Only a refused
    body is read twice."""
    try:
        value = json.loads(raw, parse_float=_number, parse_constant=_constant)
    except (ValueError, RecursionError):
        value = None
    found = _find_unreadable(value, ()) if value is not None else None
    if found is None:
        return {"field": "body", "problem": "invalid JSON"}
    field, problem = found
    return {"field": field or "body", "problem": problem}
