"""The MCP server as an assistant sees it: `hr-mcp` spawned over stdio and over streamable HTTP, driven by the
SDK's own client, answering from the real stack on the small corpus of the search API tests.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.exceptions import MCPError
from mcp_types import CallToolResult
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import NotFoundError
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth.principal import Permission, Principal
from app.auth.schemas import ApiKeyCreate
from app.auth.service import create_api_key
from app.db import create_engine
from app.main import create_app
from app.models import Candidate
from app.search.schemas import SearchRequest
from app.settings import Settings
from tests.conftest import DATA_TABLES, ROOT
from tests.integration.conftest import free_port
from tests.integration.test_search_api import indexer, load_corpus

TOOL_NAMES = {
    "search_candidates",
    "smart_search",
    "find_similar_candidates",
    "find_colleagues",
    "search_same_department",
    "get_candidate",
    "get_resume_status",
    "upload_resume",
    "get_search_filters",
    "suggest",
}
RESUME = b"Jane Doe\nSenior Data Engineer\njane.doe@example.com\n\nSkills: Python, Spark, Airflow\n"
ADMIN = Principal("api_key", uuid.uuid4(), "api_key", frozenset(Permission))


@dataclass(frozen=True)
class Stack:
    """The indexed corpus, one API key per scope, and the servers under test."""

    ids: dict[str, uuid.UUID]
    read_key: str
    write_key: str
    local: Client  # stdio, a trusted local process
    read_only: Client  # stdio acting as the read key (HR_MCP_API_KEY), over the initialize handshake
    http_url: str
    metrics_url: str  # the HTTP server's /metrics (MCP_METRICS_PORT)


def server_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The stack this test run uses, for a server subprocess (the parent's own variables too)."""
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "OPENSEARCH_URL": settings.opensearch_url,
        "INDEX_ALIAS": settings.index_alias,
        "STORAGE_DIR": str(settings.storage_dir),
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("ANTHROPIC_API_KEY", None)  # smart search reads requests by the offline rules here
    return env


@asynccontextmanager
async def stdio_session(
    settings: Settings, log_path: Path, mode: str = "auto", **env: str
) -> AsyncIterator[Client]:
    """`python -m app.mcp.server --transport stdio` as a subprocess, connected; its stderr kept in a file."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "app.mcp.server", "--transport", "stdio"],
        env=server_env(settings, **env),
        cwd=ROOT,
    )
    with log_path.open("w") as errlog:
        async with Client(stdio_client(params, errlog=errlog), read_timeout_seconds=30, mode=mode) as client:
            yield client


@asynccontextmanager
async def held(connection: AbstractAsyncContextManager[Client]) -> AsyncIterator[asyncio.Future[Client]]:
    """The connection opened and closed by a task of its own: the SDK's task groups must exit in the task
    that entered them, while the tests that share the client each run in theirs."""
    ready: asyncio.Future[Client] = asyncio.get_running_loop().create_future()
    stop = asyncio.Event()

    async def hold() -> None:
        try:
            async with connection as client:
                ready.set_result(client)
                await stop.wait()
        except BaseException as error:
            if not ready.done():
                ready.set_exception(error)
            raise

    task = asyncio.create_task(hold())
    try:
        yield ready
    finally:
        stop.set()
        await task


@asynccontextmanager
async def http_server(settings: Settings, log_path: Path, metrics_port: int) -> AsyncIterator[str]:
    """`python -m app.mcp.server --transport http` on a free port, its /metrics on metrics_port; SIGTERM must
    stop it cleanly."""
    port = free_port()
    with log_path.open("w") as log:
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "app.mcp.server", "--transport", "http", "--port", str(port)),
            cwd=ROOT,
            env=server_env(settings, MCP_METRICS_PORT=str(metrics_port)),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            assert await asyncio.wait_for(process.wait(), timeout=15) == 0, log_path.read_text()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def wait_until_serving(url: str, log_path: Path) -> None:
    """Until the endpoint answers (401: it is up and wants a key)."""
    deadline = time.monotonic() + 60
    async with httpx2.AsyncClient(timeout=2) as http:
        while True:
            try:
                if (await http.post(url, json={})).status_code == 401:
                    return
            except httpx2.TransportError:
                pass
            assert time.monotonic() < deadline, f"the HTTP server did not start:\n{log_path.read_text()}"
            await asyncio.sleep(0.2)


@pytest.fixture(scope="module")
async def stack(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    """Servers starting while the corpus (Erin's summary too long for a model's context) is indexed."""
    logs = tmp_path_factory.mktemp("mcp-servers")
    engine = create_engine(settings)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE"))
    _, read_key = await create_api_key(sessions, ApiKeyCreate(name="assistant", scope="read"), ADMIN)
    _, write_key = await create_api_key(sessions, ApiKeyCreate(name="intake", scope="read_write"), ADMIN)
    async with AsyncExitStack() as servers:
        metrics_port = free_port()
        http_url = await servers.enter_async_context(http_server(settings, logs / "http.log", metrics_port))
        local = await servers.enter_async_context(held(stdio_session(settings, logs / "stdio.log")))
        read_only = await servers.enter_async_context(
            held(stdio_session(settings, logs / "stdio-read.log", "legacy", HR_MCP_API_KEY=read_key))
        )
        ids = await load_corpus(sessions)
        async with sessions.begin() as session:
            await session.execute(
                update(Candidate)
                .where(Candidate.id == ids["erin"])
                .values(summary="Systems engineer. " * 200)
            )
        await engine.dispose()
        await asyncio.to_thread(indexer, "reindex")
        await asyncio.to_thread(indexer, "run", "--until-empty")
        await wait_until_serving(http_url, logs / "http.log")
        metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
        yield Stack(ids, read_key, write_key, await local, await read_only, http_url, metrics_url)


@asynccontextmanager
async def http_session(url: str, headers: dict[str, str], mode: str = "auto") -> AsyncIterator[Client]:
    """A client over streamable HTTP; mode "legacy" speaks the initialize handshake most assistants use."""
    async with create_mcp_http_client(headers=headers) as http:
        transport = streamable_http_client(url, http_client=http)
        async with Client(transport, read_timeout_seconds=30, mode=mode) as client:
            yield client


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    """A tool call that must succeed: its JSON answer (text and structured content agree)."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    data: dict[str, Any] = orjson.loads(result.content[0].text)  # type: ignore[union-attr]
    assert result.structured_content == data
    return data


