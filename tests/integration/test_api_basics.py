"""The API skeleton: liveness, readiness against the real services, JSON errors."""

from __future__ import annotations

import asyncio
import gzip
import time
import zlib

import pytest
from aiohttp.test_utils import TestClient, TestServer
from yarl import URL

from app.main import create_app
from app.settings import Settings


async def test_health_answers_without_touching_dependencies(api: TestClient) -> None:
    response = await api.get("/health")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_every_answer_names_the_product_without_versions(
    api: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    # "Server: Python/3.11 aiohttp/3.14.5" on every answer told a scanner which known holes to try.
    for path in ("/health", "/", "/api/v1/no-such-route", "/api/v1/openapi.json", "/api/v1/auth/me"):
        response = await api.get(path)
        assert response.headers["Server"] == "hr-resume-search", path
    searched = await api.post("/api/v1/search/candidates", json={}, headers=role_headers["viewer"])
    assert searched.headers["Server"] == "hr-resume-search"


async def test_ready_reports_each_real_dependency_up(api: TestClient) -> None:
    response = await api.get("/ready")
    body = await response.json()
    assert response.status == 200, body
    assert body["status"] == "ready"
    assert set(body["dependencies"]) == {"postgres", "redis", "opensearch"}
    assert all(dep["ok"] for dep in body["dependencies"].values())
    assert body["dependencies"]["opensearch"]["detail"] in {"green", "yellow"}
    assert body["index_check"]["ok"] and body["index_check"]["detail"] == body["index"]


async def test_unknown_route_is_a_json_404(api: TestClient) -> None:
    response = await api.get("/no/such/route")
    assert response.status == 404
    assert response.content_type == "application/json"
    body = await response.json()
    assert body["error"]["code"] == "not_found"
    assert "/no/such/route" in body["error"]["message"]


# A value for each path parameter of the API's routes, one its pattern takes.
_PATH_VALUES = {"id": "00000000-0000-4000-8000-000000000000", "version": "0a1b", "name": "app.js"}


async def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones_on_every_route(api: TestClient) -> None:
    # The body said only "Method Not Allowed": which methods the route takes was in the Allow header alone,
    # which a client reading the JSON error never saw.
    allowed: dict[str, set[str]] = {}
    for resource in api.app.router.resources():
        methods = allowed.setdefault(resource.canonical, set())
        methods |= {route.method for route in resource}
    assert len(allowed) > 20
    for path, methods in allowed.items():
        url = path.format_map(_PATH_VALUES)
        wrong = next(method for method in ("PUT", "POST", "DELETE") if method not in methods)
        response = await api.request(wrong, url)
        assert response.status == 405, (wrong, url)
        assert response.content_type == "application/json"
        expected = sorted(methods)
        assert sorted(method.strip() for method in response.headers["Allow"].split(",")) == expected
        error = (await response.json())["error"]
        assert error["code"] == "method_not_allowed"
        assert error["message"] == f"{wrong} is not a method of {url}: it takes {', '.join(expected)}"
        assert error["details"] == [
            {
                "field": "method",
                "problem": f"{wrong} is not a method of this route; it takes {', '.join(expected)}",
                "allowed_methods": expected,
            }
        ]


async def test_the_openapi_document_promises_retry_after_on_every_429_and_503(api: TestClient) -> None:
    document = await (await api.get("/api/v1/openapi.json")).json()
    promised = [
        (path, method, status, "Retry-After" in response.get("headers", {}))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status, response in operation["responses"].items()
        if status in ("429", "503")
    ]
    assert promised and all(has_header for *_, has_header in promised), promised


async def test_error_details_have_one_shape_in_the_openapi_document(api: TestClient) -> None:
    document = await (await api.get("/api/v1/openapi.json")).json()
    schemas = document["components"]["schemas"]
    details = schemas["ErrorDetail"]["properties"]["details"]
    [listed] = [option for option in details["anyOf"] if option.get("type") == "array"]
    problem = schemas[listed["items"]["$ref"].rsplit("/", 1)[1]]
    assert set(problem["required"]) == {"field", "problem"}
    missing = await api.get("/api/v1/no-such-route")
    assert (await missing.json())["error"]["details"] is None


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/search/suggest?field=skill&prefix=%ff", "prefix"),
        ("/api/v1/search/suggest?field=skill&prefix=caf%C3", "prefix"),
        ("/api/v1/resumes?status=%ff", "status"),
        ("/api/v1/search/history?limit=5&%ff=1", "query"),
    ],
)
async def test_a_query_parameter_that_is_not_utf8_is_a_json_400_naming_it(
    api: TestClient, role_headers: dict[str, dict[str, str]], url: str, field: str
) -> None:
    # yarl decodes such escapes to U+FFFD: "prefix=%ff" was answered as a search for that character.
    response = await api.get(URL(url, encoded=True), headers=role_headers["recruiter"])
    assert response.status == 400
    assert response.content_type == "application/json"
    error = (await response.json())["error"]
    assert error["code"] == "bad_request" and "not valid UTF-8" in error["message"]
    assert [detail["field"] for detail in error["details"]] == [field]
    # Escapes of real UTF-8 are read as before: "café" is no status, a 422 as for any wrong value.
    read = await api.get("/api/v1/resumes?status=caf%C3%A9", headers=role_headers["recruiter"])
    assert read.status == 422


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/search/suggest?field=skill&prefix=py%00thon", "prefix"),
        ("/api/v1/resumes?cursor=%00", "cursor"),
        ("/api/v1/search/history?limit=5&x%00=1", "x"),
    ],
)
async def test_a_nul_in_a_query_parameter_is_a_422_naming_it(
    api: TestClient, role_headers: dict[str, dict[str, str]], url: str, field: str
) -> None:
    # A NUL in a body was a 422 naming it; in the query string "prefix=py%00thon" was searched as sent (no
    # suggestion), "cursor=%00" called a foreign cursor and a NUL in a name "not a parameter of this route".
    response = await api.get(URL(url, encoded=True), headers=role_headers["recruiter"])
    assert response.status == 422
    error = (await response.json())["error"]
    assert error["details"] == [{"field": field, "problem": "NUL character (%00)"}]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/search/candidates", '{"query": "py\\u0000thon"}', "query"),
        ("/api/v1/search/candidates", '{"skills": ["Java", "Py\\u0000thon"]}', "skills.1"),
        ("/api/v1/api-keys", '{"name": "ats", "sc\\u0000ope": "read"}', "scope"),
        ("/api/v1/api-keys", '"\\u0000"', "body"),
    ],
)
async def test_a_nul_in_a_body_is_a_422_naming_its_field(
    api: TestClient, role_headers: dict[str, dict[str, str]], path: str, body: str, field: str
) -> None:
    # Every such body was a 422 naming "body", whichever field held the NUL.
    headers = {**role_headers["admin"], "Content-Type": "application/json"}
    response = await api.post(path, data=body.encode(), headers=headers)
    assert response.status == 422
    error = (await response.json())["error"]
    assert error["details"] == [{"field": field, "problem": "NUL character (\\u0000)"}]


