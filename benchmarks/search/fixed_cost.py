"""Where the API's fixed cost per uncached search goes: the API against the raw peer, its own parts timed.

Needs a kept corpus (`python -m benchmarks.search --sizes N --keep --prepare`). For each search type, an API
(`python -m app.main` under this module's `--serve`, which times every `SearchService.search` and the engine
calls inside it) answers the search benchmark's requests, and the raw peer sends the same ones; the two go in
turn, the order alternating, a fresh cache epoch before each API request, a `/health` after each pair; then
the same requests once more from the cache.

    python -m benchmarks.search.fixed_cost --size 1000000 --types same_department,worked_with \\
        --requests 500 --variants shipped,no-store,no-event,no-mget,no-store+no-event+no-mget \\
        --out benchmarks/results/search_fixed_cost

Per type and variant, p50 ms: the API and raw (and their ratio, issue 15's target), `/health` and a cached
search (the HTTP path without the engine), and inside the API: the search request from its outermost
middleware on (the rest of the API's time is the HTTP exchange itself), `SearchService.search` in it
(cache lookup, engine calls, shaping, encoding), its engine calls alone, and the search's rest. A variant
switches one part of the uncached path off in the served API only, to see what it costs: `no-store` (the
cache write of the answer), `no-event` (the analytics event), `no-mget` (the cache lookup; every search a
miss), `no-prefetch` (a relative search's candidate fetched after the cache lookup, not beside it),
`no-gzip` (answers sent uncompressed to clients that accept gzip).
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web
from redis.asyncio import Redis

from app.search.cache import EPOCH_KEY
from app.search.schemas import SearchRequest, SearchType
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.auth import create_bench_key
from benchmarks.common import REDIS_URL, free_port, percentile, report, wait_ready
from benchmarks.search.__main__ import SEED, environment
from benchmarks.search.peers import RawPeer, api_headers
from benchmarks.search.workload import build_requests, sample_candidates

ROOT = Path(__file__).resolve().parents[2]
WARMUP = 50
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
VARIANT_PARTS = {"no-store", "no-event", "no-mget", "no-prefetch", "no-gzip"}
SEARCH_PATH = "/api/v1/search/candidates"


def parts_of(variant: str) -> set[str]:
    """The parts a variant switches off: "shipped" none, else its names joined by "+"."""
    if variant == "shipped":
        return set()
    parts = set(variant.split("+"))
    unknown = parts - VARIANT_PARTS
    if unknown:
        raise ValueError(
            f"unknown variant part {sorted(unknown)[0]!r} "
            f"(known: shipped, {', '.join(sorted(VARIANT_PARTS))})"
        )
    return parts


# --- the served API, timed -------------------------------------------------------------------------------


def serve(timings: Path, switched_off: set[str]) -> None:
    """Run the API as `app.main` does, with each search request timed in its middlewares, in
    `SearchService.search` and in the engine calls; the timings are written to `timings` when it stops."""
    import app.main as api_main
    import app.search.cache as cache
    import app.search.service as service
    import app.search.use_case as use_case
    from app.cli import api_parser

    searches: list[list[float]] = []  # per search: [its request in the middlewares, search, engine calls] ms
    engine_ms = [0.0]
    search_ms = [0.0]
    search, engine = service.SearchService.search, service.SearchService.engine
    outermost = api_main.request_id_middleware

    @web.middleware
    async def timed_request(request: web.Request, handler: Any) -> web.StreamResponse:
        started = time.perf_counter()
        try:
            return await outermost(request, handler)
        finally:
            if request.path == SEARCH_PATH:
                searches.append([(time.perf_counter() - started) * 1000, search_ms[0], engine_ms[0]])

    async def timed_search(self: Any, *args: Any, **kwargs: Any) -> Any:
        engine_ms[0] = 0.0
        started = time.perf_counter()
        try:
            return await search(self, *args, **kwargs)
        finally:
            search_ms[0] = (time.perf_counter() - started) * 1000

    async def timed_engine(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await engine(self, *args, **kwargs)
        finally:
            engine_ms[0] += (time.perf_counter() - started) * 1000

    api_main.request_id_middleware = timed_request
    service.SearchService.search = timed_search  # type: ignore[method-assign]
    service.SearchService.engine = timed_engine  # type: ignore[method-assign]
    if "no-store" in switched_off:

        async def no_store(self: Any, kind: str, key: str, flight: str, epoch: int, value: bytes) -> None:
            del self.in_flight[flight]

        cache.ResponseCache.store = no_store  # type: ignore[method-assign]
    if "no-prefetch" in switched_off:
        cache.ResponseCache.expects_hit = lambda *args: True  # type: ignore[method-assign]
    if "no-gzip" in switched_off:

        @web.middleware
        async def identity(request: web.Request, handler: Any) -> web.StreamResponse:
            return await handler(request)

        api_main.gzip_middleware = identity
    if "no-event" in switched_off:
        use_case.record_event = lambda *args, **kwargs: None
    if "no-mget" in switched_off:

        class AlwaysMiss:
            def __init__(self, redis: Any) -> None:
                self.redis = redis

            async def mget(self, *keys: str) -> list[None]:
                return [None] * len(keys)

            def __getattr__(self, name: str) -> Any:
                return getattr(self.redis, name)

        init = cache.ResponseCache.__init__

        def missing_init(self: Any, redis: Any, *args: Any, **kwargs: Any) -> None:
            init(self, AlwaysMiss(redis), *args, **kwargs)  # type: ignore[arg-type]

        cache.ResponseCache.__init__ = missing_init  # type: ignore[method-assign]

    atexit.register(lambda: timings.write_text(json.dumps(searches)))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    api_main.run(api_parser().parse_args([]))


# --- the client ------------------------------------------------------------------------------------------


def cpu_ms(pid: int) -> float:
    """The process's CPU time so far (user and system), in milliseconds, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / CLOCK_TICKS


