"""Load against a real `hr-api` on loopback: open-loop scenarios at fixed rates, and a closed loop of 500.

    python -m benchmarks.load [--scenarios normal,peak,stress] [--seconds 20] [--connections 500]

Open loop: requests are sent on a fixed schedule and latency is measured from the intended send time, so
queueing inside the client or the server is not hidden. The mix follows the operations guide, scaled to
this 2-core machine: health, /me, simple and complex searches, cached and uncached. Closed loop: N
connections each send the next request as soon as the previous answered. Load only targets 127.0.0.1 and
every run stops by itself. Results: benchmarks/results/load.{md,json}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from app.settings import Settings
from benchmarks.auth import create_bench_key
from benchmarks.common import api_environment, free_port, percentile

ROOT = Path(__file__).resolve().parents[2]
SKILLS = ["python", "java", "kubernetes", "sql", "react", "aws", "excel", "sales", "marketing", "c++", "js"]

# Requests per second of each scenario (the guide's normal / peak / stress, scaled to 2 cores).
SCENARIOS = {"normal": 20, "peak": 60, "stress": 150}
# The mix: (weight, endpoint label, method, path, body maker).
MIX: list[tuple[float, str]] = [
    (0.10, "health"),
    (0.10, "me"),
    (0.40, "search_simple_cached"),
    (0.25, "search_simple_uncached"),
    (0.15, "search_complex"),
]
# The closed loop's mix: searches only, cached and uncached.
SEARCH_MIX: list[tuple[float, str]] = [
    (0.60, "search_simple_cached"),
    (0.25, "search_simple_uncached"),
    (0.15, "search_complex"),
]


# Part of every uncached query text: a second run within the cache TTL misses the cache too.
RUN = uuid.uuid4().hex[:8]


def error_code(body: bytes) -> str:
    """The API's machine code of an error answer ("busy", "database_unavailable", ...), or "?"."""
    try:
        return str(json.loads(body)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return "?"


def request_for(kind: str, rng: random.Random) -> tuple[str, str, dict[str, Any] | None]:
    if kind == "health":
        return "GET", "/health", None
    if kind == "me":
        return "GET", "/api/v1/auth/me", None
    if kind == "search_simple_cached":
        return "POST", "/api/v1/search/candidates", {"skills": [rng.choice(SKILLS[:3])]}
    if kind == "search_simple_uncached":
        # A distinct query text each time: a cache miss by construction.
        return (
            "POST",
            "/api/v1/search/candidates",
            {"skills": [rng.choice(SKILLS)], "query": f"q{RUN}{rng.random()}"},
        )
    return (
        "POST",
        "/api/v1/search/candidates",
        {
            "skills": rng.sample(SKILLS, 3),
            "skills_mode": "any",
            "min_experience_years": rng.randint(0, 5),
            "query": rng.choice(["engineer", "manager", "analyst", "developer"]),
            "facets": True,
        },
    )


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # What each error was: an HTTP status, or the client-side exception's name.
    causes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sent: int = 0

    def error(self, kind: str, cause: str) -> None:
        self.errors[kind] += 1
        self.causes[f"{kind}: {cause}"] += 1


async def send(
    session: aiohttp.ClientSession, base: str, kind: str, rng: random.Random, tally: Tally, t0: float
) -> None:
    method, path, body = request_for(kind, rng)
    try:
        async with session.request(method, base + path, json=body) as response:
            body = await response.read()
            if response.status >= 400:
                tally.error(kind, f"{response.status} {error_code(body)}")
    except (TimeoutError, aiohttp.ClientError) as error:
        tally.error(kind, type(error).__name__)
    tally.latencies[kind].append(time.perf_counter() - t0)


def pick(rng: random.Random, mix: list[tuple[float, str]] = MIX) -> str:
    x = rng.random()
    for weight, kind in mix:
        if x < weight:
            return kind
        x -= weight
    return mix[-1][1]


async def open_loop(base: str, headers: dict[str, str], rate: float, seconds: float, seed: int) -> Tally:
    """Send at `rate` per second for `seconds`; latency counts from each request's scheduled time."""
    rng = random.Random(seed)
    tally = Tally()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(
        headers=headers, connector=connector, timeout=aiohttp.ClientTimeout(30)
    ) as session:
        start = time.perf_counter()
        tasks = []
        for i in range(int(rate * seconds)):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(send(session, base, pick(rng), rng, tally, scheduled)))
            tally.sent += 1
        await asyncio.gather(*tasks)
    return tally