async def test_a_backslash_before_u0000_is_text_not_a_nul(
    api: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    # A name that writes a backslash then "u0000" (in JSON "C:\\u0000") holds no NUL: it was refused as one.
    body = '{"name": "C:\\\\u0000 ats"}'
    headers = {**role_headers["admin"], "Content-Type": "application/json"}
    response = await api.post("/api/v1/api-keys", data=body.encode(), headers=headers)
    assert response.status == 201, await response.json()
    assert (await response.json())["name"] == "C:\\u0000 ats"


@pytest.mark.parametrize(
    ("body", "field", "problem"),
    [
        (b'{"skills": ["python"], "min_experience_years": 1e400}', "min_experience_years", "too large"),
        (b'{"skills": ["python"], "limit": NaN}', "limit", "NaN is not a JSON number"),
        (b'{"titles": ["a", "b"], "max_experience_years": -Infinity}', "max_experience_years", "-Infinity"),
        (b'{"skills": ["python", "\\ud800"]}', "skills.1", "lone surrogate"),
    ],
)
async def test_a_body_value_json_cannot_hold_is_a_422_naming_its_field(
    api: TestClient, role_headers: dict[str, dict[str, str]], body: bytes, field: str, problem: str
) -> None:
    # A JavaScript client's NaN, a number past a double's range: the field was "body", "invalid JSON".
    response = await api.post(
        "/api/v1/search/candidates",
        data=body,
        headers={**role_headers["recruiter"], "Content-Type": "application/json"},
    )
    assert response.status == 422
    error = (await response.json())["error"]
    assert error["code"] == "validation_error"
    [detail] = error["details"]
    assert detail["field"] == field and problem in detail["problem"], detail
    assert field in error["message"]
    # A body that is not JSON at all is still said to be one.
    broken = await api.post(
        "/api/v1/search/candidates",
        data=b'{"skills": [',
        headers={**role_headers["recruiter"], "Content-Type": "application/json"},
    )
    assert (await broken.json())["error"]["details"] == [{"field": "body", "problem": "invalid JSON"}]


async def test_ready_runs_its_checks_at_once_under_one_deadline_and_says_what_each_took(
    settings: Settings,
) -> None:
    # An OpenSearch that takes the connection and never answers (a node stuck in a long GC, a black-holed
    # route): the cluster check and the index check each waited out the limit, one after the other.
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        await reader.read()  # until the client gives up

    silent = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    stuck = settings.model_copy(
        update={"opensearch_url": f"http://127.0.0.1:{port}", "ready_timeout_seconds": 1.0}
    )
    try:
        async with TestClient(TestServer(create_app(stuck))) as client:
            started = time.perf_counter()
            response = await client.get("/ready")
            took = time.perf_counter() - started
            body = await response.json()
    finally:
        silent.close()
        for writer in held:
            writer.close()
        await silent.wait_closed()
    assert response.status == 503
    assert took < 1.8, f"/ready took {took:.2f}s with a 1s limit"
    assert body["error"]["details"] == [{"field": "dependencies.opensearch", "problem": "unavailable"}]
    opensearch, index = body["dependencies"]["opensearch"], body["index_check"]
    assert not opensearch["ok"] and opensearch["detail"] == "no answer within 1s"
    assert body["index"] == "unknown"
    assert not index["ok"] and index["detail"] == "no answer within 1s"
    assert 900 <= opensearch["elapsed_ms"] <= 1800 and 900 <= index["elapsed_ms"] <= 1800
    # The dependencies that answered say so, and how quickly.
    for name in ("postgres", "redis"):
        state = body["dependencies"][name]
        assert state["ok"] and state["detail"] == "up" and 0 <= state["elapsed_ms"] < 900, state


@pytest.mark.parametrize(
    ("path", "body", "field", "problem"),
    [
        ("/api/v1/search/candidates", {"skills": ["x" * 101]}, "skills.0", "at most 100 characters"),
        ("/api/v1/search/candidates", {"companies": [" "]}, "companies.0", "at least 1 character"),
        ("/api/v1/search/candidates", {"query": "x" * 501}, "query", "at most 500 characters"),
        ("/api/v1/search/smart", {"query": ""}, "query", "at least 1 character"),
    ],
)
async def test_a_search_text_too_long_or_short_is_said_in_characters(
    api: TestClient, role_headers: dict[str, dict[str, str]], path: str, body: dict, field: str, problem: str
) -> None:
    # "Value should have at most 100 items after validation, not 101", of a string.
    response = await api.post(path, json=body, headers=role_headers["viewer"])
    assert response.status == 422
    [detail] = (await response.json())["error"]["details"]
    assert detail["field"] == field and problem in detail["problem"] and "items" not in detail["problem"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/users?offset=1", "offset"),
        ("/api/v1/api-keys?offset=5", "offset"),
        ("/api/v1/search/filters?size=5", "size"),
    ],
)
async def test_a_query_parameter_a_list_route_does_not_read_is_refused_naming_it(
    api: TestClient, role_headers: dict[str, dict[str, str]], url: str, field: str
) -> None:
    # "GET /api/v1/users?limit=1" answered every user, as if the limit had been read (users page by cursor
    # since, and take no offset).
    response = await api.get(url, headers=role_headers["admin"])
    assert response.status == 422
    [detail] = (await response.json())["error"]["details"]
    assert detail["field"] == field and "not a parameter of this route" in detail["problem"]
    plain = await api.get(url.partition("?")[0], headers=role_headers["admin"])
    assert plain.status in (200, 503)  # the filters need the index, which this test does not build


