"""Where one fresh search's time goes, end to end: marks in the client and in the served API, on one clock.

`time.perf_counter()` is CLOCK_MONOTONIC on Linux, so the benchmark's client and the API process read the
same clock. The served API (`python -m app.main` under this module's `--serve`) marks when a request's bytes
arrive, its outermost middleware, `parse_body`, `SearchService.search`, the cache's get-or-compute, every
engine call, the response's prepare and its write; the client marks its send and its read. Per fresh search
(a new cache epoch before each), the segments between the marks, and their p50 over all searches:

    python -m benchmarks.search.timeline --size 1000000 --type same_department --requests 500 \\
        --out benchmarks/results/search_timeline

Needs a kept corpus (`python -m benchmarks.search --sizes N --keep --prepare`). The marks cost a few
microseconds each, so the total reads a little above `fixed_cost`'s; the segments are for finding where the
API's part goes, not for the API / raw ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import bisect
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from redis.asyncio import Redis

from app.search.cache import EPOCH_KEY
from app.search.schemas import SearchType
from benchmarks.auth import create_bench_key
from benchmarks.common import REDIS_URL, free_port, report, wait_ready
from benchmarks.search.__main__ import environment
from benchmarks.search.fixed_cost import WARMUP, kept_settings, kept_workload, post_search
from benchmarks.search.peers import api_headers

Mark = tuple[str, float]

# (segment, the mark it starts at, the mark it ends at); "first"/"last" pick among repeated marks.
SEGMENTS = [
    ("the client sends -> the API reads it", ("client", "sent"), ("first", "read")),
    (
        "read -> outermost middleware (aiohttp's request, routing)",
        ("first", "read"),
        ("first", "middleware in"),
    ),
    ("the middlewares -> parse_body", ("first", "middleware in"), ("first", "parse in")),
    ("parse_body (read, validate)", ("first", "parse in"), ("first", "parse out")),
    ("parse_body -> search()", ("first", "parse out"), ("first", "search in")),
    (
        "search() -> the cache's get-or-compute (normalise, key)",
        ("first", "search in"),
        ("first", "cache in"),
    ),
    (
        "get-or-compute -> the first engine call (the lookup sent)",
        ("first", "cache in"),
        ("first", "engine in"),
    ),
    ("engine calls, first start to last end", ("first", "engine in"), ("last", "engine out")),
    (
        "last engine call -> get-or-compute returns (shaping, encoding)",
        ("last", "engine out"),
        ("last", "cache out"),
    ),
    ("-> search() returns", ("last", "cache out"), ("last", "search out")),
    ("search() returned -> the middlewares done", ("last", "search out"), ("last", "middleware out")),
    ("the middlewares done -> prepare", ("last", "middleware out"), ("first", "prepare")),
    ("prepare (headers, compression) -> the write", ("first", "prepare"), ("first", "write in")),
    ("the write", ("first", "write in"), ("first", "write out")),
    ("written -> the client has read it", ("first", "write out"), ("client", "read")),
]
TOTAL = "total (the client's send to its read)"


def request_segments(sent: float, read: float, server: list[Mark]) -> dict[str, float] | None:
    """One request's segments in ms, from the server's marks between this request's arrival and the next
    one's; None when the request made no engine call (a cache hit) or a mark is missing."""
    names = [name for name, _ in server]
    if "engine in" not in names:
        return None
    points: dict[tuple[str, str], float] = {("client", "sent"): sent, ("client", "read"): read}
    for name, at in server:
        points.setdefault(("first", name), at)
        points[("last", name)] = at
    out: dict[str, float] = {}
    for label, start, end in SEGMENTS:
        if start not in points or end not in points:
            return None
        out[label] = (points[end] - points[start]) * 1000
    out[TOTAL] = (read - sent) * 1000
    return out


def split_requests(client: list[Mark], server: list[Mark]) -> list[dict[str, float]]:
    """Every timed request's segments: its server marks are those from its first read after its send up
    to the next request's first read."""
    reads = [i for i, (name, _) in enumerate(server) if name == "read"]
    read_times = [server[i][1] for i in reads]
    out = []
    for (first, sent), (second, read) in zip(client[::2], client[1::2], strict=True):
        if (first, second) != ("sent", "read"):
            raise ValueError("client marks must alternate sent, read")
        k = bisect.bisect_left(read_times, sent)
        if k == len(reads):
            continue
        start = reads[k]
        stop = reads[k + 1] if k + 1 < len(reads) else len(server)
        segments = request_segments(sent, read, server[start:stop])
        if segments is not None:
            out.append(segments)
    return out


def p50s(requests: list[dict[str, float]]) -> dict[str, float]:
    labels = [label for label, _, _ in SEGMENTS] + [TOTAL]
    return {label: round(statistics.median(r[label] for r in requests), 3) for label in labels}