async def refused(client: Client, tool: str, **arguments: Any) -> str:
    """A tool call that must fail as a tool error: its message."""
    result: CallToolResult = await client.call_tool(tool, arguments)
    assert result.is_error, result.content
    message: str = result.content[0].text  # type: ignore[union-attr]
    return message


def names(page: dict[str, Any]) -> list[str]:
    return [hit["name"].split()[0].lower() for hit in page["results"]]


def upload_arguments(data: bytes, name: str = "jane-doe.txt") -> dict[str, str]:
    return {"file_name": name, "content_base64": base64.b64encode(data).decode()}


async def test_lists_tools_with_schemas_and_read_only_hints(stack: Stack) -> None:
    tools = {tool.name: tool for tool in (await stack.local.list_tools()).tools}
    templates = (await stack.local.list_resource_templates()).resource_templates
    assert set(tools) == TOOL_NAMES
    for name, tool in tools.items():
        assert tool.description and len(tool.description) > 80, name
        assert tool.input_schema["type"] == "object" and tool.input_schema["additionalProperties"] is False
        assert tool.annotations is not None
        assert tool.annotations.read_only_hint is (name != "upload_resume"), name
    # Every filter of the HTTP search is there (paging by cursor instead of offset; no debugging output, and
    # no highlighting: the compact results carry no snippets).
    filters = set(SearchRequest.model_fields) - {"offset", "include_details", "explain", "highlight"}
    assert filters <= set(tools["search_candidates"].input_schema["properties"])
    assert tools["search_candidates"].input_schema["properties"]["limit"]["maximum"] == 50
    assert [t.uri_template for t in templates] == ["candidate://{candidate_id}"]


