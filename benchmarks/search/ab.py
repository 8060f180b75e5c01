"""Two or more checkouts' APIs against each other and the raw peer, request by request: small changes to the
API's fixed cost, measured as paired differences.

`fixed_cost` runs one served API after another, so a change worth 0.05 ms drowns in the minutes between the
runs (its API / raw p50 moves by 0.04 from run to run on two shared cores). Here every checkout's API
(`python -m app.main` from that checkout, with its own `.venv` when it has one) serves at once, and each of
the search benchmark's requests goes to the raw peer and to every API in turn, the order rotating from one
request to the next, a fresh cache epoch before each API request; the APIs are started afresh for each of a
few rounds, in a rotating order, so no checkout keeps a lucky placement on the CPUs. The first checkout is the
baseline: for each other one, the median of the per-request differences (that API's time minus the
baseline's for the same request, sent moments apart) with a 95 % bootstrap interval.

    python -m benchmarks.search.ab --size 1000000 --checkouts /work/main,/work/branch \\
        --types same_department,worked_with --requests 800 --out benchmarks/results/search_ab

`--long-texts tuning|judging`: skills_match with the long pasted texts of `benchmarks.search.longtext` (that
half) as its requests instead; with `--smart` too, each text goes to /search/smart, and the raw peer runs the
smart search's offline interpretation of it.

Needs a kept corpus (`python -m benchmarks.search --sizes N --keep --prepare`). With several APIs up at
once every ratio to raw reads higher than in `fixed_cost` (the processes share the CPU caches); compare the
checkouts with each other, not these ratios with other runs'.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiohttp
from redis.asyncio import Redis

from app.search.cache import EPOCH_KEY
from app.search.interpret import interpret_rules
from app.search.schemas import SearchRequest, SearchType
from app.search.selectivity import read_skill_counts
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.auth import create_bench_key
from benchmarks.common import REDIS_URL, free_port, percentile, report, wait_ready
from benchmarks.search.__main__ import environment
from benchmarks.search.exact_counts import ticked
from benchmarks.search.fixed_cost import WARMUP, kept_settings, kept_workload, post_search
from benchmarks.search.longtext import long_text_requests
from benchmarks.search.pairing import paired_difference, rotated
from benchmarks.search.peers import RawPeer, api_headers

RAW = "raw"
SMART_PATH = "/api/v1/search/smart"


@dataclass(frozen=True)
class Checkout:
    """A working tree of this project whose API is measured."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def python(self) -> str:
        own = self.path / ".venv" / "bin" / "python"
        return str(own) if own.exists() else sys.executable

    def describe(self) -> str:
        """Its commit, and whether its files differ from it."""

        def git(*args: str) -> str:
            done = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True)
            return done.stdout.strip() if done.returncode == 0 else ""

        commit = git("rev-parse", "--short", "HEAD") or "not a git checkout"
        changed = git("status", "--porcelain", "--untracked-files=no", "--", "app")
        return f"{commit}{' with uncommitted changes in app/' if changed else ''}"


