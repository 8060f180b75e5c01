"""A full run at DEBUG, as real processes: no password, token, API key, email or phone number reaches a log
line or a metric label (issue #9).

hr-api, hr-worker, `hr-indexer run` and `hr-mcp --transport http` run as subprocesses, each writing stdout
and stderr to a file. Through HTTP the test logs in (with a wrong password too, until locked out), rotates
and replays a refresh token, registers users, makes and uses an API key, uploads real resumes with contact
details, searches for those details (in bodies, query strings, MCP tool calls and malformed requests),
reads and erases a candidate and scrapes every /metrics. Then every captured file, logs and scrapes alike,
is searched for each secret used and each contact detail parsed, and for anything shaped like one
(tests/leaks.py).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import secrets
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import docx
import pytest
from opensearchpy import AsyncOpenSearch
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.search.events import template_name
from app.settings import Settings
from tests.conftest import ROOT, SHARED_DATA
from tests.integration.test_mcp_server import call, http_session, refused
from tests.integration.test_ops_metric_names import free_port
from tests.leaks import find_leaks, known_patterns
from tests.resume_samples import text_resume

# This run locks an account out on purpose, from a clean slate.

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("clear_rate_limits")]

T = TypeVar("T")

RESUMES = SHARED_DATA / "resumes"
# LiveCareer PDFs whose text has an email address and a phone number.
PDFS = ("ACCOUNTANT/19545827.pdf", "ARTS/15265464.pdf", "ENGINEERING/25425322.pdf")
# A CSV row (its phone a bare run of digits) and a Dataturks text (+91 ...) with both, written to a TXT
# and a DOCX file in the test's own directory.
CSV_ROW = 7
DATATURKS_LINE = 165
# The real resumes and the generated one.
UPLOADS = len(PDFS) + 3
# The generated resume's phone number (tests/resume_samples.py).
GENERATED_PHONE = "+1 (555) 123-4567"
# Seconds each wait may take: start-up, parsing, indexing.
WAIT_SECONDS = 60


@dataclass(frozen=True)
class Account:
    email: str
    username: str
    password: str


@dataclass
class Run:
    """One full run: where its output goes, its ports and every secret it handed out (label -> value)."""

    logs: Path
    ports: dict[str, int]
    admin: Account
    recruiter: Account
    viewer: Account
    generated_email: str
    secrets: dict[str, str] = field(default_factory=dict)
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)

    def url(self, process: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[process]}{path}"


@pytest.fixture
async def alias(settings: Settings) -> AsyncIterator[str]:
    """An index alias (and events prefix) of this test's own; its indexes and template are removed."""
    name = f"pii-leaks-{uuid.uuid4().hex[:8]}"
    yield name
    client = AsyncOpenSearch(hosts=[settings.opensearch_url])
    try:
        await client.indices.delete(index=f"{name}-*", ignore_unavailable=True, expand_wildcards="all")
        await client.indices.delete_index_template(name=template_name(f"{name}-events-"), ignore=404)
    finally:
        await client.close()


def new_run(logs: Path) -> Run:
    tag = uuid.uuid4().hex[:8]

    def account(role: str, domain: str) -> Account:
        email = f"leak.{role}.{tag}@{domain}"
        return Account(email, f"leak-{role}-{tag}", f"{role.title()}-{secrets.token_urlsafe(12)}")

    run = Run(
        logs=logs,
        ports={
            name: free_port() for name in ("api", "api_metrics", "worker", "indexer", "mcp", "mcp_metrics")
        },
        admin=account("admin", "example.com"),
        recruiter=account("recruiter", "example.org"),
        viewer=account("viewer", "example.net"),
        generated_email=f"probe.candidate.{tag}@example.com",
    )
    for person in (run.admin, run.recruiter, run.viewer):
        run.secrets[f"{person.username} password"] = person.password
    run.secrets["wrong password"] = f"Wrong-{secrets.token_urlsafe(12)}"
    run.secrets["JWT secret"] = f"jwt-{secrets.token_urlsafe(24)}"
    return run


def environment(run: Run, alias: str, storage: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "INDEX_ALIAS": alias,
        "SEARCH_EVENTS_PREFIX": f"{alias}-events-",
        "STORAGE_DIR": str(storage),
        "JWT_SECRET": run.secrets["JWT secret"],
        "LOG_LEVEL": "DEBUG",  # the most talkative level
        "API_HOST": "127.0.0.1",
        "API_PORT": str(run.ports["api"]),
        "METRICS_PORT": str(run.ports["api_metrics"]),
        "WORKER_METRICS_PORT": str(run.ports["worker"]),
        "INDEXER_METRICS_PORT": str(run.ports["indexer"]),
        "MCP_PORT": str(run.ports["mcp"]),
        "MCP_METRICS_PORT": str(run.ports["mcp_metrics"]),
    }
    env.pop("ANTHROPIC_API_KEY", None)  # the offline parser and rules: no network here
    return env


