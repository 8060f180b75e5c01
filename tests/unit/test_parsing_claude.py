"""The Claude parser through the real anthropic SDK, with a fake HTTP transport (no network).

The SDK sends its requests through ``httpx2`` (its fork of httpx) in the installed version, so the
fake transport is httpx2's ``MockTransport``; with an httpx-based SDK the same test uses httpx.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from prometheus_client import REGISTRY

try:  # the SDK's own HTTP library: httpx2 for anthropic >= 2, httpx before
    import httpx2 as http
except ImportError:  # pragma: no cover - older SDKs
    import httpx as http  # type: ignore[no-redef]

from app.parsing.base import ParsingError, ResumeParser, select_parser
from app.parsing.claude import TOOL_NAME, ClaudeResumeParser, tool_input_schema
from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser
from app.settings import Settings
from tests.fake_claude import message

Handler = Callable[[Any], Any]

TOOL_INPUT = {
    "name": "Jane Doe",
    "email": "jane@example.com",
    "work_experience": [
        {
            "company": "Acme",
            "title": "Engineer",
            "start_date": "2019-01",
            "end_date": None,
            "is_current": True,
        },
        {"company": "Initech", "title": "Developer", "start_date": "2015-03-01", "end_date": "2018-12-01"},
    ],
    "skills": ["k8s", "Postgres", "Kubernetes", "Widget Wrangling"],
    "languages": ["English"],
}


def _tool_use(tool_input: Any) -> dict[str, Any]:
    return message([{"type": "tool_use", "id": "toolu_test", "name": TOOL_NAME, "input": tool_input}])


def _parser(
    handler: Handler, *, retries: int = 2, max_input_chars: int = 60_000, timeout: float = 5
) -> ClaudeResumeParser:
    settings = Settings(
        anthropic_api_key="test-key",
        anthropic_model="claude-test",
        anthropic_timeout_seconds=timeout,
        anthropic_max_retries=retries,
        anthropic_max_input_chars=max_input_chars,
    )
    client = http.AsyncClient(transport=http.MockTransport(handler))
    return ClaudeResumeParser.from_settings(settings, http_client=client)


async def _reading(answer: Any, text: str = "resume text") -> ParsedResume:
    """Claude's reading of `text` when its tool call carries `answer`."""
    return await _parser(lambda request: http.Response(200, json=_tool_use(answer))).parse(text)


def _errors(error_type: str) -> float:
    return REGISTRY.get_sample_value("resume_parsing_errors_total", {"error_type": error_type}) or 0.0


async def test_success_forces_the_tool_and_canonicalises_skills() -> None:
    requests: list[Any] = []

    def handler(request: Any) -> Any:
        # Assertions go after the call: an exception in here would surface as a connection error.
        requests.append(request)
        return http.Response(200, json=_tool_use(TOOL_INPUT))

    parser = _parser(handler, max_input_chars=1500)
    resume = await parser.parse("x" * 5000)
    (request,) = requests
    assert request.url.path == "/v1/messages"
    credentials = request.headers.get("x-api-key", "") + request.headers.get("authorization", "")
    assert "test-key" in credentials
    body = json.loads(request.content)
    assert body["model"] == "claude-test"
    assert body["tool_choice"] == {"type": "tool", "name": TOOL_NAME}
    assert body["tools"][0]["input_schema"]["properties"]["work_experience"]["type"] == "array"
    assert "$ref" not in json.dumps(body["tools"][0]["input_schema"])
    assert len(body["messages"][0]["content"]) == len("<resume>\n\n</resume>") + 1500
    # The tool and the rules, the same for every resume, are read from the API's prompt cache after the
    # first parse: they were paid for in full on every resume.
    [system] = body["system"]
    assert system["cache_control"] == {"type": "ephemeral"} and "record_resume" in system["text"]
    assert resume.name == "Jane Doe"
    assert resume.skills == ["Kubernetes", "PostgreSQL", "Widget Wrangling"]
    assert resume.work_experience[0].start_date.isoformat() == "2019-01-01"  # type: ignore[union-attr]
    assert resume.total_experience_years is not None and resume.total_experience_years > 7
    assert isinstance(parser, ResumeParser) and parser.version.endswith("claude-test")
    await parser.aclose()


