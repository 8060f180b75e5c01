"""Experiment (issue 17, session 11): our window reordered by word vectors learned from job postings.

    python -m benchmarks.relevance --queries ../shared/eval/dev_queries.json --no-rerank \
        --features-out /tmp/s11rel/feat_dev.jsonl --out /tmp/s11rel/rel_dev.json \
        --database rel11 --alias rel11-run
    (the same for benchmarks/relevance/holdout_queries.json into feat_holdout / rel_holdout)
    python -m benchmarks.relevance.build_word_vectors --out /tmp/s11rel/wv_post.npz         (postings)
    python -m benchmarks.relevance.build_word_vectors --onet --out /tmp/s11rel/wv_onet.npz  (+ O*NET)
    python -m benchmarks.relevance.word_window --split dev --database rel11
    python -m benchmarks.relevance.word_window --split holdout --database rel11 --configs NAME,...
    python -m benchmarks.relevance.word_window --split dev --models onet --minilm   (session 9's encoder too:
        minilm.onnx, model/ and cache/ from minilm_onnx and dense_encode in --work)

Each query's window is the relevance run's top hits of `ours` (engine order, title feedback included).
A hit's headline is its current title, its past job titles and the first N words of its resume text
(read from the labelled database, as the indexer's document has them); its similarity is the cosine of
the headline's vector with the query's (`benchmarks.relevance.word_vectors`). A config reorders the window by
engine score / the window's best + lambda x cosine. Dev is scored for the whole grid and cross-validated
by query (5 folds by position: each fold reordered by the config best on the other four); the held-out
split only for the configs named on the command line, so the choice is made on dev alone.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
from pathlib import Path
from typing import Any

import asyncpg

from app.settings import Settings
from benchmarks.corpus.database import plain_url
from benchmarks.relevance.rerank import FOLDS, load, ndcg, per_category
from benchmarks.relevance.word_vectors import WordVectors

WINDOW = 50
LAMBDAS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0)
FIRST_WORDS = (0, 25, 50, 100)
Z_LAMBDAS = (0.05, 0.1, 0.2)

_HEADLINES = """
SELECT c.id::text AS candidate_id, c.current_title,
       (SELECT array_agg(w.title ORDER BY w.position, w.id) FROM work_experience w
         WHERE w.candidate_id = c.id AND w.title IS NOT NULL) AS titles,
       (SELECT r.extracted_text FROM resumes r WHERE r.candidate_id = c.id AND r.parsing_status = 'completed'
         ORDER BY r.created_at DESC LIMIT 1) AS text