async def closed_loop(
    base: str, headers: dict[str, str], connections: int, seconds: float, seed: int
) -> Tally:
    """`connections` clients, each sending its next search (SEARCH_MIX) as soon as the last one answered."""
    tally = Tally()
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(
        headers=headers, connector=connector, timeout=aiohttp.ClientTimeout(60)
    ) as session:
        deadline = time.perf_counter() + seconds

        async def client(n: int) -> None:
            rng = random.Random(seed + n)
            while time.perf_counter() < deadline:
                tally.sent += 1
                await send(session, base, pick(rng, SEARCH_MIX), rng, tally, time.perf_counter())

        await asyncio.gather(*(client(n) for n in range(connections)))
    return tally


def summarize(
    name: str, tally: Tally, seconds: float, target: float | None, rss_kib: int
) -> list[dict[str, Any]]:
    rows = []
    for kind in sorted(tally.latencies):
        values = [v * 1000 for v in tally.latencies[kind]]
        rows.append(
            {
                "run": name,
                "endpoint": kind,
                "requests": len(values),
                "errors": tally.errors.get(kind, 0),
                "error_causes": ", ".join(
                    f"{cause.split(': ', 1)[1]} x{count}"
                    for cause, count in sorted(tally.causes.items())
                    if cause.startswith(f"{kind}: ")
                ),
                "p50_ms": round(percentile(values, 0.50), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
                "p99_ms": round(percentile(values, 0.99), 1),
                "achieved_rps": round(len(values) / seconds, 1),
                "target_rps": target,
                "api_peak_rss_mib": round(rss_kib / 1024, 1),
            }
        )
    return rows


def peak_rss_kib(pid: int) -> int:
    """VmHWM of the API process: its peak resident memory so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def indexed_candidates(settings: Settings) -> int:
    """Documents behind the search alias (0 when there is no such alias)."""
    url = f"{settings.opensearch_hosts[0].rstrip('/')}/{settings.index_alias}/_count"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(json.load(response)["count"])
    except urllib.error.HTTPError:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scenarios", default="normal,peak,stress")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--closed-seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "load"))
    args = parser.parse_args()
    for name in args.scenarios.split(","):
        if name and name not in SCENARIOS:
            parser.error(f"unknown scenario {name!r}; choose from {', '.join(SCENARIOS)}")

    settings = Settings()
    documents = indexed_candidates(settings)
    if documents == 0:
        parser.error(
            f"no candidates behind the alias {settings.index_alias!r}: load a corpus first "
            "(`make demo`, or `python -m benchmarks.corpus` then `python -m indexer reindex`)"
        )
    key = asyncio.run(create_bench_key(settings, scope="read"))
    headers = {"X-API-Key": key}
    port = free_port()
    env = api_environment(API_PORT=str(port), METRICS_PORT="0", LOG_LEVEL="WARNING")
    server = subprocess.Popen([sys.executable, "-m", "app.main"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    rows: list[dict[str, Any]] = []
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        for name in filter(None, args.scenarios.split(",")):
            tally = asyncio.run(open_loop(base, headers, SCENARIOS[name], args.seconds, args.seed))
            rows += summarize(name, tally, args.seconds, SCENARIOS[name], peak_rss_kib(server.pid))
            print(f"{name}: {tally.sent} sent, {sum(tally.errors.values())} errors", file=sys.stderr)
        if args.connections:
            tally = asyncio.run(closed_loop(base, headers, args.connections, args.closed_seconds, args.seed))
            rows += summarize(
                f"closed-{args.connections}", tally, args.closed_seconds, None, peak_rss_kib(server.pid)
            )
            print(f"closed loop: {tally.sent} sent, {sum(tally.errors.values())} errors", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)

    columns = ["run", "endpoint", "requests", "errors", "p50_ms", "p95_ms", "p99_ms", "achieved_rps"]
    columns += ["target_rps", "api_peak_rss_mib", "error_causes"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        lines.append("| " + " | ".join(str(r[c] if r[c] not in (None, "") else "-") for c in columns) + " |")
    table = "\n".join(lines) + "\n"
    print(table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = f"python -m benchmarks.load {' '.join(sys.argv[1:])}".strip()
    out.with_suffix(".md").write_text(
        f"# Load\n\nCommand: `{command}` on {datetime.now(UTC).isoformat(timespec='seconds')}, against "
        f"the index behind `{settings.index_alias}` ({documents:,} candidates), {os.cpu_count()} CPUs shared "
        "by the API, OpenSearch, Postgres, Redis and the load generator. Open loop: latency from the "
        "scheduled send time; target_rps is the scenario's total rate. Closed loop: searches only "
        "(60% cached, 25% uncached, 15% complex).\n\n" + table
    )
    out.with_suffix(".json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
