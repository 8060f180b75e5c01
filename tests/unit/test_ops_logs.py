"""Structured logs: one JSON object per line, the request id on every line of a request, no PII."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator

import pytest
from aiohttp import web
from aiohttp.http_exceptions import BadStatusLine, InvalidHeader
from aiohttp.test_utils import TestClient, TestServer, make_mocked_request
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import async_sessionmaker

from app.after_response import after_response
from app.db import create_engine
from app.logs import REQUEST_ID_HEADER, JsonFormatter, scrub, setup_logging
from app.middlewares import AFTER_RESPONSE_HANDLER_ARGS, request_id_middleware
from app.parsing.rule_based import RuleBasedResumeParser
from app.resumes.worker import Worker
from app.settings import Settings


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The root logger writing JSON lines into a buffer, as `setup_logging` configures every process."""
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    stream = io.StringIO()
    setup_logging("INFO", stream=stream)
    yield stream
    for handler in list(root.handlers):
        if handler not in before[0]:
            root.removeHandler(handler)
    root.setLevel(before[1])


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_record_is_one_json_line_with_time_level_logger_and_message(captured: io.StringIO) -> None:
    logging.getLogger("hr-test").warning("indexed %d documents", 3, extra={"alias": "candidates"})
    [line] = lines(captured)
    assert line["level"] == "WARNING"
    assert line["logger"] == "hr-test"
    assert line["message"] == "indexed 3 documents"
    assert line["alias"] == "candidates"
    assert line["ts"].endswith("+00:00") and "T" in line["ts"]
    assert "request_id" not in line


def test_an_exception_stays_on_one_line_with_its_type(captured: io.StringIO) -> None:
    try:
        raise ValueError("bad value for ada@example.com")
    except ValueError:
        logging.getLogger("hr-test").exception("failed")
    assert captured.getvalue().count("\n") == 1
    [line] = lines(captured)
    assert line["exc_type"] == "ValueError"
    assert "Traceback" in line["exc"] and "ada@example.com" not in line["exc"]


def test_the_level_comes_from_the_setting(captured: io.StringIO) -> None:
    setup_logging("WARNING", stream=captured)
    logging.getLogger("hr-test").info("not shown")
    logging.getLogger("hr-test").error("shown")
    assert [line["message"] for line in lines(captured)] == ["shown"]


def test_calling_setup_twice_does_not_double_the_lines(captured: io.StringIO) -> None:
    setup_logging("INFO", stream=captured)
    logging.getLogger("hr-test").info("once")
    assert len(lines(captured)) == 1


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("login failed for ada.lovelace@example.co.uk", "ada.lovelace@example.co.uk"),
        ("call +49 30 1234567 tomorrow", "+49 30 1234567"),
        ("call (555) 010-0100", "555) 010-0100"),
        ("call 555-010-0100", "555-010-0100"),
        ("Authorization: Bearer abc.def-ghi", "abc.def-ghi"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl leaked", "eyJhbGciOiJIUzI1NiJ9"),
        ("key hrk_Zm9vYmFyYmF6cXV4 used", "Zm9vYmFyYmF6cXV4"),
        ("anthropic sk-ant-api03-abcdefghijkl failed", "abcdefghijkl"),
        ("password=hunter2 rejected", "hunter2"),
        ('{"api_key": "s3cr3t"}', "s3cr3t"),
        ("{'username': 'ada', 'password': 'correct horse battery'}", "horse battery"),
        ("GET /api/v1/search?q=Ada+Lovelace&limit=5 HTTP/1.1", "Lovelace"),
        ("mobile 09876971076", "09876971076"),
        ("postgresql://hr:topsecret@db:5432/hr unreachable", "topsecret"),
    ],
)
def test_scrub_removes_contact_details_and_secrets(text: str, secret: str) -> None:
    assert secret not in scrub(text)


@pytest.mark.parametrize(
    "text",
    [
        "indexed 1500 documents in 2.5s on 2024-06-01 12:00:00",
        "GET /api/v1/candidates/{candidate_id} 200",
        "resume 3f1c0a4e-8a7b-4b1c-9d2e-1f2a3b4c5d6e failed",
        "listening on 127.0.0.1:9090",
        "max_tokens=1024",
        "took 0.0123456789 s; build 0a1b2c3d4e5f, 1234567890 bytes",
    ],
)
def test_scrub_leaves_ordinary_text_alone(text: str) -> None:
    assert scrub(text) == text