async def compare(
    size: int,
    count: int,
    types: list[SearchType],
    checkouts: list[Checkout],
    rounds: int,
    facets: bool = False,
    long_texts: str | None = None,
    smart: bool = False,
    tick: bool = False,
) -> dict[str, Any]:
    settings = kept_settings(size)
    per_round = -(-count // rounds)
    if long_texts is not None:
        texts = long_text_requests(long_texts)
        if len(texts) < per_round * rounds + WARMUP:
            raise SystemExit(
                f"the {long_texts} half has {len(texts)} texts: at most {len(texts) - WARMUP} requests"
            )
        requests = {SearchType.SKILLS_MATCH: texts}
    else:
        requests = await kept_workload(size, per_round * rounds + WARMUP)
    if tick:
        client = create_opensearch(settings)
        try:
            requests = {
                kind: await ticked(client, settings.index_alias, batch) for kind, batch in requests.items()
            }
        finally:
            await client.close()
    if facets:
        requests = {
            kind: [request.model_copy(update={"facets": True}) for request in batch]
            for kind, batch in requests.items()
        }
    key = await create_bench_key(settings)
    redis = Redis.from_url(REDIS_URL)
    client = create_opensearch(settings)
    raw = RawPeer(
        client, settings.index_alias, date.today(), await read_skill_counts(client, settings.index_alias)
    )
    names = [RAW, *(c.name for c in checkouts)]
    times = {kind: {name: [] for name in names} for kind in types}
    try:
        for round_ in range(rounds):
            # Fresh processes each round, started in a rotating order: where the kernel puts them (and
            # what they share) changes between rounds instead of favouring one checkout throughout.
            order = rotated(list(checkouts), round_)
            start = WARMUP + round_ * per_round
            await measure_round(
                settings,
                key,
                order,
                redis,
                raw,
                types,
                requests,
                range(start, start + per_round),
                times,
                smart,
            )
            print(f"round {round_ + 1} of {rounds} done", file=sys.stderr)
    finally:
        await client.close()
        await redis.aclose()
    return {
        "size": size,
        "requests": per_round * rounds,
        "rounds": rounds,
        "facets": facets,
        "long_texts": long_texts,
        "ticked": tick,
        "smart": smart,
        "checkouts": {c.name: c.describe() for c in checkouts},
        "types": {kind.value: summarise(times[kind], checkouts[0].name) for kind in types},
    }


async def measure_round(
    settings: Settings,
    key: str,
    checkouts: list[Checkout],
    redis: Redis,
    raw: RawPeer,
    types: list[SearchType],
    requests: dict[SearchType, list[SearchRequest]],
    timed: range,
    times: dict[SearchType, dict[str, list[float]]],
    smart: bool = False,
) -> None:
    """One round: every checkout's API started, warmed up on the first requests, then the `timed` ones;
    `smart`: each request's text to /search/smart, and the raw peer its offline interpretation."""
    ports = {c.name: free_port() for c in checkouts}
    servers: list[subprocess.Popen[bytes]] = []
    try:
        for checkout in checkouts:
            env = environment(settings)
            env["API_PORT"] = str(ports[checkout.name])
            server = subprocess.Popen([checkout.python, "-m", "app.main"], env=env, cwd=checkout.path)  # noqa: ASYNC220
            servers.append(server)
        async with aiohttp.ClientSession(headers=api_headers(key)) as session:
            for checkout, server in zip(checkouts, servers, strict=True):
                await wait_ready(session, f"http://127.0.0.1:{ports[checkout.name]}", server)

            async def api(name: str, request: SearchRequest) -> float:
                await redis.incr(EPOCH_KEY)
                base = f"http://127.0.0.1:{ports[name]}"
                if smart:
                    sent, read = await post_smart(session, base, request.query or "", f"{name}'s API")
                else:
                    sent, read = await post_search(session, base, request, f"{name}'s API")
                return (read - sent) * 1000

            async def direct(request: SearchRequest) -> float:
                started = time.perf_counter()
                await raw(interpret_rules(request.query or "", request.limit) if smart else request)
                return (time.perf_counter() - started) * 1000

            names = [RAW, *ports]
            for kind in types:
                for n in [*range(WARMUP), *timed]:
                    for name in rotated(names, n):
                        request = requests[kind][n]
                        elapsed = await direct(request) if name == RAW else await api(name, request)
                        if n >= WARMUP:
                            times[kind][name].append(elapsed)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=15)


async def post_smart(session: aiohttp.ClientSession, base: str, text: str, name: str) -> tuple[float, float]:
    """One smart search of `text` (20 results) from the API at `base`, timed as `post_search` does."""
    sent = time.perf_counter()
    async with session.post(base + SMART_PATH, json={"query": text, "limit": 20}) as response:
        await response.read()
        if response.status != 200:
            raise SystemExit(f"{name} answered {response.status} to a smart search")
    return sent, time.perf_counter()


def summarise(times: dict[str, list[float]], baseline: str) -> dict[str, Any]:
    raw = statistics.median(times[RAW])
    row: dict[str, Any] = {"raw_p50": round(raw, 3), "samples": len(times[RAW]), "apis": {}}
    for name, values in times.items():
        if name == RAW:
            continue
        p50 = statistics.median(values)
        entry = {
            "p50": round(p50, 3),
            "p95": round(percentile(values, 0.95), 3),
            "over_raw": round(p50 / raw, 3),
        }
        if name != baseline:
            median, low, high = paired_difference(times[baseline], values)
            entry["minus_baseline"] = [round(median, 3), round(low, 3), round(high, 3)]
        row["apis"][name] = entry
    return row