def real_resumes(directory: Path) -> list[Path]:
    """Three real PDFs, and a TXT and a DOCX made from real resume texts (kept in the test's directory)."""
    with (RESUMES / "updated_resume_dataset.csv").open(encoding="utf-8", newline="") as handle:
        row = list(csv.DictReader(handle))[CSV_ROW]
    txt = directory / "data-science.txt"
    txt.write_text(row["Resume"], encoding="utf-8")
    with (RESUMES / "dataturks" / "traindata.json").open(encoding="utf-8") as handle:
        content = json.loads(handle.readlines()[DATATURKS_LINE])["content"]
    document = docx.Document()
    for paragraph in content.splitlines():
        document.add_paragraph(paragraph)
    docx_path = directory / "dataturks.docx"
    document.save(str(docx_path))
    return [*(RESUMES / "livecareer" / name for name in PDFS), txt, docx_path]


async def run_to_end(name: str, command: list[str], run: Run, env: dict[str, str], stdin: str = "") -> None:
    """A one-off command, its output kept with the logs; it must succeed."""
    log = run.logs / f"{name}.log"
    with log.open("wb") as handle:
        process = await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, env=env, stdout=handle, stderr=handle, stdin=asyncio.subprocess.PIPE
        )
        await asyncio.wait_for(process.communicate(stdin.encode()), WAIT_SECONDS)
    assert process.returncode == 0, log.read_text()


@asynccontextmanager
async def running(name: str, command: list[str], run: Run, env: dict[str, str]) -> AsyncIterator[None]:
    """A long-running process, stopped by SIGTERM when the block ends (killed if it will not stop)."""
    with (run.logs / f"{name}.log").open("wb") as handle:
        process = await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, env=env, stdout=handle, stderr=handle, stdin=asyncio.subprocess.DEVNULL
        )
    try:
        yield
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()


async def wait_until(check: Callable[[], Awaitable[T]], what: str, run: Run) -> T:
    """Poll `check` until it returns something truthy; fail naming what never happened."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            if result := await check():
                return result
        except (aiohttp.ClientError, OSError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; the logs are in {run.logs}")
        await asyncio.sleep(0.3)


class Api:
    """The API over HTTP; every call states the status it expects."""

    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base

    async def call(
        self,
        method: str,
        path: str,
        status: int | tuple[int, ...],
        headers: dict[str, str] | None = None,
        **options: Any,
    ) -> Any:
        async with self.session.request(method, self.base + path, headers=headers, **options) as response:
            body = await response.read()
            expected = (status,) if isinstance(status, int) else status
            assert response.status in expected, (method, path, response.status, body[:500])
            return json.loads(body) if response.content_type == "application/json" else None

    async def login(self, username: str, password: str, status: int = 200) -> Any:
        return await self.call(
            "POST", "/api/v1/auth/login", status, json={"username": username, "password": password}
        )

    async def refresh(self, refresh_token: str, status: int = 200) -> Any:
        return await self.call("POST", "/api/v1/auth/refresh", status, json={"refresh_token": refresh_token})

    async def search(self, headers: dict[str, str], **request: Any) -> Any:
        return await self.call("POST", "/api/v1/search/candidates", 200, headers, json=request)

    async def upload(self, headers: dict[str, str], name: str, data: bytes) -> None:
        form = aiohttp.FormData()
        form.add_field("file", io.BytesIO(data), filename=name)
        await self.call("POST", "/api/v1/resumes/upload", 202, headers, data=form)


def bearer(pair: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


async def send_malformed(port: int, request: bytes) -> None:
    """Bytes no HTTP parser accepts; the server answers 400 and closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
        await writer.wait_closed()


async def contact_details(db: async_sessionmaker[AsyncSession]) -> tuple[set[str], set[str]]:
    """Every email and phone number the worker stored, on candidates and in the parsed records."""
    async with db() as session:
        rows = await session.execute(
            text(
                "SELECT email, phone FROM candidates UNION"
                " SELECT parsed_data->>'email', parsed_data->>'phone' FROM resumes"
            )
        )
        pairs = rows.all()
    return {e for e, _ in pairs if e}, {p for _, p in pairs if p}


