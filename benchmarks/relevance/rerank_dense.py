"""Experiment (issue 17, session 9): the learned reranker with MiniLM similarities among its features.

    python -m benchmarks.relevance.rerank_dense --split dev                     # grid, out-of-fold dev
    python -m benchmarks.relevance.rerank_dense --split holdout --configs NAME  # chosen on dev, fit on dev

The rows are `benchmarks.relevance.rerank`'s (the relevance run's `--features-out`, 17 engine features
per hit, labels from the dev judgments only) plus the query's cosine with the resume (`dense_window`'s
signals). Dev is cross-validated by query exactly as `rerank.py` does it (FOLDS groups by position in the
file; each group reranked by a model trained on the others); the config is chosen on the out-of-fold dev
score; the held-out queries are scored only for the configs named, by a model trained on every dev query.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np

from app.search import rerank
from benchmarks.relevance.dense_window import (
    WINDOW,
    Similarities,
    attach,
    below,
    window_order,
)
from benchmarks.relevance.dense_window import configs as window_configs
from benchmarks.relevance.minilm_onnx import Encoder
from benchmarks.relevance.rerank import FOLDS, PARAMS, load, ndcg, per_category

FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "engine": (),
    "engine+text128": ("text128",),
    "engine+c256": ("c256max", "c256mean"),
    "engine+all": ("text128", "titles", "c256max", "c256mean", "c128max", "c128mean"),
}


def rows(query: dict[str, Any], extra: tuple[str, ...], window: int) -> np.ndarray:
    return np.array(
        [hit["features"] + [hit["sim"][s] for s in extra] for hit in query["hits"][:window]], dtype=float
    )


def train(queries: list[dict[str, Any]], config: dict[str, Any]) -> lgb.Booster:
    extra, window = FEATURE_SETS[config["features"]], config["window"]
    data = lgb.Dataset(
        np.vstack([rows(q, extra, window) for q in queries]),
        label=np.array([hit["label"] for q in queries for hit in q["hits"][:window]]),
        group=[len(q["hits"][:window]) for q in queries],
        feature_name=[*rerank.FEATURES, *extra],
    )
    params = {**PARAMS, "objective": config["objective"], "num_leaves": config["leaves"]}
    return lgb.train(params, data, num_boost_round=config["rounds"])


def order(booster: lgb.Booster, query: dict[str, Any], config: dict[str, Any]) -> list[int]:
    scores = booster.predict(rows(query, FEATURE_SETS[config["features"]], config["window"]))
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


LINEAR_SETS: dict[str, tuple[str, ...]] = {
    "linear:engine+text128": ("text128",),
    "linear:engine+text128+titles": ("text128", "titles"),
    "linear:engine+c256": ("c256max", "c256mean"),
    "linear:engine+all": ("text128", "titles", "c256max", "c256mean", "c128max", "c128mean"),
}


def linear_rows(query: dict[str, Any], extra: tuple[str, ...]) -> np.ndarray:
    """The engine's relative score and the cosines: the inputs of `window_order`, weights learned."""
    return np.array([[hit["features"][0], *(hit["sim"][s] for s in extra)] for hit in query["hits"]])


