"""The leak finder the full-run log test relies on: it finds what is planted, and passes scrubbed lines."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app.logs import JsonFormatter
from tests.leaks import find_leaks, known_patterns, phone_pattern

PASSWORD = "Tr0ub4dor&3-horse"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl"
API_KEY = "hrk_Zm9vYmFyYmF6cXV4cXV1eA"
EMAIL = "Grace.Hopper@navy.example.org"
PHONE = "+1 (555) 010-0199"


def patterns() -> dict:
    return known_patterns(
        {"admin password": PASSWORD, "access token": TOKEN, "API key": API_KEY}, [EMAIL], [PHONE]
    )


def test_every_planted_value_is_found_with_its_file_and_line(tmp_path: Path) -> None:
    log = tmp_path / "api.log"
    log.write_text(
        '{"message": "serving"}\n'
        f'{{"message": "login {PASSWORD}"}}\n'
        f'{{"message": "auth", "header": "{TOKEN}"}}\n'
        '{"message": "nothing here"}\n'
        f"key={API_KEY}\n"
        f"hello {EMAIL.lower()}\n"
        "call 555.010.0199 today\n"
        "call 5550100199 today\n"
    )
    found = {(leak.line, leak.what) for leak in find_leaks([log], patterns())}
    assert (2, "admin password") in found
    assert (3, "access token") in found and (3, "a JWT") in found
    assert (5, "API key") in found and (5, "an API key") in found
    assert (6, "candidate email #1") in found and (6, "an email address") in found
    assert (7, "candidate phone #1") in found and (7, "a North American phone number") in found
    assert (8, "candidate phone #1") in found  # the digits alone, no shape to catch them
    assert {line for line, _ in found} == {2, 3, 5, 6, 7, 8}
    first = find_leaks([log], patterns())[0]
    assert str(first) == f'api.log:2: admin password: ...{{"message": "login {PASSWORD}"}}...'


@pytest.mark.parametrize(
    "text",
    [
        "stranger@example.com wrote",
        "mobile +49 30 1234567",
        "mobile +91 9500615962",
        "(916) 212-0053",
        "361.563.7084",
        "256 714 1241",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig",
        "X-API-Key: hrk_abcdefghijklmnop",
    ],
)
def test_shapes_catch_values_nobody_listed(tmp_path: Path, text: str) -> None:
    log = tmp_path / "worker.log"
    log.write_text(text + "\n")
    assert find_leaks([log], {}), text


@pytest.mark.parametrize(
    "text",
    [
        '{"ts": "2025-01-02T03:04:05.678+00:00", "duration_ms": 12.5, "status": 200}',
        '{"request_id": "0f8e1c2b-1234-4567-8901-abcdef012345", "route": "/api/v1/candidates/{id}"}',
        'http_request_duration_seconds_bucket{endpoint="/api/v1/search/candidates",le="0.25"} 3.0',
        "process_start_time_seconds 1.7351234567e+09",
        "postgresql+asyncpg://hr:[redacted]@127.0.0.1:5432/hr",
        "Worked 2014-2016 2017-2019, 12 400 000 rows",
    ],
)
def test_ordinary_lines_are_not_leaks(tmp_path: Path, text: str) -> None:
    log = tmp_path / "api.log"
    log.write_text(text + "\n")
    assert find_leaks([log], {}) == []


def test_the_scrubbed_log_line_of_a_planted_leak_is_clean(tmp_path: Path) -> None:
    """What app/logs.py writes for a message full of secrets passes the finder: the two agree."""
    record = logging.LogRecord(
        "hr-api",
        logging.WARNING,
        __file__,
        1,
        "login failed for %s (%s) password=%s token %s key %s",
        (EMAIL, PHONE, PASSWORD, TOKEN, API_KEY),
        None,
    )
    record.contact = f"{EMAIL} {PHONE}"
    log = tmp_path / "api.log"
    log.write_text(JsonFormatter().format(record) + "\n")
    assert find_leaks([log], patterns()) == []


def test_phone_pattern_matches_the_digits_in_any_format() -> None:
    pattern = phone_pattern("(916) 212-0053")
    assert pattern is not None
    for text in ("916-212-0053", "+1 916 212 0053", "9162120053", "(916)212.0053"):
        assert pattern.search(text), text
    assert not pattern.search("91621200531")
    assert phone_pattern("2014") is None
