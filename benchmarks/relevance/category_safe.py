"""Experiment (issue 17, session 13): choose a fusion config by dev nDCG@10 among those that leave no query
category more than 0.10 below plain BM25, and cross-validate that rule by query.

    python -m benchmarks.relevance.category_safe /tmp/s13rel/b03w/fusion_dev.json [--queries dev_queries.json]

Reads a `fusion --split dev` (or `gate --split dev`) result. In each of the 5 folds (position mod 5) the rule
is applied to the other four folds' queries (their categories and means) and the chosen config scores the
held-back fold; the out-of-fold mean is the rule's estimate.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from benchmarks.relevance.rerank import FOLDS

GAP = 0.10


def safe(per_query: dict[str, dict[str, float]], groups: dict[str, list[str]], name: str) -> bool:
    """No category (mean over its queries in `per_query`) more than GAP below bm25."""
    for ids in groups.values():
        ids = [i for i in ids if i in per_query]
        if ids and statistics.fmean(per_query[i][name] - per_query[i]["bm25"] for i in ids) < -GAP:
            return False
    return True


def choose(per_query: dict[str, dict[str, float]], groups: dict[str, list[str]], names: list[str]) -> str:
    allowed = [n for n in names if safe(per_query, groups, n)] or names
    return max(allowed, key=lambda n: statistics.fmean(r[n] for r in per_query.values()))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.category_safe", description=__doc__)
    parser.add_argument("result", type=Path)
    parser.add_argument("--queries", type=Path, default=Path("/work/shared/eval/dev_queries.json"))
    args = parser.parse_args()
    result = json.loads(args.result.read_text())
    per_query = result["per_query"]
    queries = json.loads(args.queries.read_text())["queries"]
    groups: dict[str, list[str]] = {}
    for query in queries:
        for category in query["relevant_categories"]:
            groups.setdefault(category, []).append(query["id"])
    skip = {"ours", "bm25", "bm25_here", "ours_here", "text", "relevant", "postgres_fts"}
    names = [n for n in next(iter(per_query.values())) if n not in skip and not n.startswith("dense:")]
    chosen = choose(per_query, groups, names)
    mean = statistics.fmean(r[chosen] for r in per_query.values())
    print(f"in sample: {chosen} {mean:.4f} ({len(names)} configs)")
    ids = [q["id"] for q in queries]
    out_of_fold: dict[str, float] = {}
    for fold in range(FOLDS):
        held = [q for i, q in enumerate(ids) if i % FOLDS == fold]
        train = {q: r for q, r in per_query.items() if q not in held}
        pick = choose(train, groups, names)
        for q in held:
            out_of_fold[q] = per_query[q][pick]
        before = statistics.fmean(per_query[q]["ours"] for q in held)
        after = statistics.fmean(per_query[q][pick] for q in held)
        print(f"   {','.join(held)}: {pick} {before:.3f} -> {after:.3f}")
    print(f"out of fold: {statistics.fmean(out_of_fold.values()):.4f}")


if __name__ == "__main__":
    main()
