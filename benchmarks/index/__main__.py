"""Indexer throughput and sync lag against the real stack, in a scratch database of its own.

    python -m benchmarks.index [--candidates 20000] [--rate 200] [--duration 20] [--rounds 2] [--out PATH]

1. Seeds N synthetic candidates (with skills, jobs and education) by INSERT ... SELECT generate_series.
2. Rounds of two measurements each: the full reindex (`indexer.reindex.reindex`, the code `hr-indexer
   reindex` runs) and the floor (the same documents, pre-serialised, sent as raw `_bulk` requests of the
   same size into a fresh index with the same bulk-load settings: what OpenSearch alone costs).
   "The same index state": before each measurement every index of the benchmark (`bench-index-*`) is
   deleted, so neither runs beside an index the other one or an earlier round left (the reindex keeps its
   previous index for rollback); the node's other indexes are whatever else runs on it, and alternating
   the order (round 1 reindex first, round 2 floor first, ...) spreads their effect over both. Every run is
   reported, with the ratio per round and its median and best.
3. Once, from the same empty state: raw `_bulk` one request at a time, and `python -m indexer reindex` as
   its own process (wall clock, peak RSS).
4. Sync lag: the daemon (`indexer.daemon.run_daemon`), once it has applied a probe change, running while a
   writer updates candidates at a steady rate; lag is each outbox row's commit (created_at) to the moment
   its change was searchable (processed_at, set after the `refresh=wait_for` write returned), p50/p99.

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
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg

from app.settings import Settings
from benchmarks.common import REDIS_URL, cpu_seconds, cpu_used, listening_pids, percentile
from benchmarks.corpus.database import create_database, drop_database, scratch_name
from indexer.bulk import BULK_CHUNK_SIZE
from indexer.connections import open_services
from indexer.daemon import MAX_IN_FLIGHT, DaemonOptions, run_daemon
from indexer.documents import STREAM_BATCH_SIZE, build_document, stream_candidates
from indexer.indexes import create_body, current_index
from indexer.mapping import load_definition
from indexer.reindex import BULK_CONCURRENCY, reindex

ROOT = Path(__file__).resolve().parents[2]
ALIAS = "bench-index"
# Rounds of the throughput comparison (--rounds): each measures the reindex and the floor, alternating
# which goes first, so a noisy neighbour or a cold JVM does not favour one of them.
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


async def encode_floor_bodies(services: Any) -> tuple[list[str], int, float]:
    """Every candidate's document, serialised beforehand into `_bulk` bodies of the reindex's request size.

    Returns the bodies, the document count, and the seconds reading, building and serialising took.
    """
    client = services.opensearch
    today = datetime.now(UTC).date()
    serializer = client.transport.serializer
    lines: list[str] = []
    started = time.perf_counter()
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
    seconds = time.perf_counter() - started
    bodies = [
        "\n".join(lines[i : i + 2 * BULK_CHUNK_SIZE]) + "\n"
        for i in range(0, len(lines), 2 * BULK_CHUNK_SIZE)
    ]
    return bodies, len(lines) // 2, seconds


async def clear_indexes(client: Any) -> None:
    """Delete every index of the benchmark (`bench-index-*`): reindexed, rollback copy, floor."""
    await client.indices.delete(index=f"{ALIAS}-*", ignore_unavailable=True)


async def measure_reindex(services: Any, definition: Any, node: set[int] | None) -> dict[str, Any]:
    """One `indexer.reindex.reindex` (what `hr-indexer reindex` runs) into an empty alias, with its CPU."""
    before = cpu_seconds(node)
    made = await reindex(services, definition, ALIAS, show_progress=sys.stderr.isatty())
    return {
        "system": "reindex",
        "documents": made.documents,
        "seconds": made.seconds,
        "docs_per_second": made.rate,
        "stream_seconds": made.stream_seconds,
        "stream_docs_per_second": made.documents / made.stream_seconds,
        "catch_up_rows": made.catch_up_rows,
        # "benchmark process" is the indexer: it runs in this process.
        "cpu_seconds": cpu_used(before, cpu_seconds(node)),
    }


async def measure_floor(
    client: Any, definition: Any, bodies: list[str], documents: int, concurrency: int, node: set[int] | None
) -> dict[str, Any]:
    """One raw `_bulk` run of the pre-serialised bodies into a fresh bulk-load index, with its CPU."""
    before = cpu_seconds(node)
    seconds, errors = await _send_bodies(client, definition, bodies, concurrency)
    return {
        "system": "floor" if concurrency == BULK_CONCURRENCY else "floor, one request at a time",
        "documents": documents,
        "seconds": seconds,
        "docs_per_second": documents / seconds,
        "concurrency": concurrency,
        "errors": errors,
        # Creating, filling and dropping the index.
        "cpu_seconds": cpu_used(before, cpu_seconds(node)),
    }


def round_order(number: int) -> tuple[str, str]:
    """Which system goes first in round `number` (from 1): the reindex in odd rounds, the floor in even."""
    return ("reindex", "floor") if number % 2 else ("floor", "reindex")


def cpu_ceiling(reindex_cpu: dict[str, float], floor_cpu: dict[str, float]) -> float | None:
    """The reindex rate as a share of the floor's when both are CPU-bound on the same cores: the floor's
    CPU per document over the reindex's (OpenSearch, Postgres and the indexer together)."""
    spent = sum(reindex_cpu.values())
    return round(sum(floor_cpu.values()) / spent, 3) if spent and floor_cpu else None