def kept_settings(size: int) -> Settings:
    """The API's settings for the kept corpus of `size` (`python -m benchmarks.search --keep`)."""
    return Settings(
        database_url=f"postgresql+asyncpg://hr:hr@127.0.0.1:5432/bench_search_{size}",
        redis_url=REDIS_URL,
        index_alias=f"bench-candidates-{size}",
    )


async def post_search(
    session: aiohttp.ClientSession, base: str, request: SearchRequest, name: str = "the API"
) -> tuple[float, float]:
    """One search from the API at `base`: `time.perf_counter()` when it was sent (its body built) and when
    its answer was read; anything but a 200 stops the benchmark."""
    sent = time.perf_counter()
    payload = request.model_dump(mode="json", exclude_defaults=True)
    async with session.post(base + SEARCH_PATH, json=payload) as response:
        await response.read()
        if response.status != 200:
            raise SystemExit(f"{name} answered {response.status} to a {request.search_type.value} search")
    return sent, time.perf_counter()


def p50(values: list[float]) -> float:
    """The median by nearest rank, as the search benchmark reports it."""
    return round(percentile(values, 0.5), 3)


async def measure(
    size: int, kind: SearchType, requests: list[SearchRequest], variant: str, today: date
) -> dict[str, Any]:
    """One served API for one type and variant; the p50s of the module's docstring."""
    settings = kept_settings(size)
    key = await create_bench_key(settings)
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        timings = Path(scratch) / "timings.json"
        env = environment(settings)
        env["API_PORT"] = str(port)
        command = [sys.executable, "-m", "benchmarks.search.fixed_cost", "--serve", str(timings)]
        command += ["--variants", variant]
        server = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: ASYNC220
        redis = Redis.from_url(REDIS_URL)
        client = create_opensearch(settings)
        raw = RawPeer(client, settings.index_alias, today)
        base = f"http://127.0.0.1:{port}"
        api_ms: list[float] = []
        raw_ms: list[float] = []
        health_ms: list[float] = []
        cached_ms: list[float] = []
        cpu: dict[str, float] = {}
        try:
            async with aiohttp.ClientSession(headers=api_headers(key)) as session:
                await wait_ready(session, base, server)

                async def api(request: SearchRequest) -> float:
                    sent, read = await post_search(session, base, request)
                    return (read - sent) * 1000

                async def uncached(request: SearchRequest) -> None:
                    await redis.incr(EPOCH_KEY)
                    api_ms.append(await api(request))

                async def direct(request: SearchRequest) -> None:
                    started = time.perf_counter()
                    await raw(request)
                    raw_ms.append((time.perf_counter() - started) * 1000)

                for request in requests[:WARMUP]:
                    await uncached(request)
                    await direct(request)
                api_ms.clear()
                raw_ms.clear()
                started_cpu = cpu_ms(server.pid)
                for n, request in enumerate(requests[WARMUP:]):
                    pair = (uncached, direct) if n % 2 == 0 else (direct, uncached)
                    for call in pair:
                        await call(request)
                    started = time.perf_counter()
                    async with session.get(f"{base}/health") as response:
                        await response.read()
                    health_ms.append((time.perf_counter() - started) * 1000)
                pairs_cpu = (cpu_ms(server.pid) - started_cpu) / len(api_ms)
                started_cpu = cpu_ms(server.pid)
                for _ in api_ms:
                    async with session.get(f"{base}/health") as response:
                        await response.read()
                cpu["health"] = (cpu_ms(server.pid) - started_cpu) / len(api_ms)
                cpu["uncached"] = pairs_cpu - cpu["health"]
                if not parts_of(variant) & {"no-mget", "no-store"}:  # else nothing comes from the cache
                    for request in requests[WARMUP:]:
                        await api(request)  # into the cache at the epoch it now stays at
                    started_cpu = cpu_ms(server.pid)
                    for request in requests[WARMUP:]:
                        cached_ms.append(await api(request))
                    cpu["cached"] = (cpu_ms(server.pid) - started_cpu) / len(cached_ms)
        finally:
            server.terminate()
            server.wait(timeout=15)
            await client.close()
            await redis.aclose()
        searches = json.loads(timings.read_text())[WARMUP : WARMUP + len(api_ms)]
    return {
        "api": p50(api_ms),
        "raw": p50(raw_ms),
        "api_over_raw": round(p50(api_ms) / p50(raw_ms), 3),
        "health": p50(health_ms),
        "cached": p50(cached_ms) if cached_ms else None,
        "server_request": p50([r for r, _, _ in searches]),
        "server_search": p50([s for _, s, _ in searches]),
        "server_engine": p50([e for _, _, e in searches]),
        "server_rest": p50([s - e for _, s, e in searches]),
        "samples": len(api_ms),
        "cpu_uncached": round(cpu["uncached"], 3),
        "cpu_health": round(cpu["health"], 3),
        "cpu_cached": round(cpu["cached"], 3) if "cached" in cpu else None,
    }