FROM candidates c
"""


async def read_profiles(database: str) -> dict[str, dict[str, Any]]:
    server = plain_url(Settings().database_url).rsplit("/", 1)[0]
    connection = await asyncpg.connect(f"{server}/{database}")
    try:
        rows = await connection.fetch(_HEADLINES)
    finally:
        await connection.close()
    return {row["candidate_id"]: dict(row) for row in rows}


def headline(profile: dict[str, Any], first_words: int, titles: bool = True) -> str:
    parts = []
    if titles:
        parts += [profile["current_title"] or "", *(profile["titles"] or [])]
    if first_words:
        parts.append(" ".join((profile["text"] or "").split()[:first_words]))
    return "\n".join(parts)


def attach(
    queries: list[dict[str, Any]], profiles: dict[str, dict[str, Any]], models: dict[str, Path]
) -> None:
    """Each hit gets `sim`: {signal: cosine}, signal = model/headline."""
    for model_name, path in models.items():
        model = WordVectors.load(path)
        for query in queries:
            hits = query["hits"][:WINDOW]
            for first, titles in [(n, True) for n in FIRST_WORDS] + [(50, False), (100, False)]:
                signal = f"{model_name}/{'titles+' if titles else ''}first{first}"
                texts = [headline(profiles[hit["candidate_id"]], first, titles) for hit in hits]
                for hit, value in zip(hits, model.similarities(query["text"], texts), strict=True):
                    hit.setdefault("sim", {})[signal] = value


def attach_minilm(queries: list[dict[str, Any]], work: Path) -> None:
    """Each hit also gets session 9's MiniLM cosines (`minilm/text128`, `minilm/titles`), from the vectors
    `benchmarks.relevance.dense_encode` wrote into WORK/cache and the query encoded the same way."""
    import numpy as np

    from benchmarks.relevance.minilm_onnx import Encoder

    encoder = Encoder(work / "minilm.onnx", work / "model")
    row = {c: i for i, c in enumerate(json.loads((work / "cache" / "ids.json").read_text()))}
    vectors = {name: np.load(work / "cache" / f"{name}.npy") for name in ("text128", "titles")}
    for query in queries:
        q = encoder.encode([query["text"]], max_tokens=64)[0]
        for hit in query["hits"][:WINDOW]:
            for name, matrix in vectors.items():
                hit["sim"][f"minilm/{name}"] = float(matrix[row[hit["candidate_id"]]] @ q)


def combined(signals: list[str]) -> dict[str, dict[str, float]]:
    """MiniLM's first 128 tokens (session 9's window) alone and with an O*NET-vector headline."""
    configs: dict[str, dict[str, float]] = {}
    for a in (0.5, 1.0, 1.5):
        configs[f"minilm/text128@{a:g}"] = {"minilm/text128": a}
        for other, b in itertools.product(("onet/first50", "onet/titles+first0"), (0.25, 0.5)):
            if other in signals:
                configs[f"minilm/text128@{a:g}&{other}@{b:g}"] = {"minilm/text128": a, other: b}
    return configs


def window_order(query: dict[str, Any], weights: dict[str, float]) -> list[int]:
    hits = query["hits"][:WINDOW]
    relative = [hit["features"][0] for hit in hits]
    best = max(relative) or 1.0
    scaled = {}
    for signal in weights:
        values = [hit["sim"][signal.removeprefix("z:")] for hit in hits]
        if signal.startswith("z:"):  # standardised within the window: only the cosine's spread counts
            mean, spread = statistics.fmean(values), statistics.pstdev(values) + 1e-9
            values = [(v - mean) / spread for v in values]
        scaled[signal] = values
    scores = [
        relative[i] / best + sum(lam * scaled[s][i] for s, lam in weights.items()) for i in range(len(hits))
    ]
    return sorted(range(len(hits)), key=lambda i: (-scores[i], i))


def grid(signals: list[str]) -> dict[str, dict[str, float]]:
    configs: dict[str, dict[str, float]] = {"ours": {}}
    for signal, lam in itertools.product(signals, LAMBDAS):
        configs[f"{signal}@{lam:g}"] = {signal: lam}
    for signal, lam in itertools.product(signals, Z_LAMBDAS):
        configs[f"z:{signal}@{lam:g}"] = {f"z:{signal}": lam}
    for model in sorted({s.split("/")[0] for s in signals}):
        for a, b in itertools.product((0.25, 0.5), (0.25, 0.5)):
            configs[f"{model}/titles+first0@{a:g}&first50@{b:g}"] = {
                f"{model}/titles+first0": a,
                f"{model}/first50": b,
            }
    return configs


def below(categories: dict[str, dict[str, float]], system: str, gap: float = 0.10) -> dict[str, float]:
    return {c: round(v[system] - v["bm25"], 3) for c, v in categories.items() if v[system] - v["bm25"] < -gap}


def worst(categories: dict[str, dict[str, float]], system: str) -> tuple[str, float]:
    name = min(categories, key=lambda c: categories[c][system] - categories[c]["bm25"])
    return name, round(categories[name][system] - categories[name]["bm25"], 3)


def cross_validate(
    queries: list[dict[str, Any]], per_query: dict[str, dict[str, float]], names: list[str]
) -> dict:
    """Each fold reordered by the config with the best mean on the other folds (ties: the first named)."""
    folds = [[q["id"] for i, q in enumerate(queries) if i % FOLDS == f] for f in range(FOLDS)]
    out_of_fold: dict[str, float] = {}
    report = []
    for fold in folds:
        train = [q for q in per_query if q not in fold]
        chosen = max(names, key=lambda n: statistics.fmean(per_query[q][n] for q in train))
        for q in fold:
            out_of_fold[q] = per_query[q][chosen]
        report.append(
            {
                "queries": fold,
                "chosen": chosen,
                "ours": round(statistics.fmean(per_query[q]["ours"] for q in fold), 4),
                "reordered": round(statistics.fmean(per_query[q][chosen] for q in fold), 4),
            }
        )
    return {
        "ndcg@10": round(statistics.fmean(out_of_fold.values()), 4),
        "folds": report,
        "per_query": out_of_fold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.word_window", description=__doc__)
    parser.add_argument("--split", choices=("dev", "holdout"), required=True)
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/s11rel"), help="feat_*.jsonl, rel_*.json, wv_*.npz"
    )
    parser.add_argument("--database", default="rel11")
    parser.add_argument("--models", default="post,onet,onetdoc", help="wv_NAME.npz files in --work")
    parser.add_argument("--configs", default="", help="holdout: the configs chosen on dev (comma-separated)")
    parser.add_argument("--minilm", action="store_true", help="the grid of MiniLM + word-vector windows")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    queries = load(args.work / f"feat_{args.split}.jsonl")
    baseline = json.loads((args.work / f"rel_{args.split}.json").read_text())["per_query"]
    profiles = asyncio.run(read_profiles(args.database))
    attach(queries, profiles, {name: args.work / f"wv_{name}.npz" for name in args.models.split(",")})
    configs = grid(sorted(queries[0]["hits"][0]["sim"]))
    if args.minilm:
        attach_minilm(queries, args.work)
        configs = {"ours": {}, **combined(sorted(queries[0]["hits"][0]["sim"]))}
    if args.split == "holdout":
        configs = {name: configs[name] for name in ["ours", *[c for c in args.configs.split(",") if c]]}
    per_query = {
        q["id"]: {
            "bm25": baseline[q["id"]]["bm25"],
            **{n: ndcg(q, window_order(q, w)) for n, w in configs.items()},
        }
        for q in queries
    }
    categories = per_category(per_query, queries)
    means = {
        s: round(statistics.fmean(r[s] for r in per_query.values()), 4)
        for s in next(iter(per_query.values()))
    }
    result: dict[str, Any] = {
        "ndcg@10": means,
        "below_bm25": {s: below(categories, s) for s in means if s != "bm25"},
        "worst": {s: worst(categories, s) for s in means if s != "bm25"},
        "per_category": categories,
        "per_query": {q: {s: round(v, 4) for s, v in r.items()} for q, r in per_query.items()},
    }
    if args.split == "dev":
        result["cross_validated"] = cross_validate(queries, per_query, [n for n in configs if n != "ours"])
        cv = result["cross_validated"]
        print(f"out of fold: {cv['ndcg@10']:.4f}")
        for fold in cv["folds"]:
            queries_of = ",".join(fold["queries"])
            print(f"  {queries_of}: {fold['chosen']} {fold['ours']:.3f} -> {fold['reordered']:.3f}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"bm25 {means['bm25']:.4f}")
    for name, value in sorted(means.items(), key=lambda item: -item[1])[:40]:
        if name != "bm25":
            print(
                f"{name:36s} {value:.4f}  worst {result['worst'][name]}  below: {result['below_bm25'][name]}"
            )


if __name__ == "__main__":
    main()