async def test_malformed_tool_output_is_a_parsing_error() -> None:
    before = _errors("malformed_output")
    parser = _parser(lambda request: http.Response(200, json=_tool_use({"work_experience": "not a list"})))
    with pytest.raises(ParsingError) as caught:
        await parser.parse("resume text")
    assert caught.value.code == "malformed_output"
    assert "work_experience" in str(caught.value)
    assert _errors("malformed_output") == before + 1


async def test_answer_without_the_tool_is_a_parsing_error() -> None:
    parser = _parser(
        lambda request: http.Response(200, json=message([{"type": "text", "text": "Hi"}], "end_turn"))
    )
    with pytest.raises(ParsingError, match="without calling the resume tool"):
        await parser.parse("resume text")


async def test_cut_off_answer_is_a_parsing_error() -> None:
    parser = _parser(
        lambda request: http.Response(200, json={**_tool_use(TOOL_INPUT), "stop_reason": "max_tokens"})
    )
    with pytest.raises(ParsingError, match="cut off"):
        await parser.parse("resume text")


def _rate_limited() -> Any:
    error = {"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}}
    return http.Response(429, json=error, headers={"retry-after-ms": "1"})


async def test_rate_limit_then_success() -> None:
    calls = 0

    def handler(request: Any) -> Any:
        nonlocal calls
        calls += 1
        return _rate_limited() if calls == 1 else http.Response(200, json=_tool_use(TOOL_INPUT))

    resume = await _parser(handler, retries=2).parse("resume text")
    assert calls == 2
    assert resume.name == "Jane Doe"


async def test_rate_limit_that_persists() -> None:
    before = _errors("rate_limited")
    calls = 0

    def handler(request: Any) -> Any:
        nonlocal calls
        calls += 1
        return _rate_limited()

    with pytest.raises(ParsingError) as caught:
        await _parser(handler, retries=1).parse("resume text")
    assert caught.value.code == "rate_limited"
    assert calls == 2  # the first try and one retry
    assert _errors("rate_limited") == before + 1


async def test_a_rate_limit_wait_past_the_time_limit_keeps_its_retry_after() -> None:
    """The SDK waits a 429's retry-after out inside the call: one longer than ANTHROPIC_TIMEOUT_SECONDS ended
    the parse as a time-out, and the worker tried the resume again without the wait the API asked."""
    before = _errors("rate_limited")
    error = {"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}}
    slow_down = http.Response(429, json=error, headers={"retry-after": "30"})
    parser = _parser(lambda request: slow_down, timeout=0.5)
    with pytest.raises(ParsingError) as caught:
        await parser.parse("resume text")
    assert caught.value.code == "rate_limited"
    assert caught.value.retry_after == 30
    assert "30 s" in str(caught.value) and "ANTHROPIC_TIMEOUT_SECONDS" in str(caught.value)
    assert _errors("rate_limited") == before + 1


async def test_timeout() -> None:
    before = _errors("timeout")
    calls = 0

    def handler(request: Any) -> Any:
        nonlocal calls
        calls += 1
        raise http.ReadTimeout("timed out", request=request)

    with pytest.raises(ParsingError) as caught:
        await _parser(handler, retries=0).parse("resume text")
    assert caught.value.code == "timeout"
    assert calls == 1
    assert _errors("timeout") == before + 1


async def test_server_error_without_retries() -> None:
    error = {"type": "error", "error": {"type": "api_error", "message": "boom"}}
    parser = _parser(lambda request: http.Response(500, json=error), retries=0)
    with pytest.raises(ParsingError) as caught:
        await parser.parse("resume text")
    assert caught.value.code == "api_error"
    assert "HTTP 500" in str(caught.value)


def test_tool_schema_is_self_contained() -> None:
    schema = tool_input_schema()
    assert schema["type"] == "object"
    assert "$defs" not in schema
    job = schema["properties"]["work_experience"]["items"]
    assert {"company", "title", "start_date", "end_date", "is_current"} <= set(job["properties"])


def test_select_parser() -> None:
    assert isinstance(select_parser(Settings(anthropic_api_key=None)), RuleBasedResumeParser)
    assert isinstance(select_parser(Settings(anthropic_api_key="test-key")), ClaudeResumeParser)


async def test_null_for_an_absent_list_is_an_empty_one() -> None:
    # The prompt asks for "null (or an empty list) for anything absent"; a null list failed the whole resume
    # ("does not fit the resume schema ... Input should be a valid list"), which ended `failed` or retried.
    answer = {
        "name": "Jane Doe",
        "links": None,
        "skills": None,
        "certifications": None,
        "languages": None,
        "education": None,
        "work_experience": [{"company": "Acme", "title": "Engineer", "start_date": "2019-01"}],
    }
    resume = await _reading(answer)
    assert (resume.name, resume.skills, resume.education, resume.links) == ("Jane Doe", [], [], [])
    assert [job.company for job in resume.work_experience] == ["Acme"]


async def test_dates_as_resumes_write_them_are_read_and_an_unreadable_one_is_left_out() -> None:
    # "Summer 2018" or "Jan 2019" in one job failed the whole resume ("Input should be a valid date").
    jobs = [
        {"company": "Acme", "title": "Engineer", "start_date": "Jan 2019", "end_date": "Present"},
        {"company": "Initech", "title": "Intern", "start_date": "Summer 2018", "end_date": "Aug 2018"},
        {"company": "Globex", "title": "Clerk", "start_date": "sometime in the 90s", "end_date": "2001"},
    ]
    answer = {"name": "Jane Doe", "work_experience": jobs}
    resume = await _reading(answer)
    assert [(str(job.start_date), str(job.end_date)) for job in resume.work_experience] == [
        ("2019-01-01", "None"),
        ("2018-06-01", "2018-08-01"),
        ("None", "2001-01-01"),
    ]
    # "Present" is a job that goes on, counted to today.
    assert [job.is_current for job in resume.work_experience] == [True, False, False]
    assert resume.total_experience_years is not None and resume.total_experience_years > 7


async def test_years_outside_a_working_life_are_left_out() -> None:
    # A job "from" the year 1000 made 1,020 years of experience (stored as 99.9), a stated 200 years stood
    # as Claude wrote it, and a graduation in the year 3000 failed the whole resume.
    jobs = [
        {"company": "Acme", "title": "Engineer", "start_date": "1000-01-01", "end_date": "2020-01-01"},
        {"company": "Initech", "title": "Clerk", "start_date": "2015-01-01", "end_date": "2125-06-01"},
        {"company": "Globex", "title": "Intern", "start_date": "2014-01-01", "end_date": "2014-12-01"},
    ]
    schools = [
        {"institution": "MIT", "graduation_year": 3000},
        {"institution": "TU", "graduation_year": 2012},
    ]
    answer = {"name": "Jane Doe", "work_experience": jobs, "education": schools}
    resume = await _reading(answer)
    assert [(job.start_date, job.end_date) for job in resume.work_experience][:2] == [
        (None, date(2020, 1, 1)),
        (date(2015, 1, 1), None),
    ]
    assert resume.total_experience_years == 1.0
    assert [school.graduation_year for school in resume.education] == [None, 2012]
    stated = {"name": "Jane Doe", "total_experience_years": 200}
    resume = await _reading(stated)
    assert resume.total_experience_years is None


async def test_claudes_reading_is_held_to_the_offline_parsers_sizes() -> None:
    # 5,000 jobs, 5,000 links or a title of 10,000 characters were stored as Claude wrote them in the
    # resume's parsed data (and every job as a row of the candidate, and of its index document).
    huge = "Engineer " * 1200
    answer = {
        "name": "Jane Doe " * 1200,
        "current_title": huge,
        "summary": "Summary. " * 5000,
        "work_experience": [
            {"company": f"Firm {n}", "title": huge, "description": huge * 3} for n in range(5000)
        ],
        "education": [{"institution": f"School {n}"} for n in range(500)],
        "links": [f"https://example.com/{n}" for n in range(5000)],
        "certifications": [f"Cert {n}" for n in range(5000)],
        "languages": [f"Language {n}" for n in range(5000)],
    }
    resume = await _reading(answer)
    lists = (resume.work_experience, resume.education, resume.links, resume.certifications, resume.languages)
    assert [len(items) for items in lists] == [50, 20, 20, 30, 15]
    assert resume.work_experience[49].company == "Firm 49"
    assert (
        max(
            len(resume.name or ""),
            len(resume.current_title or ""),
            len(resume.work_experience[0].title or ""),
        )
        <= 200
    )
    assert len(resume.summary or "") <= 3000 and len(resume.work_experience[0].description or "") <= 5000


async def test_a_job_that_ends_before_it_starts_counts_as_the_years_it_spans() -> None:
    # The candidate's job was stored 2010-2020 (its dates swapped) but counted 0 years of experience.
    jobs = [{"company": "Acme", "title": "Engineer", "start_date": "2020-01-01", "end_date": "2010-01-01"}]
    answer = {"name": "Jane Doe", "work_experience": jobs}
    resume = await _reading(answer)
    [job] = resume.work_experience
    assert (job.start_date, job.end_date) == (date(2010, 1, 1), date(2020, 1, 1))
    assert resume.total_experience_years == 10.1


async def test_a_phone_number_is_kept_as_claude_writes_it_when_the_text_writes_it_another_way() -> None:
    # The number is checked against the text (an invented one is dropped): Claude's "+49 30 1234567" for
    # "+49 (0) 30 1234567", and "+49 151 12345678" for "0151 12345678", are the numbers the text writes.
    for written, read in (
        ("+49 (0) 30 1234567", "+49 30 1234567"),
        ("0151 12345678", "+49 151 12345678"),
        ("(555) 123-4567", "+1 555-123-4567"),
        ("(555) 123-4567", "+1 555-765-4321"),
    ):
        answer = {"name": "Jane Doe", "phone": read}
        parser = _parser(lambda request, answer=answer: http.Response(200, json=_tool_use(answer)))
        resume = await parser.parse(f"Jane Doe\nPhone: {written}\nBerlin")
        assert resume.phone == (None if read.endswith("4321") else read), written


async def test_a_refusal_is_a_parsing_error_even_with_a_tool_call_begun() -> None:
    # An answer stopped as a refusal, its tool call begun, was stored as the resume's reading.
    answer = {**_tool_use({"name": "Jane Doe"}), "stop_reason": "refusal"}
    with pytest.raises(ParsingError, match="Claude refused") as caught:
        await _parser(lambda request: http.Response(200, json=answer)).parse("resume text")
    assert caught.value.code == "malformed_output"


async def test_values_of_the_wrong_shape_are_read_as_meant_not_failing_the_resume() -> None:
    # Each of these failed the whole resume ("does not fit the resume schema"), which was retried, Claude
    # asked and paid again every time, and then failed: nested lists sent as JSON strings, a list of names
    # as one string, grouped by kind or as objects, a phone as a number, every address found, a year among
    # words, a number of years with a plus, is_current as "N/A".
    jobs = [{"company": "Acme", "title": "Engineer", "start_date": "2019-01", "is_current": "N/A"}]
    answer = {
        "name": "Jane Doe",
        "phone": 15551234567,
        "email": ["jane@example.com", "jane.doe@work.example"],
        "work_experience": json.dumps(jobs),
        "education": [{"institution": "MIT", "graduation_year": "May 2012"}],
        "skills": {"languages": ["Python", "Go"], "tools": "Docker, k8s"},
        "links": [{"url": "https://github.com/jane"}],
        "languages": "English, German",
        "certifications": [{"name": "CKA", "year": 2021}],
        "total_experience_years": "5+ years",
    }
    text = "Jane Doe\njane@example.com\n+1 555 123 4567\nEngineer at Acme since 2019\nMIT 2012"
    resume = await _reading(answer, text)
    assert (resume.name, resume.email, resume.phone) == ("Jane Doe", "jane@example.com", "15551234567")
    assert [(job.company, job.title, job.is_current) for job in resume.work_experience] == [
        ("Acme", "Engineer", False)
    ]
    assert [school.graduation_year for school in resume.education] == [2012]
    assert resume.skills == ["Python", "Go", "Docker", "Kubernetes"]
    assert (resume.links, resume.languages, resume.certifications) == (
        ["https://github.com/jane"],
        ["English", "German"],
        ["CKA"],
    )


async def test_a_value_that_fits_no_field_is_left_out_and_unreadable_jobs_fail_the_reading() -> None:
    answer = {"name": "Jane Doe", "summary": {"text": 1}, "skills": ["Python", ["Go", ["Rust"]]]}
    resume = await _reading(answer)
    assert (resume.name, resume.summary, resume.skills) == ("Jane Doe", None, ["Python", "Go", "Rust"])
    # Jobs as sentences cannot be read: the reading is not of the resume's shape, and asking again repeats it.
    answer = {"name": "Jane Doe", "work_experience": ["Engineer at Acme 2019-2023"]}
    with pytest.raises(ParsingError) as caught:
        await _reading(answer)
    assert "work_experience.0" in str(caught.value) and caught.value.repeats


async def test_placeholders_for_what_the_resume_does_not_give_are_no_values() -> None:
    # "N/A" was the candidate's name in every list, "Unknown" an employer in the company facet, "None" a
    # skill; a NUL Claude copied made Postgres refuse the whole record.
    answer = {
        "name": "N/A",
        "location": "Not provided",
        "current_title": "n/a",
        "current_company": "Unknown",
        "summary": "Builds\u0000 things",
        "work_experience": [{"company": "Not specified", "title": "Engineer", "location": "-"}],
        "education": [{"institution": "MIT", "degree": "None"}],
        "skills": ["N/A", "Python", "None", "Ru\u0000st"],
    }
    resume = await _reading(answer)
    assert (resume.name, resume.location, resume.summary) == (None, None, "Builds things")
    assert (resume.current_title, resume.current_company) == ("Engineer", None)
    [job] = resume.work_experience
    assert (job.company, job.title, job.location) == (None, "Engineer", None)
    assert resume.education[0].degree is None
    assert resume.skills == ["Python", "Rust"]


async def test_an_end_written_as_present_day_or_till_now_is_a_current_job() -> None:
    # "Present Day", "till now", "Currently" were no date and no "present": the jobs ended nowhere, counted
    # no years, and the candidate had no experience to filter on.
    jobs = [
        {"company": "Acme", "title": "Engineer", "start_date": "2019-01", "end_date": "Present Day"},
        {"company": "Initech", "title": "Mentor", "start_date": "2015-01", "end_date": "till now"},
        {"company": "Globex", "title": "Advisor", "start_date": "2012-01", "end_date": "Currently"},
    ]
    answer = {"name": "Jane Doe", "work_experience": jobs}
    resume = await _reading(answer)
    assert [job.is_current for job in resume.work_experience] == [True, True, True]
    assert resume.total_experience_years is not None and resume.total_experience_years > 14


async def test_the_current_title_and_employer_come_from_the_jobs_when_claude_leaves_them_out() -> None:
    # Claude's prompt does not ask for them: a candidate with jobs showed no title or employer on the card,
    # in the lists and in the company facet (the offline parser takes them from the jobs).
    jobs = [
        {"company": "Initech", "title": "Developer", "start_date": "2015-03", "end_date": "2018-12"},
        {"company": "Acme", "title": "Engineer", "start_date": "2019-01", "is_current": True},
    ]
    answer = {"name": "Jane Doe", "work_experience": jobs}
    resume = await _reading(answer)
    assert (resume.current_title, resume.current_company) == ("Engineer", "Acme")
    stated = {**answer, "current_title": "Staff Engineer"}
    resume = await _reading(stated)
    assert (resume.current_title, resume.current_company) == ("Staff Engineer", None)


async def test_only_answers_the_same_text_would_get_again_are_said_to_repeat() -> None:
    cut = {**_tool_use(TOOL_INPUT), "stop_reason": "max_tokens"}
    refused = {**_tool_use(TOOL_INPUT), "stop_reason": "refusal"}
    prose = message([{"type": "text", "text": "Here is the resume: {...}"}], "end_turn")
    for body in (cut, refused, prose, _tool_use({"work_experience": "Engineer at Acme"})):
        with pytest.raises(ParsingError) as caught:
            await _parser(lambda request, body=body: http.Response(200, json=body)).parse("resume text")
        assert caught.value.repeats, body
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}
    with pytest.raises(ParsingError) as caught:
        await _parser(lambda request: http.Response(529, json=error), retries=0).parse("resume text")
    assert not caught.value.repeats


async def test_a_request_refused_as_too_long_says_so_and_is_not_asked_again() -> None:
    # "prompt is too long" (a resume longer than the model reads, ANTHROPIC_MAX_INPUT_CHARS set high) said
    # only "HTTP 400", and the same request was sent on every attempt until the resume failed.
    error = {"type": "error", "error": {"type": "invalid_request_error", "message": "prompt is too long"}}
    with pytest.raises(ParsingError) as caught:
        await _parser(lambda request: http.Response(400, json=error), retries=0).parse("resume text")
    assert "HTTP 400" in str(caught.value) and "ANTHROPIC_MAX_INPUT_CHARS" in str(caught.value)
    assert caught.value.repeats


async def test_duties_and_a_summary_written_as_bullets_are_kept_as_lines() -> None:
    # A job's description as a list of bullets fit no text field and was left out: the duties were lost, and
    # the years of use of the skills they name with them.
    answer = {
        "name": "Jane Doe",
        "summary": ["Backend engineer.", "Eight years of Python."],
        "work_experience": [
            {
                "company": "Acme",
                "title": "Engineer",
                "description": ["Built Kubernetes deployments", "", "Led 4"],
            }
        ],
    }
    resume = await _reading(answer)
    assert resume.summary == "Backend engineer.\nEight years of Python."
    assert resume.work_experience[0].description == "Built Kubernetes deployments\nLed 4"


async def test_a_phone_number_claude_writes_beside_the_name_or_a_title_stays_out_of_them() -> None:
    # "Jane Doe | +1 555 123 4567" was the candidate's name on every card and in the index, which keeps no
    # contact details; addresses were blanked out of such fields, phone numbers not.
    answer = {
        "name": "Jane Doe | +1 555 123 4567",
        "phone": "+1 555 123 4567",
        "current_title": "+49 30 12345678",
        "summary": "Engineer since 2014-2016, reachable at (555) 123-4567.",
        "work_experience": [
            {"company": "Acme Corp (555-123-4567)", "title": "Engineer", "start_date": "2019"}
        ],
    }
    resume = await _reading(answer, "Jane Doe\n+1 555 123 4567\nEngineer at Acme Corp")
    # The title that was only a number is none: the current job's stands in for it.
    assert (resume.name, resume.phone, resume.current_title) == ("Jane Doe", "+1 555 123 4567", "Engineer")
    assert resume.summary == "Engineer since 2014-2016, reachable at ."
    assert resume.work_experience[0].company == "Acme Corp"


async def test_a_place_sent_as_its_parts_is_joined_not_left_out() -> None:
    answer = {
        **TOOL_INPUT,
        "location": {"city": "Berlin", "region": "", "country": "Germany"},
        "work_experience": [
            {**TOOL_INPUT["work_experience"][0], "location": {"city": "Munich", "country": "Germany"}},
        ],
    }
    resume = await _reading(answer)
    assert resume.location == "Berlin, Germany"
    assert resume.work_experience[0].location == "Munich, Germany"