async def kept_workload(size: int, count: int) -> dict[SearchType, list[SearchRequest]]:
    """`count` requests per search type drawn from the kept corpus of `size` (the search benchmark's seed),
    or a clear exit when that corpus was never built."""
    try:
        connection = await asyncpg.connect(f"postgresql://hr:hr@127.0.0.1:5432/bench_search_{size}")
    except asyncpg.InvalidCatalogNameError:
        raise SystemExit(
            f"no kept corpus of {size:,}: python -m benchmarks.search --sizes {size} --keep --prepare"
        ) from None
    try:
        rows = await sample_candidates(connection, count + 50, SEED)
    finally:
        await connection.close()
    return build_requests(rows, count, SEED)


async def compare(size: int, count: int, types: list[SearchType], variants: list[str]) -> dict[str, Any]:
    workload = await kept_workload(size, count + WARMUP)
    today = date.today()
    results: dict[str, Any] = {"size": size, "requests": count, "types": {}}
    for kind in types:
        for variant in variants:
            row = await measure(size, kind, workload[kind][: count + WARMUP], variant, today)
            runs = results["types"].setdefault(kind.value, {})
            label = (
                variant
                if variant not in runs
                else f"{variant} ({sum(k.startswith(variant) for k in runs) + 1})"
            )
            runs[label] = row
            print(
                f"{kind.value:18} {variant:28} API {row['api']:.2f} raw {row['raw']:.2f} "
                f"({row['api_over_raw']:.2f}x) health {row['health']:.2f} cached {row['cached']} ms; "
                f"API CPU {row['cpu_uncached']:.2f} ms a search",
                file=sys.stderr,
            )
    return results


def markdown(results: dict[str, Any], command: str) -> str:
    lines = [
        "# The API's fixed cost per uncached search",
        "",
        f"Command: `{command}`, finished {datetime.now(UTC).isoformat(timespec='seconds')}; "
        f"{results['size']:,} candidates, {results['requests']} requests per type and variant, API and raw "
        "in turn (order alternating), a fresh cache epoch before each API request. p50 ms; inside the API: "
        "the search request from its outermost middleware on, `SearchService.search` in it (cache lookup, "
        "engine calls, shaping, encoding), its engine calls, and the search's rest. Then the API process's "
        "CPU time (user and system, from /proc) per uncached search, per `/health` and per cached search, "
        "background work (cache writes, analytics events) included.",
        "",
        "| search type | variant | API | raw | API / raw | /health | cached | in the API's middlewares "
        "| its search | the search's engine calls | the search's rest | API CPU-ms per uncached search "
        "| per /health | per cached search |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, variants in results["types"].items():
        for variant, r in variants.items():
            cached = "-" if r["cached"] is None else f"{r['cached']:.2f}"
            cached_cpu = "-" if r.get("cpu_cached") is None else f"{r['cpu_cached']:.2f}"
            lines.append(
                f"| {kind} | {variant} | {r['api']:.2f} | {r['raw']:.2f} | {r['api_over_raw']:.2f} | "
                f"{r['health']:.2f} | {cached} | {r['server_request']:.2f} | {r['server_search']:.2f} | "
                f"{r['server_engine']:.2f} | "
                f"{r['server_rest']:.2f} | {r['cpu_uncached']:.2f} | {r['cpu_health']:.2f} | {cached_cpu} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size (bench_search_<size>)")
    parser.add_argument("--requests", type=int, default=500, help="timed requests per type and variant")
    parser.add_argument(
        "--types", default="same_department,worked_with", help="search types, comma-separated"
    )
    parser.add_argument(
        "--variants", default="shipped", help="shipped, or parts switched off joined by +, comma-separated"
    )
    parser.add_argument("--out", type=Path, help="results path without suffix (.md and .json written)")
    parser.add_argument("--serve", type=Path, metavar="TIMINGS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    try:
        variants = [v.strip() for v in args.variants.split(",") if v.strip()]
        for variant in variants:
            parts_of(variant)
        types = [SearchType(name.strip()) for name in args.types.split(",") if name.strip()]
    except ValueError as error:
        parser.error(str(error))
    if args.serve:
        serve(args.serve, parts_of(variants[0]))
        return
    command = "python -m benchmarks.search.fixed_cost " + " ".join(sys.argv[1:])
    results = asyncio.run(compare(args.size, args.requests, types, variants))
    report(args.out, results, markdown(results, command))


if __name__ == "__main__":
    main()