def compare_rounds(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per round: the reindex's rates over the floor's measured in the same round, and the CPU ceiling."""
    compared = []
    for number in sorted({run["round"] for run in runs}):
        by_system = {run["system"]: run for run in runs if run["round"] == number}
        made, floor = by_system["reindex"], by_system["floor"]
        compared.append(
            {
                "round": number,
                "order": list(round_order(number)),
                "reindex_vs_floor": made["docs_per_second"] / floor["docs_per_second"],
                "stream_vs_floor": made["stream_docs_per_second"] / floor["docs_per_second"],
                "cpu_bound_ceiling": cpu_ceiling(made["cpu_seconds"], floor["cpu_seconds"]),
            }
        )
    return compared


def summarise(values: list[float]) -> dict[str, float]:
    """Median and best (highest) of per-round figures."""
    return {"median": statistics.median(values), "best": max(values)}


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


async def measure_lag(
    services: Any, definition: Any, rate: float, duration: float, in_flight: int
) -> dict[str, Any]:
    """Run the daemon (`in_flight` batches at most) while a writer updates candidates at `rate` per second
    for `duration` s. The daemon is running (one probe change applied) before the measured writes start, so
    its start-up (lease, index check, LISTEN) does not count as lag."""
    async with services.pool.acquire() as connection:
        ids = [row["id"] for row in await connection.fetch("SELECT id FROM candidates")]
    stop = asyncio.Event()
    options = DaemonOptions(alias=ALIAS, max_in_flight=in_flight)
    daemon = asyncio.create_task(run_daemon(services, definition, options, stop))
    async with services.pool.acquire() as connection:
        await connection.execute("UPDATE candidates SET current_title = 'Probe' WHERE id = $1", ids[-1])
        first_row = await connection.fetchval("SELECT coalesce(max(id), 0) FROM index_outbox")
        for _ in range(600):
            if await connection.fetchval(
                "SELECT processed_at IS NOT NULL FROM index_outbox WHERE id = $1", first_row
            ):
                break
            await asyncio.sleep(0.1)
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
        "max_in_flight": in_flight,
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


# Seconds between readings of the indexer process's peak RSS.
RSS_SAMPLE_SECONDS = 0.1


def reindex_process(url: str) -> dict[str, Any]:
    """`python -m indexer reindex` as its own process, as ops run it: wall seconds and peak RSS.

    The peak is the process's own high-water mark (VmHWM in /proc/<pid>/status), read until it exits: not
    `wait4`'s ru_maxrss, which Linux carries over from the parent at exec, so it reported this benchmark's
    own size (the floor's serialised documents) rather than the indexer's.
    """
    env = {**os.environ, "DATABASE_URL": url, "INDEX_ALIAS": ALIAS, "REDIS_URL": REDIS_URL}
    env["LOG_LEVEL"] = "WARNING"
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "indexer", "reindex", "--no-progress"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        peak_kib = 0
        while process.poll() is None:
            peak_kib = max(peak_kib, _high_water_kib(process.pid))
            time.sleep(RSS_SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        raise SystemExit(f"indexer reindex failed ({process.returncode}): {output.strip()}")
    return {"seconds": seconds, "peak_rss_mib": peak_kib / 1024, "output": output.strip()}


def _high_water_kib(pid: int) -> int:
    """VmHWM of a running process in KiB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase, in a scratch database; the results."""
    base = Settings()
    name = scratch_name("bench_index")
    url = await create_database(base, name)
    settings = Settings(database_url=url)
    definition = load_definition()
    try:
        # The daemon's batches in flight, one to read candidates, and the lag phase's writer.
        async with open_services(settings, pool_size=max(args.in_flight) + 2) as services:
            client = services.opensearch
            # CPU is counted for the node the benchmark talks to, not for another one on the machine.
            node = listening_pids(urlsplit(settings.opensearch_hosts[0]).port or 9200) or None
            await clear_indexes(client)
            seed_seconds = await seed(services.pool, args.candidates)
            print(f"seeded {args.candidates} candidates in {seed_seconds:.1f}s", file=sys.stderr)
            bodies, documents, build_seconds = await encode_floor_bodies(services)
            measure = {
                "reindex": lambda: measure_reindex(services, definition, node),
                "floor": lambda: measure_floor(client, definition, bodies, documents, BULK_CONCURRENCY, node),
            }
            runs = []
            for number in range(1, args.rounds + 1):
                for position, system in enumerate(round_order(number), start=1):
                    # The same state for every measurement: no index of the benchmark left on the node.
                    await clear_indexes(client)
                    measured = await measure[system]()
                    runs.append({"round": number, "position": position, **measured})
                    print(
                        f"round {number}, {position}. {system}: {measured['docs_per_second']:,.0f} docs/s",
                        file=sys.stderr,
                    )
            await clear_indexes(client)
            sequential = await measure_floor(client, definition, bodies, documents, 1, node)
            await clear_indexes(client)
            process = await asyncio.to_thread(reindex_process, url)
            print(f"indexer process: {process['peak_rss_mib']:.0f} MiB peak RSS", file=sys.stderr)
            # The lag phase writes into the index the process just built, behind the alias.
            lags = []
            for in_flight in args.in_flight:
                lag = await measure_lag(services, definition, args.rate, args.duration, in_flight)
                lags.append(lag)
                figures = f"p50 {lag['p50_ms']:.0f} ms, p99 {lag['p99_ms']:.0f} ms"
                print(f"sync lag, {in_flight} in flight: {figures}", file=sys.stderr)
            live = await current_index(client, ALIAS)
            stats = await client.indices.stats(index=live, metric="store")
            size = stats["_all"]["primaries"]["store"]["size_in_bytes"]
            info = await client.info()
            await clear_indexes(client)
    finally:
        await drop_database(base, name)
    rounds = compare_rounds(runs)
    return {
        "benchmark": "index",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            "opensearch": info["version"]["number"],
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "opensearch_pids": sorted(node) if node else "every java process",
        },
        "candidates": args.candidates,
        "rounds": args.rounds,
        "command": "python -m benchmarks.index " + " ".join(sys.argv[1:]),
        "seed_seconds": seed_seconds,
        "index_size_bytes": size,
        "settings": {
            "chunk_size": BULK_CHUNK_SIZE,
            "bulk_concurrency": BULK_CONCURRENCY,
            "stream_batch_size": STREAM_BATCH_SIZE,
        },
        # Reading, building and serialising every document for the floor, without sending them.
        "build_seconds": build_seconds,
        "build_docs_per_second": documents / build_seconds,
        # Every measured run, in the order it ran.
        "runs": runs,
        "comparison_by_round": rounds,
        "summary": summarise_runs(runs, rounds),
        "sequential_floor": sequential,
        "reindex_process": process,
        # One run per --in-flight value, in that order.
        "sync_lag": lags,
    }


def summarise_runs(runs: list[dict[str, Any]], rounds: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Median and best over the rounds: each system's rate, and the per-round ratios."""

    def of(system: str, key: str) -> list[float]:
        return [run[key] for run in runs if run["system"] == system]

    return {
        "reindex_docs_per_second": summarise(of("reindex", "docs_per_second")),
        "stream_docs_per_second": summarise(of("reindex", "stream_docs_per_second")),
        "floor_docs_per_second": summarise(of("floor", "docs_per_second")),
        "reindex_vs_floor": summarise([r["reindex_vs_floor"] for r in rounds]),
        "stream_vs_floor": summarise([r["stream_vs_floor"] for r in rounds]),
    }


def cpu_cells(run: dict[str, Any]) -> str:
    """CPU seconds per 1,000 documents of one run: OpenSearch, Postgres, indexer (Python), all."""
    cpu, per = run["cpu_seconds"], 1000 / run["documents"]
    cells = [cpu[name] * per for name in ("opensearch", "postgres", "benchmark process")]
    return " | ".join(f"{value:.3f}" for value in [*cells, sum(cpu.values()) * per])


def render_markdown(result: dict[str, Any]) -> str:
    """The results as a short Markdown report."""
    lag, env, summary = result["sync_lag"][0], result["environment"], result["summary"]
    settings, process, sequential = result["settings"], result["reindex_process"], result["sequential_floor"]
    labels = {
        "reindex": "`hr-indexer reindex`",
        "floor": f"raw `_bulk`, {settings['bulk_concurrency']} in flight",
    }
    runs = "\n".join(
        f"| {run['round']} | {run['position']} | {labels[run['system']]} | {run['seconds']:.2f} | "
        f"{run['docs_per_second']:,.0f} | "
        + (f"{run['stream_docs_per_second']:,.0f}" if run["system"] == "reindex" else "")
        + f" | {cpu_cells(run)} |"
        for run in result["runs"]
    )
    rounds = "\n".join(
        f"| {r['round']} | {' then '.join(r['order'])} | {r['stream_vs_floor'] * 100:.0f}% | "
        f"{r['reindex_vs_floor'] * 100:.0f}% | "
        + (f"{r['cpu_bound_ceiling'] * 100:.0f}%" if r["cpu_bound_ceiling"] else "")
        + " |"
        for r in result["comparison_by_round"]
    )
    ratios = ", ".join(
        f"{summary[key]['median'] * 100:.0f}% / {summary[key]['best'] * 100:.0f}% {label}"
        for key, label in (("stream_vs_floor", "streaming"), ("reindex_vs_floor", "end to end"))
    )
    lags = "\n".join(
        f"| {run['max_in_flight']} | {run['updates']} | "
        + " | ".join(f"{run[key]:.0f} ms" for key in ("p50_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms"))
        + " |"
        for run in result["sync_lag"]
    )
    documents = result["runs"][0]["documents"]
    once = "\n".join(
        f"| {name} | {seconds:.2f} | {documents / seconds:,.0f} |"
        for name, seconds in (
            ("raw `_bulk`, one request at a time", sequential["seconds"]),
            ("reading, building and serialising the documents alone", result["build_seconds"]),
            (
                "`python -m indexer reindex` as its own process (wall clock incl. start-up)",
                process["seconds"],
            ),
        )
    )
    return f"""# Indexer benchmark

`{result["command"]}` on {result["date"]}: OpenSearch
{env["opensearch"]} (single local node), Python {env["python"]}, {env["cpus"]} CPUs ({env["machine"]}).
{documents} synthetic candidates with ~5 skills, 3 jobs and 1 education each; index size
{result["index_size_bytes"] / 1_048_576:.1f} MiB.

## Full reindex vs the raw `_bulk` floor, round by round

Each round measures both systems from the same index state: every index of the benchmark (`{ALIAS}-*`:
the reindex's new index and rollback copy, the floor's index) is deleted first, so neither runs beside an
index the other left. Round 1 runs the reindex first, round 2 the floor first, and so on. The reindex is
`indexer.reindex.reindex` end to end (lock, create, stream, catch-up, refresh, swap); the floor is the
same documents, serialised beforehand, sent as plain `_bulk` requests of {settings["chunk_size"]} into a
fresh index with the same bulk-load settings and as many requests in flight ({settings["bulk_concurrency"]}).
CPU is seconds per 1,000 documents, from `/proc` of every OpenSearch and Postgres process and of the
indexer (this process) around each run.

| round | order | system | seconds | docs/s | streaming docs/s | CPU OpenSearch | Postgres | indexer | all |
|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|
{runs}

| round | order | streaming vs floor | end to end vs floor | CPU-bound ceiling |
|---:|---|---:|---:|---:|
{rounds}

The reindex's rate as a share of the floor's measured in the same round, median / best over
{result["rounds"]} round(s): {ratios}. The CPU-bound ceiling is the floor's CPU per document over the
reindex's: with OpenSearch, Postgres and the indexer sharing {env["cpus"]} CPUs, the reindex cannot beat it.

Measured once, after the rounds (from the same empty state):

| | seconds | docs/s |
|---|---:|---:|
{once}

Peak RSS of the indexer process (`python -m indexer reindex`, its VmHWM read until it exits):
**{process["peak_rss_mib"]:.0f} MiB**. It streams {settings["stream_batch_size"]} candidates per batch with
{settings["bulk_concurrency"]} bulk requests in flight, so memory does not grow with the corpus
(compare the results at each size).

## Sync lag under a steady update stream

Updates at {lag["rate_per_second"]:.0f}/s for {lag["duration_seconds"]:.0f} s while `indexer run`
(LISTEN/NOTIFY) applies them, once per row below (the daemon's `max_in_flight`: 1 is batches one after
another, as before the pipeline): time from each outbox row's commit (created_at) to the moment its change
was searchable (processed_at, set once its `refresh=wait_for` write returned).

| batches in flight | updates | p50 | p90 | p99 | max | mean |
|---:|---:|---:|---:|---:|---:|---:|
{lags}
"""


def main() -> None:
    """Parse arguments, run, write the results."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.index", description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=20_000, help="synthetic candidates to index")
    parser.add_argument("--rate", type=float, default=200.0, help="updates per second in the lag phase")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of the lag phase")
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help="rounds of reindex and floor, alternating their order"
    )
    parser.add_argument(
        "--in-flight",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[MAX_IN_FLIGHT],
        help=f"daemon batches in flight for the lag phase, one lag run per comma-separated value "
        f"(default {MAX_IN_FLIGHT}; 1,{MAX_IN_FLIGHT},{MAX_IN_FLIGHT},1 compares with batches one at a time)",
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
