"""Experiment (issue 17, session 20): the query and the resume compared in O*NET's occupation groups.

    python -m benchmarks.relevance --queries ../shared/eval/dev_queries.json --no-rerank \
        --features-out /tmp/s20rel/feat_dev.jsonl --out /tmp/s20rel/rel_dev.json \
        --database s20rel --alias s20rel-run
    python -m benchmarks.relevance.occupation_match --split dev --work /tmp/s20rel --database s20rel
    python -m benchmarks.relevance.occupation_match --split holdout --configs NAME

The earlier O*NET bridges worked on the query's side only: the occupations the query reads like gave words
(their title words, `onet_bridge`; short-title equivalences and specificity weights, sessions 13 to 15) that
the engine then matched against the resumes' words, and the exact-title words ranked people with that one
title above the broader population a category holds. Here both sides are mapped to O*NET 29.2's 1,016
occupations and meet at a level of the SOC hierarchy, so a "loan officer" resume can answer a query that reads
like "tellers" when the level is broad enough:

  query    BM25 (in Python) of the query's words against each occupation's title (x3), alternate titles and
           description (`onet_bridge`'s documents); the QUERY_OCCUPATIONS best, weighed by their scores
  resume   each job title of the resume (the parsed current title: weight 1; the past jobs' titles: 1 in all)
           scored by BM25 against O*NET's single titles (official and alternate, one document each); the
           titles scoring at least TIE x the best (at most TITLE_MATCHES) vote for their occupations with
           their scores, so a bare "Manager" spreads over many occupations and matches little
  match    the sum over SOC groups of the query's share x the resume's share, with groups at one of LEVELS:
           detailed occupation (XX-XXXX), broad group (XX-XXX0), minor group (XX-X000), major group (XX-0000)

A config reorders ours's window of 50 by engine score / the window's best + w x match (`occ:<level>_<w>`).
With `--stack-hybrid` the same term is added to session 15b's encoder fusion
(`hybrid:titles_text_1+bm25_0+knn20`, `benchmarks.relevance.fusion`), for one named config. Only O*NET text
and the resume's own titles are read; never a resume's category. Labels are read for scoring only.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import statistics
from collections import Counter, defaultdict
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from app.parsing.shared_data import shared_data_dir
from benchmarks.relevance.metrics import ndcg_at
from benchmarks.relevance.onet_bridge import K1, B, _words, occupation_scores
from benchmarks.relevance.rerank import K, load, per_category
from benchmarks.relevance.word_window import below, cross_validate

QUERY_OCCUPATIONS = 5
TITLE_MATCHES = 50
TIE = 0.9  # a resume title's O*NET matches within 10 % of its best all vote (ties among short titles)
PAST_WEIGHT = 1.0  # the past jobs' titles together weigh as much as the current title
WINDOW = 50
# Prefix length of an O*NET-SOC code ("13-2011.01") that names the group at each level.
LEVELS = {"detailed": 7, "broad": 6, "minor": 4, "major": 2}
WEIGHTS = (0.1, 0.2, 0.3, 0.5)
HYBRID = "hybrid:titles_text_1+bm25_0+knn20"

Distribution = dict[str, float]


@lru_cache(maxsize=1)
def _codes() -> list[str]:
    """O*NET-SOC codes in the order of `onet_bridge._occupations()` (occupation_data.tsv)."""
    with (shared_data_dir() / "skills" / "onet" / "occupation_data.tsv").open(encoding="utf-8") as handle:
        return [row["O*NET-SOC Code"] for row in csv.DictReader(handle, delimiter="\t")]


def query_occupations(text: str) -> Distribution:
    """The occupations the query reads most like, as shares of their BM25 scores."""
    scores = {code: score for code, score in zip(_codes(), occupation_scores(text), strict=True) if score > 0}
    best = sorted(scores.items(), key=lambda item: -item[1])[:QUERY_OCCUPATIONS]
    mass = sum(score for _, score in best)
    return {code: score / mass for code, score in best}


class TitleIndex:
    """O*NET's official and alternate titles, one BM25 document each, for naming a resume's job titles."""

    def __init__(self) -> None:
        onet = shared_data_dir() / "skills" / "onet"
        titles: list[tuple[str, str]] = []
        with (onet / "occupation_data.tsv").open(encoding="utf-8") as handle:
            titles += [(r["O*NET-SOC Code"], r["Title"]) for r in csv.DictReader(handle, delimiter="\t")]
        with (onet / "alternate_titles.tsv").open(encoding="utf-8") as handle:
            titles += [
                (r["O*NET-SOC Code"], r["Alternate Title"]) for r in csv.DictReader(handle, delimiter="\t")
            ]
        self.codes = [code for code, _ in titles]
        self.lengths: list[int] = []
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for doc, (_, title) in enumerate(titles):
            counts = Counter(_words(title))
            self.lengths.append(sum(counts.values()))
            for word, tf in counts.items():
                self.postings[word].append((doc, tf))
        self.mean = statistics.fmean(self.lengths)

    @cache  # noqa: B019 - one index per run, titles repeat across resumes
    def occupations(self, title: str) -> Distribution:
        """The occupations whose titles match this one best, as shares of the matching titles' scores."""
        total = len(self.lengths)
        scores: dict[int, float] = defaultdict(float)
        for word in set(_words(title)):
            postings = self.postings.get(word, [])
            if not postings:
                continue
            idf = math.log(1 + (total - len(postings) + 0.5) / (len(postings) + 0.5))
            for doc, tf in postings:
                norm = tf + K1 * (1 - B + B * self.lengths[doc] / self.mean)
                scores[doc] += idf * tf * (K1 + 1) / norm
        if not scores:
            return {}
        top = max(scores.values())
        matches = sorted((d for d, s in scores.items() if s >= TIE * top), key=lambda d: (-scores[d], d))
        votes: dict[str, float] = defaultdict(float)
        for doc in matches[:TITLE_MATCHES]:
            votes[self.codes[doc]] += scores[doc]
        mass = sum(votes.values())
        return {code: vote / mass for code, vote in votes.items()}


