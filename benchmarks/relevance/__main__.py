"""Search relevance on labelled real resumes: our skills_match against plain BM25 and Postgres full-text.

    python -m benchmarks.relevance --queries /work/shared/eval/dev_queries.json
        [--out benchmarks/results/relevance.json] [--rebuild | --reparse] [--variants]
        [--no-rerank] [--features-out FILE] [--database NAME --alias NAME --redis-url URL]

The 2,484 LiveCareer PDFs go once through the real pipeline into the persistent database
`bench_relevance` (see `benchmarks.relevance.build`; --rebuild starts it over, --reparse only parses the
stored texts again after a parser or catalogue change). Each run indexes that database with
`python -m indexer reindex` behind the alias `bench-relevance` (so mapping changes are measured), runs
every query through each system, and scores the top 10 with binary relevance (a resume is relevant when
its category is one of the query's): nDCG@10, P@10 and MRR.

  ours          what the API returns: our skills_match body (`build_search`) with the query text as `query`
                and the skills `app.parsing.skills.find_skills` finds in it as `skills`, after the
                title feedback's first pass (`run_first_pass`); its top 100 are reordered by the shipped
                rerank model (`app.search.rerank`) unless --no-rerank. With a model, `ours_engine_order` is
                the same hits in the engine's order. The shipped model is trained on the dev queries, so on
                them `ours` is in-sample: their honest score is the cross-validated one of
                `python -m benchmarks.relevance.rerank`.
  bm25          {"multi_match": {"query": text, "fields": ["resume_text"]}}
  postgres_fts  the query words ORed (`websearch_to_tsquery('english', 'w1 or w2 ...')`) over the resume
                text, ordered by ts_rank_cd (cover density)

--variants also scores modified bodies of ours (`benchmarks.relevance.variants`), the evidence for
proposed changes to app/search/queries.py. --features-out writes each query's top 100 with the
reranker's features and labels, the training data of `benchmarks.relevance.rerank`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
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
from app.search import rerank as reranker
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.common import REDIS_URL
from benchmarks.corpus.database import plain_url
from benchmarks.relevance import headlines, lead, list_lines, practice_text, recent_job, variants
from benchmarks.relevance.build import ensure_labelled_database, read_labels, reparse
from benchmarks.relevance.metrics import ndcg_at, precision_at, reciprocal_rank

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "bench_relevance"
ALIAS = "bench-relevance"
K = 10
TARGETS = {"bm25": 0.15, "postgres_fts": 0.30}

# Any query word matches (the words ORed: websearch_to_tsquery alone ANDs them, so multi-word queries
# starve), ranked by cover density; stop words and stemming are the `english` configuration's.
POSTGRES_FTS = """
SELECT r.candidate_id
FROM resumes r, websearch_to_tsquery('english', $1) q
WHERE r.parsing_status = 'completed' AND to_tsvector('english', r.extracted_text) @@ q
ORDER BY ts_rank_cd(to_tsvector('english', r.extracted_text), q) DESC, r.candidate_id
LIMIT $2
"""
FTS_INDEX = """
CREATE INDEX IF NOT EXISTS bench_resumes_fts ON resumes USING gin (to_tsvector('english', extracted_text))
"""

Ranker = Callable[[str], Awaitable[list[str]]]


def reindex(url: str, alias: str, redis_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url, "INDEX_ALIAS": alias}
    env["LOG_LEVEL"] = "WARNING"
    done = subprocess.run(
        [sys.executable, "-m", "indexer", "reindex", "--no-progress"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"reindex failed: {done.stderr.strip() or done.stdout.strip()}")
    print(done.stdout.strip().splitlines()[0], file=sys.stderr)


def any_word(text: str) -> str:
    """The query as websearch syntax that ORs its words ("a or b or c"), with no operators of its own."""
    return " or ".join(word for word in re.findall(r"\w+", text) if word.lower() != "or")


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
        base, args.database, root, args.rebuild, workers=os.cpu_count() or 2
    )
    if args.reparse:
        print(f"reparsed: {await reparse(url)}", file=sys.stderr)
    reindex(url, args.alias, args.redis_url)
    queries = json.loads(args.queries.read_text())["queries"]
    connection = await asyncpg.connect(plain_url(url))
    client = create_opensearch(Settings(database_url=url))
    try:
        await connection.execute(FTS_INDEX)
        named = set(args.variants.split(",")) if args.variants and args.variants != "all" else set()
        if named & set(headlines.CONFIGS) or args.ours_as in headlines.CONFIGS:
            # Session 21: the kept function lines as index fields (`benchmarks.relevance.headlines`).
            print(
                f"headlines attached: {await headlines.attach(client, args.alias, connection)}",
                file=sys.stderr,
            )
        if named & set(lead.CONFIGS) or args.ours_as in lead.CONFIGS:
            # Session 22: the resume text's first N tokens as sub-fields (`benchmarks.relevance.lead`).
            print(f"lead attached: {await lead.attach(client, args.alias)}", file=sys.stderr)
        if named & set(recent_job.CONFIGS) or args.ours_as in recent_job.CONFIGS:
            # Session 41: the latest job's title and text as fields (`benchmarks.relevance.recent_job`).
            print(f"recent job attached: {await recent_job.attach(client, args.alias)}", file=sys.stderr)
        if named & set(practice_text.CONFIGS) or args.ours_as in practice_text.CONFIGS:
            # Session 43: the opening and practice sections as a field (`benchmarks.relevance.practice_text`).
            print(
                f"practice text attached: {await practice_text.attach(client, args.alias)}", file=sys.stderr
            )
        lists = {*list_lines.CONFIGS, *list_lines.AFTER_CONFIGS}
        if named & lists or args.ours_as in lists:
            # Session 42: each resume's share of words on list-like lines (`benchmarks.relevance.list_lines`).
            print(f"list shares attached: {await list_lines.attach(client, args.alias)}", file=sys.stderr)
        labels = await read_labels(connection)
        today = date.today()

        async def search(body: dict[str, Any]) -> dict[str, Any]:
            found: dict[str, Any] = await client.search(index=args.alias, body=body)
            return found

        async def opensearch(body: dict[str, Any]) -> list[str]:
            found = await search({**body, "size": K, "_source": ["candidate_id"]})
            return [hit["_source"]["candidate_id"] for hit in found["hits"]["hits"]]

        async def postgres_fts(text: str) -> list[str]:
            rows = await connection.fetch(POSTGRES_FTS, any_word(text), K)
            return [str(row["candidate_id"]) for row in rows]

        async def rank(build_body: variants.Builder, text: str) -> list[str]:
            return await opensearch(await build_body(text, today, search))

        windows: dict[str, list[dict[str, Any]]] = {}

        async def window(text: str) -> list[dict[str, Any]]:
            """Our top `WINDOW` hits in engine order, each named clause's score with them (reranker input)."""
            if text not in windows:
                body = await (variants.VARIANTS[args.ours_as] if args.ours_as else variants.ours)(
                    text, today, search
                )
                reranker.name_signals(body["query"])
                body.update(size=reranker.WINDOW, _source=["candidate_id", *reranker.FEATURE_SOURCE])
                found = await client.search(index=args.alias, body=body, include_named_queries_score=True)
                windows[text] = found["hits"]["hits"]
            return windows[text]

        def ids(hits: list[dict[str, Any]]) -> list[str]:
            return [hit["_source"]["candidate_id"] for hit in hits[:K]]

        async def ours(text: str) -> list[str]:
            """What the API returns: the engine's window, reordered by the shipped model when there is one."""
            hits = await window(text)
            return ids(reranker.rerank(model, text, hits) if model is not None else hits)

        async def ours_engine(text: str) -> list[str]:
            return ids(await window(text))

        model = None if args.no_rerank else reranker.load_model()
        systems: dict[str, Ranker] = {
            "ours": ours,
            "bm25": lambda text: opensearch(variants.bm25(text)),
            "postgres_fts": postgres_fts,
        }
        if model is not None:
            systems["ours_engine_order"] = ours_engine
        if args.variants:
            wanted = set(variants.VARIANTS) if args.variants == "all" else set(args.variants.split(","))
            unknown = wanted - set(variants.VARIANTS)
            if unknown:
                raise SystemExit(f"--variants: unknown {', '.join(sorted(unknown))}")
            for name, build_body in variants.VARIANTS.items():
                if name in wanted:
                    systems[name] = lambda text, build_body=build_body: rank(build_body, text)
        per_system: dict[str, dict[str, dict[str, float]]] = {name: {} for name in systems}
        features: list[dict[str, Any]] = []
        for query in queries:
            wanted = set(query["relevant_categories"])
            total = sum(1 for cats in labels.values() if cats & wanted)
            for name, ranker in systems.items():
                per_system[name][query["id"]] = score(await ranker(query["text"]), labels, wanted, total)
            if args.features_out is not None:
                hits = await window(query["text"])
                rows = reranker.features(query["text"], hits)
                features.append(
                    {
                        "id": query["id"],
                        "text": query["text"],
                        "relevant": query["relevant_categories"],
                        "total": total,
                        "hits": [
                            {
                                "candidate_id": (candidate := hit["_source"]["candidate_id"]),
                                "label": int(bool(labels.get(candidate, set()) & wanted)),
                                "features": row,
                            }
                            for hit, row in zip(hits, rows, strict=True)
                        ],
                    }
                )
    finally:
        await connection.close()
        await client.indices.delete(index=f"{args.alias}-*", ignore_unavailable=True)
        await client.close()
    if args.features_out is not None:
        args.features_out.write_text("\n".join(json.dumps(query) for query in features) + "\n")
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
    parser.add_argument(
        "--reparse", action="store_true", help="parse the stored texts again (after a catalogue change)"
    )
    parser.add_argument("--no-rerank", action="store_true", help="ours without the shipped rerank model")
    parser.add_argument(
        "--features-out", type=Path, help="write each query's top hits, labels and features (JSON lines)"
    )
    parser.add_argument(
        "--ours-as", help="experiments: a variant's body as ours (its window for --features-out)"
    )
    parser.add_argument("--database", default=DATABASE, help="the kept labelled database (scratch name)")
    parser.add_argument("--alias", default=ALIAS, help="the index alias each run reindexes behind")
    parser.add_argument("--redis-url", default=REDIS_URL, help="Redis for the indexer's reindex lock")
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
