"""Search relevance on labelled real resumes: our skills_match against plain BM25 and Postgres full-text.

    python -m benchmarks.relevance --queries /work/shared/eval/dev_queries.json
        [--out benchmarks/results/relevance.json] [--rebuild] [--variants]

The 2,484 LiveCareer PDFs (category = folder) go once through the real pipeline into the persistent
database `bench_relevance` (see `benchmarks.relevance.build`; --rebuild starts it over). Each run indexes
that database with `python -m indexer reindex` behind the alias `bench-relevance` (so mapping changes are
measured), runs every query through each system, and scores the top 10 with binary relevance (a resume is
relevant when its category is one of the query's): nDCG@10, P@10 and MRR.

  ours          our skills_match body (`build_search`): the query text as `query`, and the skills
                `app.parsing.skills.find_skills` finds in it as `skills`; like the API, it first runs
                the title feedback probe (`title_probe`) and ranks with its hits' shared title words
  bm25          {"multi_match": {"query": text, "fields": ["resume_text"]}}
  postgres_fts  websearch_to_tsquery('english', text) over the resume text, ordered by ts_rank

--variants also scores modified bodies of ours (`benchmarks.relevance.variants`), the evidence for
proposed changes to app/search/queries.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg

from app.parsing.shared_data import shared_data_dir
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.common import REDIS_URL
from benchmarks.corpus.database import plain_url
from benchmarks.relevance import variants
from benchmarks.relevance.build import ensure_labelled_database
from benchmarks.relevance.metrics import ndcg_at, precision_at, reciprocal_rank

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "bench_relevance"
ALIAS = "bench-relevance"
K = 10
TARGETS = {"bm25": 0.15, "postgres_fts": 0.30}

POSTGRES_FTS = """
SELECT r.candidate_id
FROM resumes r, websearch_to_tsquery('english', $1) q
WHERE r.parsing_status = 'completed' AND to_tsvector('english', r.extracted_text) @@ q
ORDER BY ts_rank(to_tsvector('english', r.extracted_text), q) DESC, r.candidate_id
LIMIT $2
"""
FTS_INDEX = """
CREATE INDEX IF NOT EXISTS bench_resumes_fts ON resumes USING gin (to_tsvector('english', extracted_text))
"""

Ranker = Callable[[str], Awaitable[list[str]]]


def reindex(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS_URL, "INDEX_ALIAS": ALIAS}
    env["LOG_LEVEL"] = "WARNING"
    done = subprocess.run(
        [sys.executable, "-m", "indexer", "reindex", "--no-progress"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"reindex failed: {done.stderr.strip() or done.stdout.strip()}")
    print(done.stdout.strip().splitlines()[0], file=sys.stderr)


def score(ranked: list[str], labels: dict[str, set[str]], wanted: set[str], total: int) -> dict[str, float]:
    relevant = [bool(labels.get(candidate, set()) & wanted) for candidate in ranked]
    return {
        "ndcg@10": ndcg_at(relevant, total, K),
        "p@10": precision_at(relevant, K),
        "mrr": reciprocal_rank(relevant, K),
    }


def summarize(per_query: dict[str, dict[str, float]]) -> dict[str, float]:
    return {
        metric: round(statistics.fmean(q[metric] for q in per_query.values()), 4)
        for metric in ("ndcg@10", "p@10", "mrr")
    }


async def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    base = Settings()
    root = shared_data_dir() / "resumes" / "livecareer"
    url, build = await ensure_labelled_database(
        base, DATABASE, root, args.rebuild, workers=os.cpu_count() or 2
    )
    reindex(url)
    queries = json.loads(args.queries.read_text())["queries"]
    connection = await asyncpg.connect(plain_url(url))
    client = create_opensearch(Settings(database_url=url))
    try:
        await connection.execute(FTS_INDEX)
        labels: dict[str, set[str]] = {}
        for row in await connection.fetch("SELECT candidate_id, category FROM bench_labels"):
            labels.setdefault(str(row["candidate_id"]), set()).add(row["category"])
        today = date.today()

        async def search(body: dict[str, Any]) -> dict[str, Any]:
            found: dict[str, Any] = await client.search(index=ALIAS, body=body)
            return found

        async def opensearch(body: dict[str, Any]) -> list[str]:
            found = await search({**body, "size": K, "_source": ["candidate_id"]})
            return [hit["_source"]["candidate_id"] for hit in found["hits"]["hits"]]

        async def postgres_fts(text: str) -> list[str]:
            rows = await connection.fetch(POSTGRES_FTS, text, K)
            return [str(row["candidate_id"]) for row in rows]

        async def rank(build_body: variants.Builder, text: str) -> list[str]:
            return await opensearch(await build_body(text, today, search))

        systems: dict[str, Ranker] = {
            "ours": lambda text: rank(variants.ours, text),
            "bm25": lambda text: opensearch(variants.bm25(text)),
            "postgres_fts": postgres_fts,
        }
        if args.variants:
            wanted = set(variants.VARIANTS) if args.variants == "all" else set(args.variants.split(","))
            unknown = wanted - set(variants.VARIANTS)
            if unknown:
                raise SystemExit(f"--variants: unknown {', '.join(sorted(unknown))}")
            for name, build_body in variants.VARIANTS.items():
                if name in wanted:
                    systems[name] = lambda text, build_body=build_body: rank(build_body, text)
        per_system: dict[str, dict[str, dict[str, float]]] = {name: {} for name in systems}
        for query in queries:
            wanted = set(query["relevant_categories"])
            total = sum(1 for cats in labels.values() if cats & wanted)
            for name, ranker in systems.items():
                per_system[name][query["id"]] = score(await ranker(query["text"]), labels, wanted, total)
    finally:
        await connection.close()
        await client.indices.delete(index=f"{ALIAS}-*", ignore_unavailable=True)
        await client.close()
    summary = {name: summarize(per_query) for name, per_query in per_system.items()}
    ours = summary["ours"]["ndcg@10"]
    return {
        **{name: summary[name] for name in ("ours", "bm25", "postgres_fts")},
        "lift_ndcg@10": {
            peer: round(ours / summary[peer]["ndcg@10"] - 1, 4) if summary[peer]["ndcg@10"] else None
            for peer in TARGETS
        },
        "targets": {
            f"ours >= {1 + lift:.2f} x {peer} nDCG@10": bool(ours >= (1 + lift) * summary[peer]["ndcg@10"])
            for peer, lift in TARGETS.items()
        },
        "variants": {name: summary[name] for name in summary if name not in ("ours", "bm25", "postgres_fts")},
        "per_query": {
            query["id"]: {
                "text": query["text"],
                "relevant": query["relevant_categories"],
                **{name: round(per_system[name][query["id"]]["ndcg@10"], 4) for name in systems},
            }
            for query in queries
        },
        "queries": len(queries),
        "queries_file": str(args.queries),
        "corpus": {k: v for k, v in build.items() if k != "complete"},
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": f"python -m benchmarks.relevance --queries {args.queries}"
        + (f" --variants {args.variants}" if args.variants and args.variants != "all" else "")
        + (" --variants" if args.variants == "all" else ""),
        "run_id": uuid.uuid4().hex[:8],
    }


def table(result: dict[str, Any]) -> str:
    names = ["ours", "bm25", "postgres_fts", *result["variants"]]
    rows = [result.get(name) or result["variants"][name] for name in names]
    lines = ["| system | nDCG@10 | P@10 | MRR |", "|---|---:|---:|---:|"]
    lines += [
        f"| {name} | {row['ndcg@10']:.3f} | {row['p@10']:.3f} | {row['mrr']:.3f} |"
        for name, row in zip(names, rows, strict=True)
    ]
    return "\n".join(lines)


def render_markdown(result: dict[str, Any]) -> str:
    lift = result["lift_ndcg@10"]
    checks = "\n".join(
        f"| {name} | {'yes' if met else '**no**'} |" for name, met in result["targets"].items()
    )
    corpus = result["corpus"]
    per_query = "\n".join(
        f"| {qid} | {q['text']} | {', '.join(q['relevant'])} | {q['ours']:.2f} | {q['bm25']:.2f} | "
        f"{q['postgres_fts']:.2f} |"
        for qid, q in result["per_query"].items()
    )
    return f"""# Relevance benchmark

