"""Load against a real `hr-api` on loopback: open-loop scenarios at fixed rates, and a closed loop of 500.

    python -m benchmarks.load [--scenarios normal,peak,stress] [--seconds 20] [--connections 500]
    python -m benchmarks.load --scenarios '' --connections 0 --login-flood 200 [--seconds 20]

Login flood: searches at a fixed rate with /health probed every 50 ms, first quiet, then while N clients
send wrong passwords as fast as they are answered; compares search p95 and /health latency of the two
phases (the flood's goal: searches within 2x of quiet, /health under 100 ms). Results:
benchmarks/results/login_flood.{md,json}.

Open loop: requests are sent on a fixed schedule and latency is measured from the intended send time, so
queueing inside the client or the server is not hidden. The mix follows the operations guide, scaled to
this 2-core machine: health, /me, simple and complex searches, cached and uncached. Closed loop: N
connections each send the next request as soon as the previous answered. Load only targets 127.0.0.1 and
every run stops by itself. Results: benchmarks/results/load.{md,json}.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from redis.asyncio import Redis

from app.search.cache import bump_epoch
from app.settings import Settings
from benchmarks.auth import create_bench_key
from benchmarks.common import api_environment, cpu_seconds, cpu_used, free_port, listening_pids, percentile

ROOT = Path(__file__).resolve().parents[2]
SKILLS = ["python", "java", "kubernetes", "sql", "react", "aws", "excel", "sales", "marketing", "c++", "js"]

# Requests per second of each scenario (the guide's normal / peak / stress, scaled to 2 cores), and the
# seed system's two throughput targets: 100 uncached searches/s of every type ("uncached"), and 1,000
# requests/s of cached searches, /health and /auth/me ("peak_mix", spread over --peak-connections clients that
# each hold a connection open).
SCENARIOS = {"normal": 20, "peak": 60, "stress": 150, "uncached": 100, "peak_mix": 1000}
# A scenario's own mix where it has one (the others take MIX).
SCENARIO_MIX: dict[str, list[tuple[float, str]]] = {
    "uncached": [(1.0, "search_uncached")],
    "peak_mix": [(0.6, "search_cached"), (0.2, "health"), (0.2, "me")],
}
# Seconds a scenario's answers may still arrive after its last scheduled send; they count in its wall time.
DRAIN_SECONDS = 30.0
# The mix: (weight, endpoint label, method, path, body maker).
MIX: list[tuple[float, str]] = [
    (0.10, "health"),
    (0.10, "me"),
    (0.40, "search_simple_cached"),
    (0.25, "search_uncached"),
    (0.15, "search_complex"),
]
# The closed loop's mix: searches only, cached and uncached.
SEARCH_MIX: list[tuple[float, str]] = [
    (0.60, "search_simple_cached"),
    (0.25, "search_uncached"),
    (0.15, "search_complex"),
]


def error_code(body: bytes) -> str:
    """The API's machine code of an error answer ("busy", "database_unavailable", ...), or "?"."""
    try:
        return str(json.loads(body)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return "?"


@dataclass
class Workload:
    """Requests drawn from the corpus behind the alias (`benchmarks.search.workload`): each matches
    candidates. Uncached ones are distinct and each sent once; cached ones are a few, asked before timing."""

    uncached: list[dict[str, Any]] = field(default_factory=list)
    cached: list[dict[str, Any]] = field(default_factory=list)
    position: int = 0

    def next_uncached(self) -> dict[str, Any]:
        body = self.uncached[self.position % len(self.uncached)]
        self.position += 1
        return body


WORKLOAD = Workload()


async def load_workload(settings: Settings, count: int, seed: int) -> None:
    """WORKLOAD: `count` distinct requests over every search type, interleaved, from the corpus's own rows,
    each one that matches at least one candidate (asked of the engine first, as the API would ask it: a
    colleague search for someone whose employers nobody else had is left out)."""
    from datetime import date

    import asyncpg

    from app.search.schemas import SearchRequest
    from app.search_engine import close_opensearch, create_opensearch
    from benchmarks.search.peers import RawPeer
    from benchmarks.search.workload import SEARCH_TYPES, build_requests, sample_candidates

    # Some relative searches match nobody: make a tenth more than asked, keep those that match.
    per_type = int(count * 1.1) // len(SEARCH_TYPES) + 1
    connection = await asyncpg.connect(settings.sync_database_url)
    try:
        rows = await sample_candidates(connection, per_type + 50, seed)
    finally:
        await connection.close()
    made = build_requests(rows, per_type, seed)
    client = create_opensearch(settings)
    peer = RawPeer(client, settings.index_alias, date.today())
    matching: list[SearchRequest] = []
    try:
        for i in range(per_type):
            for kind in SEARCH_TYPES:
                if i < len(made[kind]) and len(matching) < count + 20:
                    answer = await peer(made[kind][i])
                    if answer["hits"]["total"]["value"] > 0:
                        matching.append(made[kind][i])
        # The check ran every search once: clear what the engine cached of them (filters' bit sets), so the
        # timed searches find the engine as they would without it.
        await client.indices.clear_cache(index=settings.index_alias)
    finally:
        await close_opensearch(client)
    bodies = [request.model_dump(mode="json", exclude_defaults=True) for request in matching]
    WORKLOAD.uncached = bodies[:count]
    WORKLOAD.cached = bodies[count : count + 20] or bodies[:20]
    WORKLOAD.position = 0


def request_for(kind: str, rng: random.Random) -> tuple[str, str, dict[str, Any] | None]:
    if kind == "search_uncached":
        return "POST", "/api/v1/search/candidates", WORKLOAD.next_uncached()
    if kind == "search_cached":
        return "POST", "/api/v1/search/candidates", rng.choice(WORKLOAD.cached)
    if kind == "health":
        return "GET", "/health", None
    if kind == "me":
        return "GET", "/api/v1/auth/me", None
    if kind == "search_simple_cached":
        return "POST", "/api/v1/search/candidates", {"skills": [rng.choice(SKILLS[:3])]}
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
    # The `total` of each uncached search answer, and how many of them said "at least".
    totals: list[int] = field(default_factory=list)
    lower_bounds: int = 0
    sent: int = 0
    # Connections established to the API, counted once a second while the schedule ran (held connections).
    connections: list[int] = field(default_factory=list)

    def error(self, kind: str, cause: str) -> None:
        self.errors[kind] += 1
        self.causes[f"{kind}: {cause}"] += 1


async def send(
    session: aiohttp.ClientSession,
    base: str,
    kind: str,
    rng: random.Random,
    tally: Tally,
    t0: float,
) -> None:
    method, path, body = request_for(kind, rng)
    try:
        async with session.request(method, base + path, json=body) as response:
            answer = await response.read()
            if response.status >= 400:
                tally.error(kind, f"{response.status} {error_code(answer)}")
            elif kind == "search_uncached":
                page = json.loads(answer)
                tally.totals.append(int(page["total"]))
                tally.lower_bounds += page.get("total_relation") == "gte"
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


async def open_loop(
    base: str,
    headers: dict[str, str],
    rate: float,
    seconds: float,
    seed: int,
    mix: list[tuple[float, str]] = MIX,
) -> tuple[Tally, float]:
    """Send at `rate` per second for `seconds` over one pool of connections, opened as needed; latency
    counts from each request's scheduled time. The tally, and the wall time until the last answer."""
    async with aiohttp.ClientSession(
        headers=headers, connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(30)
    ) as session:
        return await scheduled_sends(base, [session], rate, seconds, seed, mix)


async def held_open_loop(
    base: str,
    headers: dict[str, str],
    rate: float,
    seconds: float,
    seed: int,
    mix: list[tuple[float, str]],
    connections: int,
) -> tuple[Tally, float]:
    """The open loop over `connections` clients that each hold one keep-alive connection, all of them
    connected before the clock starts; the schedule's requests go to the clients in turn (HTTP/1.1: a
    client's next request waits for its connection, and that wait counts in its latency)."""
    sessions = [
        aiohttp.ClientSession(
            headers=headers,
            connector=aiohttp.TCPConnector(limit=1, keepalive_timeout=seconds + DRAIN_SECONDS),
            timeout=aiohttp.ClientTimeout(30),
        )
        for _ in range(connections)
    ]
    try:

        async def connect(session: aiohttp.ClientSession) -> None:
            async with session.get(base + "/health") as response:
                await response.read()

        for first in range(0, connections, 50):  # no SYN burst of hundreds at once
            await asyncio.gather(*(connect(s) for s in sessions[first : first + 50]))
        return await scheduled_sends(base, sessions, rate, seconds, seed, mix, port=urlsplit(base).port)
    finally:
        await asyncio.gather(*(s.close() for s in sessions))


async def scheduled_sends(
    base: str,
    sessions: list[aiohttp.ClientSession],
    rate: float,
    seconds: float,
    seed: int,
    mix: list[tuple[float, str]],
    port: int | None = None,
) -> tuple[Tally, float]:
    """`rate * seconds` requests on a fixed schedule, the n-th over `sessions[n % len(sessions)]`; with a
    `port`, the connections established to it are counted once a second meanwhile (`Tally.connections`)."""
    rng = random.Random(seed)
    tally = Tally()
    sampler = asyncio.create_task(count_connections(port, tally.connections)) if port else None
    with without_collections():
        start = time.perf_counter()
        tasks = []
        for i in range(int(rate * seconds)):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            session = sessions[i % len(sessions)]
            tasks.append(asyncio.create_task(send(session, base, pick(rng, mix), rng, tally, scheduled)))
            tally.sent += 1
        await asyncio.wait(tasks, timeout=DRAIN_SECONDS)
        wall = time.perf_counter() - start
    every = [*tasks, *([sampler] if sampler else [])]
    for task in every:
        task.cancel()
    await asyncio.gather(*every, return_exceptions=True)
    return tally, wall


@contextlib.contextmanager
def without_collections() -> Iterator[None]:
    """No garbage collection in the load generator while it measures. With tens of thousands of requests in
    flight or answered, a full collection stalled its event loop for 100-160 ms about once a run. Every
    request scheduled meanwhile was sent late, which counted as the server's latency (a cached search's p99
    of 37-205 ms at 1,000/s over 500 connections, 17.5-20.1 ms without). The memory comes back at the end."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


async def count_connections(port: int, counts: list[int]) -> None:
    """Append the connections established to `port` once a second, until cancelled."""
    while True:
        counts.append(established_connections(port))
        await asyncio.sleep(1)


def established_connections(port: int) -> int:
    """TCP connections established to local `port` (the API's accepted ones), from /proc/net/tcp{,6}."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as lines:
                next(lines)
                for line in lines:
                    local, _, state = line.split()[1:4]
                    if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:
                        count += 1
        except OSError:
            continue
    return count


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

        with without_collections():
            await asyncio.gather(*(client(n) for n in range(connections)))
    return tally


# Searches per second while the login flood runs (below saturation, so the flood's cost shows).
FLOOD_SEARCH_RATE = 10
# Seconds between /health probes in the flood measurement.
HEALTH_PROBE_SECONDS = 0.05


async def flood_phase(
    base: str, headers: dict[str, str], seconds: float, flooders: int, seed: int, phase: str
) -> tuple[Tally, dict[str, int]]:
    """Searches at FLOOD_SEARCH_RATE and /health probes for `seconds`; with `flooders` bad-login clients.

    Every phase sends the same searches (one seed): the cached kinds hit the cache alike, and the uncached
    ones are the next distinct requests of the corpus workload, so each phase misses it alike.
    """
    rng = random.Random(seed)
    tally = Tally()
    logins: dict[str, int] = defaultdict(int)
    flood = None
    if flooders:
        # The flood runs in a process of its own (this loop measures, it does not generate the load), and
        # the measurement starts once it floods; it goes on a second past the measurement.
        flood = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.load.flood", base, str(flooders), str(seconds + 1),
            cwd=ROOT, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert flood.stdout is not None
        await flood.stdout.readline()
    deadline = time.perf_counter() + seconds
    async with aiohttp.ClientSession(
        headers=headers, connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(30)
    ) as session:

        async def searches() -> None:
            start = time.perf_counter()
            tasks = []
            for i in range(int(FLOOD_SEARCH_RATE * seconds)):
                scheduled = start + i / FLOOD_SEARCH_RATE
                await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
                kind = pick(rng, SEARCH_MIX)
                tasks.append(asyncio.create_task(send(session, base, kind, rng, tally, scheduled)))
                tally.sent += 1
            await asyncio.gather(*tasks)

        async def health() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                await send(session, base, "health", rng, tally, started)
                await asyncio.sleep(max(0.0, HEALTH_PROBE_SECONDS - (time.perf_counter() - started)))

        await asyncio.gather(searches(), health())
        if flood is not None:
            out, _ = await flood.communicate()
            logins.update(json.loads(out))
    return tally, dict(logins)


async def new_search_epoch() -> None:
    """Bump the search epoch of the service's Redis, so no earlier answer is served from the cache."""
    redis = Redis.from_url(Settings().redis_url)
    try:
        await bump_epoch(redis)
    finally:
        await redis.aclose()


def run_login_flood(
    base: str, headers: dict[str, str], flooders: int, seconds: float, seed: int, rss: Any
) -> str:
    """Quiet phase, then the flood; a markdown table of both and the verdict against the goals."""
    # A new search epoch: the uncached searches of an earlier run (same seed, same texts) would otherwise
    # come from the cache and flatter both phases.
    asyncio.run(new_search_epoch())
    asyncio.run(flood_phase(base, headers, seconds, 0, seed, "warm-up"))  # fills the cache of both phases
    quiet, _ = asyncio.run(flood_phase(base, headers, seconds, 0, seed, "quiet"))
    flood, logins = asyncio.run(flood_phase(base, headers, seconds, flooders, seed, "flood"))
    rows = summarize("quiet", quiet, seconds, None, rss()) + summarize(
        f"flood-{flooders}", flood, seconds, None, rss()
    )

    def p95(tally: Tally) -> float:
        values = [v * 1000 for kind, vs in tally.latencies.items() if kind != "health" for v in vs]
        return percentile(values, 0.95)

    if not logins.get("401"):
        print(
            "warning: no bad login reached the password check (the flood's accounts are still locked out "
            "from an earlier run; wait 15 minutes for a fair run)",
            file=sys.stderr,
        )
    health = [v * 1000 for v in flood.latencies["health"]]
    ratio = p95(flood) / max(p95(quiet), 1e-9)
    verdict = (
        f"searches p95 quiet {p95(quiet):.1f} ms, during the flood {p95(flood):.1f} ms "
        f"({ratio:.2f}x; goal <= 2x); "
        f"/health during the flood p99 {percentile(health, 0.99):.1f} ms, max {max(health):.1f} ms "
        f"(goal < 100 ms); bad logins answered: "
        + ", ".join(f"{status} x{count}" for status, count in sorted(logins.items()))
    )
    columns = ["run", "endpoint", "requests", "errors", "p50_ms", "p95_ms", "p99_ms", "api_peak_rss_mib"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(r[c]) for c in columns) + " |" for r in rows]
    return verdict + "\n\n" + "\n".join(lines) + "\n"


def summarize(
    name: str, tally: Tally, seconds: float, target: float | None, rss_kib: int
) -> list[dict[str, Any]]:
    """A row per endpoint; achieved_rps is the successful answers over the wall time (`seconds`)."""
    rows = []
    for kind in sorted(tally.latencies):
        values = [v * 1000 for v in tally.latencies[kind]]
        succeeded = len(values) - tally.errors.get(kind, 0)
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
                "achieved_rps": round(succeeded / seconds, 1),
                "target_rps": target,
                "api_peak_rss_mib": round(rss_kib / 1024, 1),
            }
        )
    return rows