async def test_searches_answer_like_the_http_api(stack: Stack) -> None:
    client, ids = stack.local, stack.ids
    found = await call(client, "search_candidates", skills=["k8s"])
    assert sorted(names(found)) == ["alice", "bob"]  # frank is inactive
    assert found["results"][0]["matched_skills"] == ["Kubernetes"]
    assert names(await call(client, "find_similar_candidates", candidate_id=str(ids["alice"])))[0] == "bob"
    assert names(await call(client, "find_colleagues", candidate_id=str(ids["bob"]))) == ["alice", "dave"]
    long_overlap = await call(client, "find_colleagues", candidate_id=str(ids["bob"]), min_overlap_months=12)
    assert names(long_overlap) == ["alice"]
    # How long and where, so the assistant need not read it out of the reasons.
    assert {k: long_overlap["results"][0][k] for k in ("months_together", "together_at")} == {
        "months_together": 36,
        "together_at": ["Acme Corp"],
    }
    department = await call(client, "search_same_department", candidate_id=str(ids["alice"]))
    assert sorted(names(department)) == ["bob", "erin"]
    named = await call(client, "search_same_department", company="Acme Corp", department="Platform")
    assert sorted(names(named)) == ["alice", "bob", "erin"]
    # Filter values cached before the stack's data went in answer until their background refresh is in
    # (`ResponseCache.get_or_revalidate`); then the tool counts what the HTTP API counts.
    for _ in range(50):
        filters = await call(client, "get_search_filters")
        if filters["skills"].get("Kubernetes") == 2:  # values from before the data went in may lack it
            break
        await asyncio.sleep(0.1)
    assert filters["skills"]["Kubernetes"] == 2
    suggestions = await call(client, "suggest", field="skill", prefix="kub")
    assert suggestions["suggestions"] == [{"value": "Kubernetes", "candidates": 2}]


async def test_pages_by_cursor_cover_everyone_once(stack: Stack) -> None:
    seen: list[str] = []
    page = await call(stack.local, "search_candidates", limit=2)
    seen += names(page)
    while page["next_cursor"]:
        page = await call(stack.local, "search_candidates", limit=2, cursor=page["next_cursor"])
        assert page["returned"] <= 2
        seen += names(page)
    assert sorted(seen) == ["alice", "bob", "carol", "dave", "erin"]


async def test_smart_search_says_how_it_read_the_request(stack: Stack) -> None:
    smart = await call(
        stack.local, "smart_search", query="senior python engineers with k8s in Berlin, 5+ years"
    )
    assert smart["interpreter"] == "rule_based"
    assert set(smart["interpreted_as"]["skills"]) == {"Python", "Kubernetes"}
    assert smart["interpreted_as"]["min_experience_years"] == 5
    # The skills rank, they filter no one out: Erin, a Berlin engineer with neither, comes after Alice.
    assert names(smart) == ["alice", "erin"]
    # The interpretation is a valid search_candidates call, for refining or paging.
    again = await call(stack.local, "search_candidates", **smart["interpreted_as"])
    assert again["results"] == smart["results"]
    # Refined with a skill Erin has that must be there: the skills the text named still only rank.
    refined = await call(stack.local, "search_candidates", **smart["interpreted_as"], required_skills=["C#"])
    assert names(refined) == ["erin"]
    # Its next page too: the smart search's cursor goes on with the search it was read as.
    first = await call(
        stack.local, "smart_search", query="senior python engineers with k8s in Berlin, 5+ years", limit=1
    )
    assert names(first) == ["alice"] and first["next_cursor"]
    second = await call(
        stack.local, "search_candidates", **first["interpreted_as"], cursor=first["next_cursor"]
    )
    assert names(second) == ["erin"]
    # What the request does not want is said as left out, as the HTTP API says it: the search cannot
    # exclude, and the model read nothing of it before.
    unwanted = await call(stack.local, "smart_search", query="engineers in Berlin without Kubernetes")
    assert unwanted["not_searched"] == ["without Kubernetes"]
    assert "not_searched" not in smart


