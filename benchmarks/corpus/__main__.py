"""Generate a realistic candidate corpus with a fixed seed and bulk-load it into Postgres.

    python -m benchmarks.corpus --candidates N --seed S --database-url URL [--no-resumes]
    python -m benchmarks.corpus --resume-files DIR N [--seed S]
    python -m benchmarks.corpus --sizes 10000,100000,1000000 [--out benchmarks/results/corpus]

The first form loads an empty, migrated database (COPY, triggers off, see `benchmarks.corpus.load`); run
`INDEX_ALIAS=... DATABASE_URL=... python -m indexer reindex` afterwards to build the index. The second
writes N resume files (PDF, DOCX, TXT in turn) of the same candidates. The third measures load speed and
memory at each size in scratch databases (dropped afterwards) and writes <out>.json and <out>.md.

Occupations, titles and skills: O*NET 29.2 Database by the U.S. Department of Labor, Employment and
Training Administration (USDOL/ETA), used under the CC BY 4.0 license, read from ../shared/data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

import asyncpg

from app.settings import Settings
from benchmarks.corpus.database import create_database, drop_database, plain_url, scratch_name
from benchmarks.corpus.files import write_resume_files
from benchmarks.corpus.generate import AS_OF, World
from benchmarks.corpus.load import load_corpus, now
from benchmarks.corpus.onet import ATTRIBUTION, load_occupations

ROOT = Path(__file__).resolve().parents[2]

# Facts about the loaded corpus that show it is realistic: colleagues and departments really overlap.
SHAPE = {
    "jobs_per_candidate": "SELECT round(avg(n), 2) FROM (SELECT count(*) n FROM work_experience "
    "GROUP BY candidate_id) t",
    "skills_per_candidate": "SELECT round(avg(n), 2) FROM (SELECT count(*) n FROM candidate_skills "
    "GROUP BY candidate_id) t",
    "mean_experience_years": "SELECT round(avg(total_experience_years), 1) FROM candidates",
    "companies": "SELECT count(DISTINCT company_key) FROM work_experience",
    "company_spellings": "SELECT count(DISTINCT company) FROM work_experience",
    "distinct_titles": "SELECT count(DISTINCT current_title) FROM candidates",
    "distinct_skills_used": "SELECT count(DISTINCT skill_id) FROM candidate_skills",
    "share_with_a_colleague": """
        SELECT round(avg(has::int), 3) FROM (
            SELECT EXISTS (
                SELECT 1 FROM work_experience a JOIN work_experience b
                  ON b.company_key = a.company_key AND b.candidate_id <> a.candidate_id
                 AND b.start_date < coalesce(a.end_date, $1::date)
                 AND a.start_date < coalesce(b.end_date, $1::date)
                WHERE a.candidate_id = c.id) AS has
            FROM candidates c) t""",
    "share_with_a_department_peer": """
        SELECT round(avg(has::int), 3) FROM (
            SELECT EXISTS (
                SELECT 1 FROM work_experience a JOIN work_experience b
                  ON b.company_key = a.company_key AND b.department = a.department
                 AND b.candidate_id <> a.candidate_id
                WHERE a.candidate_id = c.id) AS has
            FROM candidates c) t""",
}


async def corpus_shape(url: str) -> dict[str, Any]:
    """The SHAPE facts of a loaded corpus."""
    connection = await asyncpg.connect(plain_url(url))
    try:
        facts = {}
        for name, sql in SHAPE.items():
            value = await connection.fetchval(sql, AS_OF) if "$1" in sql else await connection.fetchval(sql)
            facts[name] = float(value) if value is not None else None
        return facts
    finally:
        await connection.close()


async def measure(sizes: list[int], seed: int, workers: int, with_resumes: bool) -> dict[str, Any]:
    """Load each size into its own scratch database; speed, memory, rows, and the corpus' shape."""
    base = Settings()
    runs = []
    for size in sizes:
        name = scratch_name("bench_corpus")
        url = await create_database(base, name)
        try:
            print(f"loading {size:,} candidates into {name}", file=sys.stderr)
            try:
                report = await load_corpus(plain_url(url), size, seed, with_resumes, workers)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                # A shared server restarted under us: say so for this size and go on with the next.
                runs.append({"candidates": size, "error": f"{type(error).__name__}: {error}"})
                print(f"  failed: {error}", file=sys.stderr)
                continue
            run = report.as_dict()
            connection = await asyncpg.connect(plain_url(url))
            try:
                run["database_mib"] = round(
                    await connection.fetchval("SELECT pg_database_size(current_database())") / 1_048_576
                )
            finally:
                await connection.close()
            if size <= 100_000:
                run["shape"] = await corpus_shape(url)
            runs.append(run)
            print(
                f"  {report.rate:,.0f} candidates/s, peak RSS {report.peak_rss_mib:.0f} MiB", file=sys.stderr
            )
        finally:
            await drop_database(base, name)
    return {
        "benchmark": "corpus",
        "date": now(),
        "command": f"python -m benchmarks.corpus --sizes {','.join(map(str, sizes))} --seed {seed}",
        "environment": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "seed": seed,
        "workers": workers,
        "resume_rows": with_resumes,
        "runs": runs,
        "attribution": ATTRIBUTION,
    }


