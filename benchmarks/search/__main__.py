"""Search latency and throughput: Postgres-only vs raw OpenSearch vs our API, uncached and cached.

    python -m benchmarks.search [--candidates 10000] [--sizes 10000,100000] [--per-type 300] [--alias A]

For each corpus size: a scratch database loaded by `benchmarks.corpus` (same seed, so the same corpus),
indexed by `python -m indexer reindex` behind the alias `bench-candidates` (`--alias`: another, so two runs
can share the node), and the same distinct requests
per search type answered by
  (a) postgres  the Postgres-only search of the original design (`benchmarks.search.postgres`),
  (b) raw       the exact bodies our API sends (`app.search.queries.build_search`), via opensearch-py,
  (c) api       our API (`python -m app.main` on a free port, Redis db 5), uncached: the cache epoch is
                bumped before every timed request, and the concurrent phase sends each request once,
  (d) cached    the same API answering from the cache (every request asked once before timing).
Latency is one request at a time (p50/p95/p99); throughput is requests per second with 8 in flight.
Writes benchmarks/results/search.{json,md} and search_latency.png; drops the databases and indexes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from redis.asyncio import Redis

from app.search.schemas import SearchRequest, SearchType
from app.search.selectivity import read_skill_counts
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.auth import create_bench_key
from benchmarks.common import REDIS_URL, api_environment, free_port, wait_ready
from benchmarks.corpus.database import (
    create_database,
    database_exists,
    database_url,
    drop_database,
    migrate_database,
    plain_url,
    scratch_name,
)
from benchmarks.corpus.load import load_corpus
from benchmarks.search import postgres
from benchmarks.search.diagnose import diagnose
from benchmarks.search.peers import (
    SAME_ENCODING_AS_RAW,
    ApiPeer,
    Budget,
    Measurement,
    PostgresPeer,
    RawPeer,
    api_headers,
    concurrent,
    paired,
    sequential,
)
from benchmarks.search.workload import SEARCH_TYPES, build_requests, sample_candidates
from indexer.mapping import load_definition, needs_reindex

ROOT = Path(__file__).resolve().parents[2]
ALIAS = "bench-candidates"
SEED = 42
CONCURRENCY = 8
# Seconds each phase may take at most (a phase still runs MIN_REQUESTS): slow peers get fewer samples.
LATENCY_BUDGET = 15.0
THROUGHPUT_BUDGET = 6.0
MIN_REQUESTS = 100
# A peer that needs seconds per request (Postgres at 1M) stops at SLOW_MIN_REQUESTS after SLOW_BUDGET.
SLOW_MIN_REQUESTS = 10
SLOW_BUDGET = 60.0
WARMUP = 20
WARMUP_BUDGET = 10.0
# Well inside the search cache's TTL (SEARCH_CACHE_TTL_SECONDS, 300 s by default).
CACHED_PRIME_BUDGET = 60.0
# What a kept database's comment records beside its load report.
KEPT_TIMES = ("reindex_seconds", "postgres_prepare_seconds")
BUDGET = Budget(LATENCY_BUDGET, MIN_REQUESTS, SLOW_BUDGET, SLOW_MIN_REQUESTS)
PEERS = ("postgres", "raw", "api", "cached")
# Uncached API p95 budget of each search type at 1M candidates, in ms.
BUDGETS_P95 = {
    "skills_match": 50.0,
    "experience_match": 100.0,
    "similar_candidates": 200.0,
    "worked_with": 30.0,
    "same_department": 30.0,
}
TARGETS = {
    **{f"{kind} uncached p95 (ms)": ("<", budget) for kind, budget in BUDGETS_P95.items()},
    "cached p99 (ms)": ("<", 5.0),
    "API / raw OpenSearch at p50": ("<=", 1.3),
    "Postgres / API at p95": (">=", 20.0),
}


def environment(settings: Settings) -> dict[str, str]:
    """The API's and the indexer's environment: the scratch database, Redis db 5, our alias."""
    env = api_environment(DATABASE_URL=settings.database_url, REDIS_URL=REDIS_URL)
    env.update({"INDEX_ALIAS": settings.index_alias, "METRICS_PORT": "0", "LOG_LEVEL": "WARNING"})
    return env


def reindex(settings: Settings) -> float:
    """`python -m indexer reindex` into our alias; its seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "indexer", "reindex", "--no-progress"],
        env=environment(settings), cwd=ROOT, capture_output=True, text=True, timeout=7200,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"reindex failed: {done.stderr.strip() or done.stdout.strip()}")
    for line in done.stdout.strip().splitlines()[:2]:  # what was indexed, and the merge when there was one
        print(f"  {line}", file=sys.stderr)
    return time.perf_counter() - started


