"""JSON responses encoded with orjson."""

from __future__ import annotations

from typing import Any

import aiohttp
import orjson
from aiohttp import web
from pydantic import BaseModel


def _default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_response(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON response; pydantic models are dumped in their JSON mode."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    body = orjson.dumps(data, default=_default, option=orjson.OPT_NON_STR_KEYS)
    return json_body_response(body, status=status, headers=headers)


def json_body_response(
    body: bytes, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A response of JSON already encoded (a cached search answer)."""
    return web.Response(
        body=body,
        status=status,
        content_type="application/json",
        headers=headers,
        zlib_executor_size=GZIP_IN_LOOP_BYTES,
    )


# Bodies smaller than this are sent as they are: compressing them costs more than it saves.
GZIP_MIN_BYTES = 1024
# Bodies up to this size are gzipped on the event loop (a 10 KB search page in about 0.1 ms); aiohttp would
# hand anything over 4 KB to a thread, and that hand-over costs about as much as the compression itself.
GZIP_IN_LOOP_BYTES = 64 * 1024


def use_fast_gzip() -> bool:
    """Gzip with ISA-L (`isal`) where it is installed; whether it is.

    The standard library's zlib spends about 50 us setting up a compressor for each response (most of a 10 KB
    search page's 75 us); ISA-L's level 2 compresses the same page in 14 us, about as small.
    """
    try:
        from isal import isal_zlib
    except ImportError:
        return False
    aiohttp.set_zlib_backend(isal_zlib)
    return True


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header takes gzip: named without `q=0`. A client that writes
    "gzip;q=0" refuses it (RFC 9110 12.5.3), and was sent gzip all the same."""
    header = accept_encoding.lower()
    if "q=" not in header:  # the usual "gzip, deflate, br": no weights to read
        return "gzip" in header
    weights = {}
    for item in header.split(","):
        coding, _, params = item.partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding.strip()] = weight
    return max(weights.get("gzip", 0.0), weights.get("x-gzip", 0.0)) > 0


@web.middleware
async def gzip_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Gzip bodies over 1 KB for clients that accept it, unless they are compressed already."""
    response = await handler(request)
    if (
        isinstance(response, web.Response)
        and accepts_gzip(request.headers.get("Accept-Encoding", ""))
        and response.body is not None
        and "Content-Encoding" not in response.headers  # compressed ahead (the page's files)
        and len(response.body) > GZIP_MIN_BYTES  # type: ignore[arg-type]
    ):
        response.enable_compression(web.ContentCoding.gzip)
    return response
