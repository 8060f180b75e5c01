"""Issue 17, session 44: ours's dev windows against bm25, query by query (the error analysis).

    python -m benchmarks.relevance.s44_windows dump --queries FILE --database s41rel --alias s44rel-an \
        --redis-url redis://127.0.0.1:6379/11 --out /tmp/s44/windows.json
    python -m benchmarks.relevance.s44_windows report /tmp/s44/windows.json

`dump` reindexes the database behind its own alias (its indexes deleted at the end), runs ours (the API's
body: first pass, title feedback, list factor) for each query and keeps its window of FEEDBACK_WINDOW hits
with every named clause's score, the current title, the jobs (title, description, current), the resume
text and the label; and bm25's first 30 ids with their labels. `report` prints, per query, ours and bm25's
nDCG@10, the relevant hits bm25 has in its first 10 that ours leaves out of its own, and ours's relevant
hits at ranks 11 to 30 with their titles and which of the query's words each holds where (the current
title, one job's entry, the resume text). Labels are read only to describe; nothing is fitted.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from app.search import queries
from app.search import rerank as reranker
from benchmarks.relevance import s43_screen, variants
from benchmarks.relevance.metrics import ndcg_at

SOURCE = ["candidate_id", "current_title", "work_experience", "resume_text", "list_share"]
BM25_DEPTH = 30
_WORD = re.compile(r"[^\W\d_]+")


async def dump(args: argparse.Namespace) -> None:
    windows = []
    async with s43_screen.reindexed(args.database, args.alias, args.redis_url, args.keep) as run:
        for query in json.loads(args.queries.read_text())["queries"]:
            wanted = set(query["relevant_categories"])
            body = await variants.ours(query["text"], date.today(), run.search)
            reranker.name_signals(body["query"])
            body.update(size=queries.FEEDBACK_WINDOW, _source=SOURCE)
            found = await run.client.search(index=args.alias, body=body, include_named_queries_score=True)
            plain = await run.search({**variants.bm25(query["text"]), "size": BM25_DEPTH, "_source": SOURCE})
            windows.append(
                {
                    "id": query["id"],
                    "text": query["text"],
                    "total": sum(1 for categories in run.labels.values() if categories & wanted),
                    "hits": [_hit(hit, run.labels, wanted) for hit in found["hits"]["hits"]],
                    "bm25": [_hit(hit, run.labels, wanted) for hit in plain["hits"]["hits"]],
                }
            )
    args.out.write_text(json.dumps(windows))


def _hit(hit: dict[str, Any], labels: dict[str, set[str]], wanted: set[str]) -> dict[str, Any]:
    source = hit["_source"]
    cid = source["candidate_id"]
    return {
        "id": cid,
        "score": hit["_score"],
        "named": hit.get("matched_queries") or {},
        "relevant": bool(labels.get(cid, set()) & wanted),
        "categories": sorted(labels.get(cid, set())),
        "title": source.get("current_title"),
        "jobs": [
            {"title": job.get("title"), "text": job.get("description"), "current": job.get("is_current")}
            for job in source.get("work_experience") or []
        ],
        "text": source.get("resume_text") or "",
        "list_share": source.get("list_share"),
    }


def stems(text: str) -> set[str]:
    """A text's words cut to their first 5 letters (a crude stem, as session 43's screen)."""
    return {word.lower()[:5] for word in _WORD.findall(text or "") if len(word) > 2}


def where(query: str, hit: dict[str, Any]) -> str:
    """Which of the query's words the hit holds in its current title, in its best job entry (title and
    description together) and in its resume text."""
    asked = [w for w in dict.fromkeys(w.lower()[:5] for w in _WORD.findall(query) if len(w) > 2)]
    text = stems(hit["text"])
    title = stems(hit["title"] or "")
    jobs = [stems(f"{job['title'] or ''} {job['text'] or ''}") for job in hit["jobs"]]
    best = max(jobs, key=lambda job: len(job & set(asked)), default=set())
    return (
        f"text {sum(w in text for w in asked)}/{len(asked)}, one job {sum(w in best for w in asked)}, "
        f"title {'+'.join(w for w in asked if w in title) or '-'}"
    )


def report(windows: Sequence[dict[str, Any]]) -> str:
    lines = []
    for window in windows:
        hits, plain = window["hits"], window["bm25"]
        ours = ndcg_at([hit["relevant"] for hit in hits], window["total"])
        bm25 = ndcg_at([hit["relevant"] for hit in plain], window["total"])
        top = {hit["id"] for hit in hits[:10]}
        rank = {hit["id"]: n for n, hit in enumerate(hits, 1)}
        lines.append(f"## {window['id']} {window['text']!r}: ours {ours:.3f} bm25 {bm25:.3f}")
        lines.append("ours top 10: " + " ".join("R" if hit["relevant"] else "." for hit in hits[:10]))
        lines.append("bm25 top 10: " + " ".join("R" if hit["relevant"] else "." for hit in plain[:10]))
        for hit in hits[:10]:
            mark = "R" if hit["relevant"] else "."
            lines.append(
                f"  ours {rank[hit['id']]:>2} {mark} {hit['score']:7.2f} {hit['title']!r} "
                f"[{','.join(hit['categories'])}] {where(window['text'], hit)}"
            )
        for n, hit in enumerate(plain[:10], 1):
            if hit["relevant"] and hit["id"] not in top:
                lines.append(
                    f"  bm25 {n:>2} R, ours {rank.get(hit['id'], '>50')}: {hit['title']!r} "
                    f"{where(window['text'], hit)}"
                )
        for hit in hits[10:30]:
            if hit["relevant"]:
                lines.append(
                    f"  ours {rank[hit['id']]:>2} R {hit['score']:7.2f} {hit['title']!r} "
                    f"{where(window['text'], hit)}"
                )
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    s43_screen.dump_report_main(argv, __doc__, "s44rel-an", dump, report, keep=True)


if __name__ == "__main__":
    main()
