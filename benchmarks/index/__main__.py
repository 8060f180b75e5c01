"""Indexer throughput and sync lag against the real stack, in a scratch database of its own.

    python -m benchmarks.index [--candidates 20000] [--rate 200] [--duration 20] [--rounds 2] [--out PATH]

1. Seeds N synthetic candidates (with skills, jobs and education) by INSERT ... SELECT generate_series.
2. Full reindex (`indexer.reindex.reindex`, the code `hr-indexer reindex` runs): documents per second.
3. The floor: the same documents, pre-serialised, sent as raw `_bulk` requests of the same size into a
   fresh index with the same bulk-load settings: what OpenSearch alone costs, in the same run.
4. Sync lag: the daemon (`indexer.daemon.run_daemon`) running while a writer updates candidates at a steady
   rate; lag is each outbox row's commit (created_at) to its acknowledgement (processed_at), p50/p99.

Writes <out>.json and <out>.md. The scratch database and the benchmark's indexes are removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg

from app.settings import Settings
from benchmarks.common import REDIS_URL, cpu_seconds, cpu_used, percentile
from benchmarks.corpus.database import create_database, drop_database, scratch_name
from indexer.bulk import BULK_CHUNK_SIZE
from indexer.connections import open_services
from indexer.daemon import DaemonOptions, run_daemon
from indexer.documents import STREAM_BATCH_SIZE, build_document, stream_candidates
from indexer.indexes import create_body, current_index
from indexer.mapping import load_definition
from indexer.reindex import BULK_CONCURRENCY, reindex

ROOT = Path(__file__).resolve().parents[2]
ALIAS = "bench-index"
# Runs of each measured phase (--rounds); the best counts, so a noisy neighbour or a cold JVM does not decide.
ROUNDS = 2
SKILLS = (
    "Python", "Java", "JavaScript", "TypeScript", "Go", "Rust", "C++", "C#", "PostgreSQL", "MySQL", "Redis",
    "Kubernetes", "Docker", "Terraform", "Amazon Web Services", "Google Cloud Platform", "React", "Angular",
    "Node.js", "Django", "Flask", "Spring", "Kafka", "Apache Spark", "Pandas", "Machine Learning", "Linux",
    "Git", "CI/CD", "GraphQL", "Scala", "Kotlin", "Swift", "Elasticsearch", "OpenSearch", "Ansible",
    "Jenkins", "Microsoft Excel", "Project Management", "Agile",
)  # fmt: skip

SEED = [
    """
    INSERT INTO skills (name) SELECT unnest($1::text[])
    """,
    """
    INSERT INTO candidates (full_name, location, current_title, current_company, total_experience_years,
                            summary)
    SELECT 'Candidate ' || n,
           (ARRAY['Berlin', 'London', 'Paris', 'Madrid', 'Warsaw', 'Lisbon'])[1 + n % 6],
           (ARRAY['Software Engineer', 'Data Scientist', 'DevOps Engineer', 'Product Manager'])[1 + n % 4],
           'Company ' || (n % 500),
           (n % 300) / 10.0,
           'Experienced professional number ' || n || ' who builds reliable distributed systems, mentors '
           || 'engineers and ships products used by millions. Comfortable with cloud platforms and data.'
    FROM generate_series(1, $1) AS n
    """,
    """
    INSERT INTO candidate_skills (candidate_id, skill_id, years, last_used)
    SELECT c.id, s.id, (abs(hashtext(c.id::text || s.id)) % 100) / 10.0, DATE '2025-01-01'
    FROM candidates c
    JOIN skills s ON abs(hashtext(c.id::text || s.name)) % 8 = 0
    """,
    """
    INSERT INTO work_experience (candidate_id, position, company, company_key, department, title, start_date,
                                 end_date, is_current, description)
    SELECT c.id, p, 'Company ' || (abs(hashtext(c.id::text || p)) % 500),
           'company ' || (abs(hashtext(c.id::text || p)) % 500),
           'Engineering', 'Engineer ' || p, DATE '2015-01-01' + p * 700, CASE WHEN p = 2 THEN NULL
           ELSE DATE '2015-01-01' + p * 700 + 650 END, p = 2,
           'Built services, pipelines and dashboards; led a team of ' || (p + 2) || ' engineers.'
    FROM candidates c CROSS JOIN generate_series(0, 2) AS p
    """,
    """
    INSERT INTO education (candidate_id, position, institution, degree, field_of_study, graduation_year)
    SELECT c.id, 0, 'University ' || (abs(hashtext(c.id::text)) % 80), 'BSc', 'Computer Science',
           2000 + abs(hashtext(c.id::text)) % 20
    FROM candidates c
    """,
]


SEED_TIMEOUT_SECONDS = 3600.0


async def seed(pool: asyncpg.Pool, count: int) -> float:
    """Insert `count` candidates with children; the outbox rows the triggers wrote are marked applied."""
    started = time.perf_counter()
    # Minutes per statement at 1M, over the pool's command time limit.
    unlimited = SEED_TIMEOUT_SECONDS
    async with pool.acquire() as connection:
        await connection.execute(SEED[0], list(SKILLS), timeout=unlimited)
        await connection.execute(SEED[1], count, timeout=unlimited)
        for statement in SEED[2:]:
            await connection.execute(statement, timeout=unlimited)
        await connection.execute("UPDATE index_outbox SET processed_at = now()", timeout=unlimited)
        await connection.execute("ANALYZE", timeout=unlimited)
    return time.perf_counter() - started


async def raw_bulk_floor(services: Any, definition: Any, rounds: int) -> dict[str, Any]:
    """The same documents, serialised beforehand, sent as plain `_bulk` requests of the same size.

    Sent with as many requests in flight as the reindex uses, and one at a time; the best of `rounds` each.
    """
    client = services.opensearch
    today = datetime.now(UTC).date()
    serializer = client.transport.serializer
    lines: list[str] = []
    build_started = time.perf_counter()
    async with services.pool.acquire() as connection:
        async for records in stream_candidates(connection, STREAM_BATCH_SIZE):
            for record in records:
                document = build_document(record, today)
                meta = {
                    "_id": document["candidate_id"],
                    "version": record.version,
                    "version_type": "external",
                }
                lines.append(serializer.dumps({"index": meta}))
                lines.append(serializer.dumps(document))
    build_seconds = time.perf_counter() - build_started
    bodies = [
        "\n".join(lines[i : i + 2 * BULK_CHUNK_SIZE]) + "\n"
        for i in range(0, len(lines), 2 * BULK_CHUNK_SIZE)
    ]
    runs: dict[int, tuple[float, int]] = {}
    cpu: dict[str, float] = {}
    for _ in range(rounds):
        for concurrency in (BULK_CONCURRENCY, 1):
            before = cpu_seconds()
            seconds, errors = await _send_bodies(client, definition, bodies, concurrency)
            best = runs.get(concurrency)
            if concurrency == BULK_CONCURRENCY and (best is None or seconds < best[0]):
                cpu = cpu_used(before, cpu_seconds())
            runs[concurrency] = (
                min(seconds, best[0]) if best else seconds,
                errors + (best[1] if best else 0),
            )
    documents = len(lines) // 2
    seconds, errors = runs[BULK_CONCURRENCY]
    return {
        "documents": documents,
        "seconds": seconds,
        "docs_per_second": documents / seconds,
        "concurrency": BULK_CONCURRENCY,
        "sequential_seconds": runs[1][0],
        "sequential_docs_per_second": documents / runs[1][0],
        "errors": errors + runs[1][1],
        # Reading, building and serialising the same documents without sending them.
        "build_seconds": build_seconds,
        # CPU seconds of the fastest concurrent run (creating, filling and dropping the index).
        "cpu_seconds": cpu,
    }


def cpu_ceiling(reindex_cpu: dict[str, float], floor_cpu: dict[str, float]) -> float | None:
    """The reindex rate as a share of the floor's when both are CPU-bound on the same cores: the floor's
    CPU per document over the reindex's (OpenSearch, Postgres and the indexer together)."""
    spent = sum(reindex_cpu.values())
    return round(sum(floor_cpu.values()) / spent, 3) if spent and floor_cpu else None


