"""The API, the worker and the indexer write JSON log lines; the API's carry the caller's request id.

The processes run as their entry points (`python -m app.main`, `-m app.resumes.worker`, `-m indexer`) on the
real stack; their stderr is read back line by line.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from app.logs import REQUEST_ID_HEADER
from app.settings import Settings
from tests.conftest import ROOT
from tests.integration.conftest import scratch_alias
from tests.integration.test_ops_metric_names import free_port

# The keys every line has.
SHAPE = {"ts", "level", "logger", "message"}


@contextlib.contextmanager
def taken_port() -> Iterator[int]:
    """A loopback port another socket listens on while the block runs."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def json_lines(path: Path) -> list[dict]:
    """Every line of the file as JSON; fails the test on a line that is not one JSON object."""
    records = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            pytest.fail(f"{path.name}:{number} is not JSON: {line[:200]}")
        assert isinstance(record, dict) and SHAPE <= set(record), line
        records.append(record)
    return records


@pytest.fixture
async def alias(settings: Settings) -> AsyncIterator[str]:
    async with scratch_alias(settings, "ops-logs") as name:
        yield name


async def run(command: list[str], log: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    with log.open("wb") as handle:
        return await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, env={**os.environ, **env}, stdout=handle, stderr=handle
        )


async def test_api_lines_are_json_and_carry_the_request_id_without_pii(alias: str, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "api.log"
    env = {
        "API_HOST": "127.0.0.1",
        "API_PORT": str(port),
        "METRICS_PORT": "0",
        "INDEX_ALIAS": alias,
        "STORAGE_DIR": str(tmp_path / "storage"),
        # The most talkative level: even there no email, password or raw path reaches the log.
        "LOG_LEVEL": "DEBUG",
    }
    process = await run([sys.executable, "-m", "app.main"], log, env)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            deadline = time.monotonic() + 60
            while True:
                try:
                    async with session.get(f"{base}/health") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                assert process.returncode is None and time.monotonic() < deadline, log.read_text()
                await asyncio.sleep(0.3)
            async with session.get(f"{base}/health", headers={REQUEST_ID_HEADER: "ops-trace-1"}) as response:
                assert response.headers[REQUEST_ID_HEADER] == "ops-trace-1"
            login = {"email": "grace.hopper@example.com", "password": "not-her-password-123"}
            async with session.post(
                f"{base}/api/v1/auth/login", json=login, headers={REQUEST_ID_HEADER: "ops-trace-2"}
            ) as response:
                assert response.status in (401, 422)
                assert response.headers[REQUEST_ID_HEADER] == "ops-trace-2"
            async with session.get(f"{base}/no/such/route") as response:
                assert response.status == 404
                generated = response.headers[REQUEST_ID_HEADER]
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)
    records = json_lines(log)
    access = {r["request_id"]: r for r in records if r["logger"] == "hr-api.access" and "request_id" in r}
    assert access["ops-trace-1"]["route"] == "/health" and access["ops-trace-1"]["status"] == 200
    assert access["ops-trace-2"]["route"] == "/api/v1/auth/login"
    assert access[generated]["route"] == "unmatched" and access[generated]["status"] == 404
    text = log.read_text()
    for secret in ("grace.hopper", "not-her-password-123", "/no/such/route"):
        assert secret not in text


async def test_worker_and_indexer_write_json_lines(alias: str, tmp_path: Path) -> None:
    env = {"INDEX_ALIAS": alias, "STORAGE_DIR": str(tmp_path / "storage"), "LOG_LEVEL": "INFO"}
    worker_log, indexer_log = tmp_path / "worker.log", tmp_path / "indexer.log"
    worker_command = [sys.executable, "-m", "app.resumes.worker", "--once", "--no-metrics"]
    worker = await run(worker_command, worker_log, env)
    indexer = await run(
        [sys.executable, "-m", "indexer", "run", "--until-empty", "--metrics-port", "0"], indexer_log, env
    )
    assert await asyncio.wait_for(worker.wait(), 120) == 0, worker_log.read_text()
    assert await asyncio.wait_for(indexer.wait(), 120) == 0, indexer_log.read_text()
    worker_lines = json_lines(worker_log)
    assert any(r["logger"] == "hr-worker" and r["message"].startswith("worker started") for r in worker_lines)
    indexer_lines = json_lines(indexer_log)
    assert any(r["message"].startswith("indexing outbox into alias") for r in indexer_lines)
    assert all(r["level"] in {"INFO", "WARNING", "ERROR"} for r in worker_lines + indexer_lines)


