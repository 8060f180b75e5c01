"""Experiment (issue 17, session 16): the body's clause weights learned by coordinate ascent on nDCG@10.

skills_match's score is a sum of named clauses: the text's word-by-word clauses per field (current title,
summary, resume text, the skills field), the past jobs' text, the adjacent-word phrases, the skills the query
names, and the title feedback on the current and the past titles. `--features-out` writes each query's top
100 with those nine sums (`app.search.rerank.FEATURES`; their total is the engine's score, checked below).
Multiplying a group by w is the same as multiplying its clauses' boosts by w, so a weight vector found here
is a change of the body's constants, not a model. Earlier sessions moved one constant at a time by hand
(`TITLE_BOOST`, `PHRASE_BOOST`, ..., before and after title feedback) or fitted trees (LightGBM) over these
and other features; none searched the nine weights together on nDCG directly.

Coordinate ascent (Metzler and Croft's, as RankLib's): from every weight at 1 (ours), each group in turn
takes the value of `GRID` that gives the best mean nDCG@10 over the training queries (a change needs
`MIN_GAIN`; ties keep the weight), until a round changes nothing or `ROUNDS` have run. The window is
reordered by the weighted sum (ties in the engine's order). Cross-validated by query: 5 folds by position
mod 5 (the folds of every earlier session) and leave-one-query-out. The weights for held-out are those fitted
on all dev queries.

    python -m benchmarks.relevance.clause_weights --features FEAT_dev.jsonl --run RUN_dev.json \
        --out weights.json                                   # dev: in sample, out of fold, the weights
    python -m benchmarks.relevance.clause_weights --features FEAT_holdout.jsonl --run RUN_holdout.json \
        --weights weights.json --aggregate                   # held-out: means and categories only
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

import numpy as np

from app.search.rerank import FEATURES
from benchmarks.relevance import bm25_safety
from benchmarks.relevance.metrics import ndcg_at
from benchmarks.relevance.rerank import K, load

GROUPS = (
    "title",
    "summary",
    "resume_text",
    "skills_field",
    "experience_text",
    "phrases",
    "asked_skills",
    "feedback_title",
    "feedback_past",
)
GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
ROUNDS = 5
MIN_GAIN = 1e-4
FOLDS = 5
NAME = "clause_weights"


class Window:
    """One query's window as arrays: the nine group scores per hit, labels, the relevant total."""

    def __init__(self, query: dict[str, Any]) -> None:
        columns = [FEATURES.index(g) for g in GROUPS]
        self.id = query["id"]
        self.groups = np.array([[hit["features"][c] for c in columns] for hit in query["hits"]], dtype=float)
        self.labels = [bool(hit["label"]) for hit in query["hits"]]
        self.total = query["total"]
        relative = np.array([hit["features"][FEATURES.index("score_relative")] for hit in query["hits"]])
        sums = self.groups.sum(axis=1)
        # The groups add up to the engine's score: their relative sums equal its relative score.
        self.residual = float(np.max(np.abs(sums / sums.max() - relative))) if len(sums) else 0.0

    def ndcg(self, weights: np.ndarray) -> float:
        scores = self.groups @ weights
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        return ndcg_at([self.labels[i] for i in order], self.total, K)


def mean(windows: list[Window], weights: np.ndarray) -> float:
    return statistics.fmean(w.ndcg(weights) for w in windows)


def ascend(windows: list[Window]) -> np.ndarray:
    weights = np.ones(len(GROUPS))
    best = mean(windows, weights)
    for _ in range(ROUNDS):
        changed = False
        for g in range(len(GROUPS)):
            for value in GRID:
                trial = weights.copy()
                trial[g] = value
                score = mean(windows, trial)
                if score > best + MIN_GAIN:
                    best, weights, changed = score, trial, True
        if not changed:
            break
    return weights


def out_of_fold(
    windows: list[Window], folds: list[list[int]]
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    scores: dict[str, float] = {}
    report = []
    for fold in folds:
        test = [windows[i] for i in fold]
        weights = ascend([w for i, w in enumerate(windows) if i not in fold])
        for w in test:
            scores[w.id] = w.ndcg(weights)
        report.append(
            {
                "queries": [w.id for w in test],
                "ours": round(mean(test, np.ones(len(GROUPS))), 4),
                "fitted": round(statistics.fmean(scores[w.id] for w in test), 4),
                "weights": dict(zip(GROUPS, weights.tolist(), strict=True)),
            }
        )
    return scores, report


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance.clause_weights", description=__doc__
    )
    parser.add_argument("--features", type=Path, required=True, help="the run's --features-out file")
    parser.add_argument(
        "--run", type=Path, required=True, help="the same run's JSON (ours, bm25, ... per query)"
    )
    parser.add_argument("--weights", type=Path, help="held-out: the weights fitted on dev")
    parser.add_argument("--out", type=Path, help="dev: where the fitted weights and the folds go")
    parser.add_argument("--aggregate", action="store_true", help="held-out: means and categories only")
    args = parser.parse_args()
    windows = [Window(q) for q in load(args.features)]
    per_query = json.loads(args.run.read_text())["per_query"]
    ones = np.ones(len(GROUPS))
    mismatch = [w.id for w in windows if abs(w.ndcg(ones) - per_query[w.id]["ours"]) > 1e-3]
    print(
        f"largest residual of the groups' sum: {max(w.residual for w in windows):.2e}; "
        f"ours mismatches: {mismatch}"
    )
    if args.weights:
        weights = np.array([json.loads(args.weights.read_text())["weights"][g] for g in GROUPS])
    else:
        weights = ascend(windows)
        n = len(windows)
        five, five_folds = out_of_fold(
            windows, [[i for i in range(n) if i % FOLDS == f] for f in range(FOLDS)]
        )
        loo, _ = out_of_fold(windows, [[i] for i in range(n)])
        print(f"fitted on all {n}: {dict(zip(GROUPS, weights.tolist(), strict=True))}")
        print(f"in sample {mean(windows, weights):.4f}, ours {mean(windows, ones):.4f}")
        print(f"out of fold, 5 folds: {statistics.fmean(five.values()):.4f}")
        for part in five_folds:
            print(f"  {' '.join(part['queries'])}: {part['ours']} -> {part['fitted']} {part['weights']}")
        print(f"out of fold, leave one query out: {statistics.fmean(loo.values()):.4f}")
        for w in windows:
            per_query[w.id]["clause_weights_5fold"] = five[w.id]
            per_query[w.id]["clause_weights_loqo"] = loo[w.id]
        if args.out:
            fitted = {"weights": dict(zip(GROUPS, weights.tolist(), strict=True)), "folds": five_folds}
            args.out.write_text(json.dumps(fitted, indent=1) + "\n")
    for w in windows:
        per_query[w.id][NAME] = w.ndcg(weights)
    names = [NAME] if args.aggregate else [NAME, "clause_weights_5fold", "clause_weights_loqo"]
    if not args.aggregate:
        for w in windows:
            moved = per_query[w.id][NAME] - per_query[w.id]["ours"]
            if abs(moved) >= 0.005:
                print(f"  {w.id} {moved:+.3f}")
    print(bm25_safety.categories(per_query, names))


if __name__ == "__main__":
    main()
