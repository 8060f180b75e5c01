"""Experiment (issue 17, session 16): a per-query safety that backs off when ours strays from plain BM25.

Ours lifts resumes by two signals plain BM25 does not have: the title feedback (the words the first pass's
20 current titles share) and the O*NET specificity weights of the query words. When they point at the wrong
trade, a query loses everything at once (held-out TEACHER -0.54, dev BANKING -0.23 against BM25), while on
the other queries they are what ours is worth. The safety looks, per query and without any label, at how far
ours has moved from BM25's own answer and, past a threshold, answers that query another way:

  signal `overlap`  the share of ours's top 10 that is also in BM25's top 10 (ours sent as the API sends it)
  signal `support`  how much of the feedback's mass BM25's top 20 current titles carry: the sum over the
                    feedback words of min(their share among the first pass's 20 titles, their share among
                    BM25's 20), over the sum of the first; 1 when BM25's best hits hold the fed-back roles as
                    often as ours's, 0 when none does (a query with no feedback counts as 1: nothing to check)
  action `bm25`     the query answered by the plain BM25 body
  action `nofb`     ours without the title feedback (the first pass's body as its own answer)

Session 13's gate guarded the *encoder fusions* (their top 10 against BM25's, then a reciprocal-rank fusion);
here the base is ours as shipped and the back-off is a body the engine runs, so it could ship as one more
engine query (BM25's top 20, beside the first pass). Nothing reads an evaluation query or label.

    python -m benchmarks.relevance --queries ../shared/eval/dev_queries.json --no-rerank \
        --variants safety_overlap_0.2_bm25,... --database s16rel --alias s16rel-run --out RUN.json
    python -m benchmarks.relevance.bm25_safety RUN.json           # dev: means, categories, out of fold
    python -m benchmarks.relevance.bm25_safety RUN.json --aggregate   # held-out: means and categories only
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from app.search import queries
from benchmarks.relevance import specificity_placement

Body = dict[str, Any]
Search = Callable[[Body], Awaitable[Body]]
Builder = Callable[[str, date, Search], Awaitable[Body]]

TOP = 10
TITLES = queries.TITLE_FEEDBACK_HITS
OVERLAP_T = (0.2, 0.3, 0.4)
SUPPORT_T = (0.25, 0.5)
ACTIONS = ("bm25", "nofb")


def bm25_body(text: str) -> Body:
    """The benchmark's plain BM25 (`variants.bm25`)."""
    return {"query": {"multi_match": {"query": text, "fields": ["resume_text"]}}}


def title_words(hit: Body) -> set[str]:
    title = (hit.get("_source") or {}).get("current_title") or ""
    words = queries._TITLE_WORD.findall(title.casefold())
    return {w for w in words if w not in queries.TITLE_FEEDBACK_STOPWORDS}


def support(feedback: list[tuple[str, float]], bm25_hits: list[Body]) -> float:
    """The share of the feedback's mass that BM25's best hits' current titles also carry."""
    if not feedback or not bm25_hits:
        return 1.0
    held = [title_words(hit) for hit in bm25_hits[:TITLES]]
    carried = sum(min(share, sum(word in words for words in held) / len(held)) for word, share in feedback)
    return carried / sum(share for _, share in feedback)


def overlap(first: list[str], second: list[str]) -> float:
    return len(set(first[:TOP]) & set(second[:TOP])) / TOP


async def decide(text: str, today: date, search: Search, request_for: Callable[[str], Any]) -> dict[str, Any]:
    """Ours's body, the no-feedback body, both signals, as the API would compute them for this text."""
    request = request_for(text)
    page = queries.Page(offset=request.offset)
    first = await queries.run_first_pass(request, today, page, search)
    feedback = list(first.feedback) if first else []
    window = first.window if first else None
    ours = queries.build_search(request, None, today, page, feedback, queries.TOTAL_HITS_CAP, window)
    nofb = queries.build_search(request, None, today, page, (), queries.TOTAL_HITS_CAP)
    top = await search({**ours, "size": TOP, "_source": ["candidate_id"]})
    bm25 = await search({**bm25_body(text), "size": TITLES, "_source": ["candidate_id", "current_title"]})
    bm25_hits = bm25["hits"]["hits"]
    return {
        "ours": ours,
        "nofb": nofb,
        "overlap": overlap(
            [h["_source"]["candidate_id"] for h in top["hits"]["hits"]],
            [h["_source"]["candidate_id"] for h in bm25_hits],
        ),
        "support": support(feedback, bm25_hits),
    }


def safety(signal: str, threshold: float, action: str, request_for: Callable[[str], Any]) -> Builder:
    """Ours, unless the signal is under the threshold; then the action's body."""

    async def build(text: str, today: date, search: Search) -> Body:
        seen = await decide(text, today, search, request_for)
        if log := os.environ.get("SAFETY_LOG"):  # dev runs only: which queries a config backs off
            with open(log, "a") as out:
                row = {"text": text, "overlap": seen["overlap"], "support": round(seen["support"], 3)}
                out.write(json.dumps(row) + "\n")
        if seen[signal] >= threshold:
            return dict(seen["ours"])
        return bm25_body(text) if action == "bm25" else dict(seen["nofb"])

    return build


CONFIGS = [
    *(f"safety_overlap_{t:g}_{a}" for t in OVERLAP_T for a in ACTIONS),
    *(f"safety_support_{t:g}_{a}" for t in SUPPORT_T for a in ACTIONS),
]


def variants(request_for: Callable[[str], Any]) -> dict[str, Builder]:
    out = {}
    for name in CONFIGS:
        _, signal, threshold, action = name.split("_")
        out[name] = safety(signal, float(threshold), action, request_for)
    return out


def categories(per_query: dict[str, dict[str, Any]], names: list[str]) -> str:
    """The per-category table (mean nDCG@10 over the category's queries, and minus bm25) as markdown."""
    groups: dict[str, list[str]] = defaultdict(list)
    for qid, query in per_query.items():
        for category in query["relevant"]:
            groups[category].append(qid)
    systems = ["ours", "bm25", "postgres_fts", *names]
    head = "| category | " + " | ".join(systems) + " | " + " | ".join(f"{n} - bm25" for n in ["ours", *names])
    lines = [head + " |", "|---|" + "---:|" * (len(systems) + len(names) + 1)]
    for category, ids in sorted([*groups.items(), ("all", list(per_query))]):
        mean = {s: statistics.fmean(per_query[q][s] for q in ids) for s in systems}
        label = f"**all ({len(ids)})**" if category == "all" else f"{category} ({len(ids)})"
        cells = [f"{mean[s]:.3f}" for s in systems]
        cells += [f"{mean[n] - mean['bm25']:+.3f}" for n in ["ours", *names]]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.bm25_safety", description=__doc__)
    parser.add_argument("run", type=Path, help="a relevance run's JSON with safety configs as variants")
    parser.add_argument("--aggregate", action="store_true", help="held-out: means and categories only")
    args = parser.parse_args()
    per_query = json.loads(args.run.read_text())["per_query"]
    names = [name for name in next(iter(per_query.values())) if name.startswith("safety_")]
    if not args.aggregate:
        specificity_placement.report(per_query, names)
    print(categories(per_query, names))


if __name__ == "__main__":
    main()
