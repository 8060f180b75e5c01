"""Experiment (issue 17, session 9): our window reordered by MiniLM similarities, and the reranker with them.

    python -m benchmarks.relevance --queries ../shared/eval/dev_queries.json --no-rerank \
        --features-out /tmp/s9rel/feat_dev.jsonl --out /tmp/s9rel/rel_dev.json \
        --database rel17e --alias rel17e-run
    (the same for benchmarks/relevance/holdout_queries.json into feat_holdout / rel_holdout)
    python -m benchmarks.relevance.dense_encode ...   (vectors into /tmp/s9rel/cache)
    psql -At -c "select candidate_id||','||category from bench_labels" rel17e > /tmp/s9rel/labels.csv
    python -m benchmarks.relevance.dense_window --split dev            # the grid, dev only
    python -m benchmarks.relevance.dense_window --split holdout --configs NAME,...   # chosen ones only

Every query's window is the relevance run's top hits of `ours` (engine order, title feedback included),
with their labels; each hit gets the query's cosine with the resume's vectors: `text128` (first 128
tokens, session 8), `titles` (current and past titles), `c{S}max` / `c{S}mean` (best and mean over the
whole text's chunks of S tokens), `c{S}centroid` (the chunks' mean vector) and `c{S}first` (the first
chunk alone: `c128first` is `text128`). A window config reorders
the first WINDOW hits by engine score / the window's best + sum of lambda x cosine. The held-out split
is scored only for configs named on the command line, so the choice is made on dev alone.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.relevance.metrics import ndcg_at
from benchmarks.relevance.minilm_onnx import Encoder
from benchmarks.relevance.rerank import K, load, ndcg, per_category

WINDOW = 50
LAMBDAS = (0.5, 1.0, 1.5, 2.0, 3.0)


class Similarities:
    """The query's cosine with each resume's vectors, per signal, looked up by candidate id."""

    def __init__(self, cache: Path, encoder: Encoder) -> None:
        self.encoder = encoder
        self.row = {c: i for i, c in enumerate(json.loads((cache / "ids.json").read_text()))}
        self.vectors = {name: np.load(cache / f"{name}.npy") for name in ("text128", "titles")}
        self.chunks: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for size in (256, 128):
            if (cache / f"chunks{size}.npy").exists():
                chunks = np.load(cache / f"chunks{size}.npy")
                owner = np.load(cache / f"chunks{size}_owner.npy")
                starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
                centroid = np.add.reduceat(chunks, starts, axis=0)
                centroid /= np.linalg.norm(centroid, axis=1, keepdims=True)
                self.chunks[size] = (chunks, starts, centroid)

    def of(self, text: str) -> dict[str, np.ndarray]:
        """Per signal, the cosine of every resume (by row) with the query text (its first 64 tokens)."""
        q = self.encoder.encode([text], max_tokens=64)[0]
        out = {name: vectors @ q for name, vectors in self.vectors.items()}
        for size, (chunks, starts, centroid) in self.chunks.items():
            sims = chunks @ q
            counts = np.diff(np.r_[starts, len(sims)])
            out[f"c{size}max"] = np.maximum.reduceat(sims, starts)
            out[f"c{size}mean"] = np.add.reduceat(sims, starts) / counts
            out[f"c{size}centroid"] = centroid @ q
            out[f"c{size}first"] = sims[starts]
        return out


def attach(queries: list[dict[str, Any]], sims: Similarities) -> list[str]:
    """Each hit gets `sim`: {signal: cosine}; each query keeps every resume's (`corpus`, by row); returns
    the signals available."""
    names: list[str] = []
    for query in queries:
        cosines = sims.of(query["text"])
        query["corpus"] = cosines
        names = list(cosines)
        for hit in query["hits"]:
            row = sims.row[hit["candidate_id"]]
            hit["sim"] = {name: float(values[row]) for name, values in cosines.items()}
    return names


def engine_scores(query: dict[str, Any]) -> list[float]:
    """The engine score relative to the window's best (the reranker's first feature)."""
    return [hit["features"][0] for hit in query["hits"]]


def window_order(query: dict[str, Any], weights: dict[str, float], window: int = WINDOW) -> list[int]:
    hits = query["hits"][:window]
    relative = engine_scores(query)
    best = max(relative[: len(hits)], default=1.0) or 1.0
    scaled = {}
    for signal in weights:
        values = np.array([hit["sim"][signal.removeprefix("z:")] for hit in hits])
        if signal.startswith("z:"):  # standardised within the window: only the cosine's spread counts
            values = (values - values.mean()) / (values.std() + 1e-9)
        scaled[signal] = values
    scores = [
        relative[i] / best + sum(lam * scaled[s][i] for s, lam in weights.items()) for i in range(len(hits))
    ]
    return sorted(range(len(hits)), key=lambda i: (-scores[i], i))


def hybrid_ranked(
    query: dict[str, Any], ids: list[str], signal: str, lam: float, depth: int, outside: str
) -> list[str]:
    """The window joined by the DEPTH resumes nearest the query over the whole corpus (by `signal`), all
    ranked by relative engine score + lambda x cosine; a resume outside the window has no engine score:
    `outside` "zero" gives it 0, "floor" the window's lowest (the most it could have had)."""
    hits = query["hits"]
    relative = engine_scores(query)
    best = max(relative) or 1.0
    engine = {hit["candidate_id"]: relative[i] / best for i, hit in enumerate(hits)}
    floor = min(engine.values()) if outside == "floor" else 0.0
    cosine = query["corpus"][signal]
    row = {c: i for i, c in enumerate(ids)}
    pool = set(engine) | {ids[i] for i in np.argsort(-cosine)[:depth]}
    return sorted(pool, key=lambda c: (-(engine.get(c, floor) + lam * cosine[row[c]]), c))