def fit_linear(queries: list[dict[str, Any]], extra: tuple[str, ...], l2: float) -> np.ndarray:
    """Logistic regression (pointwise, L2, plain gradient descent) on standardised inputs; returns the weights
    in the raw inputs' units (so only the order they give matters)."""
    x = np.vstack([linear_rows(q, extra) for q in queries])
    y = np.array([hit["label"] for q in queries for hit in q["hits"]], dtype=float)
    mean, std = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / std
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(2000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.5 * (z.T @ (p - y) / len(y) + l2 * w)
        b -= 0.5 * float((p - y).mean())
    return w / std


def linear_order(query: dict[str, Any], extra: tuple[str, ...], weights: np.ndarray) -> list[int]:
    scores = linear_rows(query, extra) @ weights
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def linear_cross_validated(dev: list[dict[str, Any]], extra: tuple[str, ...], l2: float) -> dict[str, float]:
    scores = {}
    for fold in range(FOLDS):
        weights = fit_linear([q for i, q in enumerate(dev) if i % FOLDS != fold], extra, l2)
        for query in [q for i, q in enumerate(dev) if i % FOLDS == fold]:
            scores[query["id"]] = ndcg(query, linear_order(query, extra, weights))
    return scores


def window_choice_cross_validated(dev: list[dict[str, Any]]) -> tuple[dict[str, float], list[str]]:
    """`dense_window`'s grid with its choice made inside the folds: each fold is reordered by the config
    that scored best on the other folds (how much of the grid's best is the choice fitting dev)."""
    grid = window_configs(list(dev[0]["hits"][0]["sim"]))
    scores, chosen = {}, []
    for fold in range(FOLDS):
        train = [q for i, q in enumerate(dev) if i % FOLDS != fold]
        best = max(
            grid, key=lambda n: (statistics.fmean(ndcg(q, window_order(q, grid[n])) for q in train), n)
        )
        chosen.append(best)
        for query in [q for i, q in enumerate(dev) if i % FOLDS == fold]:
            scores[query["id"]] = ndcg(query, window_order(query, grid[best]))
    return scores, chosen


def grid() -> dict[str, dict[str, Any]]:
    out = {}
    for features, objective, leaves, rounds, window in itertools.product(
        FEATURE_SETS, ("lambdarank", "rank_xendcg"), (3, 7), (20, 60, 150), (WINDOW,)
    ):
        name = f"{features}|{objective}|l{leaves}|r{rounds}|w{window}"
        out[name] = {
            "features": features,
            "objective": objective,
            "leaves": leaves,
            "rounds": rounds,
            "window": window,
        }
    return out


def cross_validated(
    dev: list[dict[str, Any]], config: dict[str, Any]
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    scores: dict[str, float] = {}
    folds = []
    for fold in range(FOLDS):
        test = [q for i, q in enumerate(dev) if i % FOLDS == fold]
        booster = train([q for i, q in enumerate(dev) if i % FOLDS != fold], config)
        for query in test:
            scores[query["id"]] = ndcg(query, order(booster, query, config))
        folds.append(
            {
                "fold": fold,
                "queries": [q["id"] for q in test],
                "engine": round(statistics.fmean(ndcg(q, list(range(len(q["hits"])))) for q in test), 4),
                "reranked": round(statistics.fmean(scores[q["id"]] for q in test), 4),
            }
        )
    return scores, folds


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.rerank_dense", description=__doc__)
    parser.add_argument("--split", choices=("dev", "holdout"), required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/s9rel"))
    parser.add_argument("--model", type=Path, default=Path("/tmp/s9rel/model"))
    parser.add_argument(
        "--configs", default="", help="holdout: the configs chosen on dev ('|'-joined names, comma-separated)"
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    encoder = Encoder(args.work / "minilm.onnx", args.model)
    sims = Similarities(args.work / "cache", encoder)
    dev = load(args.work / "feat_dev.jsonl")
    attach(dev, sims)
    configs = grid()
    result: dict[str, Any] = {"params": PARAMS, "folds_by": f"query position mod {FOLDS}"}
    if args.split == "dev":
        baseline = json.loads((args.work / "rel_dev.json").read_text())["per_query"]
        summary: dict[str, float] = {}
        details: dict[str, dict[str, Any]] = {}
        for name, config in configs.items():
            scores, folds = cross_validated(dev, config)
            summary[name] = round(statistics.fmean(scores.values()), 4)
            details[name] = {"folds": folds, "per_query": scores}
        best = sorted(summary.items(), key=lambda item: -item[1])
        for name, value in best[:25]:
            per_query = {
                q["id"]: {"bm25": baseline[q["id"]]["bm25"], "reranked": details[name]["per_query"][q["id"]]}
                for q in dev
            }
            print(f"{name:48s} {value:.4f} below: {below(per_category(per_query, dev), 'reranked')}")
        for name, extra in LINEAR_SETS.items():
            for l2 in (0.001, 0.01, 0.1):
                scores = linear_cross_validated(dev, extra, l2)
                summary[f"{name}|l2 {l2:g}"] = round(statistics.fmean(scores.values()), 4)
                details[f"{name}|l2 {l2:g}"] = {"per_query": scores}
                print(f"{name}|l2 {l2:g}: out-of-fold dev {summary[f'{name}|l2 {l2:g}']:.4f}")
        scores, chosen = window_choice_cross_validated(dev)
        summary["window_choice_in_folds"] = round(statistics.fmean(scores.values()), 4)
        details["window_choice_in_folds"] = {"per_query": scores, "chosen_per_fold": chosen}
        print(
            f"window grid, choice made in the folds: {summary['window_choice_in_folds']:.4f} chosen {chosen}"
        )
        for features in FEATURE_SETS:
            values = [v for n, v in summary.items() if n.startswith(features + "|")]
            print(
                f"{features}: {len(values)} configs, out-of-fold dev {min(values):.4f} to {max(values):.4f},"
                f" median {statistics.median(values):.4f}"
            )
        result.update(out_of_fold=summary, details=details)
    else:
        holdout = load(args.work / "feat_holdout.jsonl")
        attach(holdout, sims)
        baseline = json.loads((args.work / "rel_holdout.json").read_text())["per_query"]
        for name in [c for c in args.configs.split(",") if c]:
            if name.startswith("linear:"):
                set_name, _, l2 = name.partition("|l2 ")
                extra = LINEAR_SETS[set_name]
                weights = fit_linear(dev, extra, float(l2))
                ranked = {q["id"]: ndcg(q, linear_order(q, extra, weights)) for q in holdout}
                gain = dict(zip(("score_relative", *extra), weights.round(3).tolist(), strict=True))
            else:
                config = configs[name]
                booster = train(dev, config)
                ranked = {q["id"]: ndcg(q, order(booster, q, config)) for q in holdout}
                gain = dict(
                    zip(
                        booster.feature_name(),
                        booster.feature_importance("gain").round(1).tolist(),
                        strict=True,
                    )
                )
            per_query = {
                q["id"]: {"bm25": baseline[q["id"]]["bm25"], "reranked": ranked[q["id"]]} for q in holdout
            }
            mean = round(statistics.fmean(r["reranked"] for r in per_query.values()), 4)
            gaps = below(per_category(per_query, holdout), "reranked")
            print(f"{name}: held-out {mean:.4f} below: {gaps}")
            result[name] = {"holdout": mean, "below_bm25": gaps, "per_query": per_query, "gain": gain}
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
