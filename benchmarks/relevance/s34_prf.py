"""Session 34: pseudo-relevance feedback from the top hits' resume text (RM3-style), offline on the windows.

    python -m benchmarks.relevance.s34_prf vectors WIN.json --alias s34rel-an --out VEC.json
    python -m benchmarks.relevance.s34_prf grid WIN.json VEC.json [--queries dev_queries.json]
    python -m benchmarks.relevance.s34_prf aggregate WIN.json VEC.json   (means only: a held-out reading)

`vectors` reads, for every hit of every window `s33_windows` dumped, the terms of its `resume_text` as the
index analyses them (`_mtermvectors`: term frequencies, document frequencies, field statistics) and each
query's text through the same analyzer. `grid` reorders each window: a relevance model over the first k hits
(each term's share of a hit's words, summed over the k hits, uniformly or by engine score), its m best
terms other than the query's own, and each window hit's BM25 over those terms (weighted by the model)
added as lambda x the window's best score x its share of the window's best expansion score. Nothing reads a
label or a category to build the model; labels are read only to score. Folds by query position mod 5.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.relevance import s33_offline

K1 = 1.2
B = 0.75
FIELD = "resume_text"


# --- the term vectors ----------------------------------------------------------------------------------


async def fetch_vectors(windows: list[dict[str, Any]], alias: str) -> dict[str, Any]:
    from app.search_engine import create_opensearch
    from app.settings import Settings

    client = create_opensearch(Settings())
    try:
        ids = sorted({hit["id"] for query in windows for hit in query["hits"]})
        tf: dict[str, dict[str, int]] = {}
        df: dict[str, int] = {}
        stats: dict[str, Any] = {}
        for start in range(0, len(ids), 100):
            answer = await client.mtermvectors(
                index=alias,
                body={
                    "ids": ids[start : start + 100],
                    "parameters": {
                        "fields": [FIELD],
                        "term_statistics": True,
                        "field_statistics": True,
                        "positions": False,
                        "offsets": False,
                    },
                },
            )
            for doc in answer["docs"]:
                vectors = doc.get("term_vectors", {}).get(FIELD)
                if not vectors:
                    tf[doc["_id"]] = {}
                    continue
                stats = vectors["field_statistics"]
                tf[doc["_id"]] = {term: v["term_freq"] for term, v in vectors["terms"].items()}
                for term, v in vectors["terms"].items():
                    df[term] = v["doc_freq"]
        stems = {}
        for query in windows:
            analysed = await client.indices.analyze(index=alias, body={"field": FIELD, "text": query["text"]})
            stems[query["id"]] = [token["token"] for token in analysed["tokens"]]
    finally:
        await client.close()
    return {
        "docs": stats.get("doc_count", 0),
        "avgdl": stats.get("sum_ttf", 0) / max(stats.get("doc_count", 1), 1),
        "df": df,
        "tf": tf,
        "stems": stems,
    }


# --- the relevance model ---------------------------------------------------------------------------------


def relevance_model(
    hits: Sequence[dict[str, Any]],
    vectors: dict[str, Any],
    exclude: set[str],
    depth: int,
    weighting: str,
    selection: str,
    size: int,
    max_df: float = 0.3,
    min_df: int = 3,
) -> dict[str, float]:
    """The `size` best expansion terms (weights summing to 1) from the first `depth` hits' resume text."""
    docs = vectors["docs"]
    top = hits[:depth]
    if not top:
        return {}
    best = top[0]["score"] or 1.0
    model: Counter[str] = Counter()
    holders: Counter[str] = Counter()
    for hit in top:
        terms = vectors["tf"].get(hit["id"], {})
        length = sum(terms.values()) or 1
        weight = 1.0 if weighting == "uniform" else hit["score"] / best
        for term, count in terms.items():
            model[term] += weight * count / length
            holders[term] += 1
    scored = {}
    for term, value in model.items():
        df = vectors["df"].get(term, 0)
        if term in exclude or df < min_df or df > max_df * docs or not term.isalpha() or len(term) < 3:
            continue
        if selection == "share":
            # the share of the k hits that use the term (at least half), times its idf
            share = holders[term] / len(top)
            if share >= 0.5:
                scored[term] = share * s33_offline.idf(df, docs)
            continue
        scored[term] = value * (s33_offline.idf(df, docs) if selection == "rmidf" else 1.0)
    chosen = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
    total = sum(v for _, v in chosen) or 1.0
    return {term: v / total for term, v in chosen}


def bm25(terms: dict[str, int], model: dict[str, float], vectors: dict[str, Any]) -> float:
    length = sum(terms.values())
    norm = K1 * (1 - B + B * length / (vectors["avgdl"] or 1))
    score = 0.0
    for term, weight in model.items():
        count = terms.get(term, 0)
        if count:
            idf = s33_offline.idf(vectors["df"].get(term, 0), vectors["docs"])
            score += weight * idf * count * (K1 + 1) / (count + norm)
    return score