async def test_a_full_run_logs_no_secret_and_no_contact_detail(
    db: async_sessionmaker[AsyncSession], alias: str, tmp_path: Path
) -> None:
    run = new_run(tmp_path / "logs")
    run.logs.mkdir()
    env = environment(run, alias, tmp_path / "storage")
    python = sys.executable
    async with AsyncExitStack() as processes:
        # The indexer daemon creates the index behind the alias itself; the database starts empty.
        for name, command in (
            ("api", [python, "-m", "app.main"]),
            ("worker", [python, "-m", "app.resumes.worker"]),
            ("indexer", [python, "-m", "indexer", "run"]),
            ("mcp", [python, "-m", "app.mcp.server", "--transport", "http"]),
        ):
            await processes.enter_async_context(running(name, command, run, env))
        admin = ["create-admin", "--email", run.admin.email, "--username", run.admin.username]
        await run_to_end(
            "api-create-admin",
            [python, "-m", "app.main", *admin, "--password-stdin"],
            run,
            env,
            stdin=run.admin.password + "\n",
        )
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            for url in (run.url("api", "/health"), run.url("mcp", "/mcp")):
                await wait_until(lambda url=url: answers(session, url), url, run)
            api = Api(session, run.url("api", ""))
            recruiter, api_key = await authenticate(api, run)
            candidates = await ingest(api, db, run, bearer(recruiter), api_key)
            await search_for_contact_details(api, run, bearer(recruiter), api_key, candidates)
            logout = {"refresh_token": recruiter["refresh_token"]}
            await api.call("POST", "/api/v1/auth/logout", 204, json=logout)
            await erase_one(api, run, api_key)
            await scrape_metrics(session, run)

    # The run did what it says: real contact details were parsed, so their absence below means something.
    assert run.generated_email in run.emails and len(run.emails) >= 6 and len(run.phones) >= 5, run.emails
    captured = sorted(run.logs.iterdir())
    logs = ("api.log", "worker.log", "indexer.log", "mcp.log")
    for name in (*logs, "metrics-api.txt", "metrics-worker.txt", "metrics-mcp.txt"):
        assert (run.logs / name).stat().st_size, name
    leaks = find_leaks(captured, known_patterns(run.secrets, run.emails, run.phones))
    if leaks:
        pytest.fail(f"{len(leaks)} leaks (the logs are in {run.logs}):\n" + "\n".join(map(str, leaks)))


async def answers(session: aiohttp.ClientSession, url: str) -> bool:
    async with session.get(url) as response:
        return response.status < 500


async def authenticate(api: Api, run: Run) -> tuple[dict[str, str], dict[str, str]]:
    """Logins right and wrong, a lockout, refresh rotation and replay, users and API keys.

    Returns the recruiter's token pair and an API-key header for the rest of the run."""
    wrong = run.secrets["wrong password"]
    await api.login(run.admin.email, wrong, status=401)
    admin = await api.login(run.admin.email.upper(), run.admin.password)
    for account, role in ((run.recruiter, "recruiter"), (run.viewer, "viewer")):
        body = {
            "email": account.email,
            "username": account.username,
            "password": account.password,
            "role": role,
        }
        await api.call("POST", "/api/v1/auth/register", 201, bearer(admin), json=body)
    # The viewer locked out: five wrong passwords, then even the right one is refused.
    for _ in range(5):
        await api.login(run.viewer.email, wrong, status=401)
    await api.login(run.viewer.email, run.viewer.password, status=429)
    # A refresh token rotated, then replayed (which revokes its whole family). Replayed after its successor
    # was used in turn: a replay moments after its rotation, the successor unused, gets the successor again
    # (JWT_REFRESH_REUSE_GRACE_SECONDS), a reload's lost answer, not a reuse.
    first = await api.login(run.recruiter.username, run.recruiter.password)
    second = await api.refresh(first["refresh_token"])
    third = await api.refresh(second["refresh_token"])
    await api.refresh(first["refresh_token"], status=401)
    await api.refresh(third["refresh_token"], status=401)
    await api.call("GET", "/api/v1/auth/me", 401, {"Authorization": f"Bearer {first['access_token']}x"})
    recruiter = await api.login(run.recruiter.email, run.recruiter.password)
    for name, pair in (("admin", admin), ("first", first), ("second", second), ("recruiter", recruiter)):
        for kind in ("access", "refresh"):
            run.secrets[f"{name} {kind} token"] = pair[f"{kind}_token"]

    created = await api.call(
        "POST", "/api/v1/api-keys", 201, bearer(admin), json={"name": "intake", "scope": "read_write"}
    )
    run.secrets["API key"] = created["key"]
    api_key = {"X-API-Key": created["key"]}
    await api.call("GET", "/api/v1/auth/me", 200, api_key)
    run.secrets["unknown API key"] = "hrk_" + secrets.token_urlsafe(32)
    await api.call("GET", "/api/v1/auth/me", 401, {"X-API-Key": run.secrets["unknown API key"]})
    return recruiter, api_key