def markdown(results: dict[str, Any], command: str) -> str:
    checkouts = ", ".join(f"`{name}` at {what}" for name, what in results["checkouts"].items())
    lines = [
        "# Checkouts' APIs side by side, request by request",
        "",
        f"Command: `{command}`, finished {datetime.now(UTC).isoformat(timespec='seconds')}; "
        f"{results['size']:,} candidates, {results['requests']} requests per type in {results['rounds']} "
        f"rounds of fresh API processes (each warmed up on {WARMUP} requests first), each request sent to "
        "the raw peer and to every API in turn (order rotating), a fresh cache epoch before each API "
        f"request. Checkouts: {checkouts}; the first is the baseline. p50 and p95 ms; the difference "
        "is the median of the per-request differences from the baseline, with its 95 % bootstrap interval; "
        "p95 by nearest rank."
        + (
            " Every request asks for facets; the raw peer sends the running checkout's bodies without "
            "facet calls, so compare the APIs with each other."
            if results.get("facets")
            else ""
        )
        + (
            f" The requests are the {results['long_texts']} half of `benchmarks.search.longtext`'s pasted "
            "texts as skills_match queries"
            + (
                ", each sent to /search/smart (the raw peer: its offline interpretation)"
                if results["smart"]
                else ""
            )
            + "; the raw peer sends the running checkout's bodies, so compare the APIs."
            if results.get("long_texts")
            else ""
        )
        + (
            " Each request has a place or an employer ticked in turn (`benchmarks.search.exact_counts`'s "
            "`ticked`)."
            if results.get("ticked")
            else ""
        ),
        "",
        "| search type | raw p50 | API | API p50 | API p95 | API / raw "
        "| minus baseline, median [95 % interval] |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for kind, row in results["types"].items():
        for name, entry in row["apis"].items():
            difference = entry.get("minus_baseline")
            shown = (
                "baseline"
                if difference is None
                else (f"{difference[0]:+.3f} [{difference[1]:+.3f}, {difference[2]:+.3f}]")
            )
            lines.append(
                f"| {kind} | {row['raw_p50']:.2f} | {name} | {entry['p50']:.2f} | {entry['p95']:.2f} "
                f"| {entry['over_raw']:.3f} "
                f"| {shown} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size (bench_search_<size>)")
    parser.add_argument("--requests", type=int, default=800, help="timed requests per type")
    parser.add_argument(
        "--checkouts", required=True, help="checkout directories, comma-separated; the first is the baseline"
    )
    parser.add_argument(
        "--types", default="same_department,worked_with", help="search types, comma-separated"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="fresh API processes this many times, the requests split among them",
    )
    parser.add_argument(
        "--facets",
        action="store_true",
        help="every request asks for facets (the raw peer sends this checkout's bodies: compare the APIs)",
    )
    parser.add_argument(
        "--long-texts",
        choices=("tuning", "judging"),
        help="skills_match with that half of benchmarks.search.longtext's texts (with --types skills_match)",
    )
    parser.add_argument("--smart", action="store_true", help="with --long-texts: the texts to /search/smart")
    parser.add_argument(
        "--ticked", action="store_true", help="a place or an employer ticked on each request (exact_counts)"
    )
    parser.add_argument("--out", type=Path, help="results path without suffix (.md and .json written)")
    args = parser.parse_args()
    if args.smart and not args.long_texts:
        parser.error("--smart needs --long-texts")
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    if not 1 <= args.rounds <= args.requests:
        parser.error("--rounds must be between 1 and --requests")
    checkouts = [Checkout(Path(p.strip()).resolve()) for p in args.checkouts.split(",") if p.strip()]
    if len(checkouts) < 2:
        parser.error("--checkouts needs at least two directories")
    for checkout in checkouts:
        if not (checkout.path / "app" / "main.py").is_file():
            parser.error(f"--checkouts: {checkout.path} is not a checkout of this project (no app/main.py)")
    if len({c.name for c in checkouts}) != len(checkouts):
        parser.error("--checkouts: the directories' names must differ (they name the APIs in the results)")
    try:
        types = [SearchType(name.strip()) for name in args.types.split(",") if name.strip()]
    except ValueError as error:
        parser.error(str(error))
    command = "python -m benchmarks.search.ab " + " ".join(sys.argv[1:])
    if args.long_texts and types != [SearchType.SKILLS_MATCH]:
        parser.error("--long-texts needs --types skills_match")
    results = asyncio.run(
        compare(
            args.size,
            args.requests,
            types,
            checkouts,
            args.rounds,
            args.facets,
            args.long_texts,
            args.smart,
            args.ticked,
        )
    )
    report(args.out, results, markdown(results, command))


if __name__ == "__main__":
    main()
