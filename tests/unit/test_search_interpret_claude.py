"""The smart search read by Claude through the real anthropic SDK, with a fake HTTP transport (no network),
and the offline rules taking over whenever Claude's answer cannot be used."""

from __future__ import annotations

import json
from typing import Any

import anthropic

try:  # the SDK's own HTTP library: httpx2 for anthropic >= 2, httpx before
    import httpx2 as http
except ImportError:  # pragma: no cover - older SDKs
    import httpx as http  # type: ignore[no-redef]

from app.search.interpret import SEARCH_TOOL, interpret
from app.settings import Settings
from tests.fake_claude import message

SETTINGS = Settings(anthropic_api_key="test-key", anthropic_model="claude-test")


def _client(
    answer: dict[str, Any] | None,
    seen: list[dict[str, Any]],
    status: int = 200,
    stop_reason: str = "tool_use",
) -> Any:
    def handler(request: Any) -> Any:
        seen.append(json.loads(request.content))
        if status != 200:
            return http.Response(
                status, json={"type": "error", "error": {"type": "api_error", "message": "x"}}
            )
        content = [{"type": "tool_use", "id": "toolu_1", "name": SEARCH_TOOL["name"], "input": answer}]
        return http.Response(200, json=message(content, stop_reason))

    return anthropic.AsyncAnthropic(
        api_key="test-key", max_retries=0, http_client=http.AsyncClient(transport=http.MockTransport(handler))
    )


async def test_claudes_tool_call_becomes_the_search_degree_included() -> None:
    seen: list[dict[str, Any]] = []
    answer = {
        "query": "platform engineer",
        "skills": ["Kubernetes"],
        "locations": ["Berlin"],
        "education_level": "master",
        "min_experience_years": 5,
        "search_type": "worked_with",  # not a field of the tool: never taken
    }
    text = "platform engineer with k8s in Berlin, 5+ years, master's"
    request, interpreter = await interpret(text, 10, SETTINGS, _client(answer, seen))
    assert interpreter == "claude"
    assert (request.query, request.skills, request.locations) == (
        "platform engineer",
        ["Kubernetes"],
        ["Berlin"],
    )
    assert (request.education_level, request.min_experience_years, request.limit) == ("master", 5, 10)
    assert request.search_type == "skills_match"
    [sent] = seen
    assert sent["tool_choice"] == {"type": "tool", "name": SEARCH_TOOL["name"]}
    assert "education_level" in sent["tools"][0]["input_schema"]["properties"]
    assert text in sent["messages"][0]["content"]


async def test_the_rules_answer_when_claude_fails_or_answers_nonsense() -> None:
    text = "python developer between 2 and 5 years in Berlin"
    for answer, status in (
        (None, 500),
        ({"min_experience_years": -3}, 200),
        ({"education_level": "guru"}, 200),
    ):
        request, interpreter = await interpret(text, 10, SETTINGS, _client(answer, [], status))
        assert interpreter == "rule_based", answer
        assert (request.skills, request.locations) == (["Python"], ["Berlin"])
        assert (request.min_experience_years, request.max_experience_years) == (2, 5)


async def test_null_for_a_field_claude_leaves_empty_is_no_field() -> None:
    # Claude's null for what the request does not name ("locations": null) refused its whole reading, and
    # the rules read the sentence instead.
    answer = {
        "query": "data engineer",
        "skills": ["Apache Spark"],
        "locations": None,
        "companies": None,
        "titles": None,
        "education_level": None,
        "min_experience_years": 3,
        "max_experience_years": None,
        "skills_mode": None,
    }
    request, interpreter = await interpret("spark data engineer, 3+ years", 10, SETTINGS, _client(answer, []))
    assert interpreter == "claude"
    assert (request.query, request.skills, request.locations) == ("data engineer", ["Apache Spark"], [])
    assert (request.min_experience_years, request.skills_mode) == (3, "any")


async def test_contact_details_of_the_sentence_are_not_sent_to_claude() -> None:
    # The whole sentence went to Anthropic, a candidate's address and phone number included, although the
    # search looks the address up in Postgres and searches no phone number.
    seen: list[dict[str, Any]] = []
    answer = {"query": "python engineer", "skills": ["Python"]}
    text = "python engineer Jane.Doe@example.com +49 30 1234 5678"
    request, interpreter = await interpret(text, 10, SETTINGS, _client(answer, seen))
    assert (interpreter, request.emails) == ("claude", ("jane.doe@example.com",))
    [sent] = seen
    assert "python engineer" in sent["messages"][0]["content"]
    assert "example.com" not in json.dumps(sent) and "5678" not in json.dumps(sent)
    # A sentence of contact details alone leaves Claude nothing to read: it is not called.
    request, interpreter = await interpret("jane.doe@example.com", 10, SETTINGS, _client(answer, seen))
    assert (interpreter, request.emails, len(seen)) == ("rule_based", ("jane.doe@example.com",), 1)


async def test_a_refusal_is_read_by_the_rules() -> None:
    # An answer stopped as a refusal, its tool call begun, was taken as Claude's reading.
    seen: list[dict[str, Any]] = []
    client = _client({"query": "python developer", "skills": ["Java"]}, seen, stop_reason="refusal")
    request, interpreter = await interpret("python developer in Berlin", 10, SETTINGS, client)
    assert (interpreter, request.skills, request.locations) == ("rule_based", ["Python"], ["Berlin"])


