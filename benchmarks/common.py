"""Pieces every benchmark uses: a free port, nearest-rank percentiles, waiting for an API, query trees."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp

# The benchmarks' Redis database, away from the dev data in db 0 (see benchmarks/README.md, Isolation).
REDIS_URL = "redis://127.0.0.1:6379/5"


# Where a benchmark's API writes its search analytics: its own daily indexes, not the dev stack's
# `search-events-*` that Dashboards read (a load run alone writes a million events).
SEARCH_EVENTS_PREFIX = "bench-search-events-"


def api_environment(**overrides: str) -> dict[str, str]:
    """The environment of an `hr-api` a benchmark starts: JWT_SECRET when set, else a random one; search
    events under `SEARCH_EVENTS_PREFIX` unless `overrides` name another prefix."""
    env = {**os.environ, "SEARCH_EVENTS_PREFIX": SEARCH_EVENTS_PREFIX, **overrides}
    if not env.get("JWT_SECRET"):
        env["JWT_SECRET"] = secrets.token_hex(32)
    return env


def report(out: Path | None, results: Any, text: str) -> None:
    """Print a run's markdown; with `out` (a path without suffix) also write it and the results as .md and
    .json."""
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
        out.with_suffix(".md").write_text(text)
    print(text)


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile by nearest rank (0 for no values)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def latency_summary(values: Sequence[float]) -> dict[str, float]:
    """p50, p95, max and mean of milliseconds, as the engine-time tables print them."""
    return {
        "p50_ms": percentile(values, 0.5),
        "p95_ms": percentile(values, 0.95),
        "max_ms": max(values),
        "mean_ms": round(statistics.fmean(values), 2),
    }


def latency_cell(summary: dict[str, float]) -> str:
    """A `latency_summary` as a table cell: "p50 / p95 / max", whole milliseconds."""
    return f"{summary['p50_ms']:.0f} / {summary['p95_ms']:.0f} / {summary['max_ms']:.0f}"


async def wait_ready(
    session: aiohttp.ClientSession, base: str, server: subprocess.Popen[bytes] | None = None
) -> None:
    """Until the API at `base` answers /health (20 s at most); a clear exit if it died or never came up."""
    for _ in range(200):
        if server is not None and server.poll() is not None:
            raise SystemExit("the API exited at start-up")
        try:
            async with session.get(f"{base}/health") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("the API did not start")


# Processes by name (/proc/<pid>/comm) whose CPU time `cpu_seconds` adds up.
SERVICES = {"opensearch": "java", "postgres": "postgres"}


def listening_pids(port: int) -> set[int]:
    """The processes with a TCP socket listening on `port` (IPv4 or IPv6), from /proc."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as lines:
                next(lines)
                for line in lines:
                    fields = line.split()
                    # local_address is ADDR:PORT in hex; state 0A is LISTEN.
                    if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                        inodes.add(f"socket:[{fields[9]}]")
        except OSError:
            continue
    pids = set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if any(os.readlink(fd.path) in inodes for fd in os.scandir(f"/proc/{entry.name}/fd")):
                pids.add(int(entry.name))
        except OSError:
            continue
    return pids


def cpu_seconds(opensearch: set[int] | None = None) -> dict[tuple[str, int], float]:
    """CPU seconds (user + system) used so far by each Postgres process, each OpenSearch process (only the
    pids in `opensearch` when given: another node on the machine is not ours), and this one.

    `cpu_used` of two readings says where the CPU of a phase went.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    totals: dict[tuple[str, int], float] = {}
    names = {comm: service for service, comm in SERVICES.items()}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                line = stat.read()
        except OSError:
            continue
        comm = line[line.index("(") + 1 : line.rindex(")")]
        service = names.get(comm)
        pid = int(entry.name)
        if service is None or (service == "opensearch" and opensearch is not None and pid not in opensearch):
            continue
        fields = line[line.rindex(")") + 2 :].split()
        totals[service, pid] = (int(fields[11]) + int(fields[12])) / ticks
    totals["benchmark process", os.getpid()] = time.process_time()
    return totals


def cpu_used(before: dict[tuple[str, int], float], after: dict[tuple[str, int], float]) -> dict[str, float]:
    """CPU seconds per service between two readings, process by process: a process that started meanwhile
    counts in full, one that ended meanwhile drops out (its last seconds are lost, never subtracted)."""
    used = dict.fromkeys([*SERVICES, "benchmark process"], 0.0)
    for (service, pid), seconds in after.items():
        used[service] += seconds - before.get((service, pid), 0.0)
    return {name: round(value, 2) for name, value in used.items()}