def render_markdown(result: dict[str, Any]) -> str:
    rows = "\n".join(
        f"| {r['candidates']:,} | failed: {r['error']} |"
        if "error" in r
        else f"| {r['candidates']:,} | {r['seconds']:.1f} | {r['candidates_per_second']:,} | "
        f"{r['rows']['work_experience']:,} | {r['rows']['candidate_skills']:,} | {r['rows']['resumes']:,} | "
        f"{r['peak_rss_mib']:.0f} | {r['worker_peak_rss_mib']:.0f} | {r['database_mib']:,} |"
        for r in result["runs"]
    )
    shaped = next((r for r in result["runs"] if "shape" in r), None)
    shape = ""
    if shaped:
        shape = (
            f"\n## Shape of the {shaped['candidates']:,}-candidate corpus\n\n| fact | value |\n|---|---:|\n"
        )
        shape += "\n".join(f"| {k.replace('_', ' ')} | {v:g} |" for k, v in shaped["shape"].items())
        shape += "\n"
    return f"""# Corpus generator

`{result["command"]}` on {result["date"]}, {result["environment"]["cpus"]} CPUs,
{result["workers"]} generator processes, resume rows {"on" if result["resume_rows"] else "off"}. COPY
(asyncpg `copy_records_to_table`) in chunks of 5,000 candidates, outbox triggers off during the load
({next((r["trigger_mode"] for r in result["runs"] if "trigger_mode" in r), "-")}). Peak RSS of the
loader (over the whole command) and of the largest generator process: flat across sizes means bounded
memory.

| candidates | s | candidates/s | jobs | skill links | resumes | loader RSS MiB | generator RSS MiB | DB MiB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
{rows}
{shape}
{result["attribution"]}
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 1)[1],
    )
    parser.add_argument("--candidates", type=int, help="candidates to generate and load")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database-url", help="an empty, migrated database (postgresql:// URL)")
    parser.add_argument("--no-resumes", action="store_true", help="no resumes rows (no resume_text)")
    parser.add_argument("--workers", type=int, default=2, help="generator processes")
    parser.add_argument("--resume-files", nargs=2, metavar=("DIR", "N"), help="write N resume files to DIR")
    parser.add_argument("--sizes", help="measure load speed at these sizes, e.g. 10000,100000,1000000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "corpus")
    args = parser.parse_args()
    if not (args.sizes or args.resume_files or (args.candidates and args.database_url)):
        parser.error("give --candidates and --database-url, or --resume-files, or --sizes")
    if args.resume_files:
        directory, count = Path(args.resume_files[0]), int(args.resume_files[1])
        world = World(load_occupations(), args.seed, max(count, args.candidates or count))
        paths = write_resume_files(world, directory, count)
        print(f"wrote {len(paths)} resume files to {directory}")
    if args.candidates and args.database_url:
        url = plain_url(args.database_url)
        try:
            loading = load_corpus(url, args.candidates, args.seed, not args.no_resumes, args.workers)
            report = asyncio.run(loading)
        except (OSError, asyncpg.PostgresError) as error:
            # A missing or unmigrated database is the usual cause: say so in one line (no password).
            where = args.database_url.split("@")[-1]
            parser.exit(1, f"benchmarks.corpus: cannot load into {where}: {error}\n")
        print(json.dumps(report.as_dict(), indent=2))
        print("next: DATABASE_URL=... INDEX_ALIAS=... python -m indexer reindex", file=sys.stderr)
    if args.sizes:
        sizes = [int(size) for size in args.sizes.split(",")]
        result = asyncio.run(measure(sizes, args.seed, args.workers, not args.no_resumes))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
        args.out.with_suffix(".md").write_text(render_markdown(result))
        print(render_markdown(result))


if __name__ == "__main__":
    main()