# --- the served API, marked ------------------------------------------------------------------------------


def serve(marks_path: Path) -> None:
    """Run the API as `app.main` does, with the marks of the module's docstring; written when it stops."""
    import aiohttp.web_protocol as web_protocol
    import aiohttp.web_response as web_response

    import app.main as api_main
    import app.search.cache as cache
    import app.search.routes as routes
    import app.search.service as service
    from app.cli import api_parser

    marks: list[Mark] = []

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    def around(owner: Any, attribute: str, before: str, after: str) -> None:
        inner = getattr(owner, attribute)

        async def marked(*args: Any, **kwargs: Any) -> Any:
            mark(before)
            try:
                return await inner(*args, **kwargs)
            finally:
                mark(after)

        setattr(owner, attribute, marked)

    received = web_protocol.RequestHandler.data_received

    def data_received(self: Any, data: bytes) -> None:
        if data:  # aiohttp also calls it with b"" after a response
            mark("read")
        received(self, data)

    web_protocol.RequestHandler.data_received = data_received  # type: ignore[method-assign]
    prepare = web_response.Response.prepare

    async def marked_prepare(self: Any, request: Any) -> Any:
        mark("prepare")
        return await prepare(self, request)

    web_response.Response.prepare = marked_prepare  # type: ignore[method-assign]
    around(web_response.Response, "write_eof", "write in", "write out")
    around(service.SearchService, "search", "search in", "search out")
    around(service.SearchService, "engine", "engine in", "engine out")
    around(cache.ResponseCache, "get_or_compute", "cache in", "cache out")
    around(routes, "parse_body", "parse in", "parse out")
    outermost = api_main.request_id_middleware

    @web.middleware
    async def marked_request(request: web.Request, handler: Any) -> web.StreamResponse:
        mark("middleware in")
        try:
            return await outermost(request, handler)
        finally:
            mark("middleware out")

    api_main.request_id_middleware = marked_request
    atexit.register(lambda: marks_path.write_text(json.dumps(marks)))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    api_main.run(api_parser().parse_args([]))


# --- the client ------------------------------------------------------------------------------------------


async def measure(size: int, kind: SearchType, count: int) -> dict[str, Any]:
    settings = kept_settings(size)
    requests = (await kept_workload(size, count + WARMUP))[kind]
    key = await create_bench_key(settings)
    port = free_port()
    client: list[Mark] = []
    with tempfile.TemporaryDirectory() as scratch:
        marks_path = Path(scratch) / "marks.json"
        env = environment(settings)
        env["API_PORT"] = str(port)
        command = [sys.executable, "-m", "benchmarks.search.timeline", "--serve", str(marks_path)]
        server = subprocess.Popen(command, env=env)  # noqa: ASYNC220
        redis = Redis.from_url(REDIS_URL)
        base = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession(headers=api_headers(key)) as session:
                await wait_ready(session, base, server)
                for n, request in enumerate(requests):
                    await redis.incr(EPOCH_KEY)
                    sent, read = await post_search(session, base, request)
                    if n >= WARMUP:
                        client += [("sent", sent), ("read", read)]
        finally:
            server.terminate()
            server.wait(timeout=15)
            await redis.aclose()
        timed = split_requests(client, json.loads(marks_path.read_text()))
    return {
        "size": size,
        "type": kind.value,
        "requests": count,
        "searches": len(timed),
        "p50_ms": p50s(timed),
    }


def markdown(result: dict[str, Any], command: str) -> str:
    lines = [
        "# Where a fresh search's time goes",
        "",
        f"Command: `{command}`, finished {datetime.now(UTC).isoformat(timespec='seconds')}; "
        f"{result['size']:,} candidates, {result['type']}, {result['searches']} fresh searches (a new cache "
        "epoch before each) after the warm-up, marks in the client and in the served API on one clock "
        "(CLOCK_MONOTONIC). p50 of each segment, ms; the segments' p50s need not add up to the total's.",
        "",
        "| segment | p50 ms |",
        "|---|---:|",
    ]
    lines += [f"| {label} | {value:.3f} |" for label, value in result["p50_ms"].items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size (bench_search_<size>)")
    parser.add_argument("--type", default="same_department", help="the search type")
    parser.add_argument("--requests", type=int, default=500, help="timed requests")
    parser.add_argument("--out", type=Path, help="results path without suffix (.md and .json written)")
    parser.add_argument("--serve", type=Path, metavar="MARKS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    try:
        kind = SearchType(args.type)
    except ValueError as error:
        parser.error(str(error))
    command = "python -m benchmarks.search.timeline " + " ".join(sys.argv[1:])
    result = asyncio.run(measure(args.size, kind, args.requests))
    report(args.out, result, markdown(result, command))


if __name__ == "__main__":
    main()
