"""Responses gzipped with ISA-L (`use_fast_gzip`) are plain gzip to every client."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

import aiohttp
import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from app.responses import gzip_middleware, json_response, use_fast_gzip

PAGE = {
    "hits": [
        {"name": f"Candidate {i}", "title": "Platform engineer", "skills": ["python", "k8s"]}
        for i in range(80)
    ]
}


@pytest.fixture
def fast_gzip() -> Iterator[bool]:
    used = use_fast_gzip()
    yield used
    aiohttp.set_zlib_backend(zlib)


async def test_a_page_is_gzipped_by_isal_and_the_standard_library_reads_it(fast_gzip: bool) -> None:
    assert fast_gzip  # isal is a locked dependency
    app = web.Application(middlewares=[gzip_middleware])
    app.router.add_get("/page", _page)
    async with TestClient(TestServer(app), auto_decompress=False) as client:
        response = await client.get("/page", headers={"Accept-Encoding": "gzip"})
        raw = await response.read()
        plain = await client.get("/page", skip_auto_headers=["Accept-Encoding"])
        plain_body = await plain.read()
    body = orjson.dumps(PAGE)
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(raw) == body and len(raw) < len(body) / 4
    assert "Content-Encoding" not in plain.headers and plain_body == body


async def _page(request: web.Request) -> web.Response:
    return json_response(PAGE)


@pytest.mark.parametrize(
    ("accept_encoding", "gzipped"),
    [
        ("gzip, deflate, br", True),
        ("gzip;q=0", False),
        ("deflate, gzip;q=0.0", False),
        ("br;q=1.0, gzip;q=0.5", True),
        ("GZIP; Q=0", False),
        ("identity", False),
    ],
)
async def test_a_client_that_refuses_gzip_with_q_0_gets_the_body_plain(
    fast_gzip: bool, accept_encoding: str, gzipped: bool
) -> None:
    # "gzip;q=0" says gzip is not acceptable (RFC 9110 12.5.3): it was sent gzip all the same.
    app = web.Application(middlewares=[gzip_middleware])
    app.router.add_get("/page", _page)
    async with TestClient(TestServer(app), auto_decompress=False) as client:
        response = await client.get("/page", headers={"Accept-Encoding": accept_encoding})
        raw = await response.read()
    assert (response.headers.get("Content-Encoding") == "gzip") is gzipped
    assert (gzip.decompress(raw) if gzipped else raw) == orjson.dumps(PAGE)