async def measure_type(
    peers: dict[str, Any],
    requests: list[SearchRequest],
    warmup: list[SearchRequest],
    systems: tuple[str, ...],
) -> dict[str, Measurement]:
    """Latency then throughput of each peer in `systems` on one search type's requests.

    Raw OpenSearch and the uncached API, when both are measured, take their latency samples in pairs
    (`paired`): their ratio is a target, so neither may profit from going second or suffer from a
    neighbour's burst alone.
    """
    for name in systems:
        peer = peers[name]
        warmed = time.perf_counter()
        for request in warmup:
            await peer(request)
            if time.perf_counter() - warmed > WARMUP_BUDGET:
                break
        peer.errors = 0
    out = {}
    if "postgres" in systems:
        postgres_peer = peers["postgres"]
        latencies = await sequential(postgres_peer, requests, BUDGET)
        done, seconds = await concurrent(postgres_peer, requests, CONCURRENCY, THROUGHPUT_BUDGET, cycle=True)
        out["postgres"] = Measurement(latencies, done, seconds, CONCURRENCY, postgres_peer.errors)

    # Uncached: a fresh epoch before each timed API request; then distinct requests, each sent once.
    raw, api = peers["raw"], peers["api"]
    if "raw" in systems and "api" in systems:
        raw_latencies, api_latencies = await paired(raw, api, requests, BUDGET, before_second=api.bump_epoch)
    else:
        raw_latencies = await sequential(raw, requests, BUDGET) if "raw" in systems else []
        api_latencies = (
            await sequential(api, requests, BUDGET, before=api.bump_epoch) if "api" in systems else []
        )
    if "raw" in systems:
        done, seconds = await concurrent(raw, requests, CONCURRENCY, THROUGHPUT_BUDGET, cycle=True)
        out["raw"] = Measurement(raw_latencies, done, seconds, CONCURRENCY, raw.errors)
    if "api" in systems:
        await api.bump_epoch()
        api.cached = 0
        done, seconds = await concurrent(api, requests, CONCURRENCY, THROUGHPUT_BUDGET, cycle=False)
        out["api"] = Measurement(api_latencies, done, seconds, CONCURRENCY, api.errors, api.cached)
    if "cached" in systems:
        out["cached"] = await measure_cached(peers["cached"], requests)
    return out


# Requests per type whose top 10 are compared between Postgres and OpenSearch (untimed; seconds each at 1M).
AGREEMENT_REQUESTS = 10


