"""Pieces every benchmark uses: a free port, nearest-rank percentiles, waiting for an API, query trees."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import time
from collections.abc import Sequence

import aiohttp

# The benchmarks' Redis database, away from the dev data in db 0 (see benchmarks/README.md, Isolation).
REDIS_URL = "redis://127.0.0.1:6379/5"


def api_environment(**overrides: str) -> dict[str, str]:
    """The environment of an `hr-api` a benchmark starts: JWT_SECRET when set, else a random one."""
    env = {**os.environ, **overrides}
    if not env.get("JWT_SECRET"):
        env["JWT_SECRET"] = secrets.token_hex(32)
    return env


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile by nearest rank (0 for no values)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


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


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) used so far by every OpenSearch and Postgres process, and by this one.

    Differences of two readings say where the CPU of a phase went. Processes that end between the readings
    drop out, so a phase measured this way should keep its connections open.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    totals = dict.fromkeys(SERVICES, 0.0)
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
        if service is not None:
            fields = line[line.rindex(")") + 2 :].split()
            totals[service] += (int(fields[11]) + int(fields[12])) / ticks
    totals["benchmark process"] = time.process_time()
    return totals


def cpu_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {name: round(after[name] - before[name], 2) for name in before}