async def _send_bodies(
    client: Any, definition: Any, bodies: list[str], concurrency: int
) -> tuple[float, int]:
    """Send the bodies to a fresh bulk-load index, `concurrency` requests in flight: seconds, item errors."""
    index = f"{ALIAS}-raw-floor"
    await client.indices.delete(index=index, ignore_unavailable=True)
    await client.indices.create(index=index, body=create_body(definition, bulk_load=True))
    waiting = list(reversed(bodies))
    errors = 0

    async def send() -> None:
        nonlocal errors
        while waiting:
            response = await client.bulk(body=waiting.pop(), index=index, request_timeout=120)
            errors += sum(1 for item in response["items"] if item["index"].get("error"))

    try:
        started = time.perf_counter()
        await asyncio.gather(*(send() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    finally:
        await client.indices.delete(index=index, ignore_unavailable=True)
    return seconds, errors


async def measure_lag(services: Any, definition: Any, rate: float, duration: float) -> dict[str, Any]:
    """Run the daemon while a writer updates random candidates at `rate` per second for `duration` s."""
    async with services.pool.acquire() as connection:
        ids = [row["id"] for row in await connection.fetch("SELECT id FROM candidates")]
        first_row = await connection.fetchval("SELECT coalesce(max(id), 0) FROM index_outbox")
    stop = asyncio.Event()
    daemon = asyncio.create_task(run_daemon(services, definition, DaemonOptions(alias=ALIAS), stop))
    interval = 1.0 / rate
    written = 0
    started = time.perf_counter()
    next_at = started
    async with services.pool.acquire() as connection:
        while time.perf_counter() - started < duration:
            await connection.execute(
                "UPDATE candidates SET current_title = $2 WHERE id = $1",
                ids[written % len(ids)],
                f"Engineer {written}",
            )
            written += 1
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
    async with services.pool.acquire() as connection:
        for _ in range(600):
            pending = await connection.fetchval(
                "SELECT count(*) FROM index_outbox WHERE id > $1 AND processed_at IS NULL", first_row
            )
            if pending == 0:
                break
            await asyncio.sleep(0.1)
        lags = [
            float(row["lag"])
            for row in await connection.fetch(
                "SELECT extract(epoch FROM processed_at - created_at) AS lag FROM index_outbox WHERE id > $1",
                first_row,
            )
        ]
    stop.set()
    await daemon
    return {
        "updates": written,
        "rate_per_second": written / duration,
        "duration_seconds": duration,
        "p50_ms": percentile(lags, 0.50) * 1000,
        "p90_ms": percentile(lags, 0.90) * 1000,
        "p99_ms": percentile(lags, 0.99) * 1000,
        "max_ms": max(lags) * 1000,
        "mean_ms": statistics.fmean(lags) * 1000,
        "rows": len(lags),
    }


def reindex_process(url: str) -> dict[str, Any]:
    """`python -m indexer reindex` as its own process, as ops run it: wall seconds and peak RSS."""
    env = {**os.environ, "DATABASE_URL": url, "INDEX_ALIAS": ALIAS, "REDIS_URL": REDIS_URL}
    env["LOG_LEVEL"] = "WARNING"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "indexer", "reindex", "--no-progress"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"indexer reindex failed ({process.returncode}): {output.strip()}")
    return {"seconds": seconds, "peak_rss_mib": usage.ru_maxrss / 1024, "output": output.strip()}


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase, in a scratch database; the results."""
    base = Settings()
    name = scratch_name("bench_index")
    url = await create_database(base, name)
    settings = Settings(database_url=url)
    definition = load_definition()
    try:
        async with open_services(settings, pool_size=6) as services:
            await services.opensearch.indices.delete(index=f"{ALIAS}-*", ignore_unavailable=True)
            seed_seconds = await seed(services.pool, args.candidates)
            print(f"seeded {args.candidates} candidates in {seed_seconds:.1f}s", file=sys.stderr)
            rounds = []
            for _ in range(args.rounds):
                before = cpu_seconds()
                made = await reindex(services, definition, ALIAS, show_progress=sys.stderr.isatty())
                rounds.append((made, cpu_used(before, cpu_seconds())))
            report, reindex_cpu = min(rounds, key=lambda r: r[0].stream_seconds)
            print(f"reindex: {report.rate:,.0f} docs/s", file=sys.stderr)
            process = await asyncio.to_thread(reindex_process, url)
            print(f"indexer process: {process['peak_rss_mib']:.0f} MiB peak RSS", file=sys.stderr)
            floor = await raw_bulk_floor(services, definition, args.rounds)
            print(f"raw _bulk floor: {floor['docs_per_second']:,.0f} docs/s", file=sys.stderr)
            lag = await measure_lag(services, definition, args.rate, args.duration)
            print(f"sync lag: p50 {lag['p50_ms']:.0f} ms, p99 {lag['p99_ms']:.0f} ms", file=sys.stderr)
            live = await current_index(services.opensearch, ALIAS)
            stats = await services.opensearch.indices.stats(index=live, metric="store")
            size = stats["_all"]["primaries"]["store"]["size_in_bytes"]
            info = await services.opensearch.info()
            await services.opensearch.indices.delete(index=f"{ALIAS}-*", ignore_unavailable=True)
    finally:
        await drop_database(base, name)
    return {
        "benchmark": "index",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            "opensearch": info["version"]["number"],
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
        },
        "candidates": args.candidates,
        "rounds": args.rounds,
        "command": "python -m benchmarks.index " + " ".join(sys.argv[1:]),
        "seed_seconds": seed_seconds,
        "index_size_bytes": size,
        "reindex": {
            "documents": report.documents,
            "seconds": report.seconds,
            "docs_per_second": report.rate,
            "stream_seconds": report.stream_seconds,
            "stream_docs_per_second": report.documents / report.stream_seconds,
            "catch_up_rows": report.catch_up_rows,
            "chunk_size": BULK_CHUNK_SIZE,
            "bulk_concurrency": BULK_CONCURRENCY,
            "stream_batch_size": STREAM_BATCH_SIZE,
            # CPU seconds of the fastest run; "benchmark process" is the indexer (it runs in-process).
            "cpu_seconds": reindex_cpu,
        },
        "cpu_bound_ceiling": cpu_ceiling(reindex_cpu, floor["cpu_seconds"]),
        "reindex_process": process,
        "raw_bulk_floor": floor,
        "reindex_vs_floor": report.rate / floor["docs_per_second"],
        "stream_vs_floor": report.documents / report.stream_seconds / floor["docs_per_second"],
        "sync_lag": lag,
    }


def cpu_table(result: dict[str, Any]) -> str:
    """Where the CPU went in the fastest reindex and the fastest floor run, per 1,000 documents."""
    reindex_cpu = result["reindex"].get("cpu_seconds")
    floor = result["raw_bulk_floor"]
    if not reindex_cpu or not floor.get("cpu_seconds"):
        return ""
    per = 1000 / result["reindex"]["documents"]
    floor_per = 1000 / floor["documents"]
    names = {"opensearch": "OpenSearch", "postgres": "Postgres", "benchmark process": "indexer (Python)"}
    lines = [
        "CPU seconds per 1,000 documents (`/proc` of every process, fastest run of each):",
        "",
        "| | OpenSearch | Postgres | indexer (Python) | all |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, cpu, scale in (
        ("reindex", reindex_cpu, per),
        ("raw `_bulk` floor", floor["cpu_seconds"], floor_per),
    ):
        cells = " | ".join(f"{cpu[name] * scale:.3f}" for name in names)
        lines.append(f"| {label} | {cells} | {sum(cpu.values()) * scale:.3f} |")
    ceiling = result.get("cpu_bound_ceiling")
    if ceiling:
        lines += [
            "",
            f"With every core busy, the reindex can reach at most the floor's CPU per document over its own: "
            f"**{ceiling * 100:.0f}%** of the floor here.",
        ]
    return "\n".join(lines)


def render_markdown(result: dict[str, Any]) -> str:
    """The results as a short Markdown report."""
    reindex_, floor, lag = result["reindex"], result["raw_bulk_floor"], result["sync_lag"]
    env = result["environment"]
    peak_rss = result["reindex_process"]["peak_rss_mib"]
    rows = [
        ("`hr-indexer reindex`, end to end (lock, create, stream, catch-up, refresh, swap)",
         reindex_["documents"], reindex_["seconds"], reindex_["docs_per_second"]),
        ("`hr-indexer reindex`, streaming phase (Postgres read + build + streaming bulk)",
         reindex_["documents"], reindex_["stream_seconds"], reindex_["stream_docs_per_second"]),
        (f"raw `_bulk` of the same pre-serialised documents, {reindex_['chunk_size']} per request, "
         f"{floor['concurrency']} in flight (the floor)",
         floor["documents"], floor["seconds"], floor["docs_per_second"]),
        ("raw `_bulk`, one request at a time",
         floor["documents"], floor["sequential_seconds"], floor["sequential_docs_per_second"]),
        ("`python -m indexer reindex` as its own process (one run, wall clock incl. start-up)",
         reindex_["documents"], result["reindex_process"]["seconds"],
         reindex_["documents"] / result["reindex_process"]["seconds"]),
    ]  # fmt: skip
    table = "\n".join(f"| {name} | {docs} | {secs:.2f} | {rate:,.0f} |" for name, docs, secs, rate in rows)
    lags = " | ".join(f"{lag[key]:.0f} ms" for key in ("p50_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms"))
    return f"""# Indexer benchmark

`{result["command"]}` on {result["date"]}: OpenSearch
{env["opensearch"]} (single local node), Python {env["python"]}, {env["cpus"]} CPUs ({env["machine"]}).
Synthetic candidates with ~5 skills, 3 jobs and 1 education each; index size
{result["index_size_bytes"] / 1_048_576:.1f} MiB. Each throughput figure is the best of
{result["rounds"]} run(s).

## Full reindex vs the raw `_bulk` floor

| | documents | seconds | docs/s |
|---|---:|---:|---:|
{table}

The streaming phase runs at **{result["stream_vs_floor"] * 100:.0f}%** of the raw `_bulk` rate measured
in the same run (end to end: {result["reindex_vs_floor"] * 100:.0f}%, with the fixed costs: refresh of the
new index, catch-up, swap). Reading, building and serialising the documents alone takes
{floor["build_seconds"]:.2f} s ({floor["documents"] / floor["build_seconds"]:,.0f} docs/s). OpenSearch,
Postgres and the indexer share {env["cpus"]} CPUs here, so the streaming phase is CPU-bound: the prefetch
overlaps reading with writing, but every core-second the indexer spends is one the node does not get.

{cpu_table(result)}

Peak RSS of the indexer process (`python -m indexer reindex`, from `wait4`):
**{peak_rss:.0f} MiB**. It streams {reindex_["stream_batch_size"]} candidates per batch with
{reindex_["bulk_concurrency"]} bulk requests in flight, so memory does not grow with the corpus
(compare the results at each size).

## Sync lag under a steady update stream

{lag["updates"]} updates at {lag["rate_per_second"]:.0f}/s for {lag["duration_seconds"]:.0f} s while
`indexer run` (LISTEN/NOTIFY) applies them: time from each outbox row's commit to OpenSearch's
acknowledgement (the row's processed_at).

| p50 | p90 | p99 | max | mean |
|---:|---:|---:|---:|---:|
| {lags} |
"""


def main() -> None:
    """Parse arguments, run, write the results."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.index", description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=20_000, help="synthetic candidates to index")
    parser.add_argument("--rate", type=float, default=200.0, help="updates per second in the lag phase")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of the lag phase")
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help="runs of each throughput phase; best counts"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "index")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(render_markdown(result))
    print(render_markdown(result))


if __name__ == "__main__":
    main()
