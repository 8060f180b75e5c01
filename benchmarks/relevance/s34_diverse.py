"""Session 34: the window's first places diversified by role (maximal marginal relevance over titles).

    python -m benchmarks.relevance.s34_diverse WIN.json [--queries dev_queries.json]

The title feedback lifts the role most of the first pass's hits hold, and on one-folder queries that role is
often held in neighbouring folders too (session 33): the first 10 become ten of one role. Here the window's
first `DEPTH` places are filled greedily: each time the hit with the best engine score minus mu x the
window's best score x its redundancy with the hits already placed (its highest similarity to one of them, or
the mean), then the rest in the engine's order. Similarity: the Jaccard of the current titles' words
(`title`), of the feedback words each hit's current title matched (`fb`, the named `fb_title:<n>` clauses),
or whether the titles' last words agree (`head`). No label, category or query text is read to reorder; labels
only score. Folds by query position mod 5, as every session's.
"""

from __future__ import annotations

import argparse
import re
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.relevance import s33_offline
from benchmarks.relevance.s34_prf import categories

DEPTH = 20
STOP = frozenset(
    {"and", "of", "the", "for", "in", "at", "to", "a", "an", "sr", "senior", "jr", "junior", "ii", "iii"}
)


def title_words(title: str | None) -> frozenset[str]:
    words = re.findall(r"[a-z]+", (title or "").lower())
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in STOP)


def features(hit: dict[str, Any]) -> dict[str, Any]:
    words = title_words(hit.get("title"))
    ordered = [w for w in re.findall(r"[a-z]+", (hit.get("title") or "").lower()) if w not in STOP]
    return {
        "title": words,
        "fb": frozenset(name for name in hit["named"] if name.startswith("fb_title:")),
        "head": frozenset(ordered[-1:]),
    }


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def diversify(hits: Sequence[dict[str, Any]], config: tuple, depth: int = DEPTH) -> list[dict[str, Any]]:
    """The hits reordered: the first `depth` places by marginal relevance, the rest as they were."""
    kind, aggregate, mu = config
    if not mu or not hits:
        return list(hits)
    best = hits[0]["score"] or 1.0
    remaining = list(hits)
    placed: list[dict[str, Any]] = []
    while remaining and len(placed) < depth:

        def gain(hit: dict[str, Any]) -> float:
            sims = [similarity(hit["div"][kind], other["div"][kind]) for other in placed]
            if not sims:
                return float(hit["score"])
            red = max(sims) if aggregate == "max" else statistics.fmean(sims)
            return float(hit["score"] - mu * best * red)

        chosen = max(remaining, key=gain)  # the first of equals: the engine's order
        placed.append(chosen)
        remaining.remove(chosen)
    return placed + remaining


CONFIGS: list[tuple] = [("title", "max", 0.0)] + [
    (kind, aggregate, mu)
    for kind in ("title", "fb", "head")
    for aggregate in ("max", "mean")
    for mu in (0.02, 0.05, 0.1, 0.15, 0.2, 0.3)
]


def score(query: dict[str, Any], config: tuple) -> float:
    return s33_offline.ndcg(diversify(query["hits"], config), query["total"])


def run(queries: list[dict[str, Any]], qfile: Path | None) -> None:
    for query in queries:
        for hit in query["hits"]:
            hit["div"] = features(hit)
    base = [score(q, CONFIGS[0]) for q in queries]
    print(f"## diversity: ours {statistics.fmean(base):.4f}")
    for config in CONFIGS:
        scores = [score(q, config) for q in queries]
        moved = [
            f"{q['id']} {s - b:+.2f}"
            for q, s, b in zip(queries, scores, base, strict=True)
            if abs(s - b) >= 0.005
        ]
        print(f"{config}: {statistics.fmean(scores):.4f}  {' '.join(moved)}")
    oof = [0.0] * len(queries)
    for fold in s33_offline.folds_of(queries):
        train = [i for i in range(len(queries)) if i not in fold]
        chosen = max(CONFIGS, key=lambda c: statistics.fmean(score(queries[i], c) for i in train))
        for i in fold:
            oof[i] = score(queries[i], chosen)
        print(
            f"   {','.join(queries[i]['id'] for i in fold)}: "
            f"{statistics.fmean(base[i] for i in fold):.3f} -> "
            f"{statistics.fmean(oof[i] for i in fold):.3f} {chosen}"
        )
    print(f"out of fold {statistics.fmean(oof):.4f}")
    if qfile:
        ours = categories(queries, base, qfile)
        bm = categories(queries, [s33_offline.ndcg(q["bm25"], q["total"]) for q in queries], qfile)
        out = categories(queries, oof, qfile)
        for cat in sorted(ours):
            print(f"| {cat} | {ours[cat] - bm[cat]:+.3f} | {out[cat] - bm[cat]:+.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("windows", type=Path)
    parser.add_argument("--queries", type=Path)
    args = parser.parse_args()
    run(s33_offline.load(str(args.windows)), args.queries)


if __name__ == "__main__":
    main()