@pytest.mark.parametrize(
    "error",
    [
        BadStatusLine("GET /api/v1/search?q=ada@example.com&phone=09876971076 HTTP/9.9"),
        InvalidHeader(b"X-API-Key hrk_Zm9vYmFyYmF6cXV4 Ada Lovelace"),
    ],
)
def test_a_request_aiohttp_cannot_parse_is_logged_without_its_bytes(
    captured: io.StringIO, error: Exception
) -> None:
    """aiohttp logs these at ERROR with the raw request line and headers in the message."""
    try:
        raise error
    except Exception:
        logging.getLogger("aiohttp.server").exception("Error handling request from 127.0.0.1")
    [line] = lines(captured)
    assert line["exc_type"] == type(error).__name__
    assert line["exc"] == f"{type(error).__name__}: malformed HTTP message (its bytes are not logged)"


def test_the_parse_subprocesses_write_scrubbed_json_lines(capfd: pytest.CaptureFixture[str]) -> None:
    settings = Settings(log_level="INFO")
    worker = Worker(settings, async_sessionmaker(create_engine(settings)), RuleBasedResumeParser())
    try:
        log = logging.getLogger("app.parsing.rule_based")
        worker.pool.submit(log.warning, "parse failed near %s", "ada@example.com 09876971076").result(60)
    finally:
        worker.pool.shutdown()
    err = capfd.readouterr().err
    [line] = [json.loads(text) for text in err.splitlines() if "parse failed" in text]
    assert line["logger"] == "app.parsing.rule_based"
    assert line["message"] == "parse failed near [email] [phone]"


def test_secret_looking_extra_fields_are_redacted(captured: io.StringIO) -> None:
    logging.getLogger("hr-test").info("user created", extra={"email": "ada@example.com", "user_id": 7})
    [line] = lines(captured)
    assert line["email"] == "[redacted]"
    assert line["user_id"] == 7


def test_formatter_keeps_a_record_level_request_id() -> None:
    record = logging.LogRecord("hr-test", logging.INFO, __file__, 1, "hello", None, None)
    record.request_id = "abc-123"
    assert json.loads(JsonFormatter().format(record))["request_id"] == "abc-123"


async def _app() -> web.Application:
    async def hello(request: web.Request) -> web.Response:
        logging.getLogger("hr-test").info("inside the handler")
        return web.json_response({"ok": True})

    async def fail(request: web.Request) -> web.Response:
        raise web.HTTPNotFound()

    app = web.Application(middlewares=[request_id_middleware], handler_args=AFTER_RESPONSE_HANDLER_ARGS)
    app.router.add_get("/hello", hello)
    app.router.add_get("/health", hello)
    app.router.add_get("/fail", fail)
    return app


async def test_the_request_id_round_trips_and_tags_every_line(captured: io.StringIO) -> None:
    async with TestClient(TestServer(await _app())) as client:
        response = await client.get("/hello", headers={REQUEST_ID_HEADER: "trace-42"})
        assert response.headers[REQUEST_ID_HEADER] == "trace-42"
        generated = (await client.get("/hello")).headers[REQUEST_ID_HEADER]
        failed = await client.get("/fail", headers={REQUEST_ID_HEADER: "trace-43"})
        assert failed.status == 404 and failed.headers[REQUEST_ID_HEADER] == "trace-43"
        hostile = await client.get("/hello", headers={REQUEST_ID_HEADER: "x\u2028injected" + "y" * 200})
        replaced = hostile.headers[REQUEST_ID_HEADER]
    assert len(generated) == 32 and replaced != "x\u2028injected" and len(replaced) == 32
    records = lines(captured)
    handler_lines = [line for line in records if line["message"] == "inside the handler"]
    assert [line["request_id"] for line in handler_lines] == ["trace-42", generated, replaced]
    access = [line for line in records if line["logger"] == "hr-api.access"]
    assert [(line["route"], line["status"], line["request_id"]) for line in access] == [
        ("/hello", 200, "trace-42"),
        ("/hello", 200, generated),
        ("/fail", 404, "trace-43"),
        ("/hello", 200, replaced),
    ]
    assert all(isinstance(line["duration_ms"], float) for line in access)