async def compare_result_sets(
    pool: asyncpg.Pool, raw: RawPeer, requests: dict[SearchType, list[SearchRequest]], today: date
) -> dict[str, Any]:
    """Whether the Postgres peer answers the same question: per type, the mean overlap of its top 10 with
    the API's (raw bodies); the share of its top 10 that the API's body matches at all (asked of the
    engine with the ids as a filter: a low overlap with every one of them matched is a different order of
    the same people, often ties broken differently, not a different question); and the plan Postgres
    chose for the first request (EXPLAIN, saved with the results so the indexes it uses can be checked)."""
    out: dict[str, Any] = {}
    for kind, made in requests.items():
        overlaps = []
        inside: list[float] = []
        plan = ""
        for position, request in enumerate(made[:AGREEMENT_REQUESTS]):
            top = request.model_copy(update={"limit": 10})
            async with pool.acquire() as connection:
                try:
                    ours = set(await postgres.top_ids(connection, top, today))
                except asyncpg.QueryCanceledError:
                    continue
                if position == 0:
                    plan = await postgres.explain(connection, top, today)
            hits = (await raw(top))["hits"]["hits"]
            theirs = {hit["_id"] for hit in hits}
            if ours or theirs:
                overlaps.append(len(ours & theirs) / max(len(ours), len(theirs)))
            if ours:
                inside.append(len(await raw.matching(top, sorted(ours))) / len(ours))
        out[kind.value] = {
            "requests": len(overlaps),
            "top10_overlap": round(sum(overlaps) / len(overlaps), 3) if overlaps else None,
            "postgres_top10_matched_by_api": round(sum(inside) / len(inside), 3) if inside else None,
            "explain": plan,
        }
    return out


async def measure_cached(cached: Any, requests: list[SearchRequest]) -> Measurement:
    """The requests asked once beforehand, for at most CACHED_PRIME_BUDGET, so that every entry timed is
    still in the cache (slow searches at 1M would otherwise outlive the cache TTL while priming)."""
    await cached.bump_epoch()
    primed: list[SearchRequest] = []
    started = time.perf_counter()
    for request in requests:
        await cached(request)
        primed.append(request)
        if len(primed) >= MIN_REQUESTS and time.perf_counter() - started > CACHED_PRIME_BUDGET:
            break
    cached.cached = 0
    latencies = await sequential(cached, primed, BUDGET)
    done, seconds = await concurrent(cached, primed, CONCURRENCY, THROUGHPUT_BUDGET, cycle=True)
    return Measurement(latencies, done, seconds, CONCURRENCY, cached.errors, cached.cached)


def corpus_name(size: int, keep: bool) -> str:
    """`bench_search_<size>` when kept (a later `--keep` run finds it), else a fresh scratch name."""
    return f"bench_search_{size}" if keep else scratch_name("bench_search")


async def build_corpus(
    base: Settings, name: str, size: int, alias: str, keep: bool, with_postgres: bool = True
) -> tuple[str, dict[str, Any]]:
    """The database `name` loaded with `size` candidates, indexed behind `alias`, with the Postgres peer's
    indexes: its asyncpg URL and a report of what each step took (`reindex_seconds`,
    `postgres_prepare_seconds` beside the load report).

    With `keep` the report is the database's comment, written after each step: a later `--keep` run reuses
    what is there (a database holding this size, an alias holding every candidate) and its times.
    """
    report = await kept_report(base, name) if keep and await database_exists(base, name) else None
    if report is not None and report.get("candidates") == size:
        print(f"{size:,} candidates already in {name} (kept from an earlier run)", file=sys.stderr)
        url = database_url(base, name)
        await migrate_database(url, name)  # kept from before the newest migrations, maybe
    else:
        if report is not None:
            await drop_database(base, name)
        url = await create_database(base, name)
        print(f"{size:,} candidates into {name}", file=sys.stderr)
        load = await load_corpus(plain_url(url), size, SEED, with_resumes=True, quiet=not sys.stderr.isatty())
        report = {"candidates": size, **load.as_dict()}
    settings = Settings(database_url=url, index_alias=alias)
    client = create_opensearch(settings)
    try:
        indexed = (
            keep and await indexed_count(client, alias) == size and await built_from_current(client, alias)
        )
    finally:
        await client.close()
    if indexed:
        print(f"  {alias} already holds {size:,} documents of this index definition", file=sys.stderr)
    else:
        if keep:
            await record_report(base, name, report)
        report["reindex_seconds"] = round(reindex(settings), 1)
    if not with_postgres:  # the Postgres peer is not measured: its indexes can wait
        return url, report
    connection = await asyncpg.connect(plain_url(url))
    try:
        started = time.perf_counter()
        await postgres.prepare(connection)
        report.setdefault("postgres_prepare_seconds", round(time.perf_counter() - started, 1))
    finally:
        await connection.close()
    if keep:
        await record_report(base, name, report)
    return url, report


