"""An HR tool (an ATS) integrating over the API with an API key: bulk uploads, polling, paging, edits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.main import create_app
from app.models import Resume
from app.settings import Settings
from tests.integration.test_indexer_support import run_indexer
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


async def test_a_read_with_the_etag_it_holds_is_a_304_until_the_candidate_changes(
    hr_tool: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # A sync polling a candidate for changes got the whole record every time: If-None-Match was ignored.
    _, url = await parsed_candidate(hr_tool, db, settings)
    read = await hr_tool.get(url)
    tag = read.headers["ETag"]
    for held in (tag, f"W/{tag}", f'"0", {tag}', "*"):
        same = await hr_tool.get(url, headers={"If-None-Match": held})
        assert same.status == 304, held
        assert await same.read() == b""
        assert same.headers["ETag"] == tag
        assert same.headers["Cache-Control"] == "private, no-store"
    assert (await hr_tool.get(url, headers={"If-None-Match": '"0", yesterday'})).status == 200
    changed = await hr_tool.patch(url, json={"location": "Munich, Germany"})
    assert changed.status == 200
    fresh = await hr_tool.get(url, headers={"If-None-Match": tag})
    assert fresh.status == 200
    assert fresh.headers["ETag"] == changed.headers["ETag"] != tag
    assert (await fresh.json())["location"] == "Munich, Germany"


async def test_an_edit_sent_with_if_none_match_on_the_record_is_refused_and_writes_nothing(
    hr_tool: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # If-None-Match was ignored on a PATCH: `*` (create only, never overwrite) and the current version's tag
    # wrote the edit all the same. RFC 9110 makes both false for a record that exists: 412, nothing written.
    _, url = await parsed_candidate(hr_tool, db, settings)
    read = await hr_tool.get(url)
    tag, before = read.headers["ETag"], (await read.json())["location"]
    for held, problem in (
        ("*", "the candidate exists"),
        (f"W/{tag}", "names the candidate's current version"),
    ):
        refused = await hr_tool.patch(
            url, json={"location": "Paris, France"}, headers={"If-None-Match": held}
        )
        assert refused.status == 412, held
        error = (await refused.json())["error"]
        assert error["code"] == "precondition_failed"
        assert error["details"] == [
            {"field": "If-None-Match", "problem": problem, "current_version": int(tag.strip('"'))}
        ]
    after = await hr_tool.get(url)
    assert (after.headers["ETag"], (await after.json())["location"]) == (tag, before)
    # A version the record is no longer at is no bar: the edit applies.
    other = await hr_tool.patch(url, json={"location": "Rome, Italy"}, headers={"If-None-Match": '"0"'})
    assert other.status == 200
    assert (await other.json())["location"] == "Rome, Italy"


async def test_a_field_edited_to_invisible_characters_is_cleared_and_a_name_so_refused(
    hr_tool: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # A zero-width space survives whitespace stripping: it was stored as the location and the title, a value
    # that shows nothing on the page and in the facets, and as the name, which is refused blank.
    _, url = await parsed_candidate(hr_tool, db, settings)
    edited = await hr_tool.patch(url, json={"location": "\u200b", "current_title": "\ufeff \u200b"})
    body = await edited.json()
    assert edited.status == 200, body
    assert (body["location"], body["current_title"]) == (None, None)
    named = await hr_tool.patch(url, json={"full_name": "\u200b\u200c"})
    assert named.status == 422
    assert [d["field"] for d in (await named.json())["error"]["details"]] == ["full_name"]


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


async def test_uploads_past_the_concurrency_wait_their_turn_then_get_a_503_busy(
    settings: Settings, role_headers: dict[str, dict[str, str]], db: async_sessionmaker[AsyncSession]
) -> None:
    # A burst of uploads was read into memory all at once (40 of 8 MB: 630 MB, past the API pod's 512 MiB
    # limit): the process killed for it would drop every request in flight. Now UPLOAD_CONCURRENCY are read
    # at a time, the rest wait their turn, and one that waits too long is told when to try again.
    limited = settings.model_copy(update={"upload_concurrency": 1, "upload_queue_timeout_seconds": 0.5})
    async with TestClient(TestServer(create_app(limited)), headers=role_headers["recruiter"]) as client:
        held = asyncio.Event()
        boundary = "s39api"

        async def slow_body() -> AsyncIterator[bytes]:
            yield (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\n'
                "Content-Type: text/plain\r\n\r\nSlow Sender\n"
            ).encode()
            await held.wait()
            yield f"Welder\r\n--{boundary}--\r\n".encode()

        slow = asyncio.create_task(
            client.post(
                "/api/v1/resumes/upload",
                data=slow_body(),
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            )
        )
        await asyncio.sleep(0.3)  # the server, on this loop, has the slow upload's first part by now

        waited = await client.post("/api/v1/resumes/upload", data=form(b"Waiting Walt\nPlumber", "w.txt"))
        assert waited.status == 503
        assert waited.headers["Retry-After"].isdigit()
        assert (await waited.json())["error"]["code"] == "busy"

        held.set()
        assert (await slow).status == 202
        after = await client.post("/api/v1/resumes/upload", data=form(b"Waiting Walt\nPlumber", "w.txt"))
        assert after.status == 202  # not a duplicate: the refused upload stored nothing
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 2


async def test_answers_with_personal_data_are_kept_by_no_cache(
    hr_tool: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # A candidate (name, email, phone), a resume's parse and a search's hits went out with no Cache-Control:
    # a cache between the HR tool and the API could keep and serve them.
    uploaded, url = await parsed_candidate(hr_tool, db, settings)
    code, _, err = await run_indexer(settings.index_alias, "reindex")
    assert code == 0, err
    answers = [
        await hr_tool.get(url),
        await hr_tool.patch(url, json={"location": "Munich, Germany"}),
        await hr_tool.get(uploaded["status_url"]),
        await hr_tool.get("/api/v1/resumes"),
        await hr_tool.post("/api/v1/search/candidates", json={"query": "engineer"}),
    ]
    for answer in answers:
        assert answer.status == 200, (answer.url, await answer.text())
        assert "no-store" in answer.headers.get("Cache-Control", ""), answer.url
    assert "@" in (await answers[0].json())["email"]  # personal data indeed


async def test_an_accepted_upload_says_where_to_follow_it_in_location(
    hr_tool: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # A 202 came without Location, where HTTP clients and API tools look for the status monitor (it was only
    # in the body's status_url).
    response = await hr_tool.post("/api/v1/resumes/upload", data=form(b"Lena Location\nWelder", "l.txt"))
    assert response.status == 202
    followed = await hr_tool.get(response.headers["Location"])
    assert (await followed.json())["id"] == (await response.json())["id"]

    again = await hr_tool.post(f"{response.headers['Location']}/reprocess")
    assert again.status == 202 and again.headers["Location"] == response.headers["Location"]

    document = await (await hr_tool.get("/api/v1/openapi.json")).json()
    for path in ("/api/v1/resumes/upload", "/api/v1/resumes/{id}/reprocess"):
        assert "Location" in document["paths"][path]["post"]["responses"]["202"]["headers"]


async def test_an_api_key_sent_where_keys_do_not_go_is_told_where_they_go(
    hr_tool: TestClient, recruiter: TestClient
) -> None:
    # `Authorization: Token <key>` and `?api_key=<key>` were answered "authentication required", naming
    # neither the X-API-Key header nor that the key was seen.
    key = hr_tool.session.headers["X-API-Key"]
    url = hr_tool.make_url("/api/v1/resumes")
    async with aiohttp.ClientSession() as bare:  # no client's default headers: only the key is sent
        async with bare.get(url, headers={"Authorization": f"Token {key}"}) as other_scheme:
            assert other_scheme.status == 401
            error = (await other_scheme.json())["error"]
        assert "X-API-Key" in error["message"] and error["details"][0]["field"] == "Authorization"

        async with bare.get(url, params={"api_key": key}) as query:
            assert query.status == 401
            error = (await query.json())["error"]
        assert "X-API-Key" in error["message"] and error["details"][0]["field"] == "api_key"

    # A search's own parameters may look like a key: with credentials they are no key.
    suggest = await recruiter.get("/api/v1/search/suggest", params={"field": "skill", "prefix": "hrk_x"})
    assert suggest.status != 401


async def test_an_api_key_is_taken_as_a_bearer_token_as_the_mcp_server_takes_it(hr_tool: TestClient) -> None:
    # HR tools' "bearer token" settings send the key as `Authorization: Bearer <key>`, which the MCP server
    # takes; the API checked it as an access token and answered "invalid token".
    key = hr_tool.session.headers["X-API-Key"]
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {key}"}) as bearer:
        async with bearer.get(hr_tool.make_url("/api/v1/auth/me")) as me:
            assert me.status == 200, await me.text()
            assert (await me.json())["kind"] == "api_key"
        async with bearer.get(hr_tool.make_url("/api/v1/api-keys")) as beyond_its_scope:
            assert beyond_its_scope.status == 403
        async with bearer.get(
            hr_tool.make_url("/api/v1/resumes"), headers={"Authorization": "Bearer hrk_x"}
        ) as bad:
            assert bad.status == 401
            assert (await bad.json())["error"]["message"] == "invalid API key"


async def test_a_key_revoked_mid_sync_is_refused_saying_it_was_revoked(
    hr_tool: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    # A revoked key was answered "invalid API key", as a mistyped one is: the operator of the HR tool looked
    # for a typo instead of asking for a new key.
    assert (await hr_tool.get("/api/v1/resumes")).status == 200
    async with aiohttp.ClientSession(headers=role_headers["admin"]) as admin:
        async with admin.get(hr_tool.make_url("/api/v1/api-keys")) as listed:
            (key,) = (await listed.json())["items"]
        async with admin.delete(hr_tool.make_url(f"/api/v1/api-keys/{key['id']}")) as revoked:
            assert revoked.status == 204

    refused = await hr_tool.get("/api/v1/resumes")
    assert refused.status == 401
    assert "revoked" in (await refused.json())["error"]["message"]
    assert key["prefix"] in (await refused.json())["error"]["message"]

    mistyped = await hr_tool.get("/api/v1/resumes", headers={"X-API-Key": "hrk_mistyped"})
    assert mistyped.status == 401
    assert "revoked" not in (await mistyped.json())["error"]["message"]


async def test_an_admins_keys_can_be_found_to_revoke_when_the_admin_leaves(
    hr_tool: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    # A key is the organisation's: it works on after the admin who created it is deactivated. The listing
    # did not say who created a key, so the keys of an admin who left could not be found to revoke.
    async with aiohttp.ClientSession(headers=role_headers["admin"]) as admin:
        async with admin.get(hr_tool.make_url("/api/v1/auth/me")) as me:
            admin_id = (await me.json())["id"]
        async with admin.get(hr_tool.make_url("/api/v1/api-keys")) as listed:
            (key,) = (await listed.json())["items"]
    assert key["created_by"] == admin_id
