"""What the page needs of the API: the page and its files from the package, the docs UI, CORS only for the
listed origins, the original file of a resume, smart search with facets and highlights, and colleagues
with the months they worked together."""

from __future__ import annotations

import gzip
import io
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.main import create_app
from app.models import Resume
from app.settings import Settings
from tests.integration.test_resumes_api import drain
from tests.integration.test_search_api import corpus  # noqa: F401 (the indexed corpus fixture)
from tests.resume_samples import text_resume

# An address on another host (an SVG's XML namespace is a name, never fetched).
OUTSIDE_HOST = re.compile(r"(?:https?:)?//(?!www\.w3\.org/2000/svg\b)[a-z0-9.-]+\.[a-z]{2,}", re.I)


async def test_the_page_and_its_files_come_from_the_api_and_nowhere_else(api: TestClient) -> None:
    response = await api.get("/", headers={"Accept-Encoding": "identity"})
    page = await response.text()
    assert response.status == 200 and response.content_type == "text/html"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert '<input id="q" name="q"' in page
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert any(a.endswith("/js/main.js") for a in assets) and any(a.endswith(".css") for a in assets)
    # Every file, and every module the entry imports, is served from the package, immutable by version.
    seen, todo = set(), list(assets)
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        got = await api.get(url, headers={"Accept-Encoding": "identity"})
        body = await got.text()
        assert got.status == 200, url
        assert got.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert not OUTSIDE_HOST.search(body), f"{url} names another host"
        base = url.rsplit("/", 1)[0]
        todo += [f"{base}/{name[2:]}" for name in re.findall(r'from "(\./[\w.]+\.js)"', body)]
    assert not OUTSIDE_HOST.search(page.replace("http-equiv", ""))
    assert len(seen) >= 7


