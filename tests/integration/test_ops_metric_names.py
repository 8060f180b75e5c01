"""Every metric the alerts and the Grafana dashboard read is one the running processes export.

The API (`python -m app.main`), the worker (`python -m app.resumes.worker`) and the indexer daemon
(`python -m indexer run`) are started on free ports against the real stack, and their /metrics scraped.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from app.settings import Settings
from tests.conftest import ROOT
from tests.integration.conftest import free_port, scratch_alias
from tests.unit.test_ops_monitoring import PROMETHEUS_SERIES, promql_in_use

# Seconds a process may take to start answering /metrics.
START_SECONDS = 60
# Series of each process's own families, which no other process may export.
OWNED_FAMILIES = {
    "api": {
        "http_requests_total",
        "search_requests_total",
        "search_events_written_total",
        "auth_failed_attempts_total",
        "file_upload_size_bytes_bucket",
        "database_connections_active",
    },
    "worker": {"resume_processing_duration_seconds_bucket", "file_processing_queue_length"},
    "indexer": {
        "indexer_outbox_backlog",
        "indexer_sync_lag_seconds_bucket",
        "indexer_documents_indexed_total",
    },
}


def exported_names(text: str) -> set[str]:
    """Series names a /metrics page offers, declared ones included (labelled metrics with no sample yet)."""
    names = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(maxsplit=3)
            if kind == "counter":
                base = name.removesuffix("_total")
                names |= {f"{base}_total", f"{base}_created"}
            elif kind == "histogram":
                names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count", f"{name}_created"}
            elif kind == "summary":
                names |= {name, f"{name}_sum", f"{name}_count", f"{name}_created"}
            else:
                names.add(name)
        elif line and not line.startswith("#"):
            match = re.match(r"[A-Za-z_:][A-Za-z0-9_:]*", line)
            if match:
                names.add(match.group(0))
    return names


async def scrape(session: aiohttp.ClientSession, port: int, process: asyncio.subprocess.Process) -> str:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.returncode is not None:
            raise AssertionError(f"process on metrics port {port} exited with {process.returncode}")
        try:
            async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                if response.status == 200:
                    return await response.text()
        except aiohttp.ClientError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing answered on metrics port {port} within {START_SECONDS}s")
        await asyncio.sleep(0.3)


@pytest.fixture
async def alias(settings: Settings) -> AsyncIterator[str]:
    """An alias of this test's own for the daemon; its indexes are deleted afterwards."""
    async with scratch_alias(settings, "ops-metrics") as name:
        yield name


def listening_addresses() -> dict[int, set[str]]:
    """The addresses each local TCP port listens on, from /proc/net/tcp and tcp6."""
    bound: dict[int, set[str]] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state != "0A":  # LISTEN
                continue
            address, port = local.split(":")
            if len(address) == 8:
                text = ".".join(str(b) for b in reversed(bytes.fromhex(address)))
            else:
                text = "::" if int(address, 16) == 0 else address
            bound.setdefault(int(port, 16), set()).add(text)
    return bound


async def test_every_metric_in_alerts_and_dashboard_is_exported(alias: str, tmp_path: Path) -> None:
    ports = {"api": free_port(), "worker": free_port(), "indexer": free_port()}
    env = {
        **os.environ,
        "API_HOST": "127.0.0.1",
        "API_PORT": str(free_port()),
        "METRICS_PORT": str(ports["api"]),
        "WORKER_METRICS_PORT": str(ports["worker"]),
        "INDEX_ALIAS": alias,
        "STORAGE_DIR": str(tmp_path / "storage"),
    }
    commands = {
        "api": [sys.executable, "-m", "app.main"],
        "worker": [sys.executable, "-m", "app.resumes.worker", "--concurrency", "1"],
        "indexer": [sys.executable, "-m", "indexer", "run", "--metrics-port", str(ports["indexer"])],
    }
    processes: dict[str, asyncio.subprocess.Process] = {}
    logs = {name: (tmp_path / f"{name}.log").open("wb") for name in commands}
    try:
        for name, command in commands.items():
            processes[name] = await asyncio.create_subprocess_exec(
                *command, cwd=ROOT, env=env, stdout=logs[name], stderr=logs[name]
            )
        exported: dict[str, set[str]] = {}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            for name, port in ports.items():
                exported[name] = exported_names(await scrape(session, port, processes[name]))
        # Every /metrics listener binds METRICS_HOST (loopback by default), never every interface.
        bound = listening_addresses()
        assert {name: bound.get(port) for name, port in ports.items()} == {
            name: {"127.0.0.1"} for name in ports
        }
    finally:
        for process in processes.values():
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
        for handle in logs.values():
            handle.close()

    # Each process exports its own families: the indexer's lag, the worker's parsing, the API's requests.
    assert "indexer_outbox_backlog" in exported["indexer"]
    assert "resume_processing_duration_seconds_bucket" in exported["worker"]
    assert "http_requests_total" in exported["api"]
    assert "search_events_failed_total" in exported["api"]
    # ... and only those: every process exported every family, so the worker's target showed empty request
    # series and the API's a resume queue of 0 beside the worker's real one.
    for name, owned in OWNED_FAMILIES.items():
        for other, names in exported.items():
            if other != name:
                assert not owned & names, f"{other} exports {name}'s {sorted(owned & names)}"
    # The families every process shares: its release, its database queries, the process collector's own.
    for names in exported.values():
        assert {"hr_resume_search_build_info", "database_query_duration_seconds_bucket"} <= names
        assert "process_resident_memory_bytes" in names
    everything = set().union(*exported.values()) | PROMETHEUS_SERIES
    missing = {name: sorted(places) for name, places in promql_in_use().items() if name not in everything}
    assert not missing, f"PromQL reads metrics no process exports: {missing}"