async def prime(base: str, headers: dict[str, str]) -> None:
    """Ask each cached-mix request once, so the timed runs find them in the cache."""
    async with aiohttp.ClientSession(headers=headers) as session:
        for body in WORKLOAD.cached:
            async with session.post(base + "/api/v1/search/candidates", json=body) as response:
                await response.read()


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) one process has used so far; 0 when there is no such process."""
    if pid is None:
        return 0.0
    try:
        line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = line[line.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_note(name: str, used: dict[str, float], wall: float, answered: int) -> str:
    """Where a run's CPU went: seconds per process kind, and per 1,000 answers, against what the cores had."""
    per = 1000 / max(answered, 1)
    parts = ", ".join(f"{kind} {seconds:.1f} s ({seconds * per:.1f} s)" for kind, seconds in used.items())
    cores = os.cpu_count() or 1
    return (
        f"{name}: CPU over {wall:.1f} s of wall time ({cores} CPUs: {cores * wall:.0f} CPU-s available), "
        f"in seconds and, in brackets, per 1,000 successful answers ({answered}): {parts}"
    )


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
    parser.add_argument(
        "--login-flood", type=int, default=0, metavar="N", help="also measure N concurrent bad-login clients"
    )
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "load"))
    parser.add_argument(
        "--peak-connections",
        type=int,
        default=500,
        help="clients the peak_mix scenario spreads its schedule over, each holding one keep-alive "
        "connection for the whole run (default 500; 0: one pool, connections opened as needed)",
    )
    parser.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="SCENARIO=RPS",
        help="send a scenario at another rate than its own (e.g. uncached=110: whether more than its target "
        "is carried); repeatable",
    )
    args = parser.parse_args()
    for name in args.scenarios.split(","):
        if name and name not in SCENARIOS:
            parser.error(f"unknown scenario {name!r}; choose from {', '.join(SCENARIOS)}")
    scenario_rates: dict[str, float] = dict(SCENARIOS)
    for item in args.rate:
        name, _, value = item.partition("=")
        if name not in SCENARIOS:
            parser.error(f"--rate {item}: unknown scenario {name!r}; choose from {', '.join(SCENARIOS)}")
        try:
            scenario_rates[name] = float(value)
        except ValueError:
            parser.error(f"--rate {item}: the rate is not a number: {value!r}")
        if not 0 < scenario_rates[name] <= 10_000:
            parser.error(f"--rate {item}: the rate must be above 0 and at most 10000 per second")

    settings = Settings()
    documents = indexed_candidates(settings)
    if documents == 0:
        parser.error(
            f"no candidates behind the alias {settings.index_alias!r}: load a corpus first "
            "(`make demo`, or `python -m benchmarks.corpus` then `python -m indexer reindex`)"
        )
    key = asyncio.run(create_bench_key(settings, scope="read"))
    # Distinct uncached searches: as many as the scenarios can send (each scenario's rate times its share of
    # uncached searches), twice over; a peak_mix sends none of them.
    rates = [
        scenario_rates[n] * sum(w for w, kind in SCENARIO_MIX.get(n, MIX) if kind == "search_uncached")
        for n in args.scenarios.split(",")
        if n
    ] or [FLOOD_SEARCH_RATE]
    needed = int(max(rates) * args.seconds * 2) + 100
    asyncio.run(load_workload(settings, min(needed, 20_000), args.seed))
    headers = {"X-API-Key": key}
    port = free_port()
    env = api_environment(API_PORT=str(port), METRICS_PORT="0", LOG_LEVEL="WARNING")
    server = subprocess.Popen([sys.executable, "-m", "app.main"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    # The processes whose CPU each run reports: this node only (another on the machine is not ours), Redis.
    node = listening_pids(urlsplit(settings.opensearch_hosts[0]).port or 9200) or None
    redis = min(listening_pids(urlsplit(settings.redis_url).port or 6379), default=None)
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        # A new search epoch first: the uncached searches of an earlier run (same seed, same requests) would
        # otherwise still be in the cache for its TTL.
        asyncio.run(new_search_epoch())
        asyncio.run(prime(base, headers))
        if args.login_flood:
            report = run_login_flood(
                base, headers, args.login_flood, args.seconds, args.seed, lambda: peak_rss_kib(server.pid)
            )
            print(report)
            flood_out = ROOT / "benchmarks" / "results" / "login_flood.md"
            flood_out.parent.mkdir(parents=True, exist_ok=True)
            command = f"python -m benchmarks.load {' '.join(sys.argv[1:])}".strip()
            flood_out.write_text(
                f"# Login flood\n\nCommand: `{command}` on "
                f"{datetime.now(UTC).isoformat(timespec='seconds')}, "
                f"against the index behind `{settings.index_alias}` ({documents:,} candidates), "
                f"{os.cpu_count()} CPUs shared with other work. Searches at {FLOOD_SEARCH_RATE}/s "
                "(open loop), "
                f"/health every {HEALTH_PROBE_SECONDS * 1000:.0f} ms; a warm-up, "
                f"{args.seconds:g} s quiet, then "
                f"{args.seconds:g} s with {args.login_flood} clients sending wrong passwords back to back "
                "(all from 127.0.0.1, as one attacker).\n\n" + report
            )
        for name in filter(None, args.scenarios.split(",")):
            mix = SCENARIO_MIX.get(name, MIX)
            rate = scenario_rates[name]
            before, api_before, redis_before = cpu_seconds(node), process_cpu(server.pid), process_cpu(redis)
            if name == "peak_mix" and args.peak_connections:
                clients = args.peak_connections
                work = held_open_loop(base, headers, rate, args.seconds, args.seed, mix, clients)
            else:
                work = open_loop(base, headers, rate, args.seconds, args.seed, mix)
            tally, wall = asyncio.run(work)
            if tally.connections:
                notes.append(
                    f"{name}: connections established to the API, counted each second while the schedule "
                    f"ran: {min(tally.connections)} to {max(tally.connections)} "
                    f"({args.peak_connections} clients held one each)"
                )
            used = cpu_used(before, cpu_seconds(node))
            cpu = {
                "OpenSearch": used["opensearch"],
                "Postgres": used["postgres"],
                "Redis": round(process_cpu(redis) - redis_before, 2),
                "API": round(process_cpu(server.pid) - api_before, 2),
                "load generator": used["benchmark process"],
            }
            answered = sum(len(v) for v in tally.latencies.values()) - sum(tally.errors.values())
            notes.append(cpu_note(name, cpu, wall, answered))
            rows += summarize(name, tally, wall, scenario_rates[name], peak_rss_kib(server.pid))
            if tally.totals:
                hits = sorted(tally.totals)
                notes.append(
                    f"{name}: median hit count {hits[len(hits) // 2]:,} over {len(hits)} answers "
                    f"({tally.lower_bounds} of them 'at least', counting stopped at the cap); "
                    f"{sum(1 for t in hits if t == 0)} matched nobody"
                )
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

    if not rows:
        return
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
        "(60% cached, 25% uncached, 15% complex). uncached: distinct requests of every search type drawn "
        "from the corpus's rows (each matches candidates), each sent once; peak_mix: cached searches 60%, "
        "/health 20%, /auth/me 20%, spread over --peak-connections clients that each hold one keep-alive "
        "connection (0: one pool). achieved_rps: successful answers over the wall time until the last "
        "answer.\n\n" + table + "".join(f"\n- {note}" for note in notes) + ("\n" if notes else "")
    )
    out.with_suffix(".json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