async def test_page_files_are_gzipped_and_old_or_unknown_ones_are_handled(api: TestClient) -> None:
    page = await (await api.get("/")).text()
    css = next(u for u in re.findall(r'href="(/static/[^"]+\.css)"', page))
    response = await api.get(css, headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    assert response.headers["Content-Encoding"] == "gzip"
    assert b":root" in gzip.decompress(await response.read())
    # An address from before a deploy still works, but is revalidated, not cached for a year.
    old = re.sub(r"/static/[0-9a-f]+/", "/static/000000000000/", css)
    response = await api.get(old)
    assert response.status == 200 and response.headers["Cache-Control"] == "no-cache"
    missing = await api.get(css.replace("app.css", "nope.css"))
    assert missing.status == 404 and (await missing.json())["error"]["code"] == "not_found"


async def test_docs_ui_is_swagger_ui_served_from_the_package(api: TestClient) -> None:
    response = await api.get("/api/v1/docs")
    page = await response.text()
    assert response.status == 200 and response.content_type == "text/html"
    assert not OUTSIDE_HOST.search(page)
    for url in re.findall(r'(?:href|src)="([^"]+)"', page):
        asset = await api.get(url)
        assert asset.status == 200, url
    script = await (await api.get("/api/v1/docs/docs.js")).text()
    assert "/api/v1/openapi.json" in script
    assert (await api.get("/api/v1/docs/index.j2")).status == 404


PAGE_ORIGIN = "https://hr.example.com"


@pytest.fixture
async def cors_api(settings: Settings) -> AsyncIterator[TestClient]:
    listed = settings.model_copy(update={"cors_origins": f"{PAGE_ORIGIN},http://localhost:5173"})
    async with TestClient(TestServer(create_app(listed))) as client:
        yield client


async def test_no_cross_origin_access_by_default(api: TestClient) -> None:
    preflight = await api.options(
        "/api/v1/search/smart",
        headers={"Origin": PAGE_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    response = await api.get("/health", headers={"Origin": PAGE_ORIGIN})
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_listed_origins_may_call_the_api_others_may_not(
    cors_api: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    preflight = await cors_api.options(
        "/api/v1/search/smart",
        headers={
            "Origin": PAGE_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == PAGE_ORIGIN
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in preflight.headers

    me = await cors_api.get("/api/v1/auth/me", headers={**role_headers["viewer"], "Origin": PAGE_ORIGIN})
    assert me.status == 200 and me.headers["Access-Control-Allow-Origin"] == PAGE_ORIGIN
    assert "Origin" in me.headers.getall("Vary")
    # An error is readable by the listed page too (it can show the message).
    refused = await cors_api.get("/api/v1/auth/me", headers={"Origin": PAGE_ORIGIN})
    assert refused.status == 401 and refused.headers["Access-Control-Allow-Origin"] == PAGE_ORIGIN

    other = await cors_api.options(
        "/api/v1/search/smart",
        headers={"Origin": "https://evil.example.net", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in other.headers
    other = await cors_api.get("/health", headers={"Origin": "https://evil.example.net"})
    assert "Access-Control-Allow-Origin" not in other.headers


def form(data: bytes, filename: str) -> FormData:
    body = FormData()
    body.add_field("file", io.BytesIO(data), filename=filename, content_type="application/octet-stream")
    return body


async def test_the_original_file_downloads_under_its_name(
    recruiter: TestClient,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    role_headers: dict[str, dict[str, str]],
) -> None:
    data = text_resume("Zoë Download", "zoe@example.com")
    accepted = await (await recruiter.post("/api/v1/resumes/upload", data=form(data, "Zoë CV.txt"))).json()
    await drain(settings, db)
    url = f"/api/v1/resumes/{accepted['id']}/file"
    # A viewer reads it too: it is the same information as the candidate's page.
    response = await recruiter.get(url, headers=role_headers["viewer"])
    assert response.status == 200
    assert await response.read() == data
    assert response.content_type == "text/plain"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''Zo%C3%AB%20CV.txt" in disposition
    # A client that reads only filename= (curl -OJ) saved it as "Zo_ CV.txt".
    assert 'filename="Zoe CV.txt"' in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"

    unknown = await recruiter.get(f"/api/v1/resumes/{uuid.uuid4()}/file")
    assert unknown.status == 404 and (await unknown.json())["error"]["code"] == "not_found"
    async with db() as session:
        stored = Path((await session.get(Resume, uuid.UUID(accepted["id"]))).storage_path)  # type: ignore[union-attr]
    stored.unlink()
    gone = await recruiter.get(url)
    assert gone.status == 404
    assert "no longer stored" in (await gone.json())["error"]["message"]
    assert (await recruiter.get(url, headers={"Authorization": ""})).status == 401


async def test_openapi_describes_the_download_and_not_the_page(api: TestClient) -> None:
    document = await (await api.get("/api/v1/openapi.json")).json()
    download = document["paths"]["/api/v1/resumes/{id}/file"]["get"]
    content = download["responses"]["200"]["content"]
    assert set(content) == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text/plain",
    }
    assert content["text/plain"] == {"schema": {"type": "string", "format": "binary"}}
    assert "404" in download["responses"]
    assert "/" not in document["paths"] and "/api/v1/docs" not in document["paths"]
    smart = document["components"]["schemas"]["SmartSearchRequest"]["properties"]
    assert {"facets", "highlight"} <= set(smart)
    assert "overlap_months" in document["components"]["schemas"]["SearchHit"]["properties"]


async def test_smart_search_answers_facets_and_highlights_when_asked(
    recruiter: TestClient,
    corpus: dict[str, uuid.UUID],  # noqa: F811
) -> None:
    asked = {"query": "engineers with kubernetes in Berlin", "facets": True, "highlight": True}
    body = await (await recruiter.post("/api/v1/search/smart", json=asked)).json()
    assert body["interpreted"]["skills"] == ["Kubernetes"]
    assert body["interpreted"]["locations"] == ["Berlin"]
    assert body["interpreted"]["facets"] is True
    facets = body["response"]["facets"]
    assert {"skills", "companies", "locations", "experience"} <= set(facets)
    assert {"value": "Kubernetes", "count": 1} in facets["skills"]
    # Kubernetes ranks (the engineer who has it first) but filters no engineer in Berlin out.
    alice, erin = body["response"]["results"]
    assert (alice["candidate_id"], erin["candidate_id"]) == (str(corpus["alice"]), str(corpus["erin"]))
    assert any("<em>" in f for fragments in alice["highlights"].values() for f in fragments)

    plain = await (
        await recruiter.post("/api/v1/search/smart", json={"query": "kubernetes in Berlin"})
    ).json()
    assert plain["response"]["facets"] is None
    assert all(hit["highlights"] == {} for hit in plain["response"]["results"])


async def test_colleagues_come_with_the_months_they_worked_together(
    recruiter: TestClient,
    corpus: dict[str, uuid.UUID],  # noqa: F811
) -> None:
    asked = {"search_type": "worked_with", "candidate_id": str(corpus["bob"])}
    body = await (await recruiter.post("/api/v1/search/candidates", json=asked)).json()
    months = {hit["candidate_id"]: hit["overlap_months"] for hit in body["results"]}
    # Bob at ACME 2019-06..2022-06 beside Alice (Acme Corp since 2018); at Globex from 2022-07 beside
    # Dave (GLOBEX GmbH until 2023-01).
    assert months == {str(corpus["alice"]): 36, str(corpus["dave"]): 6}
    other = await (await recruiter.post("/api/v1/search/candidates", json={"skills": ["Kubernetes"]})).json()
    assert all(hit["overlap_months"] is None for hit in other["results"])


async def test_a_listed_origins_page_may_edit_with_if_match_and_read_etag_and_location(
    cors_api: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    # An HR tool's page on a listed origin could neither send If-Match (the preflight did not allow it) nor
    # read the ETag to send, nor an accepted upload's Location: the browser hid them.
    preflight = await cors_api.options(
        "/api/v1/candidates/00000000-0000-0000-0000-000000000001",
        headers={
            "Origin": PAGE_ORIGIN,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "content-type, if-match, x-api-key",
        },
    )
    allowed = {name.strip().lower() for name in preflight.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"content-type", "if-match", "x-api-key"} <= allowed

    upload = await cors_api.post(
        "/api/v1/resumes/upload",
        data=form(b"Cora Origin\nWelder", "cora.txt"),
        headers={**role_headers["recruiter"], "Origin": PAGE_ORIGIN},
    )
    assert upload.status == 202
    exposed = {name.strip().lower() for name in upload.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "location"} <= exposed
