"""Train and measure the reranker (app/search/rerank.py) on the features a relevance run wrote.

    python -m benchmarks.relevance --queries ../shared/eval/dev_queries.json --no-rerank \\
        --features-out benchmarks/results/rerank_dev.jsonl --out benchmarks/results/relevance.json
    python -m benchmarks.relevance --queries benchmarks/relevance/holdout_queries.json --no-rerank \\
        --features-out benchmarks/results/rerank_holdout.jsonl --out benchmarks/results/relevance_holdout.json
    python -m benchmarks.relevance.rerank [--write-model]

Only the dev queries' judgments train anything. Their score is cross-validated by query: the dev queries
are split into FOLDS groups (by position in the file), each group is reranked by a model trained on the
other groups, and the folds are reported. The shipped model is then trained on every dev query and scored
once on the hold-out queries, whose judgments only measure it. BM25 and Postgres FTS per query come from
the relevance runs' JSON (same index, same run), so every row of the table is one evaluation.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np

from app.search import rerank
from benchmarks.relevance.metrics import ndcg_at

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"
K = 10
FOLDS = 5
# Small on purpose: 27 training queries. Chosen by the cross-validated dev score alone, from a grid of
# objective (lambdarank, rank_xendcg) x leaves (3, 7) x leaf minimum (20, 100) x rounds (20, 60, 150):
# every cell scored 0.70 to 0.77 against 0.767 for the engine's own order (benchmarks/README.md).
PARAMS: dict[str, Any] = {
    "objective": "rank_xendcg",
    "metric": "ndcg",
    "eval_at": [K],
    "lambdarank_truncation_level": 20,
    "num_leaves": 3,
    "min_data_in_leaf": 20,
    "learning_rate": 0.05,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "seed": 17,
    "deterministic": True,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 20


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def train(queries: list[dict[str, Any]], rounds: int = ROUNDS) -> lgb.Booster:
    rows = [hit["features"] for query in queries for hit in query["hits"]]
    labels = [hit["label"] for query in queries for hit in query["hits"]]
    data = lgb.Dataset(
        np.array(rows, dtype=float),
        label=np.array(labels),
        group=[len(query["hits"]) for query in queries],
        feature_name=list(rerank.FEATURES),
    )
    return lgb.train(PARAMS, data, num_boost_round=rounds)


def export(booster: lgb.Booster) -> dict[str, Any]:
    """LightGBM's trees in the array form `app.search.rerank.Tree` reads."""
    trees = []
    for info in booster.dump_model()["tree_info"]:
        tree: dict[str, list[Any]] = {k: [] for k in ("feature", "threshold", "left", "right", "internal")}
        leaves: dict[int, float] = {}

        def visit(
            node: dict[str, Any], tree: dict[str, list[Any]] = tree, leaves: dict[int, float] = leaves
        ) -> int:
            if "leaf_index" in node or "split_feature" not in node:
                index = node.get("leaf_index", 0)
                leaves[index] = node["leaf_value"]
                return ~index
            position = len(tree["feature"])
            tree["feature"].append(node["split_feature"])
            tree["threshold"].append(node["threshold"])
            tree["internal"].append(node["internal_value"])
            tree["left"].append(0)
            tree["right"].append(0)
            tree["left"][position] = visit(node["left_child"])
            tree["right"][position] = visit(node["right_child"])
            return position

        visit(info["tree_structure"])
        trees.append({**tree, "leaf": [leaves[i] for i in range(len(leaves))]})
    return {"features": list(rerank.FEATURES), "trees": trees}


def ndcg(query: dict[str, Any], order: list[int]) -> float:
    return ndcg_at([bool(query["hits"][i]["label"]) for i in order], query["total"], K)