async def test_profiles_are_compact(stack: Stack) -> None:
    alice = await call(stack.local, "get_candidate", candidate_id=str(stack.ids["alice"]))
    erin = await call(stack.local, "get_candidate", candidate_id=str(stack.ids["erin"]))
    resource = await stack.local.read_resource(f"candidate://{stack.ids['bob']}")
    assert alice["name"] == "Alice Anders" and alice["email"] == "alice@example.com"
    assert alice["work_experience"] == [
        {
            "company": "Acme Corp",
            "department": "Platform",
            "title": "Senior Backend Engineer",
            "start": "2018-01-01",
            "end": "present",
        }
    ]
    assert {s["name"] for s in alice["skills"]} == {"Python", "Kubernetes", "PostgreSQL"}
    assert erin["summary"].endswith("… [truncated]") and len(erin["summary"]) < 1000
    profile = orjson.loads(resource.contents[0].text)  # type: ignore[union-attr]
    assert profile["name"] == "Bob Brandt" and profile["candidate_id"] == str(stack.ids["bob"])
    # His Globex job was for a client: named beside the employer, not as it.
    assert (profile["work_experience"][0]["company"], profile["work_experience"][0]["client"]) == (
        "Globex",
        "Northwind Bank",
    )


async def test_bad_arguments_come_back_as_tool_errors_naming_the_field(stack: Stack) -> None:
    client, unknown = stack.local, str(uuid.uuid4())
    too_many = await refused(client, "search_candidates", limit=500)
    misspelt = await refused(client, "search_candidates", skill=["python"])
    missing_source = await refused(client, "search_candidates", search_type="worked_with")
    no_candidate = await refused(client, "get_candidate", candidate_id=unknown)
    no_colleague = await refused(client, "find_colleagues", candidate_id=unknown)
    not_uuid = await refused(client, "get_candidate", candidate_id="alice")
    bad_cursor = await refused(client, "search_candidates", cursor="nonsense")
    no_tool = await refused(client, "delete_everything")
    blank = await refused(client, "smart_search", query="   ")
    both = await refused(
        client,
        "search_same_department",
        candidate_id=str(stack.ids["alice"]),
        company="Initech",
        department="Web",
    )
    assert too_many.startswith("invalid arguments for search_candidates: limit:") and "50" in too_many
    assert "skill: Extra inputs are not permitted" in misspelt
    assert "candidate_id: is required for search_type worked_with" in missing_source
    assert no_candidate == f"no candidate with id {unknown}"
    assert no_colleague == f"no candidate with id {unknown} (candidate_id: no such candidate)"
    assert not_uuid.startswith("invalid arguments for get_candidate: candidate_id:")
    assert bad_cursor == "cursor is not valid (cursor: not a cursor we issued)"
    assert no_tool.startswith("unknown tool 'delete_everything'")
    assert blank == (
        "invalid arguments for smart_search: query: has no words to look for: "
        "name a skill, a role, a place or an employer"
    )
    assert both == "give candidate_id, or company and department, not both (company: not with candidate_id)"
    around = await refused(
        client, "search_candidates", skills=["python"], candidate_id=str(stack.ids["alice"])
    )
    assert around.startswith(
        "invalid arguments for search_candidates: candidate_id: search_type skills_match"
    )
    with pytest.raises(MCPError, match="no candidate with id"):
        await client.read_resource(f"candidate://{unknown}")
    # The server lived through every one of them.
    assert names(await call(client, "search_candidates", skills=["c++"])) == ["erin"]


async def test_a_nul_in_an_argument_is_refused_naming_it_as_the_http_api_refuses_it(stack: Stack) -> None:
    # The HTTP API answers a NUL in a body with a 422 naming the field; the tools searched it as sent (no
    # one has the skill "Py\x00thon") and answered nobody, without a word.
    client = stack.local
    skill = await refused(client, "search_candidates", skills=["Java", "Py\x00thon"])
    sentence = await refused(client, "smart_search", query="py\x00thon developer")
    assert skill == "skills.1 contains a NUL character (skills.1: NUL character)"
    assert sentence == "query contains a NUL character (query: NUL character)"


async def test_arguments_of_another_json_type_are_refused_as_the_http_api_refuses_them(stack: Stack) -> None:
    # Before, `"limit": true` answered one result, `"limit": "10"` ten, `"same_department": "yes"` searched
    # the same department: each taken as something the tool's schema does not say.
    client, bob = stack.local, str(stack.ids["bob"])
    boolean = await refused(client, "search_candidates", limit=True)
    text = await refused(client, "search_candidates", skills=["k8s"], limit="10")
    yes = await refused(client, "find_colleagues", candidate_id=bob, same_department="yes")
    assert (
        boolean == text == "invalid arguments for search_candidates: limit: Input should be a valid integer"
    )
    assert yes == "invalid arguments for find_colleagues: same_department: Input should be a valid boolean"
    # Ids, enums and numbers as JSON has them are read as before.
    found = await call(
        client, "find_colleagues", candidate_id=bob, same_department=True, min_overlap_months=12
    )
    ranked = await call(
        client, "search_candidates", skills=["k8s"], sort="experience_desc", min_experience_years=5
    )
    assert names(found) == ["alice"] and names(ranked) == ["alice", "bob"]


