"""Faults against the real stack: each dependency stopped while the service is used, then started again.

`pytest -m faults` runs these alone; they stop and start the devstack services, so they run last.
After every fault, `indexer verify` is the judge: Postgres and the index hold the same ids and versions.
"""

from __future__ import annotations

import asyncio
import io
import os
import random
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.parsing.rule_based import RuleBasedResumeParser
from app.resumes.worker import POLL_SECONDS, Worker
from app.settings import Settings
from indexer.connections import Services
from tests.conftest import ROOT
from tests.integration.test_indexer_support import (
    add_candidates,
    alias,
    live_index,
    pending_rows,
    rename,
    run_indexer,
    services,
    start_indexer,
)
from tests.integration.test_search_api import load_corpus
from tests.resume_samples import text_resume

pytestmark = pytest.mark.faults
__all__ = ["alias", "live_index", "services"]

DEVSTACK = ROOT / ".devstack"


def devstack(action: str, service: str, settings: Settings) -> None:
    """Stop or start one devstack service, the one serving this run's URLs."""
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "OPENSEARCH_URL": settings.opensearch_url,
        "OPENSEARCH_PORT": str(urlsplit(settings.opensearch_hosts[0]).port or 9200),
    }
    subprocess.run(
        [str(ROOT / "devstack" / "stack.sh"), action, service],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def require_devstack(service: str) -> None:
    marker = {
        "opensearch": "opensearch/node.pid",
        "redis": "redis/redis.pid",
        "postgres": "postgres/data/postmaster.pid",
    }[service]
    if not (DEVSTACK / marker).exists():
        pytest.skip(f"{service} was not started by devstack here (reused server); cannot stop it")


@pytest.fixture
async def stopped(settings: Settings) -> AsyncIterator[list[str]]:
    """Services the test stops; started again whatever happens."""
    down: list[str] = []
    yield down
    for service in down:
        await asyncio.to_thread(devstack, "up", service, settings)


def indexer_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "indexer", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def upload_form(data: bytes) -> FormData:
    form = FormData()
    form.add_field("file", io.BytesIO(data), filename="cv.txt")
    return form


async def test_opensearch_down_uploads_and_edits_go_on_then_the_backlog_drains(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings, stopped: list[str]
) -> None:
    require_devstack("opensearch")
    ids = await load_corpus(db)
    assert indexer_cli("reindex").returncode == 0

    await asyncio.to_thread(devstack, "down", "opensearch", settings)
    stopped.append("opensearch")
    search = await recruiter.post("/api/v1/search/candidates", json={"skills": ["python"]})
    assert search.status == 503
    assert "search engine is unavailable" in (await search.json())["error"]["message"]
    ready = await (await recruiter.get("/ready")).json()
    assert ready["error"]["details"] == [{"field": "dependencies.opensearch", "problem": "unavailable"}]

    # The record system carries on: an upload is accepted and parsed, an edit is saved.
    upload = await recruiter.post(
        "/api/v1/resumes/upload", data=upload_form(text_resume(email="new@example.com"))
    )
    assert upload.status == 202
    await Worker(settings, db, RuleBasedResumeParser()).run(asyncio.Event(), once=True)
    status = await (await recruiter.get((await upload.json())["status_url"])).json()
    assert status["parsing_status"] == "completed"
    edit = await recruiter.patch(f"/api/v1/candidates/{ids['bob']}", json={"location": "Vienna, Austria"})
    assert edit.status == 200

    await asyncio.to_thread(devstack, "up", "opensearch", settings)
    stopped.remove("opensearch")
    drained = indexer_cli("run", "--until-empty", "--metrics-port", "0")
    assert drained.returncode == 0, drained.stderr
    verify = indexer_cli("verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    found = await (await recruiter.post("/api/v1/search/candidates", json={"locations": ["Vienna"]})).json()
    assert [h["full_name"] for h in found["results"]] == ["Bob Brandt"]


async def test_redis_down_searches_are_served_uncached_and_logins_fail_closed(
    api: TestClient,
    recruiter: TestClient,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    stopped: list[str],
) -> None:
    require_devstack("redis")
    await load_corpus(db)
    assert indexer_cli("reindex").returncode == 0

    await asyncio.to_thread(devstack, "down", "redis", settings)
    stopped.append("redis")
    for _ in range(2):
        response = await recruiter.post("/api/v1/search/candidates", json={"skills": ["kubernetes"]})
        body = await response.json()
        assert response.status == 200, body
        assert body["cached"] is False and body["total"] == 2
    login = await api.post(
        "/api/v1/auth/login", json={"username": "viewer", "password": "correct horse battery"}
    )
    assert login.status == 503
    assert "rate limiter" in (await login.json())["error"]["message"]
    upload = await recruiter.post(
        "/api/v1/resumes/upload", data=upload_form(text_resume(email="r@example.com"))
    )
    assert upload.status == 202  # nothing about intake needs Redis

    await asyncio.to_thread(devstack, "up", "redis", settings)
    stopped.remove("redis")
    first = await (await recruiter.post("/api/v1/search/candidates", json={"skills": ["java"]})).json()
    again = await (await recruiter.post("/api/v1/search/candidates", json={"skills": ["java"]})).json()
    assert first["cached"] is False and again["cached"] is True
    assert (
        await api.post("/api/v1/auth/login", json={"username": "viewer", "password": "correct horse battery"})
    ).status == 200


async def test_postgres_down_uploads_and_token_requests_get_503(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings, stopped: list[str]
) -> None:
    require_devstack("postgres")
    ids = await load_corpus(db)
    assert indexer_cli("reindex").returncode == 0

    # A resume worker runs through the outage, as `make run`'s does.
    stop = asyncio.Event()
    worker = asyncio.create_task(Worker(settings, db, RuleBasedResumeParser()).run(stop))

    await asyncio.to_thread(devstack, "down", "postgres", settings)
    stopped.append("postgres")
    await asyncio.sleep(2 * POLL_SECONDS)  # the worker's slots try to claim jobs meanwhile
    upload = await recruiter.post(
        "/api/v1/resumes/upload", data=upload_form(text_resume(email="p@example.com"))
    )
    body = await upload.json()
    assert upload.status == 503, body
    assert body["error"]["code"] == "database_unavailable"
    read = await recruiter.get(f"/api/v1/candidates/{ids['alice']}")
    assert read.status == 503
    # Authentication fails closed: without Postgres a token's own claims are not trusted.
    search = await recruiter.post("/api/v1/search/candidates", json={"skills": ["c++"]})
    assert search.status == 503

    await asyncio.to_thread(devstack, "up", "postgres", settings)
    stopped.remove("postgres")
    again = await recruiter.post(
        "/api/v1/resumes/upload", data=upload_form(text_resume(email="p@example.com"))
    )
    assert again.status == 202
    assert (await recruiter.get(f"/api/v1/candidates/{ids['alice']}")).status == 200
    # The worker outlived the outage and parses the upload made after it.
    status_url = (await again.json())["status_url"]
    for _ in range(60):
        status = await (await recruiter.get(status_url)).json()
        if status["parsing_status"] == "completed":
            break
        await asyncio.sleep(1)
    assert status["parsing_status"] == "completed", status
    assert not worker.done()
    stop.set()
    await worker


async def test_indexer_killed_five_times_while_candidates_change_ends_in_parity(
    services: Services,
    alias: str,
    live_index: str,
) -> None:
    ids = await add_candidates(services.pool, 400)
    rng = random.Random(7)
    for round_number in range(5):
        daemon = await start_indexer(alias, "run", "--batch-size", "20", "--metrics-port", "0")
        for candidate_id in rng.sample(ids, 40):  # changes land while the daemon works
            await rename(services.pool, candidate_id, f"Renamed {round_number}")
        await asyncio.sleep(0.5 + rng.random())
        daemon.send_signal(signal.SIGKILL)
        await daemon.wait()
    assert await pending_rows(services.pool) > 0  # the kills left work behind

    code, _, err = await run_indexer(alias, "run", "--until-empty", "--metrics-port", "0")
    assert code == 0, err
    assert await pending_rows(services.pool) == 0
    code, out, err = await run_indexer(alias, "verify")
    assert code == 0, out + err
    assert "in sync" in out