async def kept_report(base: Settings, name: str) -> dict[str, Any] | None:
    admin = await asyncpg.connect(base.sync_database_url)
    try:
        comment = await admin.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1", name
        )
    finally:
        await admin.close()
    try:
        return json.loads(comment) if comment else None
    except json.JSONDecodeError:
        return None


async def record_report(base: Settings, name: str, report: dict[str, Any]) -> None:
    admin = await asyncpg.connect(base.sync_database_url)
    try:
        literal = json.dumps(report).replace("'", "''")
        await admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{literal}'")
    finally:
        await admin.close()


async def built_from_current(client: Any, alias: str) -> bool:
    """Whether the index behind the alias was built from today's index definition (else: reindex)."""
    found = await client.indices.get_alias(name=alias)
    return not any(needs_reindex(alias, index, load_definition()) for index in found)


async def indexed_count(client: Any, alias: str) -> int:
    """Documents behind the alias, or -1 when there is no such alias."""
    if not await client.indices.exists_alias(name=alias):
        return -1
    return int((await client.count(index=alias))["count"])


async def keep_corpus(size: int, alias: str) -> None:
    """Build (or find) the kept database and index of one size, as `run_size(keep=True)` would."""
    name, alias = corpus_name(size, keep=True), f"{alias}-{size}"
    await build_corpus(Settings(), name, size, alias, keep=True)
    print(f"kept: database {name}, alias {alias}", file=sys.stderr)


