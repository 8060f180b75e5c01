"""A 503 or 504 the API answers because a dependency failed has a log line saying which and how.

Without one, HighErrorRate's runbook ("the API's log ... 503s name the dependency that is down") led the
on-call engineer to an access log of bare 503s: the reason was only in the response bodies the clients got.
"""

from __future__ import annotations

import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.main import create_app
from app.settings import Settings
from tests.integration.conftest import free_port


def warnings_of(caplog: pytest.LogCaptureFixture, request_id: str) -> list[str]:
    """The WARNING-or-worse messages logged while the request of this id ran."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.WARNING and getattr(record, "request_id", None) == request_id
    ]


@pytest.fixture(autouse=True)
def request_ids_on_records(caplog: pytest.LogCaptureFixture) -> None:
    """Copy the request id onto each captured record, as the JSON formatter writes it on each line."""
    from app.logs import current_request_id

    class _RequestId(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            record.request_id = current_request_id()
            return True

    caplog.handler.addFilter(_RequestId())
    caplog.set_level(logging.INFO)


async def test_a_search_the_engine_cannot_answer_logs_why(
    settings: Settings, role_headers: dict[str, dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    down = settings.model_copy(update={"opensearch_url": nowhere})
    async with TestClient(TestServer(create_app(down)), headers=role_headers["recruiter"]) as api:
        response = await api.post(
            "/api/v1/search/candidates",
            json={"query": "nurse", "skills": ["python"]},
            headers={"X-Request-ID": "engine-down-1"},
        )
        assert response.status == 503
    lines = [m for m in warnings_of(caplog, "engine-down-1") if "search engine" in m]
    assert lines, caplog.text
    assert "ConnectionError" in lines[0]
    # What was searched stays out of the lines (the client library's own, silenced in the processes by
    # app.logs.QUIET_LOGGERS, quotes the body).
    assert not [r for r in caplog.records if r.name.startswith("app.") and "nurse" in r.getMessage()]


async def test_a_search_on_an_alias_without_index_logs_it(
    settings: Settings, role_headers: dict[str, dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    missing = settings.model_copy(update={"index_alias": "no-such-alias-ops-logs"})
    async with TestClient(TestServer(create_app(missing)), headers=role_headers["recruiter"]) as api:
        response = await api.post(
            "/api/v1/search/candidates", json={"skills": ["python"]}, headers={"X-Request-ID": "no-index-1"}
        )
        assert response.status == 503
    lines = [m for m in warnings_of(caplog, "no-index-1") if "search engine" in m]
    assert lines and "NotFoundError" in lines[0], caplog.text


async def test_a_login_refused_because_redis_is_down_logs_it(
    settings: Settings, role_headers: dict[str, dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    down = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    async with TestClient(TestServer(create_app(down))) as api:
        response = await api.post(
            "/api/v1/auth/login",
            json={"username": "recruiter", "password": "correct horse battery"},
            headers={"X-Request-ID": "redis-down-1"},
        )
        assert response.status == 503
    lines = warnings_of(caplog, "redis-down-1")
    assert any("Redis" in m and "login" in m for m in lines), caplog.text