def reranked(model: rerank.Model, query: dict[str, Any]) -> list[int]:
    scores = [model.score(hit["features"]) for hit in query["hits"]]
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def per_category(per_query: dict[str, dict[str, float]], queries: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean nDCG@10 per relevant category, and ours minus bm25 there."""
    groups: dict[str, list[str]] = {}
    for query in queries:
        for category in query["relevant"]:
            groups.setdefault(category, []).append(query["id"])
    out = {}
    for category, ids in sorted(groups.items()):
        means = {system: statistics.fmean(per_query[i][system] for i in ids) for system in per_query[ids[0]]}
        out[category] = {name: round(value, 4) for name, value in means.items()}
    return out


def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    dev = load(args.dev)
    holdout = load(args.holdout)
    baselines = {
        name: json.loads(path.read_text())["per_query"]
        for name, path in (("dev", args.dev_result), ("holdout", args.holdout_result))
        if path.exists()
    }
    folds = []
    dev_scores: dict[str, dict[str, float]] = {}
    for fold in range(FOLDS):
        test = [q for i, q in enumerate(dev) if i % FOLDS == fold]
        fitted = rerank.Model.from_json(export(train([q for i, q in enumerate(dev) if i % FOLDS != fold])))
        for query in test:
            dev_scores[query["id"]] = {
                "engine": ndcg(query, list(range(len(query["hits"])))),
                "reranked": ndcg(query, reranked(fitted, query)),
            }
        folds.append(
            {
                "fold": fold,
                "queries": [q["id"] for q in test],
                "engine": round(statistics.fmean(dev_scores[q["id"]]["engine"] for q in test), 4),
                "reranked": round(statistics.fmean(dev_scores[q["id"]]["reranked"] for q in test), 4),
            }
        )
    booster = train(dev)
    exported = export(booster)
    model = rerank.Model.from_json(exported)
    check = np.array([hit["features"] for hit in holdout[0]["hits"]], dtype=float)
    expected = booster.predict(check)
    drift = max(abs(a - model.score(row)) for a, row in zip(expected, check.tolist(), strict=True))
    holdout_scores = {
        query["id"]: {
            "engine": ndcg(query, list(range(len(query["hits"])))),
            "reranked": ndcg(query, reranked(model, query)),
        }
        for query in holdout
    }
    started = time.perf_counter()
    repeats = 20
    for _ in range(repeats):
        for query in holdout:
            reranked(model, query)
    model_ms = (time.perf_counter() - started) * 1000 / (repeats * len(holdout))
    result: dict[str, Any] = {"folds": folds, "params": PARAMS, "rounds": ROUNDS, "export_drift": drift}
    for name, scores, queries in (("dev", dev_scores, dev), ("holdout", holdout_scores, holdout)):
        peers = baselines.get(name, {})
        for qid, row in scores.items():
            for peer in ("bm25", "postgres_fts"):
                if qid in peers:
                    row[peer] = peers[qid][peer]
        systems = list(next(iter(scores.values())))
        summary = {s: round(statistics.fmean(row[s] for row in scores.values()), 4) for s in systems}
        categories = per_category(scores, queries)
        worst = {
            system: dict(
                zip(
                    ("minus_bm25", "category"),
                    min((round(c[system] - c["bm25"], 4), category) for category, c in categories.items()),
                    strict=True,
                )
            )
            for system in ("engine", "reranked")
            if "bm25" in systems
        }
        result[name] = {
            "ndcg@10": summary,
            "lift_over_bm25": {
                system: round(summary[system] / summary["bm25"] - 1, 4)
                for system in ("engine", "reranked")
                if "bm25" in summary
            },
            "worst_category_gap": worst,
            "per_category": categories,
            "per_query": {qid: {k: round(v, 4) for k, v in row.items()} for qid, row in scores.items()},
        }
    result["model_ms_per_query"] = round(model_ms, 3)
    result["importance"] = dict(
        sorted(
            zip(rerank.FEATURES, booster.feature_importance("gain").round(2).tolist(), strict=True),
            key=lambda item: -item[1],
        )
    )
    if args.write_model:
        rerank.MODEL_FILE.write_text(json.dumps(exported, separators=(",", ":")) + "\n")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.rerank", description=__doc__)
    parser.add_argument("--dev", type=Path, default=RESULTS / "rerank_dev.jsonl")
    parser.add_argument("--holdout", type=Path, default=RESULTS / "rerank_holdout.jsonl")
    parser.add_argument("--dev-result", type=Path, default=RESULTS / "relevance.json")
    parser.add_argument("--holdout-result", type=Path, default=RESULTS / "relevance_holdout.json")
    parser.add_argument("--out", type=Path, default=RESULTS / "rerank.json")
    parser.add_argument("--write-model", action="store_true", help=f"write {rerank.MODEL_FILE.name}")
    args = parser.parse_args()
    result = evaluate(args)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    for fold in result["folds"]:
        scores = f"engine {fold['engine']:.3f}, reranked {fold['reranked']:.3f}"
        print(f"fold {fold['fold']} {fold['queries']}: {scores}")
    for name in ("dev", "holdout"):
        part = result[name]
        print(name, part["ndcg@10"], "lift", part["lift_over_bm25"], "worst", part["worst_category_gap"])
    print("model ms/query", result["model_ms_per_query"], "export drift", result["export_drift"])
    print("gain", result["importance"])


if __name__ == "__main__":
    main()