async def ingest(
    api: Api,
    db: async_sessionmaker[AsyncSession],
    run: Run,
    recruiter: dict[str, str],
    api_key: dict[str, str],
) -> list[str]:
    """Upload the resumes, wait until they are parsed and indexed; the candidate ids."""
    for path in real_resumes(run.logs.parent):
        await api.upload(recruiter, path.name, path.read_bytes())
    # The generated resume by the API key, under a file name that is its owner's email.
    generated = text_resume(name="Probe Candidate", email=run.generated_email)
    await api.upload(api_key, f"{run.generated_email}.txt", generated)

    async def parsed() -> list[dict[str, Any]]:
        page = await api.call("GET", "/api/v1/resumes?limit=100", 200, recruiter)
        done = {item["parsing_status"] for item in page["items"]} <= {"completed", "failed"}
        return page["items"] if page["total"] == UPLOADS and done else []

    resumes = await wait_until(parsed, "the worker to parse the uploads", run)
    candidates = sorted({item["candidate_id"] for item in resumes if item["candidate_id"]})
    assert len(candidates) == UPLOADS, resumes  # six people, six candidates

    async def indexed() -> bool:
        return bool((await api.search(recruiter, limit=100))["total"] == len(candidates))

    await wait_until(indexed, "the indexer to index the candidates", run)
    run.emails, run.phones = await contact_details(db)
    run.emails |= {run.admin.email, run.recruiter.email, run.viewer.email}
    return candidates


async def search_for_contact_details(
    api: Api, run: Run, recruiter: dict[str, str], api_key: dict[str, str], candidates: list[str]
) -> None:
    """Every email and phone number searched for: in bodies, query strings, MCP calls, malformed requests."""
    details = sorted(run.emails | run.phones)
    for detail in details:
        await api.search(recruiter, query=detail)
    await api.call("POST", "/api/v1/search/candidates/lightweight", 200, api_key, json={"query": details[0]})
    smart = f"python engineer like {run.generated_email}, call {GENERATED_PHONE} or {' '.join(details)}"
    await api.call("POST", "/api/v1/search/smart", 200, recruiter, json={"query": smart[:500]})
    for detail in details:
        query = {"field": "skill", "prefix": detail[:50]}
        await api.call("GET", "/api/v1/search/suggest", 200, api_key, params=query)
    refused_field = {"field": "email", "prefix": details[0]}
    await api.call("GET", "/api/v1/search/suggest", 422, api_key, params=refused_field)
    await api.call("GET", "/api/v1/search", 404, api_key, params={"q": run.generated_email})
    await api.call("GET", "/api/v1/search/history", 200, recruiter)
    for candidate_id in candidates:
        await api.call("GET", f"/api/v1/candidates/{candidate_id}", 200, api_key)

    async with http_session(run.url("mcp", "/mcp"), api_key) as client:
        await call(client, "search_candidates", query=run.generated_email)
        await call(client, "smart_search", query=f"python engineers like {run.generated_email}")
        await call(client, "get_candidate", candidate_id=candidates[0])
        for detail in details:
            await refused(client, "get_candidate", candidate_id=detail)

    # Requests no parser accepts, their request line and a header full of secrets and contact details.
    plain = "&".join(f"d{n}={d}" for n, d in enumerate(details) if re.fullmatch(r"[\w.@+-]+", d))
    header = f"X-API-Key {run.secrets['API key']} {run.secrets['recruiter access token']} {' '.join(details)}"
    for port in (run.ports["api"], run.ports["api_metrics"], run.ports["mcp"]):
        await send_malformed(port, f"GET /api/v1/search?{plain} HTTP/9.9\r\n\r\n".encode())
        await send_malformed(port, f"GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\n{header}\r\n\r\n".encode())


async def erase_one(api: Api, run: Run, api_key: dict[str, str]) -> None:
    """Erase the generated candidate; the indexer deletes its document."""
    [hit] = (await api.search(api_key, query="Probe Candidate", limit=1))["results"]
    await api.call("DELETE", f"/api/v1/candidates/{hit['candidate_id']}", 204, api_key)

    async def gone() -> bool:
        results = (await api.search(api_key, query="Probe Candidate", limit=10))["results"]
        return all(r["candidate_id"] != hit["candidate_id"] for r in results)

    await wait_until(gone, "the indexer to delete the erased candidate", run)


async def scrape_metrics(session: aiohttp.ClientSession, run: Run) -> None:
    """Every /metrics page, kept beside the logs: a label must hold no secret either."""
    listeners = (("api", "api_metrics"), ("worker", "worker"), ("indexer", "indexer"), ("mcp", "mcp_metrics"))
    for name, port in listeners:
        async with session.get(run.url(port, "/metrics")) as response:
            assert response.status == 200
            (run.logs / f"metrics-{name}.txt").write_bytes(await response.read())
