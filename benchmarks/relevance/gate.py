"""Experiment (issue 17, session 13): fusion with a per-query agreement gate, the category guard.

    python -m benchmarks.relevance --queries ../shared/eval/dev_queries.json --no-rerank \
        --features-out /tmp/s13rel/feat_dev.jsonl --out /tmp/s13rel/rel_dev.json \
        --database rel12 --alias s13rel-check      (the same for the held-out queries)
    DATABASE_URL=postgresql+asyncpg://hr:hr@127.0.0.1:5432/rel12 INDEX_ALIAS=s13rel-enc \
        python -m indexer reindex                  (an index kept for BM25's top 100; the runs delete theirs)
    python -m benchmarks.relevance.gate --split dev --out /tmp/s13rel/gate_dev.json
    python -m benchmarks.relevance.gate --split holdout --configs "NAME;..."   # the dev choices only

Session 12's fusions (`fusion.py`: ours's window of 50 reordered with the MiniLM encoder's cosine, reciprocal
rank fusion, the hybrid with the encoder's nearest resumes, Rocchio feedback) each gain on the mean and each
leave a category more than 0.10 below plain BM25 on one split. A gate decides per query, from the rankings
alone (no label, no category), whether to trust the fusion:

  keep      the fusion F, unless its top 10 shares fewer than t of ours's top 10 (then ours): the encoder may
            reorder, not replace
  guard     F, unless its top 10 shares fewer than t with BM25's top 10; then F and BM25 fused by reciprocal
            rank (k 60, BM25 weight w): when the fusion strays far from the words of the query, pull it back
  vote      F, unless the encoder alone (its ranking of the pool by one view's cosine) agrees with BM25's
            top 10 more than with ours's by more than m; then F and BM25 fused as in guard: the third voice
            decides which of the two lexical rankings to lean on

Dev chooses among all gated configs and their bases, cross-validated by query (5 folds by position mod 5,
each fold ranked by the config best on the other four). Held-out is scored only for configs named on the
command line. Labels come from `bench_labels` (category = folder) for scoring only.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any

from benchmarks.relevance import fusion
from benchmarks.relevance.metrics import ndcg_at
from benchmarks.relevance.minilm_onnx import Encoder
from benchmarks.relevance.rerank import K, load
from benchmarks.relevance.word_window import cross_validate

# Session 12's dev choices per family (committed there before their held-out runs), and the two plain
# encoder windows; each is a base the gates guard.
BASES = (
    "window50:text128_1",
    "window50:titles_text_1",
    "rrf50:k60+bm25_0+titles_0.5",
    "rrf50:k30+bm25_0.25+titles_0.5",
    "hybrid:titles_text_1+bm25_0+knn20",
    "prf:prf10x1:titles_1",
)
TOP = 10
RRF_K = 60
KEEP_T = (0.3, 0.5, 0.7)
GUARD_T = (0.2, 0.3, 0.4, 0.5)
GUARD_W = (0.5, 1.0)
VOTE_M = (0.0, 0.1, 0.2)
VOTE_VIEWS = ("text128", "titles_text")


def agreement(a: list[str], b: list[str]) -> float:
    return len(set(a[:TOP]) & set(b[:TOP])) / TOP


def rrf(first: list[str], second: list[str], weight: float) -> list[str]:
    scores: dict[str, float] = {}
    for rank, c in enumerate(first):
        scores[c] = scores.get(c, 0.0) + 1 / (RRF_K + rank + 1)
    for rank, c in enumerate(second):
        scores[c] = scores.get(c, 0.0) + weight / (RRF_K + rank + 1)
    return sorted(scores, key=lambda c: (-scores[c], c))


def gated(query: dict[str, Any], configs: dict[str, dict[str, Any]], name: str) -> list[str]:
    """The ranking of a gated config (`keep|guard|vote(...)@base`) or of a fusion config."""
    if "@" not in name:
        return fusion.ranked(query, configs[name])
    gate, base = name.split("@", 1)
    fused = fusion.ranked(query, configs[base])
    ours = fusion.ranked(query, configs["ours"])
    bm25 = fusion.ranked(query, {"kind": "bm25"})
    kind, _, params = gate.partition(":")
    values = dict(p.split("=") for p in params.split(","))
    if kind == "keep":
        return fused if agreement(fused, ours) >= float(values["t"]) else ours
    if kind == "guard":
        if agreement(fused, bm25) >= float(values["t"]):
            return fused
        return rrf(fused, bm25, float(values["w"]))
    # vote: the encoder's ranking of the pool by one view
    pool = query["pool"]
    view = values["view"]
    encoder = sorted(pool, key=lambda c: -pool[c]["cos"][view])
    if agreement(encoder, bm25) > agreement(encoder, ours) + float(values["m"]):
        return rrf(fused, bm25, float(values["w"]))
    return fused


def gate_names() -> list[str]:
    names = list(BASES)
    for base in BASES:
        names += [f"keep:t={t}@{base}" for t in KEEP_T]
        names += [f"guard:t={t},w={w}@{base}" for t, w in itertools.product(GUARD_T, GUARD_W)]
        names += [
            f"vote:view={v},m={m},w={w}@{base}" for v, m, w in itertools.product(VOTE_VIEWS, VOTE_M, GUARD_W)
        ]
    return names


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.gate", description=__doc__)
    parser.add_argument("--split", choices=("dev", "holdout"), required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/s13rel"))
    parser.add_argument("--alias", default="s13rel-enc", help="an index of the same database (BM25's top)")
    parser.add_argument("--database", default="rel12")
    parser.add_argument("--configs", default="", help="holdout: the dev choices, split by ;")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    queries = load(args.work / f"feat_{args.split}.jsonl")
    run = json.loads((args.work / f"rel_{args.split}.json").read_text())["per_query"]
    labels = fusion.read_labels(args.database)
    encoders = {"minilm": (args.work / "cache", Encoder(args.work / "minilm.onnx", args.work / "model"))}
    fusion.pools(queries, fusion.bm25_top(args.alias, [q["text"] for q in queries]), encoders)
    configs = fusion.grid(["text128", "titles", "headline", "profile", "titles_text"], ["prf10x1:titles"])
    names = gate_names()
    if args.split == "holdout":
        names = [c for c in args.configs.split(";") if c]  # gate names hold commas
    per_query: dict[str, dict[str, float]] = {}
    for query in queries:
        wanted = set(query["relevant"])

        def score(order: list[str], wanted: set[str] = wanted, total: int = query["total"]) -> float:
            return ndcg_at([bool(labels.get(c, set()) & wanted) for c in order], total, K)

        row = {
            "ours": run[query["id"]]["ours"],
            "bm25": run[query["id"]]["bm25"],
            "ours_here": score(gated(query, configs, "ours")),
            "bm25_here": score(fusion.ranked(query, {"kind": "bm25"})),
        }
        row.update((name, score(gated(query, configs, name))) for name in names)
        per_query[query["id"]] = row
    mismatch = {
        q: (r["bm25"], r["bm25_here"], r["ours"], r["ours_here"])
        for q, r in per_query.items()
        if abs(r["bm25"] - r["bm25_here"]) > 1e-3 or abs(r["ours"] - r["ours_here"]) > 1e-3
    }
    result = fusion.split_summary(args.split, run, per_query, queries)
    result["mismatch"] = mismatch
    means = result["ndcg@10"]
    print(f"run: {result['run']}; re-read mismatches: {mismatch}")
    if args.split == "dev":
        gated_names = [n for n in names if "@" in n]
        result["cross_validated"] = {
            "all (bases and gates)": cross_validate(queries, per_query, ["ours", *names]),
            "gates only": cross_validate(queries, per_query, gated_names),
            "bases only": cross_validate(queries, per_query, ["ours", *BASES]),
            **{
                kind: cross_validate(queries, per_query, [n for n in gated_names if n.startswith(kind)])
                for kind in ("keep", "guard", "vote")
            },
        }
        for label, cv in result["cross_validated"].items():
            print(f"out of fold, {label}: {cv['ndcg@10']:.4f}")
            for fold in cv["folds"]:
                ids = ",".join(fold["queries"])
                print(f"   {ids}: {fold['chosen']} {fold['ours']:.3f} -> {fold['reordered']:.3f}")
        clean = [n for n in names if not result["below_bm25"][n]]
        result["best_without_category_loss"] = max(clean, key=lambda n: means[n]) if clean else None
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    for name, value in sorted(means.items(), key=lambda item: -item[1])[:40]:
        print(f"{name:64s} {value:.4f}  below: {result['below_bm25'].get(name, '-')}")
    if args.split == "dev":
        best = result["best_without_category_loss"]
        print(f"best with no category below -0.10: {best} {means.get(best, 0):.4f}")


if __name__ == "__main__":
    main()