async def test_uploads_get_the_checks_of_the_http_upload(stack: Stack) -> None:
    client = stack.local
    accepted = await call(client, "upload_resume", **upload_arguments(RESUME))
    status = await call(client, "get_resume_status", resume_id=accepted["resume_id"])
    again = await call(client, "upload_resume", **upload_arguments(RESUME, "copy.txt"))
    not_base64 = await refused(client, "upload_resume", file_name="cv.txt", content_base64="@@not base64@@")
    image = await refused(client, "upload_resume", **upload_arguments(b"\x89PNG\r\n\x1a\n" + bytes(64)))
    empty = await refused(client, "upload_resume", file_name="cv.txt", content_base64="")
    assert accepted["status"] == "queued" and accepted["duplicate"] is False
    assert accepted["content_type"] == "text/plain" and accepted["file_name"] == "jane-doe.txt"
    assert "get_resume_status" in accepted["next_step"]
    assert status["resume_id"] == accepted["resume_id"] and status["status"] == "queued"
    assert again["duplicate"] is True and again["resume_id"] == accepted["resume_id"]
    assert not_base64.startswith("content_base64 is not valid base64")
    # The problem is named by the tool's argument (it was the HTTP form's "file", which the tool has not).
    assert image == (
        "the file is not a PDF, DOCX or plain-text resume (it is a PNG image) "
        "(content_base64: not a PDF, DOCX or plain-text file)"
    )
    blank = await refused(client, "upload_resume", **upload_arguments(b" \n\t\n"))
    assert blank == "the uploaded text file contains no text (content_base64: only whitespace)"
    assert empty.startswith("invalid arguments for upload_resume: content_base64:")
    missing = await refused(client, "get_resume_status", resume_id=str(uuid.uuid4()))
    assert missing.startswith("no resume with id")


async def test_an_upload_past_the_transport_limit_says_what_the_upload_limit_is(stack: Stack) -> None:
    # The SDK's own 413 was plain text, which its client reads as "Server returned an error response": the
    # assistant could not tell its user that the file was too large, nor what is allowed.
    async with http_session(stack.http_url, {"X-API-Key": stack.write_key}) as client:
        with pytest.raises(MCPError) as refused:
            await client.call_tool("upload_resume", upload_arguments(b"A" * (11 * 1024 * 1024), "big.txt"))
    assert "upload_resume takes a file of at most 10485760 bytes" in str(refused.value)


async def test_uploads_take_a_data_url_or_base64_without_padding(stack: Stack) -> None:
    # Both were "content_base64 is not valid base64" before: a data URL is how clients hand attachments
    # over, and models drop the "=" padding now and then.
    data = b"Dana Data\nData Analyst\n\nSkills: SQL, Tableau!\n"  # 46 bytes: base64 ending in "=="
    text = base64.b64encode(data).decode()
    assert text.endswith("==")
    by_url = await call(
        stack.local, "upload_resume", file_name="dana.txt", content_base64=f"data:text/plain;base64,{text}"
    )
    unpadded = await call(stack.local, "upload_resume", file_name="dana.txt", content_base64=text.rstrip("="))
    assert by_url["size_bytes"] == 46 and by_url["duplicate"] is False
    assert unpadded["resume_id"] == by_url["resume_id"] and unpadded["duplicate"] is True


async def test_stdio_acts_as_the_key_in_its_environment(stack: Stack) -> None:
    found = await call(stack.read_only, "search_candidates", skills=["python"])
    upload = await refused(stack.read_only, "upload_resume", **upload_arguments(b"Read-only key\nEngineer\n"))
    assert names(found) == ["alice"]
    assert upload == "upload_resume needs the 'write' permission; this api key has only: read"