def prepare(queries: list[dict[str, Any]], vectors: dict[str, Any], configs: Sequence[tuple]) -> None:
    """Each hit's expansion score under each config's model, as a share of the window's best."""
    for query in queries:
        exclude = set(vectors["stems"].get(query["id"], []))
        cache: dict[tuple, dict[str, float]] = {}
        for config in configs:
            depth, weighting, selection, size, _ = config
            key = (depth, weighting, selection, size)
            if key in cache or depth == 0:
                continue
            model = relevance_model(query["hits"], vectors, exclude, depth, weighting, selection, size)
            values = [bm25(vectors["tf"].get(hit["id"], {}), model, vectors) for hit in query["hits"]]
            top = max(values) or 1.0
            for hit, value in zip(query["hits"], values, strict=True):
                hit.setdefault("prf", {})[key] = value / top
            cache[key] = model
        query["models"] = cache


def prf_score(query: dict[str, Any], hit: dict[str, Any], config: tuple) -> float:
    depth, weighting, selection, size, lam = config
    if not depth or not lam:
        return float(hit["score"])
    best = query["hits"][0]["score"] if query["hits"] else 1.0
    return float(hit["score"] + lam * best * hit["prf"][(depth, weighting, selection, size)])


CONFIGS: list[tuple] = [(0, "", "", 0, 0.0)] + [
    (depth, weighting, selection, size, lam)
    for depth in (5, 10, 20)
    for weighting in ("uniform", "score")
    for selection in ("rm", "rmidf", "share")
    for size in (10, 30)
    for lam in (0.05, 0.1, 0.2, 0.3)
]


def categories(queries: list[dict[str, Any]], scores: Sequence[float], path: Path) -> dict[str, float]:
    """Mean nDCG@10 per relevant category (dev queries file), for the -0.10 rule."""
    cats = {q["id"]: q["relevant_categories"][0] for q in json.loads(path.read_text())["queries"]}
    out: dict[str, list[float]] = {}
    for query, score in zip(queries, scores, strict=True):
        out.setdefault(cats[query["id"]], []).append(score)
    return {cat: statistics.fmean(values) for cat, values in out.items()}


def grid(queries: list[dict[str, Any]], vectors: dict[str, Any], qfile: Path | None) -> None:
    prepare(queries, vectors, CONFIGS)
    for query in queries:
        key = (10, "score", "rmidf", 10)
        print(query["id"], " ".join(f"{t}:{w:.2f}" for t, w in query["models"].get(key, {}).items()))
    s33_offline.run_grid(queries, CONFIGS, prf_score, "prf")
    oof_scores = out_of_fold(queries, CONFIGS)
    moves = " ".join(f"{q['id']} {s:.3f}" for q, s in zip(queries, oof_scores, strict=True))
    print(f"out of fold {statistics.fmean(oof_scores):.4f}, per query: {moves}")
    if qfile:
        ours = categories(queries, [s33_offline.ndcg(q["hits"], q["total"]) for q in queries], qfile)
        bm = categories(queries, [s33_offline.ndcg(q["bm25"], q["total"]) for q in queries], qfile)
        oof = categories(queries, oof_scores, qfile)
        for cat in sorted(ours):
            print(
                f"| {cat} | {ours[cat]:.3f} | {oof[cat]:.3f} | {bm[cat]:.3f} | "
                f"{ours[cat] - bm[cat]:+.3f} | {oof[cat] - bm[cat]:+.3f} |"
            )


def out_of_fold(queries: list[dict[str, Any]], configs: Sequence[tuple]) -> list[float]:
    scores = [0.0] * len(queries)
    for fold in s33_offline.folds_of(queries):
        train = [i for i in range(len(queries)) if i not in fold]
        best = max(configs, key=lambda c: s33_offline.mean_ndcg(queries, train, c, prf_score))
        for i in fold:
            q = queries[i]
            scores[i] = s33_offline.ndcg(s33_offline.reorder(q, lambda h: prf_score(q, h, best)), q["total"])  # noqa: B023
    return scores


# The dev-best config of the grid (in sample); `aggregate` scores it and ours with means only.
DEV_BEST = (20, "uniform", "rm", 10, 0.1)


def aggregate(queries: list[dict[str, Any]], vectors: dict[str, Any]) -> None:
    """Means only (no per-query figure, text or category): the one reading of queries nobody tunes on."""
    prepare(queries, vectors, [CONFIGS[0], DEV_BEST])
    ours = statistics.fmean(s33_offline.ndcg(q["hits"], q["total"]) for q in queries)
    bm = statistics.fmean(s33_offline.ndcg(q["bm25"], q["total"]) for q in queries)
    best = statistics.fmean(s33_offline.per_query(queries, DEV_BEST, prf_score))
    print(f"queries {len(queries)}: ours {ours:.4f}, bm25 {bm:.4f}, prf {DEV_BEST} {best:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=("vectors", "grid", "aggregate"))
    parser.add_argument("windows", type=Path)
    parser.add_argument("vectors_file", type=Path, nargs="?")
    parser.add_argument("--alias", default="s34rel-an")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--queries", type=Path, help="the queries file, for the per-category table")
    args = parser.parse_args()
    if args.command == "vectors":
        windows = json.loads(args.windows.read_text())
        vectors = asyncio.run(fetch_vectors(windows, args.alias))
        (args.out or Path("vectors.json")).write_text(json.dumps(vectors))
        print(f"{len(vectors['tf'])} hits, {len(vectors['df'])} terms", file=sys.stderr)
        return
    queries = s33_offline.load(str(args.windows))
    vectors = json.loads(args.vectors_file.read_text())
    if args.command == "aggregate":
        aggregate(queries, vectors)
        return
    grid(queries, vectors, args.queries)


if __name__ == "__main__":
    main()