def resume_occupations(index: TitleIndex, current: str | None, past: list[str]) -> Distribution:
    """The resume's occupations: its current title's (weight 1) and its past titles' (PAST_WEIGHT in all)."""
    parts: list[tuple[float, Distribution]] = []
    if current and (named := index.occupations(current)):
        parts.append((1.0, named))
    named_past = [d for d in (index.occupations(t) for t in past if t) if d]
    parts += [(PAST_WEIGHT / len(named_past), d) for d in named_past]
    out: dict[str, float] = defaultdict(float)
    for weight, distribution in parts:
        for code, share in distribution.items():
            out[code] += weight * share
    mass = sum(out.values())
    return {code: share / mass for code, share in out.items()} if mass else {}


def grouped(distribution: Distribution, level: str) -> Distribution:
    out: dict[str, float] = defaultdict(float)
    for code, share in distribution.items():
        out[code[: LEVELS[level]]] += share
    return out


def match(query: Distribution, resume: Distribution, level: str) -> float:
    """The chance that the query's group and the resume's group agree (both drawn by their shares)."""
    q, r = grouped(query, level), grouped(resume, level)
    return sum(share * r.get(group, 0.0) for group, share in q.items())


def configs() -> dict[str, tuple[str, float]]:
    """The grid, in the order ties are broken (the first named wins)."""
    return {f"occ:{level}_{w:g}": (level, w) for level, w in itertools.product(LEVELS, WEIGHTS)}


def window_order(query: dict[str, Any], matches: dict[str, float], weight: float) -> list[int]:
    hits = query["hits"][:WINDOW]
    best = max(hit["features"][0] for hit in hits) or 1.0
    scores = [hit["features"][0] / best + weight * matches[hit["candidate_id"]] for hit in hits]
    return sorted(range(len(hits)), key=lambda i: (-scores[i], i))


def ndcg(query: dict[str, Any], order: list[int]) -> float:
    return ndcg_at([bool(query["hits"][i]["label"]) for i in order], query["total"], K)


def stacked(
    queries: list[dict[str, Any]], work: Path, alias: str, database: str, matches_of: Any, config: str
) -> dict[str, dict[str, float]]:
    """Session 15b's hybrid, alone and with the occupation match added: nDCG@10 per query."""
    from benchmarks.relevance import fusion
    from benchmarks.relevance.minilm_onnx import Encoder

    encoders = {"minilm": (work / "cache", Encoder(work / "minilm.onnx", work / "model"))}
    fusion.pools(queries, fusion.bm25_top(alias, [q["text"] for q in queries]), encoders)
    hybrid = fusion.grid(["titles_text"])[HYBRID]
    labels = fusion.read_labels(database)
    level, weight = configs()[config]
    out: dict[str, dict[str, float]] = {}
    for query in queries:
        wanted = set(query["relevant"])
        order = fusion.ranked(query, hybrid)
        pool = query["pool"]
        floor = min(e["engine"] for e in pool.values() if e["engine_rank"] is not None)
        matches = matches_of(query, list(pool), level)
        scores = {
            c: (pool[c]["engine"] if pool[c]["engine_rank"] is not None else floor)
            + pool[c]["cos"]["titles_text"]
            + weight * matches[c]
            for c in order
        }
        order_stacked = sorted(order, key=lambda c: (-scores[c], c))

        def score(ranking: list[str], query: dict[str, Any] = query, wanted: set[str] = wanted) -> float:
            return ndcg_at([bool(labels.get(c, set()) & wanted) for c in ranking], query["total"], K)

        out[query["id"]] = {
            "bm25_here": score(fusion.ranked(query, {"kind": "bm25"})),  # BM25's top 10 re-read, a check
            "hybrid": score(order),
            f"hybrid+{config}": score(order_stacked),
        }
    return out