async def test_stdio_with_an_unknown_key_names_the_variable(
    stack: Stack, settings: Settings, tmp_path: Path
) -> None:
    # "invalid API key" before: the person reading the assistant's answer had typed no key anywhere.
    log = tmp_path / "stdio-bad-key.log"
    async with stdio_session(settings, log, HR_MCP_API_KEY="hrk_mistyped") as client:
        message = await refused(client, "get_search_filters")
    assert message == (
        "HR_MCP_API_KEY in this MCP server's configuration is not a valid API key (mistyped or revoked): "
        "set a valid key there (an admin creates one)"
    )


async def test_http_refuses_a_missing_or_unknown_key(stack: Stack) -> None:
    async with httpx2.AsyncClient() as http:
        anonymous = await http.post(stack.http_url, json={})
        unknown = await http.post(stack.http_url, json={}, headers={"X-API-Key": "hrk_not-a-key"})
        bad_bearer = await http.post(stack.http_url, json={}, headers={"Authorization": "Bearer hrk_nope"})
    assert anonymous.status_code == 401
    assert anonymous.headers["server"] == "hr-resume-search"  # "uvicorn" before, as aiohttp's had versions
    assert anonymous.json()["error"]["message"].startswith("authentication required")
    assert unknown.status_code == 401 and unknown.json()["error"]["message"] == "invalid API key"
    assert bad_bearer.status_code == 401
    with pytest.raises(Exception) as failure:  # the SDK's client cannot even connect
        async with http_session(stack.http_url, {"X-API-Key": "hrk_not-a-key"}):
            pass
    error = failure.value
    assert isinstance(error, MCPError) or (
        isinstance(error, ExceptionGroup) and failure.group_contains(MCPError, depth=None)
    )
    # ... and says why, as the API worded it: the client read the API's error body as no JSON-RPC message,
    # and the assistant could only say "Server returned an error response".
    if isinstance(error, ExceptionGroup):
        assert failure.group_contains(MCPError, match="^invalid API key$", depth=None), repr(error.exceptions)
    else:
        assert str(error) == "invalid API key"
    assert unknown.json()["error"]["data"] == {"code": "unauthorized", "status": 401}


async def test_http_read_key_searches_but_cannot_upload(stack: Stack) -> None:
    async with http_session(stack.http_url, {"X-API-Key": stack.read_key}) as client:
        assert {tool.name for tool in (await client.list_tools()).tools} == TOOL_NAMES
        found = await call(client, "search_candidates", skills=["java"], min_experience_years=5)
        profile = await call(client, "get_candidate", candidate_id=found["results"][0]["candidate_id"])
        too_many = await refused(
            client, "find_similar_candidates", candidate_id=str(stack.ids["alice"]), limit=51
        )
        upload = await refused(client, "upload_resume", **upload_arguments(b"Over HTTP\nRead key\n"))
    assert names(found) == ["bob"] and profile["name"] == "Bob Brandt"
    assert too_many.startswith("invalid arguments for find_similar_candidates: limit:")
    assert upload == "upload_resume needs the 'write' permission; this api key has only: read"


async def test_http_read_write_key_uploads_with_a_bearer_header(stack: Stack) -> None:
    resume = b"John Roe\nPlatform Engineer\n\nSkills: Go, Terraform\n"
    headers = {"Authorization": f"Bearer {stack.write_key}"}
    async with http_session(stack.http_url, headers, mode="legacy") as client:
        assert client.protocol_version < "2026"  # the handshake era, as today's assistants speak it
        accepted = await call(client, "upload_resume", **upload_arguments(resume, "john-roe.txt"))
        status = await call(client, "get_resume_status", resume_id=accepted["resume_id"])
    assert accepted["status"] == "queued" and accepted["duplicate"] is False
    assert status["file_name"] == "john-roe.txt" and status["size_bytes"] == len(resume)


async def stored_events(settings: Settings, skill: str) -> list[dict[str, Any]]:
    """The search events of this run's prefix that asked for `skill`, waiting up to 20 s for them."""
    client = AsyncOpenSearch(hosts=settings.opensearch_hosts)
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(NotFoundError):
                await client.indices.refresh(index=f"{settings.search_events_prefix}*")
                found = await client.search(
                    index=f"{settings.search_events_prefix}*",
                    body={"size": 10, "query": {"term": {"skills": skill}}, "sort": [{"@timestamp": "asc"}]},
                )
                events = [hit["_source"] for hit in found["hits"]["hits"]]
                if len(events) >= 3 or time.monotonic() > deadline:
                    return events
            assert time.monotonic() < deadline, "no search events were stored"
            await asyncio.sleep(0.5)
    finally:
        await client.close()