async def test_after_claude_does_not_answer_the_rules_read_at_once_for_a_while(monkeypatch: Any) -> None:
    # With Claude hanging, every smart search waited ANTHROPIC_SEARCH_TIMEOUT_SECONDS (10 s) before the rules
    # read it; with a refused key each paid a round trip to be refused again.
    import asyncio
    import time

    from app.search import interpret as module

    calls = 0

    async def hanging(request: Any) -> Any:
        nonlocal calls
        calls += 1
        await asyncio.sleep(30)

    client = anthropic.AsyncAnthropic(
        api_key="test-key", max_retries=0, http_client=http.AsyncClient(transport=http.MockTransport(hanging))
    )
    settings = SETTINGS.model_copy(update={"anthropic_search_timeout_seconds": 0.5})
    waited = []
    for sentence in ("python developer in Berlin", "java developer in Munich"):
        started = time.monotonic()
        request, interpreter = await interpret(sentence, 10, settings, client)
        waited.append(time.monotonic() - started)
        assert interpreter == "rule_based" and request.locations, sentence
    assert calls == 1 and waited[1] < 0.3
    # A refused key rests Claude too; once the rest is over Claude is asked again.
    monkeypatch.setattr(module, "CLAUDE_REST_SECONDS", 0.0)
    seen: list[dict[str, Any]] = []
    refused = _client(None, seen, status=401)
    for _ in range(2):
        assert (await interpret("python developer", 10, SETTINGS, refused))[1] == "rule_based"
    assert len(seen) == 2
    monkeypatch.setattr(module, "CLAUDE_REST_SECONDS", 30.0)
    for _ in range(2):
        assert (await interpret("python developer", 10, SETTINGS, refused))[1] == "rule_based"
    assert len(seen) == 3
    # A reading that cannot be used is the sentence's: the next one asks Claude.
    seen.clear()
    nonsense = _client({"education_level": "guru"}, seen)
    for _ in range(2):
        assert (await interpret("python developer", 10, SETTINGS, nonsense))[1] == "rule_based"
    assert len(seen) == 2


async def test_what_the_sentence_does_not_want_is_left_out_of_claudes_reading() -> None:
    # Claude's reading took "not at Google" as an employer to filter on and kept "without java" in its query,
    # which ranked Java's candidates first; the answer did not say what was left out, as the rules' does.
    answer = {
        "query": "python developer without java",
        "skills": ["Python", "Java"],
        "locations": ["Berlin"],
        "companies": ["Google"],
    }
    text = "python developer without Java, not in Berlin, not at Google"
    request, interpreter = await interpret(text, 10, SETTINGS, _client(answer, []))
    assert interpreter == "claude"
    assert (request.query, request.skills, request.locations, request.companies) == (
        "python developer",
        ["Python"],
        [],
        [],
    )
    assert set(request.not_searched) == {"without Java", "not in Berlin", "not at Google"}
    # A reading of nothing but what is not wanted is no reading: the rules answer.
    answer = {"companies": ["Google"]}
    request, interpreter = await interpret("engineer not at Google", 10, SETTINGS, _client(answer, []))
    assert (interpreter, request.companies, request.not_searched) == ("rule_based", [], ("not at Google",))


def test_a_reading_is_kept_by_the_sentence_the_model_and_the_tool(monkeypatch: Any) -> None:
    # Kept by the model and the sentence alone, a release that asks Claude otherwise (the tool's fields or
    # their descriptions changed) served the older readings for a day.
    from app.search.interpret import _Readings

    key = _Readings(None, SETTINGS).key
    assert key("Python developer  in Berlin") == key("python developer in berlin")
    other_model = _Readings(None, SETTINGS.model_copy(update={"anthropic_model": "claude-other"})).key
    assert other_model("python developer in berlin") != key("python developer in berlin")
    before = key("python developer in berlin")
    monkeypatch.setitem(SEARCH_TOOL, "description", "Another way of asking.")
    assert key("python developer in berlin") != before


async def test_claudes_arguments_of_the_wrong_shape_are_read_as_meant_and_placeholders_are_no_filter() -> (
    None
):
    # A place "N/A" or an employer "None" was a filter that found nobody; a list as one string, "5+" years,
    # "PhD", "ALL" or a minimum over the maximum failed the reading (paid for, and the next time the same),
    # and the rules read the sentence instead.
    answer = {
        "query": "developer",
        "skills": "Python, Django",
        "locations": '["Berlin"]',
        "companies": ["None", ""],
        "titles": "N/A",
        "min_experience_years": "10+",
        "max_experience_years": 5,
        "education_level": "PhD",
        "skills_mode": "ALL",
    }
    request, interpreter = await interpret(
        "python django developer in Berlin", 10, SETTINGS, _client(answer, [])
    )
    assert interpreter == "claude"
    assert (request.skills, request.locations, request.companies, request.titles) == (
        ["Python", "Django"],
        ["Berlin"],
        [],
        [],
    )
    assert (request.min_experience_years, request.max_experience_years) == (5, 10)
    assert (request.education_level, request.skills_mode) == ("doctorate", "all")
