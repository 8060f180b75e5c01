"""The worker with Claude as its parser (ANTHROPIC_API_KEY set): the real SDK over a fake HTTP transport, the
real database. What the resume's row and the candidates come to when Claude fails or answers badly."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from prometheus_client import REGISTRY
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.models import Candidate, ParsingStatus, Resume
from app.parsing.claude import TOOL_NAME, ClaudeResumeParser
from app.parsing.extract import TEXT
from app.resumes.worker import Worker
from app.settings import Settings
from tests.fake_claude import API_KEY, Handler, api_error, http, message, tool_call, transport_client
from tests.integration.conftest import queue_directly
from tests.resume_samples import text_resume


def _parser(settings: Settings, handler: Handler) -> ClaudeResumeParser:
    claude = settings.model_copy(
        update={
            "anthropic_api_key": SecretStr(API_KEY),
            "anthropic_model": "claude-test",
            "anthropic_max_retries": 0,
        }
    )
    return ClaudeResumeParser.from_settings(claude, http_client=transport_client(handler))


async def _run_once(db: async_sessionmaker[AsyncSession], settings: Settings, handler: Handler) -> Worker:
    once = settings.model_copy(update={"worker_concurrency": 1})
    worker = Worker(once, db, _parser(settings, handler))
    await worker.run(asyncio.Event(), once=True)
    return worker


async def _resume(db: async_sessionmaker[AsyncSession], resume_id: Any) -> Resume:
    async with db() as session:
        resume = await session.get(Resume, resume_id)
    assert resume is not None
    return resume


def _errors(error_type: str) -> float:
    return REGISTRY.get_sample_value("resume_parsing_errors_total", {"error_type": error_type}) or 0.0


@pytest.mark.parametrize(
    ("status", "error_type", "says"),
    [
        (401, "authentication_error", "HTTP 401: the API key (ANTHROPIC_API_KEY) was refused"),
        (403, "permission_error", "HTTP 403: the API key (ANTHROPIC_API_KEY) may not use"),
        (404, "not_found_error", "HTTP 404: no model 'claude-test' (ANTHROPIC_MODEL)"),
        (529, "overloaded_error", "HTTP 529"),
    ],
)
async def test_a_claude_error_is_the_resumes_reason_and_counted_once(
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    status: int,
    error_type: str,
    says: str,
) -> None:
    # The row said "parsing failed (ParsingError); it will be retried": which of a bad key, a model that
    # does not exist or an overloaded API, nobody could tell; and the failure was counted twice, once as
    # "api_error" and once as "ParsingError".
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    before = (_errors("api_error"), _errors("ParsingError"))
    with caplog.at_level(logging.DEBUG):
        await _run_once(db, settings, lambda request: api_error(status, error_type))
    resume = await _resume(db, resume_id)
    assert resume.parsing_status is ParsingStatus.QUEUED  # retried later, as any transient fault
    assert resume.error is not None and says in resume.error and "it will be retried" in resume.error
    assert (_errors("api_error"), _errors("ParsingError")) == (before[0] + 1, before[1])
    assert API_KEY not in resume.error + caplog.text
    async with db() as session:
        assert (await session.scalars(select(Candidate))).all() == []


async def test_claudes_reading_becomes_the_candidate(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    answer = {"name": "Jane Doe", "email": "jane.doe@example.com", "skills": ["Python"]}
    await _run_once(db, settings, lambda request: tool_call(TOOL_NAME, answer))
    resume = await _resume(db, resume_id)
    assert (resume.parsing_status, resume.parser_name) == (ParsingStatus.COMPLETED, "claude")
    async with db() as session:
        (candidate,) = (await session.scalars(select(Candidate))).all()
    assert (candidate.full_name, candidate.email) == ("Jane Doe", "jane.doe@example.com")


async def test_contact_details_claude_did_not_read_in_the_resume_merge_no_one(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # The same email is the same candidate: Claude's "N/A" for two resumes without an address made their two
    # people one candidate, and an address it took from elsewhere (another resume, its own invention) filed
    # the resume under whoever has it.
    jane = (await queue_directly(db, settings, text_resume(), TEXT)).id
    john = (await queue_directly(db, settings, text_resume("John Roe", email="", extra="x"), TEXT)).id
    mary = (await queue_directly(db, settings, text_resume("Mary Major", email="", extra="y"), TEXT)).id
    answers = {
        "Jane Doe": {"name": "Jane Doe", "email": "jane.doe@example.com", "phone": "+1 555 123 4567"},
        "John Roe": {"name": "John Roe", "email": "N/A", "phone": "not given"},
        "Mary Major": {"name": "Mary Major", "email": "jane.doe@example.com", "phone": "+49 30 1234567"},
    }

    def handler(request: Any) -> Any:
        name = next(name for name in answers if name in request.content.decode())
        return tool_call(TOOL_NAME, answers[name])

    await _run_once(db, settings, handler)
    async with db() as session:
        candidates = {c.full_name: c for c in (await session.scalars(select(Candidate))).all()}
        resumes = {r.id: r for r in (await session.scalars(select(Resume))).all()}
    assert {resumes[r].parsing_status for r in (jane, john, mary)} == {ParsingStatus.COMPLETED}
    assert set(candidates) == {"Jane Doe", "John Roe", "Mary Major"}
    assert (candidates["Jane Doe"].email, candidates["Jane Doe"].phone) == (
        "jane.doe@example.com",
        "+1 555 123 4567",
    )
    for name in ("John Roe", "Mary Major"):
        assert (candidates[name].email, candidates[name].phone) == (None, None)
    assert len({resumes[r].candidate_id for r in (jane, john, mary)}) == 3


async def test_an_answer_that_is_no_message_is_the_resumes_reason(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # A page of HTML with status 200 (a proxy before the API) left "parsing failed (AttributeError)".
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    before = _errors("malformed_output")
    await _run_once(db, settings, lambda request: http.Response(200, text="<html>Sign in</html>"))
    resume = await _resume(db, resume_id)
    assert resume.parsing_status is ParsingStatus.QUEUED
    assert resume.error == "Claude's answer is no message; it will be retried"
    assert _errors("malformed_output") == before + 1


async def test_a_message_cut_off_mid_json_is_the_resumes_reason(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # A body cut off in its JSON left "parsing failed (JSONDecodeError)".
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    cut = b'{"id": "msg_test", "type": "message", "content": [{"type": "tool_use", "input": {"name": "Ja'

    def handler(request: Any) -> Any:
        return http.Response(200, content=cut, headers={"content-type": "application/json"})

    await _run_once(db, settings, handler)
    resume = await _resume(db, resume_id)
    assert resume.parsing_status is ParsingStatus.QUEUED
    assert resume.error == "Claude's answer is no message (its JSON is cut off); it will be retried"


async def test_a_parse_waits_for_claude_no_longer_than_anthropic_timeout_seconds(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # The SDK waits out a 429's retry-after however long, retry after retry: a worker slot held its job for
    # hours, past its lease (WORKER_VISIBILITY_TIMEOUT_SECONDS, when another worker calls Claude for it
    # again) and past the SIGTERM grace that counts one Claude call as ANTHROPIC_TIMEOUT_SECONDS.
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    claude = settings.model_copy(
        update={
            "anthropic_api_key": SecretStr(API_KEY),
            "anthropic_timeout_seconds": 2.0,
            "anthropic_max_retries": 3,
            "worker_concurrency": 1,
        }
    )

    def handler(request: Any) -> Any:
        return api_error(429, "rate_limit_error", {"retry-after": "3600"})

    parser = ClaudeResumeParser.from_settings(claude, http_client=transport_client(handler))
    worker = Worker(claude, db, parser)
    await asyncio.wait_for(worker.run(asyncio.Event(), once=True), 30)
    resume = await _resume(db, resume_id)
    assert resume.parsing_status is ParsingStatus.QUEUED
    # Ended while waiting out the rate limit: said so, and the next attempt waits what the API asked (it
    # ended as a time-out, tried again after the worker's own 10 s while the API still asked an hour).
    assert resume.error == (
        "Claude's rate limit asked to wait 3600 s, past the 2 s a parse may take "
        "(ANTHROPIC_TIMEOUT_SECONDS); it will be retried"
    )
    async with db() as session:
        wait = await session.scalar(
            select(func.extract("epoch", Resume.next_attempt_at - func.now())).where(Resume.id == resume_id)
        )
    assert 3590 < float(wait) <= 3600


async def test_an_address_claude_writes_in_another_field_stays_out_of_the_record(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # Claude put the address where the name goes ("jane.doe@example.com" as the name, in a title): it was the
    # candidate's name, in every list and in the index, which keeps no addresses.
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    answer = {
        "name": "jane.doe@example.com",
        "email": "jane.doe@example.com",
        "current_title": "Engineer (jane.doe@example.com)",
        "work_experience": [{"company": "Acme Corp", "title": "Engineer, jane.doe@example.com"}],
        "skills": ["Python"],
    }
    await _run_once(db, settings, lambda request: tool_call(TOOL_NAME, answer))
    resume = await _resume(db, resume_id)
    assert resume.parsing_status is ParsingStatus.COMPLETED
    async with db() as session:
        (candidate,) = (await session.scalars(select(Candidate))).all()
    assert (candidate.full_name, candidate.email) == (None, "jane.doe@example.com")
    assert candidate.current_title == "Engineer"
    assert "example.com" not in str(resume.parsed_data).replace("'email': 'jane.doe@example.com'", "")


async def test_an_answer_cut_off_at_the_output_limit_is_read_by_the_offline_parser_at_once(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # A resume too long for Claude's output limit was cut off again on every attempt (five, each paid for in
    # full) and then failed: no candidate. The offline parser reads it at once, and the row says so.
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    calls = 0

    def handler(request: Any) -> Any:
        nonlocal calls
        calls += 1
        return tool_call(TOOL_NAME, {"name": "Jane Doe"}, stop_reason="max_tokens")

    await _run_once(db, settings, handler)
    resume = await _resume(db, resume_id)
    assert (resume.parsing_status, resume.parser_name, calls) == (ParsingStatus.COMPLETED, "rule_based", 1)
    assert resume.error == "read by the offline parser: Claude's answer was cut off at the output limit"
    async with db() as session:
        (candidate,) = (await session.scalars(select(Candidate))).all()
    assert (candidate.full_name, candidate.email) == ("Jane Doe", "jane.doe@example.com")


async def test_on_the_last_attempt_the_offline_parser_reads_what_claude_would_not(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # An API overloaded through every attempt (or a refused key, a model that does not exist) failed the
    # resume for good; on its last attempt the offline parser reads it instead.
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    last = settings.model_copy(update={"worker_max_attempts": 1})
    await _run_once(db, last, lambda request: api_error(529, "overloaded_error"))
    resume = await _resume(db, resume_id)
    assert (resume.parsing_status, resume.parser_name) == (ParsingStatus.COMPLETED, "rule_based")
    assert resume.error == "read by the offline parser: the Claude API answered HTTP 529"


async def test_a_reading_of_nothing_is_read_by_the_offline_parser(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # Two resumes in one file came back as {"candidates": [...]}, no field of the tool's: the resume failed
    # as "found nothing of a resume in the file", which the file plainly had.
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    answer = {"candidates": [{"name": "Jane Doe"}, {"name": "John Roe"}]}
    await _run_once(db, settings, lambda request: tool_call(TOOL_NAME, answer))
    resume = await _resume(db, resume_id)
    assert (resume.parsing_status, resume.parser_name) == (ParsingStatus.COMPLETED, "rule_based")
    assert resume.error == "read by the offline parser: Claude found nothing of a resume in it"


async def test_a_nul_character_in_claudes_answer_does_not_lose_the_resume(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # Postgres stores no NUL: the record's write failed ("parsing failed (CharacterNotInRepertoireError)"),
    # the resume was retried, Claude asked and paid again each time, and it failed.
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    answer = {"name": "Jane\u0000 Doe", "skills": ["Py\u0000thon"], "summary": "Builds\u0000 things"}
    await _run_once(db, settings, lambda request: tool_call(TOOL_NAME, answer))
    resume = await _resume(db, resume_id)
    assert (resume.parsing_status, resume.parser_name, resume.error) == (
        ParsingStatus.COMPLETED,
        "claude",
        None,
    )
    async with db() as session:
        (candidate,) = (await session.scalars(select(Candidate))).all()
    assert (candidate.full_name, candidate.summary) == ("Jane Doe", "Builds things")


async def test_a_resume_rate_limited_is_tried_again_no_sooner_than_the_api_asks(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # The next attempt came after the worker's own backoff (10 s, 40 s, ...) whatever the 429's retry-after
    # said: refused again each time, the resume's attempts ran out while the API still asked to wait.
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    await _run_once(db, settings, lambda request: api_error(429, "rate_limit_error", {"retry-after": "600"}))
    async with db() as session:
        wait = await session.scalar(
            select(func.extract("epoch", Resume.next_attempt_at - func.now())).where(Resume.id == resume_id)
        )
    resume = await _resume(db, resume_id)
    assert resume.parsing_status is ParsingStatus.QUEUED
    assert 590 < float(wait) <= 600


async def test_two_resumes_in_one_file_keep_the_first_and_the_record_says_so(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # Claude called the tool twice (a file of two resumes): the second was dropped without a word.
    resume_id = (await queue_directly(db, settings, text_resume(), TEXT)).id
    first = {"name": "Jane Doe", "skills": ["Python"]}
    second = {"name": "John Roe", "skills": ["Go"]}
    blocks = [
        {"type": "tool_use", "id": f"toolu_{n}", "name": TOOL_NAME, "input": reading}
        for n, reading in enumerate((first, second))
    ]
    await _run_once(db, settings, lambda request: http.Response(200, json=message(blocks)))
    resume = await _resume(db, resume_id)
    assert resume.parsing_status is ParsingStatus.COMPLETED
    assert resume.error == (
        "Claude read 2 resumes in this file; only the first is kept: upload each resume as a file of its own"
    )
