"""Experiment (issue 17, session 14): a query word weighs by how specific it is to a few occupations in O*NET.

BM25's idf says how rare a word is among the resumes; it does not say whether the word names a trade.
"production", "customer", "operations", "management" are common in many occupations' titles and descriptions
and pull in resumes of any trade (chefs for "crop production"), while "agronomy", "irrigation", "loan",
"deposits" belong to a few. Each O*NET 29.2 occupation is one document (its title, description and
alternate titles); a word's occupational idf is log(N / the occupations that use it). A query word's text
clauses are multiplied by min(1, idf / idf at `full_at` occupations)^p (at least `FLOOR`); a word O*NET never
uses keeps its weight. The phrases and skills are unchanged. Nothing here reads the evaluation's queries or
labels.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from app.parsing.shared_data import shared_data_dir
from benchmarks.relevance import word_window

# No query word loses more than this share of its weight.
FLOOR = 0.1
_WORD = re.compile(r"[a-z][a-z'-]*")


def fold(word: str) -> str:
    """Lower case, a plural's "s" off ("deposits" ~ "deposit"), so O*NET's and the query's forms meet."""
    word = word.casefold().strip("'-")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@cache
def occupations() -> dict[str, set[str]]:
    """O*NET-SOC code -> the folded words of its title, description and alternate titles."""
    onet = shared_data_dir() / "skills" / "onet"
    words: dict[str, set[str]] = defaultdict(set)
    with (onet / "occupation_data.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text = f"{row['Title']} {row['Description']}".casefold()
            words[row["O*NET-SOC Code"]] |= {fold(w) for w in _WORD.findall(text)}
    with (onet / "alternate_titles.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            words[row["O*NET-SOC Code"]] |= {
                fold(w) for w in _WORD.findall(row["Alternate Title"].casefold())
            }
    return dict(words)


@cache
def document_frequency() -> dict[str, int]:
    """folded word -> how many occupations use it."""
    df: dict[str, int] = defaultdict(int)
    for words in occupations().values():
        for word in words:
            df[word] += 1
    return dict(df)


def weight(word: str, p: float, full_at: int) -> float:
    """How much of its weight a query word keeps: 1 when O*NET uses it in `full_at` occupations or fewer
    (or never), less the more occupations use it."""
    df = document_frequency().get(fold(word))
    if not df or df <= full_at:
        return 1.0
    n = len(occupations())
    return max(FLOOR, (math.log(n / df) / math.log(n / full_at)) ** p)


def weighted_word(p: float, full_at: int) -> Callable[[str, str, float, str], dict[str, Any]]:
    """`queries._word` with the boost multiplied by the word's weight."""

    def word_clause(field: str, word: str, boost: float, name: str) -> dict[str, Any]:
        scaled = boost * weight(word, p, full_at)
        return {"match": {field: {"query": word, "boost": scaled, "_name": name}}}

    return word_clause


CONFIGS = [f"onet_specific_p{p:g}_full{full_at}" for p in (0.5, 1.0) for full_at in (10, 50)]


def main() -> None:
    """Dev: each config's mean, the cross-validated choice among ours and the configs, categories vs bm25."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance.onet_specificity", description=__doc__
    )
    parser.add_argument("run", type=Path, help="a relevance run's JSON with the CONFIGS as variants")
    args = parser.parse_args()
    per_query = json.loads(args.run.read_text())["per_query"]
    names = [name for name in CONFIGS if name in next(iter(per_query.values()))]
    queries = [{"id": qid} for qid in per_query]
    categories: dict[str, list[str]] = defaultdict(list)
    for qid, query in per_query.items():
        for category in query["relevant"]:
            categories[category].append(qid)
    for name in ["ours", *names]:
        mean = statistics.fmean(q[name] for q in per_query.values())
        gaps = {
            category: statistics.fmean(per_query[q][name] - per_query[q]["bm25"] for q in ids)
            for category, ids in categories.items()
        }
        below = ", ".join(f"{c} {g:+.2f}" for c, g in sorted(gaps.items(), key=lambda kv: kv[1]) if g < -0.10)
        print(f"{name}: {mean:.4f}; categories < -0.10: {below or 'none'}")
    folds = word_window.cross_validate(queries, per_query, ["ours", *names])
    print(f"out of fold (ours and the configs): {folds['ndcg@10']}")
    for fold in folds["folds"]:
        print(f"  {' '.join(fold['queries'])}: {fold['ours']} -> {fold['reordered']} ({fold['chosen']})")


if __name__ == "__main__":
    main()