async def test_mcp_searches_are_search_events_like_api_searches(
    stack: Stack,
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    role_headers: dict[str, dict[str, str]],
) -> None:
    # No candidate has it, and no other run asks for it. Not "cobol" + hex: when the six hex digits are all
    # decimal (6 % of runs) the name reads as COBOL with a version ("COBOL85") and the event says "cobol".
    skill = f"cobolx{uuid.uuid4().hex[:6]}"
    # `db` empties the tables, the stack's API keys too (the HTTP server may have them cached for up to a
    # minute, no longer): this test's own key, made after that.
    _, read_key = await create_api_key(db, ApiKeyCreate(name="assistant-events", scope="read"), ADMIN)
    async with TestClient(TestServer(create_app(settings)), headers=role_headers["recruiter"]) as api:
        response = await api.post("/api/v1/search/candidates", json={"skills": [skill]})
        assert response.status == 200, await response.text()
    assert (await call(stack.local, "search_candidates", skills=[skill]))["total"] == 0
    headers = {"Authorization": f"Bearer {read_key}"}
    async with http_session(stack.http_url, headers) as client:
        assert (await call(client, "search_candidates", skills=[skill]))["total"] == 0
    events = await stored_events(settings, skill)
    assert sorted(event["interface"] for event in events) == ["mcp", "mcp", "structured"], events
    [api_event] = [event for event in events if event["interface"] == "structured"]
    mcp_events = [event for event in events if event["interface"] == "mcp"]
    assert {event["user_role"] for event in mcp_events} == {"local", "api_key"}
    for event in mcp_events:
        # The same document as the API's: same fields, same search, same outcome.
        assert set(event) - {"request_id"} == set(api_event) - {"request_id"}
        assert event["search_type"] == api_event["search_type"] == "skills_match"
        assert event["zero_results"] is True and event["skills"] == [skill]


def sample(exposition: str, name: str, **labels: str) -> float:
    """The value of one sample of a Prometheus exposition (0 when it is not there)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in exposition.splitlines():
        series, _, value = line.rpartition(" ")
        if series == f"{name}{{{wanted}}}" or (not wanted and series == name):
            return float(value)
    return 0.0


async def test_the_http_server_exports_its_tool_calls_by_tool_and_outcome_without_their_arguments(
    stack: Stack,
) -> None:
    # hr-mcp exported nothing: an assistant's calls, refused or failing, were visible in no dashboard.
    secret = f"probe-{uuid.uuid4().hex[:8]}@example.com"
    async with httpx2.AsyncClient() as http:
        before = (await http.get(stack.metrics_url)).text
        async with http_session(stack.http_url, {"X-API-Key": stack.read_key}) as client:
            await call(client, "search_candidates", skills=["java"], query=secret)
            await refused(client, "find_similar_candidates", candidate_id="not-an-id")
            await refused(client, "upload_resume", **upload_arguments(b"Read key\nNo upload\n"))
            unknown = await client.call_tool(f"no_such_tool_{secret}", {})
        after = (await http.get(stack.metrics_url)).text
        live = await http.get(stack.metrics_url.replace("/metrics", "/live"))
    assert unknown.is_error and live.status_code == 200

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("mcp_tool_calls_total", tool="search_candidates", outcome="ok") == 1
    assert grew("mcp_tool_calls_total", tool="find_similar_candidates", outcome="refused") == 1
    assert grew("mcp_tool_calls_total", tool="upload_resume", outcome="refused") == 1
    assert grew("mcp_tool_calls_total", tool="unknown", outcome="refused") == 1
    assert grew("mcp_tool_call_duration_seconds_count", tool="search_candidates") == 1
    # The searches its tools run are counted as the API counts its own.
    assert 'search_requests_total{search_type="skills_match"' in after
    # Neither the arguments nor a name a client made up become label values.
    assert secret not in after and "no_such_tool" not in after
