"""An HR tool (an ATS) integrating over the API with an API key: bulk uploads, polling, paging, edits."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.main import create_app
from app.settings import Settings
from tests.integration.test_resumes_api import form, parsed_candidate


@pytest.fixture
async def hr_tool(settings: Settings, role_headers: dict[str, dict[str, str]]) -> AsyncIterator[TestClient]:
    """The API as an HR tool sees it: a read_write API key an admin created."""
    async with TestClient(TestServer(create_app(settings))) as client:
        created = await client.post(
            "/api/v1/api-keys", json={"name": "ats", "scope": "read_write"}, headers=role_headers["admin"]
        )
        assert created.status == 201
        client.session.headers["X-API-Key"] = (await created.json())["key"]
        yield client


async def test_an_edit_based_on_an_old_read_is_refused_not_written_over_a_newer_one(
    hr_tool: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # Two syncs read the candidate; one writes; the other's write, made from its old read, silently undid the
    # first one's (a `version` was shown but nothing let a client make a write depend on it).
    _, url = await parsed_candidate(hr_tool, db, settings)
    read = await hr_tool.get(url)
    tag = read.headers["ETag"]
    assert tag == f'"{(await read.json())["version"]}"'

    first = await hr_tool.patch(url, json={"location": "Munich, Germany"}, headers={"If-Match": tag})
    assert first.status == 200, await first.json()
    assert first.headers["ETag"] != tag

    stale = await hr_tool.patch(url, json={"location": "Paris, France"}, headers={"If-Match": tag})
    assert stale.status == 412
    error = (await stale.json())["error"]
    assert error["code"] == "precondition_failed"
    assert error["details"][0]["field"] == "If-Match"
    assert f'"{error["details"][0]["current_version"]}"' == first.headers["ETag"]
    assert (await (await hr_tool.get(url)).json())["location"] == "Munich, Germany"

    again = await hr_tool.patch(
        url, json={"location": "Paris, France"}, headers={"If-Match": first.headers["ETag"]}
    )
    assert again.status == 200
    assert (await again.json())["location"] == "Paris, France"

    garbled = await hr_tool.patch(url, json={"location": "Rome"}, headers={"If-Match": "yesterday"})
    assert garbled.status == 422
    assert (await garbled.json())["error"]["details"][0]["field"] == "If-Match"
    assert (await (await hr_tool.get(url)).json())["location"] == "Paris, France"


async def upload_text(client: TestClient, text: str) -> dict:
    """A small text resume uploaded; the upload's answer."""
    response = await client.post("/api/v1/resumes/upload", data=form(text.encode(), "cv.txt"))
    assert response.status == 202, await response.json()
    return await response.json()


async def test_paging_the_resume_list_while_uploads_arrive_shows_each_resume_once(
    hr_tool: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    # By offset, every upload that arrived between two pages pushed a resume already shown onto the next page
    # (shown twice), and the offset stopped at 10,000: a sync could not list more than 10,100 resumes.
    before = [(await upload_text(hr_tool, f"Candidate {n}\nWelder, 5 years"))["id"] for n in range(7)]
    seen: list[str] = []
    page = await (await hr_tool.get("/api/v1/resumes", params={"limit": 3})).json()
    while True:
        seen += [item["id"] for item in page["items"]]
        for n in range(2):  # the sync goes on uploading between its reads
            await upload_text(hr_tool, f"Arrival {len(seen)}-{n}\nPlumber")
        if page["next_cursor"] is None:
            break
        response = await hr_tool.get("/api/v1/resumes", params={"limit": 3, "cursor": page["next_cursor"]})
        assert response.status == 200, await response.json()
        page = await response.json()
    assert seen == before[::-1]

    bad = await hr_tool.get("/api/v1/resumes", params={"cursor": "not-a-cursor"})
    assert bad.status == 422
    assert (await bad.json())["error"]["details"][0]["field"] == "cursor"