`{result["command"]}` on {result["date"]}: {result["queries"]} queries over the LiveCareer resumes
({corpus.get("stored", "?")} of {corpus.get("files", "?")} PDFs stored through extraction + offline
parser; category = folder; binary relevance). Top 10 per system.

{table(result)}

ours vs bm25: {lift["bm25"] * 100:+.1f}% nDCG@10; ours vs postgres_fts: {lift["postgres_fts"] * 100:+.1f}%.

| target | met |
|---|---|
{checks}

## nDCG@10 per query

| id | query | relevant | ours | bm25 | postgres_fts |
|---|---|---|---:|---:|---:|
{per_query}
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 1)[1],
    )
    parser.add_argument("--queries", type=Path, default=Path("/work/shared/eval/dev_queries.json"))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "relevance.json")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the labelled database from the PDFs")
    parser.add_argument(
        "--variants",
        nargs="?",
        const="all",
        help="also score the modified bodies: all of them, or the ones named (comma-separated)",
    )
    args = parser.parse_args()
    result = asyncio.run(evaluate(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(render_markdown(result))
    print(table(result))
    print(
        f"\nours vs bm25 {result['lift_ndcg@10']['bm25'] * 100:+.1f}%, "
        f"vs postgres_fts {result['lift_ndcg@10']['postgres_fts'] * 100:+.1f}% (nDCG@10)"
    )


if __name__ == "__main__":
    main()