async def test_a_body_that_is_not_what_its_content_encoding_says_is_a_400_naming_the_header(
    api: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    # A body labelled gzip that is not gzip: a 500 "internal server error" before, logged as a failure.
    headers = {**role_headers["recruiter"], "Content-Type": "application/json", "Content-Encoding": "gzip"}
    response = await api.post("/api/v1/search/candidates", data=b'{"skills": ["python"]}', headers=headers)
    assert response.status == 400
    error = (await response.json())["error"]
    assert error["code"] == "bad_request" and "gzip" in error["message"]
    assert [detail["field"] for detail in error["details"]] == ["Content-Encoding"]
    # A body that is gzip is read as JSON, its fields checked as any body's.
    encoded = await api.post(
        "/api/v1/search/candidates", data=gzip.compress(b'{"skills": 5}'), headers=headers
    )
    assert encoded.status == 422
    assert [d["field"] for d in (await encoded.json())["error"]["details"]] == ["skills"]


async def test_the_openapi_document_names_the_request_headers_the_routes_read(api: TestClient) -> None:
    # X-Search-Purpose, which keeps the page's own searches out of the caller's history, was in the README
    # only: an integrator's page building facet counts from the spec filled its users' history with them.
    document = await (await api.get("/api/v1/openapi.json")).json()
    read = {
        (path, method): {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    assert "X-Search-Purpose" in read[("/api/v1/search/candidates", "post")]
    assert "If-Match" in read[("/api/v1/candidates/{id}", "patch")]
    assert "If-None-Match" in read[("/api/v1/candidates/{id}", "get")]


@pytest.mark.parametrize(
    "path",
    [
        "/health",
        "/ready",
        "/api/v1/openapi.json",
        "/api/v1/auth/me",
        "/api/v1/candidates/00000000-0000-4000-8000-000000000000",
        "/api/v1/resumes/00000000-0000-4000-8000-000000000000",
        "/api/v1/resumes/00000000-0000-4000-8000-000000000000/file",
    ],
)
async def test_every_get_route_refuses_a_query_parameter_it_does_not_read_naming_it(
    api: TestClient, role_headers: dict[str, dict[str, str]], path: str
) -> None:
    # "?limt=5" (a typo) or "?fields=name" were dropped without a word: the whole record came back.
    response = await api.get(f"{path}?limt=5", headers=role_headers["viewer"])
    assert response.status == 422, await response.text()
    [detail] = (await response.json())["error"]["details"]
    assert detail["field"] == "limt" and "not a parameter of this route" in detail["problem"]
    plain = await api.get(path, headers=role_headers["viewer"])
    assert plain.status in (200, 404), await plain.text()


async def test_the_openapi_document_promises_a_422_on_every_get_route_of_the_api(api: TestClient) -> None:
    document = await (await api.get("/api/v1/openapi.json")).json()
    silent = [
        path
        for path, operations in document["paths"].items()
        if "get" in operations and "422" not in operations["get"]["responses"]
    ]
    assert silent == []


@pytest.mark.parametrize("coding", ["br", "zstd", "compress", "gzip, br"])
async def test_a_body_in_a_content_coding_the_api_does_not_read_is_a_415_naming_those_it_reads(
    api: TestClient, role_headers: dict[str, dict[str, str]], coding: str
) -> None:
    # br and zstd were refused by aiohttp's parser before any route: a plain-text 400 "Can not decode
    # content-encoding: brotli (br). Please install `Brotli`"; "compress" was read as plain ("invalid JSON").
    headers = {**role_headers["recruiter"], "Content-Type": "application/json", "Content-Encoding": coding}
    response = await api.post("/api/v1/search/candidates", data=b"\x1b\x07\x00\xf8\xff", headers=headers)
    assert response.status == 415, await response.text()
    assert response.headers["Accept-Encoding"] == "gzip, deflate"
    error = (await response.json())["error"]
    assert error["code"] == "unsupported_media_type"
    assert "gzip or deflate" in error["message"] and coding.split(", ")[-1] in error["message"]
    assert [detail["field"] for detail in error["details"]] == ["Content-Encoding"]


async def test_bodies_in_gzip_or_deflate_are_read_and_bounded_once_decoded(
    api: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    headers = {**role_headers["recruiter"], "Content-Type": "application/json"}
    body = b'{"skills": 5}'
    for coding, data in (("deflate", zlib.compress(body)), ("x-gzip", gzip.compress(body))):
        encoded = await api.post(
            "/api/v1/search/candidates", data=data, headers={**headers, "Content-Encoding": coding}
        )
        assert encoded.status == 422, (coding, await encoded.text())
        assert [d["field"] for d in (await encoded.json())["error"]["details"]] == ["skills"]
    # A login (16 KiB at most) of a few hundred bytes that decode to 1 MB is refused, never read in full.
    bomb = gzip.compress(b'{"username": "' + b"a" * 1_000_000 + b'", "password": "x"}')
    login = await api.post(
        "/api/v1/auth/login",
        data=bomb,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert login.status == 413, await login.text()
    assert (await login.json())["error"]["details"][0]["limit_bytes"] == 16 * 1024


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/search/candidates", {"skills": ["python"]}),
        ("POST", "/api/v1/search/candidates/lightweight", {"skills": ["python"]}),
        ("POST", "/api/v1/search/smart", {"query": "python developer"}),
        ("POST", "/api/v1/auth/login", {"username": "nobody@example.com", "password": "x"}),
        ("PATCH", "/api/v1/candidates/00000000-0000-4000-8000-000000000000", {"location": "Berlin"}),
        ("DELETE", "/api/v1/candidates/00000000-0000-4000-8000-000000000000", None),
        ("DELETE", "/api/v1/resumes/00000000-0000-4000-8000-000000000000", None),
        ("POST", "/api/v1/resumes/00000000-0000-4000-8000-000000000000/reprocess", None),
        ("DELETE", "/api/v1/api-keys/00000000-0000-4000-8000-000000000000", None),
    ],
)
async def test_a_route_that_reads_no_query_parameter_refuses_one_before_acting(
    api: TestClient, role_headers: dict[str, dict[str, str]], method: str, path: str, body: dict | None
) -> None:
    # POST /api/v1/search/candidates?limit=5 answered 20 results, and DELETE .../{id}?dry_run=true erased.
    response = await api.request(method, f"{path}?limit=5", json=body, headers=role_headers["admin"])
    assert response.status == 422, await response.text()
    [detail] = (await response.json())["error"]["details"]
    assert detail["field"] == "limit" and "not a parameter of this route" in detail["problem"]


@pytest.mark.parametrize(
    ("field", "value"), [("skills", "\u200b"), ("locations", "\ufeff"), ("companies", "\u2060 \u200b")]
)
async def test_a_search_term_of_invisible_characters_only_is_refused_naming_it(
    api: TestClient, role_headers: dict[str, dict[str, str]], field: str, value: str
) -> None:
    # A zero-width space (pasted from a web page) as the one skill was searched as a skill nobody has: the
    # answer was nobody, without a word, where a blank skill (" ") is a 422.
    body = {field: [value]}
    response = await api.post("/api/v1/search/candidates", json=body, headers=role_headers["viewer"])
    assert response.status == 422, await response.text()
    [detail] = (await response.json())["error"]["details"]
    assert detail["field"] == f"{field}.0" and "no visible character" in detail["problem"]


async def test_a_json_body_after_a_utf8_byte_order_mark_is_read(
    api: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    # A body saved by a Windows tool (PowerShell's Out-File -Encoding utf8, Notepad) starts with the mark,
    # which RFC 8259 lets a reader ignore: it was refused as "invalid JSON", naming no field.
    headers = {**role_headers["recruiter"], "Content-Type": "application/json"}
    marked = b"\xef\xbb\xbf" + b'{"skills": 5}'
    response = await api.post("/api/v1/search/candidates", data=marked, headers=headers)
    assert response.status == 422, await response.text()
    assert [d["field"] for d in (await response.json())["error"]["details"]] == ["skills"]
    # Not JSON after the mark either: refused as before.
    broken = await api.post("/api/v1/search/candidates", data=b"\xef\xbb\xbf{", headers=headers)
    assert broken.status == 422
    assert (await broken.json())["error"]["details"] == [{"field": "body", "problem": "invalid JSON"}]