async def run_size(
    size: int,
    per_type: int,
    diagnosing: bool,
    alias: str = ALIAS,
    keep: bool = False,
    types: tuple[SearchType, ...] = SEARCH_TYPES,
    systems: tuple[str, ...] = PEERS,
    accept_encoding: str = SAME_ENCODING_AS_RAW,
) -> dict[str, Any]:
    """Load, index and measure one corpus size; everything it made is removed afterwards unless `keep`."""
    base = Settings()
    if keep:
        alias = f"{alias}-{size}"
    name = corpus_name(size, keep)
    server: subprocess.Popen[bytes] | None = None
    client = create_opensearch(base)
    redis = Redis.from_url(REDIS_URL)
    try:
        url, report = await build_corpus(base, name, size, alias, keep, with_postgres="postgres" in systems)
        settings = Settings(database_url=url, redis_url=REDIS_URL, index_alias=alias)
        pool = await asyncpg.create_pool(
            plain_url(url), min_size=CONCURRENCY, max_size=CONCURRENCY, init=postgres.setup_connection
        )
        async with pool.acquire() as connection:
            rows = await sample_candidates(connection, per_type + WARMUP + 50, SEED)
        requests = build_requests(rows, per_type + WARMUP, SEED)
        key = await create_bench_key(settings)
        port = free_port()
        env = environment(settings)
        env["API_PORT"] = str(port)
        server = subprocess.Popen([sys.executable, "-m", "app.main"], env=env, cwd=ROOT)  # noqa: ASYNC220
        base_url = f"http://127.0.0.1:{port}"
        today = date.today()
        results: dict[str, dict[str, Any]] = {}
        connector = aiohttp.TCPConnector(limit=CONCURRENCY * 2)
        async with aiohttp.ClientSession(
            headers=api_headers(key, accept_encoding), connector=connector
        ) as session:
            await wait_ready(session, base_url, server)
            peers = {
                "postgres": PostgresPeer(pool, today),
                "raw": RawPeer(client, alias, today, await read_skill_counts(client, alias)),
                "api": ApiPeer(session, base_url, redis, "api"),
                "cached": ApiPeer(session, base_url, redis, "cached"),
            }
            for kind in types:
                warmup, timed = requests[kind][:WARMUP], requests[kind][WARMUP:]
                measured = await measure_type(peers, timed, warmup, systems)
                results[kind.value] = {peer: measured[peer].as_dict() for peer in systems}
                for peer_name, row in results[kind.value].items():
                    print(
                        f"  {kind.value:18} {peer_name:8} p50 {row['p50_ms']:8.2f}  "
                        f"p95 {row['p95_ms']:8.2f}  p99 {row['p99_ms']:8.2f} ms  "
                        f"{row['throughput_rps']:8.1f} req/s  n={row['n']}",
                        file=sys.stderr,
                    )
            agreement = None
            if "postgres" in systems:
                by_kind = {kind: made[WARMUP:] for kind, made in requests.items() if kind in types}
                agreement = await compare_result_sets(pool, peers["raw"], by_kind, today)  # type: ignore[arg-type]
            diagnosis = None
            if diagnosing:
                by_kind = {kind: made[WARMUP:] for kind, made in requests.items()}
                diagnosis = await diagnose(peers["raw"], by_kind)  # type: ignore[arg-type]
        await pool.close()
        return {
            "candidates": size,
            "load": {k: v for k, v in report.items() if k not in KEPT_TIMES},
            "reindex_seconds": report.get("reindex_seconds"),
            "postgres_prepare_seconds": report.get("postgres_prepare_seconds"),
            "kept": {"database": name, "alias": alias} if keep else None,
            "requests_per_type": per_type,
            "systems": list(systems),
            "load_average_after": [round(v, 2) for v in os.getloadavg()],
            "results": results,
            **({"diagnosis": diagnosis} if diagnosis else {}),
            **({"postgres_agreement": agreement} if agreement else {}),
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        if not keep:
            await client.indices.delete(index=f"{alias}-v*", ignore_unavailable=True)
        await client.close()
        await redis.aclose()
        if not keep:
            await drop_database(base, name)


def ratios(results: dict[str, Any]) -> dict[str, dict[str, float]]:
    """The ratios the targets speak of, for the peers that were measured."""
    out = {}
    for kind, peers in results.items():
        row = {}
        if "api" in peers and "raw" in peers:
            row["api_over_raw_p50"] = round(peers["api"]["p50_ms"] / peers["raw"]["p50_ms"], 2)
        if "postgres" in peers and "api" in peers:
            row["postgres_over_api_p95"] = round(peers["postgres"]["p95_ms"] / peers["api"]["p95_ms"], 1)
        if "cached" in peers:
            row["cached_p99_ms"] = peers["cached"]["p99_ms"]
        out[kind] = row
    return out


def check_targets(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target against the run's numbers: the skills_match ones and the ratios for every type."""
    results, ratio = run["results"], run["ratios"]
    checks = []
    for kind, peers in results.items():
        if "api" in peers and kind in BUDGETS_P95:
            checks.append((f"{kind} uncached p95 (ms)", kind, peers["api"]["p95_ms"]))
        if "cached" in peers:
            checks.append(("cached p99 (ms)", kind, peers["cached"]["p99_ms"]))
        if "api_over_raw_p50" in ratio[kind]:
            checks.append(("API / raw OpenSearch at p50", kind, ratio[kind]["api_over_raw_p50"]))
        if "postgres_over_api_p95" in ratio[kind]:
            checks.append(("Postgres / API at p95", kind, ratio[kind]["postgres_over_api_p95"]))
    out = []
    for target, kind, value in checks:
        op, bound = TARGETS[target]
        met = value < bound if op == "<" else value <= bound if op == "<=" else value >= bound
        out.append({"target": f"{target} {op} {bound:g}", "search_type": kind, "value": value, "met": met})
    return out


def plot(result: dict[str, Any], path: Path) -> None:
    """p50 (solid) and p95 (dashed) latency against corpus size, one panel per search type."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = result["runs"]
    sizes = [run["candidates"] for run in runs]
    colors = {"postgres": "tab:red", "raw": "tab:blue", "api": "tab:green", "cached": "tab:purple"}
    figure, axes = plt.subplots(2, 3, figsize=(14, 8))
    measured = [k.value for k in SEARCH_TYPES if all(k.value in run["results"] for run in runs)]
    for axis, kind in zip(axes.flat, measured, strict=False):
        for peer in [p for p in PEERS if all(p in run["results"][kind] for run in runs)]:
            for stat, style in (("p50_ms", "-o"), ("p95_ms", "--^")):
                values = [run["results"][kind][peer][stat] for run in runs]
                label = f"{peer} {stat[:3]}"
                axis.plot(sizes, values, style, color=colors[peer], label=label, markersize=4)
        axis.set_title(kind)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xticks(sizes, [f"{s // 1000}k" for s in sizes])
        axis.set_xlabel("candidates")
        axis.set_ylabel("latency (ms)")
        axis.grid(True, which="both", alpha=0.3)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    axes.flat[-1].axis("off")
    axes.flat[-1].legend(handles, labels, loc="center", fontsize=10)
    figure.suptitle("Search latency against corpus size (one request at a time)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def seconds(value: float | None) -> str:
    return "not timed in this run" if value is None else f"{value:.0f} s"


def tail(row: dict[str, Any], stat: str, needed: int) -> str:
    """A tail percentile, or "max of n" when too few samples were taken for it to mean anything."""
    if row["n"] < needed:
        return f"max of {row['n']}: {row.get('max_ms', row[stat]):.2f}"
    return f"{row[stat]:.2f}"


def render_markdown(result: dict[str, Any]) -> str:
    env = result["environment"]
    parts = [
        "# Search benchmark",
        "",
        f"`{result['command']}` on {result['date']}: OpenSearch {env['opensearch']} (single local node, "
        f"1 shard), PostgreSQL {env['postgres']}, Python {env['python']}, {env['cpus']} CPUs shared by "
        "the API, both engines and the load generator. Corpus from `benchmarks.corpus` (seed 42, one resume "
        f"row per candidate). Latency: one request at a time; throughput: {CONCURRENCY} in flight. "
        "Uncached API: cache epoch bumped before each timed request; cached: every request asked once "
        "before timing. Raw OpenSearch sends the same bodies as the API (`build_search`), relative searches "
        "including the source-document fetch the API does. "
        f"The API's client accepts {env.get('api_accept_encoding', 'gzip')} encoding"
        + (
            " (as opensearch-py, the raw peer's client, does)."
            if env.get("api_accept_encoding") == "identity"
            else " (the API compresses pages over 1 KB; the raw peer's opensearch-py asks for none)."
        ),
        "",
        f"![latency against corpus size]({result['plot']})" if result.get("plot") else "",
    ]
    for run in result["runs"]:
        parts += [
            "",
            f"## {run['candidates']:,} candidates",
            "",
            f"Load {run['load']['seconds']:.0f} s ({run['load']['candidates_per_second']:,}/s), "
            f"`indexer reindex` {seconds(run['reindex_seconds'])}, Postgres peer indexes "
            f"{seconds(run['postgres_prepare_seconds'])}"
            + (
                " (database and index kept by `--keep`; load and reindex timed when they were built)."
                if run.get("kept")
                else "."
            ),
            "",
            "| search type | peer | n | p50 ms | p95 ms | p99 ms | req/s (8 in flight) | errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for kind, peers in run["results"].items():
            for peer, row in peers.items():
                parts.append(
                    f"| {kind} | {peer} | {row['n']} | {row['p50_ms']:.2f} | {tail(row, 'p95_ms', 100)} | "
                    f"{tail(row, 'p99_ms', 100)} | {row['throughput_rps']:,.0f} | {row.get('errors', 0)} |"
                )
        parts += [
            "",
            "| search type | API / raw at p50 | Postgres / API at p95 | cached p99 ms |",
            "|---|---:|---:|---:|",
        ]
        for kind, ratio in run["ratios"].items():
            cells = [
                f"{ratio['api_over_raw_p50']:.2f}x" if "api_over_raw_p50" in ratio else "-",
                f"{ratio['postgres_over_api_p95']:.1f}x" if "postgres_over_api_p95" in ratio else "-",
                f"{ratio['cached_p99_ms']:.2f}" if "cached_p99_ms" in ratio else "-",
            ]
            parts.append(f"| {kind} | " + " | ".join(cells) + " |")
        parts += ["", "| target | search type | value | met |", "|---|---|---:|---|"]
        for check in run["targets"]:
            parts.append(
                f"| {check['target']} | {check['search_type']} | {check['value']:g} | "
                f"{'yes' if check['met'] else '**no**'} |"
            )
        agreement = run.get("postgres_agreement")
        if agreement:
            parts += [
                "",
                "Same question? Top-10 overlap of the Postgres peer with the API's bodies "
                f"(first {AGREEMENT_REQUESTS} requests per type; plans in the JSON):",
                "",
                "| search type | requests | top-10 overlap | Postgres's top 10 the API's body matches |",
                "|---|---:|---:|---:|",
            ]
            for kind, row in agreement.items():
                overlap = "-" if row["top10_overlap"] is None else f"{row['top10_overlap']:.2f}"
                matched = row.get("postgres_top10_matched_by_api")
                shown = "-" if matched is None else f"{matched:.2f}"
                parts.append(f"| {kind} | {row['requests']} | {overlap} | {shown} |")
        diagnosis = run.get("diagnosis")
        if diagnosis:
            parts += [
                "",
                "Raw OpenSearch with one part of the body changed (same requests, one at a time, each going "
                "through the variants in a rotating order); the change against as sent: the median of the "
                "per-request differences with its 95 % bootstrap interval, and the sum of the variant's "
                "times over the sum of as sent's:",
                "",
                "| search type | body | n | p50 ms | p95 ms | p99 ms | minus as sent, ms | time / as sent |",
                "|---|---|---:|---:|---:|---:|---|---:|",
            ]
            window = diagnosis.get("feedback_window")
            for kind, variants in diagnosis.items():
                if kind == "feedback_window":
                    continue
                for name, row in variants.items():
                    paired = row.get("minus_as_sent")
                    change = f"{paired[0]:+.2f} [{paired[1]:+.2f}, {paired[2]:+.2f}]" if paired else "-"
                    share = f"{row['time_over_as_sent']:.2f}" if "time_over_as_sent" in row else "-"
                    parts.append(
                        f"| {kind} | {name} | {row['n']} | {row['p50_ms']:.2f} | {row['p95_ms']:.2f} | "
                        f"{row['p99_ms']:.2f} | {change} | {share} |"
                    )
            if window:
                parts += [
                    "",
                    f"Title feedback over the first pass's {window['window']} best hits (as sent) against "
                    f"the whole search with the feedback, {window['requests']} skills_match requests, first "
                    f"pass included: mean top-10 overlap {window['mean_top10_overlap']:.2f}; p50 / p95 "
                    f"{window['window_p50_ms']:.1f} / {window['window_p95_ms']:.1f} ms windowed, "
                    f"{window['whole_p50_ms']:.1f} / {window['whole_p95_ms']:.1f} ms whole.",
                ]
    notes = result.get("notes")
    if notes:
        parts += ["", "## Notes", "", *notes]
    return "\n".join(parts) + "\n"


async def versions() -> tuple[str, str]:
    settings = Settings()
    client = create_opensearch(settings)
    try:
        info = await client.info()
    finally:
        await client.close()
    connection = await asyncpg.connect(settings.sync_database_url)
    try:
        pg = await connection.fetchval("SHOW server_version")
    finally:
        await connection.close()
    return info["version"]["number"], str(pg).split()[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.search",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 1)[1],
    )
    parser.add_argument("--candidates", type=int, default=10_000, help="corpus size (one size)")
    parser.add_argument("--sizes", help="several corpus sizes, e.g. 10000,100000 (overrides --candidates)")
    parser.add_argument("--per-type", type=int, default=300, help="distinct requests per search type")
    parser.add_argument("--out", type=Path, help="results path without suffix (default results/search)")
    parser.add_argument("--alias", default=ALIAS, help=f"index alias of the scratch corpus (default {ALIAS})")
    parser.add_argument(
        "--types",
        help="only these search types, comma-separated (default all: "
        + ",".join(k.value for k in SEARCH_TYPES)
        + ")",
    )
    parser.add_argument(
        "--systems",
        default=",".join(PEERS),
        help="only these systems, comma-separated (default all: " + ",".join(PEERS) + ")",
    )
    parser.add_argument(
        "--api-accept-encoding",
        choices=(SAME_ENCODING_AS_RAW, "gzip"),
        default=SAME_ENCODING_AS_RAW,
        help="what the API's client accepts: identity (default), as the raw peer's opensearch-py does, or "
        "gzip, as aiohttp and browsers ask (the API compresses pages over 1 KB, the client inflates them)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep each size's database (bench_search_<size>) and index (<alias>-<size>) and reuse them "
        "in later --keep runs instead of loading and indexing again",
    )
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="only build and keep the corpora (as --keep does) and measure nothing; --keep runs use them",
    )
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="also time raw bodies with one part changed (diagnose.py); default out results/search_diagnose",
    )
    args = parser.parse_args()
    args.out = args.out or ROOT / "benchmarks" / "results" / (
        "search_diagnose" if args.diagnose else "search"
    )
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.candidates]
    try:
        types = tuple(SearchType(t.strip()) for t in args.types.split(",")) if args.types else SEARCH_TYPES
    except ValueError as error:
        parser.error(f"--types: {error}")
    systems = tuple(name.strip() for name in args.systems.split(",") if name.strip())
    unknown = sorted(set(systems) - set(PEERS))
    if unknown or not systems:
        parser.error(
            f"--systems: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(PEERS)}"
        )
    systems = tuple(p for p in PEERS if p in systems)
    if args.prepare:
        for size in sizes:
            asyncio.run(keep_corpus(size, args.alias))
        return
    opensearch, pg = asyncio.run(versions())
    load_before = os.getloadavg()
    command = "python -m benchmarks.search " + (
        f"--sizes {args.sizes}" if args.sizes else f"--candidates {sizes[0]}"
    )
    command += f" --types {args.types}" if args.types else ""
    command += f" --systems {','.join(systems)}" if systems != PEERS else ""
    command += (
        f" --api-accept-encoding {args.api_accept_encoding}" if args.api_accept_encoding != "identity" else ""
    )
    command += " --keep" if args.keep else ""
    command += " --diagnose" if args.diagnose else ""
    runs: list[dict[str, Any]] = []
    result = {
        "benchmark": "search",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "environment": {
            "opensearch": opensearch,
            "postgres": pg,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_before": [round(v, 2) for v in load_before],
            "api_accept_encoding": args.api_accept_encoding,
        },
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        run = asyncio.run(
            run_size(
                size,
                args.per_type,
                args.diagnose,
                args.alias,
                args.keep,
                types,
                systems,
                args.api_accept_encoding,
            )
        )
        run["ratios"] = ratios(run["results"])
        run["targets"] = check_targets(run)
        runs.append(run)
        # Written after every size, so a long run that fails at 1M keeps what the smaller sizes measured.
        write(result, args.out)
    print(render_markdown(result))


def write(result: dict[str, Any], out: Path) -> None:
    if len(result["runs"]) > 1:
        result["plot"] = f"{out.name}_latency.png"
        plot(result, out.parent / result["plot"])
    out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    out.with_suffix(".md").write_text(render_markdown(result))


if __name__ == "__main__":
    main()