async def test_probe_requests_log_their_access_line_at_debug_only(captured: io.StringIO) -> None:
    async with TestClient(TestServer(await _app())) as client:
        assert (await client.get("/health")).status == 200
    assert not [line for line in lines(captured) if line["logger"] == "hr-api.access"]


async def test_work_left_for_after_the_response_runs_once_it_is_sent_with_the_request_id(
    captured: io.StringIO,
) -> None:
    seen: list[tuple[bool, str]] = []

    async def search(request: web.Request) -> web.Response:
        response = web.json_response({"ok": True})

        def bookkeeping() -> None:
            seen.append((response.prepared, "after"))
            logging.getLogger("hr-test").info("bookkeeping")

        def broken() -> None:
            raise RuntimeError("a metric that could not be written")

        after_response(broken)
        after_response(bookkeeping)
        return response

    app = await _app()
    app.router.add_get("/search", search)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/search", headers={REQUEST_ID_HEADER: "trace-7"})
        assert response.status == 200 and await response.json() == {"ok": True}
    # Run after the response went out, the failing callback logged and the next one still run.
    assert seen == [(True, "after")]
    records = lines(captured)
    [failure] = [line for line in records if line["message"] == "work after a response failed"]
    [bookkeeping] = [line for line in records if line["message"] == "bookkeeping"]
    [access] = [line for line in records if line["logger"] == "hr-api.access"]
    assert failure["exc_type"] == "RuntimeError" and failure["request_id"] == "trace-7"
    assert bookkeeping["request_id"] == "trace-7" and access["request_id"] == "trace-7"


def test_work_for_after_a_response_runs_at_once_outside_a_request() -> None:
    seen: list[str] = []
    after_response(lambda: seen.append("ran"))
    assert seen == ["ran"]


async def test_a_cancelled_request_still_runs_its_queue_and_logs_its_access_line(
    captured: io.StringIO,
) -> None:
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        after_response(lambda: seen.append("ran"))
        raise asyncio.CancelledError

    request = make_mocked_request("GET", "/hello", headers={REQUEST_ID_HEADER: "trace-9"})
    with pytest.raises(asyncio.CancelledError):
        await request_id_middleware(request, handler)
    assert seen == ["ran"]
    [access] = [line for line in lines(captured) if line["logger"] == "hr-api.access"]
    assert access["request_id"] == "trace-9" and access["status"] == 500


def test_client_libraries_never_log_below_their_floor(captured: io.StringIO) -> None:
    setup_logging("DEBUG", stream=captured)
    logging.getLogger("anthropic._base_client").debug("Request options: resume text of Ada Lovelace")
    logging.getLogger("opensearch").info("POST /candidates/_search body with Ada Lovelace")
    logging.getLogger("hr-test").debug("ours")
    assert [line["message"] for line in lines(captured)] == ["ours"]


async def test_the_outermost_middleware_counts_a_request_in_flight_and_records_it_once_sent() -> None:
    seen: list[float | None] = []

    def sample(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    async def busy(request: web.Request) -> web.Response:
        seen.append(sample("http_requests_active", endpoint="/busy/{n}"))
        seen.append(sample("http_requests_total", method="GET", endpoint="/busy/{n}", status="200"))
        return web.json_response({"ok": True})

    app = await _app()
    app.router.add_get("/busy/{n}", busy)
    before = sample("http_request_duration_seconds_count", method="GET", endpoint="/busy/{n}")
    async with TestClient(TestServer(app)) as client:
        assert (await client.get("/busy/1")).status == 200
        assert (await client.get("/busy/2")).status == 200
    # In flight while served, per route template (never the raw path); counted and timed once sent.
    assert seen == [1.0, 0.0, 1.0, 1.0]
    assert sample("http_requests_active", endpoint="/busy/{n}") == 0.0
    assert sample("http_requests_total", method="GET", endpoint="/busy/{n}", status="200") == 2.0
    assert sample("http_request_duration_seconds_count", method="GET", endpoint="/busy/{n}") == before + 2
    assert sample("http_requests_total", method="GET", endpoint="/busy/1", status="200") == 0.0
