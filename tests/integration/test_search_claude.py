"""The smart search with ANTHROPIC_API_KEY set: Claude reads the sentence through the real SDK over a fake
HTTP transport (no network here), the rest is the real API, Postgres, Redis and OpenSearch."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anthropic
import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app import keys
from app.main import create_app
from app.search.interpret import SEARCH_TOOL
from app.settings import Settings
from tests.fake_claude import API_KEY, Handler, api_error, http, tool_call, transport_client
from tests.integration.test_search_api import index_people

SearchWith = Callable[..., Awaitable[tuple[int, dict[str, Any]]]]


@pytest.fixture(scope="module")
def claude_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "anthropic_api_key": SecretStr(API_KEY),
            "anthropic_model": "claude-test",
            "anthropic_max_retries": 0,
        }
    )


@pytest.fixture
async def corpus(db: async_sessionmaker[AsyncSession]) -> dict[str, uuid.UUID]:
    return await index_people(db)


@pytest.fixture
async def smart_search(
    claude_settings: Settings, role_headers: dict[str, dict[str, str]], corpus: dict[str, uuid.UUID]
) -> AsyncIterator[SearchWith]:
    """A smart search whose Claude answers with the handler given: the status and the JSON body."""
    async with TestClient(TestServer(create_app(claude_settings)), headers=role_headers["viewer"]) as client:
        # No reading an earlier test's Claude gave (they are kept by the sentence).
        redis = client.app[keys.SERVICES].redis
        kept = [key async for key in redis.scan_iter("search:smart_reading:*")]
        if kept:
            await redis.delete(*kept)

        async def search(
            handler: Handler, sentence: str, retries: int = 0, limit: int = 20
        ) -> tuple[int, dict[str, Any]]:
            services = client.app[keys.SERVICES]
            # The process's client, as composition builds it, over the fake transport.
            services.__dict__["anthropic"] = anthropic.AsyncAnthropic(
                api_key=API_KEY, max_retries=retries, http_client=transport_client(handler)
            )
            response = await client.post("/api/v1/search/smart", json={"query": sentence, "limit": limit})
            return response.status, await response.json()

        yield search


def tool_name() -> str:
    return str(SEARCH_TOOL["name"])


async def test_an_answer_that_is_no_message_falls_back_to_the_rules(smart_search: SearchWith) -> None:
    # A page of HTML with status 200 (a proxy before the API, a captive portal) or JSON of another shape
    # was a 500 from the smart search: the SDK hands such a body over as text, which was read as a message.
    for answer in (
        lambda request: http.Response(200, text="<html><body>Sign in to the network</body></html>"),
        lambda request: http.Response(200, json={"type": "message", "content": None}),
    ):
        status, body = await smart_search(answer, "python engineers in Berlin")
        assert status == 200, body
        assert body["interpreter"] == "rule_based"
        assert body["interpreted"]["locations"] == ["Berlin"]


def _reading(tool_input: dict[str, Any]) -> Handler:
    return lambda request: tool_call(tool_name(), tool_input)


async def test_contact_details_claude_copies_into_the_query_are_left_out(smart_search: SearchWith) -> None:
    # Claude copied the address and the phone number into its query: the interpreted request (and so the
    # search history) kept them, which the rules never do, and the number was searched as words.
    sentence = "python engineer alice@example.com +49 30 1234 5678"
    reading = {"query": "python engineer alice@example.com +49 30 1234 5678", "skills": ["Python"]}
    status, body = await smart_search(_reading(reading), sentence)
    assert status == 200, body
    assert body["interpreter"] == "claude"
    assert body["interpreted"]["query"] == "python engineer"
    assert [hit["full_name"] for hit in body["response"]["results"]] == ["Alice Anders"]


async def test_a_reading_cut_off_empty_or_of_another_tool_falls_back_to_the_rules(
    smart_search: SearchWith,
) -> None:
    # Each was taken as Claude's reading: an empty one searched for nothing and listed every candidate.
    for answer in (
        _reading({}),
        lambda request: tool_call(tool_name(), {"query": "python"}, stop_reason="max_tokens"),
        lambda request: tool_call("another_tool", {"query": "java"}),
    ):
        status, body = await smart_search(answer, "python engineers in Munich")
        assert status == 200, body
        assert body["interpreter"] == "rule_based"
        assert body["interpreted"]["locations"] == ["Munich"]
        assert all("Munich" in hit["location"] for hit in body["response"]["results"])


async def test_a_claude_that_makes_the_search_wait_is_not_waited_for(smart_search: SearchWith) -> None:
    # The SDK waits as long as a 429's retry-after says, retry after retry, and gives each try
    # ANTHROPIC_TIMEOUT_SECONDS (60): a recruiter's smart search hung for minutes.
    async def slow(request: Any) -> Any:
        await asyncio.sleep(120)

    for answer, retries in (
        (lambda request: api_error(429, "rate_limit_error", {"retry-after": "60"}), 3),
        (slow, 0),
    ):
        started = time.monotonic()
        status, body = await smart_search(answer, "python engineers in Munich", retries)
        assert status == 200, body
        assert body["interpreter"] == "rule_based"
        assert time.monotonic() - started < 15


async def test_a_sentence_asked_again_is_not_sent_to_claude_again(smart_search: SearchWith) -> None:
    # Every smart search sent its sentence to Claude, the same one asked a moment ago too (run again, by
    # another recruiter, by an MCP assistant): paid for and waited for each time.
    calls = 0

    def reading(request: Any) -> Any:
        nonlocal calls
        calls += 1
        return tool_call(tool_name(), {"query": "engineer", "skills": ["Python"], "locations": ["Berlin"]})

    answers = [
        await smart_search(reading, sentence, limit=limit)
        for sentence, limit in (
            ("python engineers in Berlin", 20),
            ("Python engineers  in berlin ", 5),
        )
    ]
    assert calls == 1
    for (status, body), limit in zip(answers, (20, 5), strict=True):
        assert status == 200, body
        assert body["interpreter"] == "claude"
        assert (body["interpreted"]["skills"], body["interpreted"]["locations"]) == (["Python"], ["Berlin"])
        assert body["interpreted"]["limit"] == limit
    # A reading Claude failed to give is not kept: the next time Claude is asked again.
    status, body = await smart_search(lambda request: api_error(529, "overloaded_error"), "java in Munich")
    assert body["interpreter"] == "rule_based"
    await smart_search(reading, "java in Munich")
    assert calls == 2


async def test_a_reading_past_the_caps_is_searched_as_far_as_it_fits_and_says_what_was_cut(
    smart_search: SearchWith,
) -> None:
    # Claude's reading of a sentence naming 22 places or 32 skills was refused as a whole, and the rules read
    # the sentence instead without a word: the caller never learnt that Claude's reading was thrown away.
    places = ["Berlin", "Munich", *(f"Town{n}" for n in range(20))]
    skills = ["Python", "Java", *(f"Skill{n}" for n in range(28)), "Fortran", "COBOL"]
    calls = 0

    def reading(request: Any) -> Any:
        nonlocal calls
        calls += 1
        return tool_call(tool_name(), {"query": "engineer", "skills": skills, "locations": places})

    sentence = "engineers in " + ", ".join(places) + " with " + ", ".join(skills)
    for _ in range(2):  # the second reading comes from Redis
        status, body = await smart_search(reading, sentence)
        assert status == 200, body
        assert body["interpreter"] == "claude"
        interpreted = body["interpreted"]
        assert (interpreted["locations"], interpreted["skills"]) == (places[:20], skills[:30])
        assert interpreted["query"] == "engineer Fortran COBOL"
        assert body["warnings"] == [
            {
                "field": "locations",
                "problem": "the sentence names 22 places; a search takes 20: Town18, Town19 not searched",
            },
            {
                "field": "skills",
                "problem": "the sentence names 32 skills; a search takes 30: Fortran, COBOL searched as "
                "words only, not as skills",
            },
        ]
        found = {hit["full_name"] for hit in body["response"]["results"]}
        assert found == {"Alice Anders", "Bob Brandt"}
    assert calls == 1