@pytest.mark.parametrize("taken_by", ["API_PORT", "METRICS_PORT"])
async def test_a_port_in_use_is_one_clear_line_and_exit_1(alias: str, tmp_path: Path, taken_by: str) -> None:
    with taken_port() as port:
        log = tmp_path / "api.log"
        env = {
            "API_HOST": "127.0.0.1",
            "API_PORT": str(free_port()),
            "METRICS_PORT": "0",
            "INDEX_ALIAS": alias,
        }
        env[taken_by] = str(port)
        process = await run([sys.executable, "-m", "app.main"], log, env)
        assert await asyncio.wait_for(process.wait(), 60) == 1
    # The services it had opened close in order: no traceback from their teardown, one line saying why.
    output = log.read_text()
    assert "Traceback" not in output and "athrow" not in output, output
    # It said the same for both ports before, so which setting to change was a guess.
    setting = {
        "API_PORT": "API_HOST and API_PORT, or --host and --port",
        "METRICS_PORT": "METRICS_PORT, or 0 for none",
    }[taken_by]
    assert output.strip().splitlines()[-1] == (
        f"hr-api: cannot listen on http://127.0.0.1:{port}: error while attempting to bind on address "
        f"('127.0.0.1', {port}): address already in use ({setting})"
    )


async def test_a_listen_address_not_on_this_machine_names_the_host_setting(
    alias: str, tmp_path: Path
) -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the line blamed "API_PORT or --port" alone.
    log = tmp_path / "api.log"
    env = {"API_HOST": "192.0.2.1", "API_PORT": str(free_port()), "METRICS_PORT": "0", "INDEX_ALIAS": alias}
    process = await run([sys.executable, "-m", "app.main"], log, env)
    assert await asyncio.wait_for(process.wait(), 60) == 1
    last = log.read_text().strip().splitlines()[-1]
    assert last.startswith("hr-api: cannot listen on http://192.0.2.1:"), last
    assert last.endswith("(API_HOST and API_PORT, or --host and --port)"), last


async def test_a_second_worker_on_a_taken_metrics_port_says_so_in_one_line(tmp_path: Path) -> None:
    with taken_port() as port:
        log = tmp_path / "worker.log"
        env = {"WORKER_METRICS_PORT": str(port), "METRICS_HOST": "127.0.0.1"}
        process = await run([sys.executable, "-m", "app.resumes.worker", "--once"], log, env)
        assert await asyncio.wait_for(process.wait(), 60) == 1
    output = log.read_text()
    assert "Traceback" not in output, output
    assert output.strip().splitlines()[-1] == (
        f"hr-worker: cannot serve /metrics on 127.0.0.1:{port}: Address already in use "
        "(WORKER_METRICS_PORT, or --no-metrics)"
    )


async def test_the_mcp_server_on_a_taken_port_ends_with_a_line_naming_it(tmp_path: Path) -> None:
    # It ended on uvicorn's "Application shutdown complete." with exit status 3: the bind error sat three
    # INFO lines up and nothing said which setting to change.
    with taken_port() as port:
        log = tmp_path / "mcp.log"
        command = [sys.executable, "-m", "app.mcp.server", "--transport", "http", "--port", str(port)]
        process = await run(command, log, {"API_HOST": "127.0.0.1", "MCP_METRICS_PORT": "0"})
        assert await asyncio.wait_for(process.wait(), 60) == 1
    output = log.read_text()
    assert "Traceback" not in output, output
    assert output.strip().splitlines()[-1] == (
        f"hr-mcp: cannot listen on 127.0.0.1:{port} (API_HOST and MCP_PORT, or --host and --port; the ERROR "
        "line above says why)"
    )


async def test_the_mcp_server_on_a_taken_metrics_port_ends_with_a_line_naming_it(tmp_path: Path) -> None:
    with taken_port() as metrics_port:
        log = tmp_path / "mcp.log"
        command = [sys.executable, "-m", "app.mcp.server", "--transport", "http", "--port", str(free_port())]
        env = {"API_HOST": "127.0.0.1", "METRICS_HOST": "127.0.0.1", "MCP_METRICS_PORT": str(metrics_port)}
        process = await run(command, log, env)
        assert await asyncio.wait_for(process.wait(), 60) == 1
    output = log.read_text()
    assert "Traceback" not in output, output
    assert output.strip().splitlines()[-1] == (
        f"hr-mcp: cannot serve /metrics on 127.0.0.1:{metrics_port}: Address already in use "
        "(MCP_METRICS_PORT, or 0 for none)"
    )
