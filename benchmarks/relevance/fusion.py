"""Experiment (issue 17, session 12): ours fused with the sentence encoder and with plain BM25's ranking.

    python -m benchmarks.relevance --queries ../shared/eval/dev_queries.json --no-rerank \
        --features-out /tmp/s12rel/feat_dev.jsonl --out /tmp/s12rel/rel_dev.json \
        --database rel12 --alias rel12-run
    (the same for benchmarks/relevance/holdout_queries.json into feat_holdout / rel_holdout)
    python -m benchmarks.relevance.encode_views ...          (vectors into /tmp/s12rel/cache)
    python -m benchmarks.relevance.fusion --split dev        # every family's grid, folds, dev only
    python -m benchmarks.relevance.fusion --split holdout --configs NAME,...   # the dev choices only

Per query the pool is ours's window (the relevance run's top hits of `ours`, engine order, title feedback
included) joined by plain BM25's top `BM25_DEPTH` over the resume text (the run's `bm25` body, read again from
the alias; its top 10 is checked against the run's bm25 score). Each resume in the pool has: ours's engine
score relative to the window's best (0 outside the window), BM25's score relative to its best (0 outside its
top), and the query's MiniLM cosine with each view of the resume (`encode_views`). Families:

  window     ours's window of W reordered by engine + lambda x cosine (session 9's family; no BM25)
  score      engine + lambda x cosine + mu x BM25 over the pool (normalised-score fusion)
  hybrid     score fusion over the pool joined by the KNN_DEPTH resumes nearest the query over the whole
             corpus by one view's cosine (engine score outside the window: the window's lowest); or by two
             views (session 24b: MiniLM's and bge's), each with half the lambda and its KNN_DEPTH / 2 nearest
  prf        the window family with the query vector moved toward ours's top m hits (Rocchio feedback in
             the encoder's space, MiniLM)
  rrf        reciprocal-rank fusion: sum of w / (k + rank) over ours's rank, BM25's rank and the encoder's
             rank within the pool (a system that does not rank a resume adds nothing)

With `--e5 DIR` / `--bge DIR` a second encoder's views join as `e5_<view>` / `bge_<view>` (session 24: the
query gets bge's instruction, the resumes no prefix; `--spread` prints each view's cosine spread within the
window and scores nothing, to scale that encoder's lambdas without a label).

Dev chooses, and is cross-validated by query (5 folds by position mod 5, each fold ranked by the config
best on the other four, per family and over all families). Held-out is scored only for configs named
on the command line. Labels come from `bench_labels` (category = folder) for scoring only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
from opensearchpy import OpenSearch

from benchmarks.relevance import variants
from benchmarks.relevance.bge_onnx import QUERY_INSTRUCTION, BgeEncoder
from benchmarks.relevance.e5_onnx import E5Encoder
from benchmarks.relevance.metrics import ndcg_at
from benchmarks.relevance.minilm_onnx import Encoder
from benchmarks.relevance.rerank import K, load, per_category
from benchmarks.relevance.word_window import below, cross_validate

BM25_DEPTH = 100
KNN_DEPTH = 20  # hybrid: the resumes nearest the query over the whole corpus join the pool (session 9: 20)
# e5's cosines spread 4.5x less than MiniLM's within a window (mean standard deviation over the dev windows
# 0.024 against 0.108, labels not read), so its lambdas are MiniLM's times this, to weigh alike.
E5_SCALE = 4.5
# bge-small-en-v1.5's lambdas likewise: MiniLM's times the ratio of MiniLM's to bge's within-window spread of
# the titles_text cosine (session 24, `--spread` on the dev windows of s24bge, no label read: 0.1008 against
# 0.0519, 1.94, rounded to one decimal).
BGE_SCALE = 1.9
PRF_VIEWS = ("text128", "titles_text", "titles")
PRF_DEPTHS = (3, 5, 10)
PRF_BETAS = (0.5, 1.0)
VIEWS = ("text128", "titles", "headline", "profile", "titles_text")
WINDOW = 50  # the relevance run's window (the first pass's hits the API reorders)


def bm25_top(alias: str, texts: list[str]) -> dict[str, list[tuple[str, float]]]:
    client = OpenSearch("http://127.0.0.1:9200")
    out = {}
    for text in texts:
        body = {**variants.bm25(text), "size": BM25_DEPTH, "_source": ["candidate_id"]}
        hits = client.search(index=alias, body=body)["hits"]["hits"]
        out[text] = [(hit["_source"]["candidate_id"], float(hit["_score"])) for hit in hits]
    client.close()
    return out


def read_labels(database: str) -> dict[str, set[str]]:
    rows = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "hr", "-At", "-c",
         "select candidate_id || ',' || category from bench_labels", database],
        env={"PGPASSWORD": "hr", "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    labels: dict[str, set[str]] = {}
    for line in rows.splitlines():
        candidate, _, category = line.partition(",")
        labels.setdefault(candidate, set()).add(category)
    return labels


def pools(
    queries: list[dict[str, Any]],
    bm25: dict[str, list[tuple[str, float]]],
    encoders: dict[str, tuple[Path, Encoder]],
) -> None:
    """Each query gets `pool`: candidate -> {engine, engine_rank, bm25, bm25_rank, cos: {view: cosine}};
    a view of an encoder other than MiniLM is named `<encoder>_<view>`."""
    rows: dict[str, dict[str, int]] = {}
    ids: dict[str, list[str]] = {}
    vectors: dict[str, np.ndarray] = {}
    owner: dict[str, str] = {}
    for name, (cache, _) in encoders.items():
        ids[name] = json.loads((cache / "ids.json").read_text())
        rows[name] = {c: i for i, c in enumerate(ids[name])}
        for view in VIEWS:
            if (cache / f"{view}.npy").exists():
                key = view if name == "minilm" else f"{name}_{view}"
                vectors[key] = np.load(cache / f"{view}.npy")
                owner[key] = name
    for query in queries:
        encoded = {name: enc.encode([query["text"]], max_tokens=64)[0] for name, (_, enc) in encoders.items()}
        pool: dict[str, dict[str, Any]] = {}
        best = max(hit["features"][0] for hit in query["hits"]) or 1.0
        for rank, hit in enumerate(query["hits"]):
            pool[hit["candidate_id"]] = {"engine": hit["features"][0] / best, "engine_rank": rank + 1}
        top = bm25[query["text"]]
        for rank, (candidate, value) in enumerate(top):
            entry = pool.setdefault(candidate, {"engine": 0.0, "engine_rank": None})
            entry.update(bm25=value / top[0][1], bm25_rank=rank + 1)
        query["dense"] = {}
        for key, v in vectors.items():
            nearest = np.argsort(-(v @ encoded[owner[key]]))[:KNN_DEPTH]
            query["dense"][key] = [ids[owner[key]][i] for i in nearest]
            for i in nearest:
                pool.setdefault(ids[owner[key]][i], {"engine": 0.0, "engine_rank": None})
        for candidate, entry in pool.items():
            entry.setdefault("bm25", 0.0)
            entry.setdefault("bm25_rank", None)
            entry["cos"] = {
                key: float(v[rows[owner[key]][candidate]] @ encoded[owner[key]]) for key, v in vectors.items()
            }
        # pseudo-relevance feedback in the encoder's space (Rocchio): the query vector plus beta x the mean
        # vector of ours's top m hits, unit length again; cosines under `prf{m}x{beta}:{view}` (MiniLM)
        window = [hit["candidate_id"] for hit in query["hits"]]
        for view, m, beta in itertools.product(PRF_VIEWS, PRF_DEPTHS, PRF_BETAS):
            if view not in vectors or owner[view] != "minilm":
                continue
            v = vectors[view]
            top = v[[rows["minilm"][c] for c in window[:m]]].mean(axis=0)
            q = encoded["minilm"] + beta * top
            q /= np.linalg.norm(q)
            for candidate, entry in pool.items():
                entry["cos"][f"prf{m}x{beta:g}:{view}"] = float(v[rows["minilm"][candidate]] @ q)
        query["pool"] = pool


def window_spread(queries: list[dict[str, Any]]) -> dict[str, float]:
    """Per view, the mean over queries of the cosines' standard deviation within ours's window (no label):
    what a lambda is scaled by when one encoder's cosines are weighed like another's (session 12, e5)."""
    keys = [k for k in next(iter(queries[0]["pool"].values()))["cos"] if not k.startswith("prf")]
    return {
        key: statistics.fmean(
            statistics.pstdev(e["cos"][key] for e in q["pool"].values() if e["engine_rank"] is not None)
            for q in queries
        )
        for key in keys
    }


def ranked(query: dict[str, Any], config: dict[str, Any]) -> list[str]:
    pool = query["pool"]
    kind = config["kind"]
    if kind == "bm25":
        members = [c for c, e in pool.items() if e["bm25_rank"] is not None]
        return sorted(members, key=lambda c: pool[c]["bm25_rank"])
    if kind == "dense":  # the encoder alone over the whole corpus (a reference, not a family)
        return list(query["dense"][config["view"]])
    if kind == "window":
        members = [
            c for c, e in pool.items() if e["engine_rank"] is not None and e["engine_rank"] <= config["w"]
        ]
        scores = {
            c: pool[c]["engine"] + sum(lam * pool[c]["cos"][v] for v, lam in config["cos"].items())
            for c in members
        }
        return sorted(members, key=lambda c: (-scores[c], pool[c]["engine_rank"]))
    # hybrid: "knn" is one view (its KNN_DEPTH nearest join) or views -> how many of their nearest join
    knn = config.get("knn") or {}
    if isinstance(knn, str):
        knn = {knn: KNN_DEPTH}
    nearest = {c for view, depth in knn.items() for c in query["dense"][view][:depth]}
    members = [
        c for c, e in pool.items()
        if (e["engine_rank"] is not None and e["engine_rank"] <= config["w"])
        or (e["bm25_rank"] is not None and (kind == "rrf" or config["mu"] > 0))
        or c in nearest
    ]  # fmt: skip
    if kind == "score":
        # outside the window the engine score is 0, or with "floor" the window's lowest (the most it could be)
        floor = (
            min(e["engine"] for e in pool.values() if e["engine_rank"] is not None)
            if config.get("floor")
            else 0.0
        )
        scores = {
            c: (pool[c]["engine"] if pool[c]["engine_rank"] is not None else floor)
            + config["mu"] * pool[c]["bm25"]
            + sum(lam * pool[c]["cos"][v] for v, lam in config["cos"].items())
            for c in members
        }
        return sorted(members, key=lambda c: (-scores[c], c))
    # rrf: the encoder's rank is its cosine's rank within the pool
    k = config["k"]
    scores = dict.fromkeys(members, 0.0)
    for c in members:
        rank = pool[c]["engine_rank"]
        if rank is not None and rank <= config["w"]:
            scores[c] += 1 / (k + rank)
        if pool[c]["bm25_rank"] is not None:
            scores[c] += config["wb"] / (k + pool[c]["bm25_rank"])
    for view, weight in config["cos"].items():
        by_cosine = sorted(members, key=lambda c: -pool[c]["cos"][view])
        for rank, c in enumerate(by_cosine):
            scores[c] += weight / (k + rank + 1)
    return sorted(members, key=lambda c: (-scores[c], c))


def grid(views: list[str], prf: list[str] | None = None) -> dict[str, dict[str, Any]]:
    prf = prf or []
    configs: dict[str, dict[str, Any]] = {"ours": {"kind": "window", "w": WINDOW, "cos": {}}}
    configs.update((f"dense:{view}", {"kind": "dense", "view": view}) for view in views)

    def scaled(view: str, lam: float) -> float:
        if view.startswith("e5_"):
            return lam * E5_SCALE
        return lam * BGE_SCALE if view.startswith("bge_") else lam

    view_sets: list[dict[str, float]] = []
    for view in views:
        view_sets += [{view: scaled(view, lam)} for lam in (0.5, 1.0, 1.5)]
    for a, b in itertools.combinations(views, 2):
        view_sets += [{a: scaled(a, x), b: scaled(b, y)} for x, y in ((0.5, 0.5), (1.0, 0.5), (0.5, 1.0))]

    def label(cos: dict[str, float]) -> str:
        return "+".join(f"{v}_{lam:g}" for v, lam in cos.items())

    for w, cos in itertools.product((WINDOW,), view_sets):
        configs[f"window{w}:{label(cos)}"] = {"kind": "window", "w": w, "cos": cos}
    for w, cos, mu in itertools.product((WINDOW,), [{}, *view_sets], (0.1, 0.25, 0.5, 1.0)):
        configs[f"score{w}:{label(cos) or 'none'}+bm25_{mu:g}"] = {
            "kind": "score",
            "w": w,
            "cos": cos,
            "mu": mu,
        }
    for view, lam, mu in itertools.product(views, (0.5, 1.0, 1.5), (0.0, 0.1, 0.25)):
        lam = scaled(view, lam)
        name = f"hybrid:{view}_{lam:g}+bm25_{mu:g}+knn{KNN_DEPTH}"
        configs[name] = {
            "kind": "score",
            "w": WINDOW,
            "cos": {view: lam},
            "mu": mu,
            "knn": view,
            "floor": True,
        }
    # two views (session 24b: MiniLM's and bge's titles_text): each half the lambda and half the nearest
    for (a, b), lam in itertools.product(itertools.combinations(views, 2), (0.5, 1.0, 1.5)):
        cos = {a: scaled(a, lam) / 2, b: scaled(b, lam) / 2}
        half = KNN_DEPTH // 2
        configs[f"hybrid:{label(cos)}+bm25_0+knn{half}+{half}"] = {
            "kind": "score",
            "w": WINDOW,
            "cos": cos,
            "mu": 0.0,
            "knn": {a: half, b: half},
            "floor": True,
        }
    for key, lam in itertools.product(prf, (0.5, 1.0, 1.5)):
        configs[f"prf:{key}_{lam:g}"] = {"kind": "window", "w": WINDOW, "cos": {key: lam}}
    rrf_views: list[dict[str, float]] = [{}] + [{v: lam} for v in views for lam in (0.5, 1.0, 2.0)]
    for w, k, wb, cos in itertools.product((WINDOW,), (10, 30, 60), (0.0, 0.25, 0.5, 1.0), rrf_views):
        if wb == 0 and not cos:
            continue
        name = f"rrf{w}:k{k}+bm25_{wb:g}" + (f"+{label(cos)}" if cos else "")
        configs[name] = {"kind": "rrf", "w": w, "k": k, "wb": wb, "cos": cos}
    return configs


def family(name: str) -> str:
    return "ours" if name == "ours" else name.split(":")[0].rstrip("0123456789")


def split_summary(
    split: str,
    run: dict[str, dict[str, float]],
    per_query: dict[str, dict[str, float]],
    queries: list[dict[str, Any]],
) -> dict[str, Any]:
    """One split's figures: the relevance run's means, each system's nDCG@10 here, the categories where it
    falls more than 0.10 below BM25, and per category and per query."""
    categories = per_category(per_query, queries)
    systems = list(next(iter(per_query.values())))
    return {
        "split": split,
        "run": {
            s: round(statistics.fmean(r[s] for r in run.values()), 4)
            for s in ("ours", "bm25", "postgres_fts")
        },
        "ndcg@10": {s: round(statistics.fmean(r[s] for r in per_query.values()), 4) for s in systems},
        "below_bm25": {s: below(categories, s) for s in systems if s != "bm25"},
        "per_category": categories,
        "per_query": {q: {s: round(v, 4) for s, v in r.items()} for q, r in per_query.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.fusion", description=__doc__)
    parser.add_argument("--split", choices=("dev", "holdout"), required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/s12rel"))
    parser.add_argument("--alias", default="rel12-enc", help="an index of the same database, for BM25's top")
    parser.add_argument("--database", default="rel12")
    parser.add_argument(
        "--configs", default="", help="the configs chosen on dev (comma-separated; held-out: required)"
    )
    parser.add_argument(
        "--views", default="", help="only these views (comma-separated; all cached by default)"
    )
    parser.add_argument(
        "--e5", type=Path, help="the unpacked e5-small-v2-q jar; its vectors in WORK/cache_e5"
    )
    parser.add_argument(
        "--bge", type=Path, help="the unpacked bge-small-en-v15 jar; its vectors in WORK/cache_bge"
    )
    parser.add_argument(
        "--spread",
        action="store_true",
        help="only print each view's cosine spread within ours's window (no label read, nothing scored)",
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    queries = load(args.work / f"feat_{args.split}.jsonl")
    run = json.loads((args.work / f"rel_{args.split}.json").read_text())["per_query"]
    encoders = {"minilm": (args.work / "cache", Encoder(args.work / "minilm.onnx", args.work / "model"))}
    if args.e5:
        encoders["e5"] = (args.work / "cache_e5", E5Encoder(args.e5, prefix="query: "))
    if args.bge:  # the query instruction on queries only; the resumes were encoded without a prefix
        encoders["bge"] = (args.work / "cache_bge", BgeEncoder(args.bge, prefix=QUERY_INSTRUCTION))
    pools(queries, bm25_top(args.alias, [q["text"] for q in queries]), encoders)
    if args.spread:
        for key, value in window_spread(queries).items():
            print(f"{key:24s} mean within-window standard deviation of the cosine {value:.4f}")
        return
    labels = read_labels(args.database)
    keys = list(next(iter(queries[0]["pool"].values()))["cos"])
    views = [k for k in keys if not k.startswith("prf")]
    prf = [k for k in keys if k.startswith("prf")]
    if args.views:
        views = [v for v in args.views.split(",") if v in views]
    configs = grid(views, prf)
    if args.split == "holdout" or args.configs:
        # held-out always, dev when configs are named: only those are scored (a fixed choice, no grid seen)
        configs = {name: configs[name] for name in ["ours", *[c for c in args.configs.split(",") if c]]}
    per_query: dict[str, dict[str, float]] = {}
    for query in queries:
        wanted = set(query["relevant"])

        def score(order: list[str], query: dict[str, Any] = query, wanted: set[str] = wanted) -> float:
            return ndcg_at([bool(labels.get(c, set()) & wanted) for c in order], query["total"], K)

        row = {"bm25": run[query["id"]]["bm25"], "bm25_here": score(ranked(query, {"kind": "bm25"}))}
        row.update((name, score(ranked(query, config))) for name, config in configs.items())
        per_query[query["id"]] = row
    mismatch = {
        q: (r["bm25"], r["bm25_here"]) for q, r in per_query.items() if abs(r["bm25"] - r["bm25_here"]) > 1e-3
    }
    result = split_summary(args.split, run, per_query, queries)
    result.update(bm25_mismatch=mismatch, configs=configs)
    means = result["ndcg@10"]
    print(f"run: {result['run']}; bm25 re-read mismatches: {mismatch}")
    grid_run = args.split == "dev" and not args.configs  # folds and family bests only over a grid
    if grid_run:
        names = [n for n in configs if family(n) in ("window", "score", "rrf", "hybrid", "prf")]
        result["cross_validated"] = {
            "all": cross_validate(queries, per_query, names),
            **{
                fam: cross_validate(queries, per_query, [n for n in names if family(n) == fam])
                for fam in ("window", "score", "rrf", "hybrid", "prf")
            },
        }
        for fam, cv in result["cross_validated"].items():
            print(f"out of fold, {fam}: {cv['ndcg@10']:.4f}")
            for fold in cv["folds"]:
                queries_of = ",".join(fold["queries"])
                print(f"   {queries_of}: {fold['chosen']} {fold['ours']:.3f} -> {fold['reordered']:.3f}")
        result["best_per_family"] = {
            fam: max((n for n in configs if family(n) == fam), key=lambda n: means[n])
            for fam in ("window", "score", "rrf", "hybrid", "prf")
        }
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    for name, value in sorted(means.items(), key=lambda item: -item[1])[:30]:
        print(f"{name:48s} {value:.4f}  below: {result['below_bm25'].get(name, '-')}")
    if grid_run:
        for fam, name in result["best_per_family"].items():
            print(f"best {fam}: {name} {means[name]:.4f} below {result['below_bm25'][name]}")


if __name__ == "__main__":
    main()