def hybrid_configs() -> dict[str, tuple[str, float, int, str]]:
    return {
        f"hybrid_{signal}_{lam:g}_top{depth}_{outside}": (signal, lam, depth, outside)
        for signal, lam, depth, outside in itertools.product(
            ("text128", "titles", "c256max"), (0.5, 1.0, 1.5, 2.0), (20, 50), ("zero", "floor")
        )
    }


def hybrid_scores(
    queries: list[dict[str, Any]], labels: dict[str, set[str]], ids: list[str], names: list[str]
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for query in queries:
        wanted = set(query["relevant"])
        for name in names:
            ranked = hybrid_ranked(query, ids, *hybrid_configs()[name])[:K]
            relevant = [bool(labels.get(c, set()) & wanted) for c in ranked]
            out.setdefault(query["id"], {})[name] = ndcg_at(relevant, query["total"], K)
    return out


def configs(signals: list[str]) -> dict[str, dict[str, float]]:
    """The grid: each signal alone at each lambda, and a chunk signal plus titles."""
    grid: dict[str, dict[str, float]] = {"ours": {}}
    for signal, lam in itertools.product(signals, LAMBDAS):
        grid[f"{signal}_{lam:g}"] = {signal: lam}
    for chunk in [s for s in signals if s.startswith("c")] + ["text128"]:
        for a, b in itertools.product((0.5, 1.0, 1.5), (0.5, 1.0)):
            grid[f"{chunk}_{a:g}+titles_{b:g}"] = {chunk: a, "titles": b}
    for signal, lam in itertools.product(("text128", "titles", "c256max", "c128mean"), (0.05, 0.1, 0.2)):
        if signal in signals:
            grid[f"z:{signal}_{lam:g}"] = {f"z:{signal}": lam}
    if "c256max" in signals:
        for a, b in itertools.product((0.5, 1.0), (0.5, 1.0)):
            grid[f"c256max_{a:g}+c256mean_{b:g}"] = {"c256max": a, "c256mean": b}
    return grid


def below(categories: dict[str, dict[str, float]], system: str, gap: float = 0.10) -> dict[str, float]:
    """The categories where `system` is more than `gap` below bm25."""
    return {c: round(v[system] - v["bm25"], 3) for c, v in categories.items() if v[system] - v["bm25"] < -gap}


def score_split(
    queries: list[dict[str, Any]],
    baseline: dict[str, Any],
    grid: dict[str, dict[str, float]],
    hybrid: dict[str, dict[str, float]] | None = None,
) -> dict[str, Any]:
    per_query: dict[str, dict[str, float]] = {}
    for query in queries:
        row = {"bm25": baseline[query["id"]]["bm25"]}
        for name, weights in grid.items():
            row[name] = ndcg(query, window_order(query, weights))
        row.update((hybrid or {}).get(query["id"], {}))
        per_query[query["id"]] = row
    categories = per_category(per_query, queries)
    systems = list(next(iter(per_query.values())))
    return {
        "ndcg@10": {s: round(statistics.fmean(r[s] for r in per_query.values()), 4) for s in systems},
        "below_bm25": {s: below(categories, s) for s in systems if s != "bm25"},
        "per_category": categories,
        "per_query": {q: {s: round(v, 4) for s, v in r.items()} for q, r in per_query.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.dense_window", description=__doc__)
    parser.add_argument("--split", choices=("dev", "holdout"), required=True)
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/s9rel"), help="feat_*.jsonl, rel_*.json, labels.csv, cache/"
    )
    parser.add_argument("--model", type=Path, default=Path("/tmp/s9rel/model"))
    parser.add_argument("--configs", default="", help="holdout: the configs chosen on dev (comma-separated)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    queries = load(args.work / f"feat_{args.split}.jsonl")
    baseline = json.loads((args.work / f"rel_{args.split}.json").read_text())["per_query"]
    sims = Similarities(args.work / "cache", Encoder(args.work / "minilm.onnx", args.model))
    signals = attach(queries, sims)
    grid = configs(signals)
    hybrids = list(hybrid_configs())
    if args.split == "holdout":
        wanted = ["ours", *[c for c in args.configs.split(",") if c]]
        hybrids = [name for name in wanted if name in hybrid_configs()]
        grid = {name: grid[name] for name in wanted if name in grid}
    labels: dict[str, set[str]] = {}
    for line in (args.work / "labels.csv").read_text().splitlines():
        candidate, _, category = line.partition(",")
        labels.setdefault(candidate, set()).add(category)
    ids = json.loads((args.work / "cache" / "ids.json").read_text())
    result = score_split(queries, baseline, grid, hybrid_scores(queries, labels, ids, hybrids))
    result["weights"] = grid
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    ranked = sorted(result["ndcg@10"].items(), key=lambda item: -item[1])
    for name, value in ranked[:40]:
        print(f"{name:32s} {value:.4f}  below: {result['below_bm25'].get(name, '-')}")


if __name__ == "__main__":
    main()