def main() -> None:
    import asyncio

    from benchmarks.relevance.word_window import read_profiles

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance.occupation_match", description=__doc__
    )
    parser.add_argument("--split", choices=("dev", "holdout"), required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/s20rel"))
    parser.add_argument("--database", default="s20rel")
    parser.add_argument("--alias", default="s20rel-enc", help="an index of the same database, for BM25's top")
    parser.add_argument("--configs", default="", help="only these configs (held-out: required)")
    parser.add_argument("--stack-hybrid", default="", help="one occ config added to session 15b's hybrid")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    queries = load(args.work / f"feat_{args.split}.jsonl")
    run = json.loads((args.work / f"rel_{args.split}.json").read_text())["per_query"]
    profiles = asyncio.run(read_profiles(args.database))
    index = TitleIndex()
    resumes = {
        c: resume_occupations(index, p["current_title"], list(p["titles"] or [])) for c, p in profiles.items()
    }
    named = sum(1 for d in resumes.values() if d)
    print(f"resumes with an O*NET occupation: {named} of {len(resumes)}")
    grid = configs()
    if args.configs or args.split == "holdout":
        grid = {name: grid[name] for name in args.configs.split(",") if name}
    per_query: dict[str, dict[str, float]] = {}
    seen: dict[str, Any] = {}
    for query in queries:
        q = query_occupations(query["text"])
        if args.split == "dev":
            seen[query["id"]] = {code: round(share, 3) for code, share in q.items()}
        row = {
            "bm25": run[query["id"]]["bm25"],
            "ours": ndcg(query, list(range(len(query["hits"][:WINDOW])))),
        }
        for name, (level, weight) in grid.items():
            matches = {
                hit["candidate_id"]: match(q, resumes[hit["candidate_id"]], level) for hit in query["hits"]
            }
            row[name] = ndcg(query, window_order(query, matches, weight))
        per_query[query["id"]] = row
    if args.stack_hybrid:

        def matches_of(query: dict[str, Any], candidates: list[str], level: str) -> dict[str, float]:
            q = query_occupations(query["text"])
            return {c: match(q, resumes.get(c, {}), level) for c in candidates}

        extra = stacked(queries, args.work, args.alias, args.database, matches_of, args.stack_hybrid)
        mismatches = sum(
            1 for q, row in extra.items() if abs(row.pop("bm25_here") - per_query[q]["bm25"]) > 1e-3
        )
        print(f"BM25's top 10 re-read from {args.alias}: {mismatches} queries differ from the run's")
        for qid, row in extra.items():
            per_query[qid].update(row)
    names = [n for n in next(iter(per_query.values())) if n != "bm25"]
    means = {n: round(statistics.fmean(r[n] for r in per_query.values()), 4) for n in ["bm25", *names]}
    categories = per_category(per_query, queries)
    result: dict[str, Any] = {
        "split": args.split,
        "run": {
            s: round(statistics.fmean(r[s] for r in run.values()), 4)
            for s in ("ours", "bm25", "postgres_fts")
        },
        "ndcg@10": means,
        "below_bm25": {n: below(categories, n) for n in names},
        "per_category": categories,
        "resumes_named": [named, len(resumes)],
    }
    if args.split == "dev":
        result["query_occupations"] = seen
        result["per_query"] = {q: {n: round(v, 4) for n, v in r.items()} for q, r in per_query.items()}
        if not args.configs:
            result["cross_validated"] = cross_validate(queries, per_query, list(grid))
            cv = result["cross_validated"]
            print(f"out of fold: {cv['ndcg@10']:.4f}")
            for fold in cv["folds"]:
                line = f"{fold['chosen']} {fold['ours']:.3f} -> {fold['reordered']:.3f}"
                print(f"   {','.join(fold['queries'])}: {line}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"run: {result['run']}")
    for name, value in sorted(means.items(), key=lambda item: -item[1]):
        print(f"{name:40s} {value:.4f}  below bm25 by > 0.10: {result['below_bm25'].get(name, '-')}")
    for name in names:
        print(name, {c: round(v[name] - v["bm25"], 2) for c, v in categories.items()})


if __name__ == "__main__":
    main()
