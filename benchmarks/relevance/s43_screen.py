"""Issue 17, session 43: document priors, repetition and position screened offline on ours's dev windows.

    python -m benchmarks.relevance.s43_screen dump --queries FILE --database s41rel --alias s43rel-an \
        --redis-url redis://127.0.0.1:6379/11 --out /tmp/s43/windows.json
    python -m benchmarks.relevance.s43_screen report /tmp/s43/windows.json

`dump` reindexes the database behind its own alias (its indexes deleted at the end), runs ours (the API's
body: first pass, title feedback, list factor) for each query, and keeps its window of FEEDBACK_WINDOW hits
with each hit's score, label and features read from its `_source`: the resume's length, jobs, dated jobs,
summed job months (a current job running to today), months of closed jobs, whether a job is current, the
parser's years of experience; and, for the query's words (words of 3 letters or more, compared by their first
5 letters, a crude stem), how densely and how early the text holds them, how often the most repeated one
stands there, and the share of their occurrences outside the practice sections (`practice_text.PRACTICE`, by
the parser's section rule).
`report` reorders each window offline by the score times a factor of one feature (what a multiplier over
the window gives in the engine), family by family, and chooses inside 5 folds by query. Labels are read only
to score; nothing is fitted but the choice of a weight among a family's few.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import statistics
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
from opensearchpy import AsyncOpenSearch

from app.parsing.sections import split_sections
from app.search import queries
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.corpus.database import plain_url
from benchmarks.relevance import practice_text, variants
from benchmarks.relevance.__main__ import reindex
from benchmarks.relevance.build import read_labels
from benchmarks.relevance.metrics import ndcg_at

_WORD = re.compile(r"[^\W\d_]+")
SOURCE = ["candidate_id", "resume_text", "work_experience", "total_experience_years"]


def _stem(word: str) -> str:
    return word.lower()[:5]


def _tail_lines(text: str) -> list[str]:
    """The lines of a text outside its opening lines and practice sections (the education, skills and
    closing sections)."""
    _, sections = split_sections(text)
    return [
        line for section in sections if section.kind not in practice_text.PRACTICE for line in section.lines
    ]


def _closed(job: dict[str, Any]) -> bool:
    """A job with an end that is not marked current (an open or current job runs to today in the index)."""
    return bool(job.get("end_date")) and not job.get("is_current")


def features(query: str, source: dict[str, Any]) -> dict[str, float]:
    """One window hit's features (see the module's docstring)."""
    text = source.get("resume_text") or ""
    words = [_stem(token) for token in _WORD.findall(text)]
    length = len(words) or 1
    asked = {_stem(word) for word in _WORD.findall(query) if len(word) > 2}
    counts = dict.fromkeys(asked, 0)
    first: dict[str, float] = {}
    for position, word in enumerate(words):
        if word in counts:
            counts[word] += 1
            first.setdefault(word, position / length)
    tail = sum(1 for line in _tail_lines(text) for token in _WORD.findall(line) if _stem(token) in counts)
    jobs = source.get("work_experience") or []
    return {
        "words": len(words),
        "jobs": len(jobs),
        "dated": sum(1 for job in jobs if job.get("start_date")),
        "months": sum(job.get("months") or 0 for job in jobs),
        "closed_months": sum(job.get("months") or 0 for job in jobs if _closed(job)),
        "current": int(any(not _closed(job) for job in jobs if job.get("start_date"))),
        "years": float(source.get("total_experience_years") or 0.0),
        "per_1000": 1000 * sum(counts.values()) / length,
        "most_repeated": max(counts.values(), default=0),
        "first_position": statistics.fmean([first.get(word, 1.0) for word in asked]) if asked else 1.0,
        "tail_share": tail / (sum(counts.values()) or 1),
    }  # fmt: skip


@dataclass(frozen=True)
class Reindexed:
    """A labelled database reindexed behind an alias: its client, the labels, and a search on the alias."""

    client: AsyncOpenSearch
    labels: dict[str, set[str]]
    search: queries.Engine


@contextlib.asynccontextmanager
async def reindexed(
    database: str, alias: str, redis_url: str, keep: bool = False
) -> AsyncIterator[Reindexed]:
    """The database reindexed behind `alias` (`python -m indexer reindex`), its labels read; the indexes
    behind the alias are deleted afterwards unless `keep`."""
    url = f"{Settings().database_url.rsplit('/', 1)[0]}/{database}"
    reindex(url, alias, redis_url)
    connection = await asyncpg.connect(plain_url(url))
    labels = await read_labels(connection)
    await connection.close()
    client = create_opensearch(Settings(database_url=url))

    async def search(body: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = await client.search(index=alias, body=body)
        return found

    try:
        yield Reindexed(client, labels, search)
    finally:
        if not keep:
            await client.indices.delete(index=f"{alias}-*", ignore_unavailable=True)
        await client.close()


async def dump(args: argparse.Namespace) -> None:
    windows = []
    async with reindexed(args.database, args.alias, args.redis_url) as run:
        for query in json.loads(args.queries.read_text())["queries"]:
            wanted = set(query["relevant_categories"])
            body = await variants.ours(query["text"], date.today(), run.search)
            found = await run.search({**body, "size": queries.FEEDBACK_WINDOW, "_source": SOURCE})
            hits = [
                {
                    "score": hit["_score"],
                    "relevant": bool(run.labels.get(hit["_source"]["candidate_id"], set()) & wanted),
                    **features(query["text"], hit["_source"]),
                }
                for hit in found["hits"]["hits"]
            ]
            total = sum(1 for categories in run.labels.values() if categories & wanted)
            windows.append({"id": query["id"], "total": total, "hits": hits})
    args.out.write_text(json.dumps(windows))


Factor = Callable[[dict[str, Any]], float]


def power(
    feature: str, offset: float = 1.0, sign: float = 1.0, scale: float = 1.0
) -> Callable[[float], Factor]:
    """The factor (offset + sign x feature / scale) ** w of a hit, for a weight w."""
    return lambda w: lambda hit: (offset + sign * hit[feature] / scale) ** w


def _tail(w: float) -> Factor:
    return lambda hit: 1 - w * hit["tail_share"]


def _current(w: float) -> Factor:
    return lambda hit: w if hit["current"] else 1.0


# Each family: the factor per weight w, and its weights; a window hit's score is multiplied by the factor.
MONTHS_WEIGHTS = (-0.25, -0.15, -0.1, -0.05, 0.1, 0.25)
FAMILIES: dict[str, tuple[Callable[[float], Factor], tuple[float, ...]]] = {
    "dated jobs, (1 + count) ^ w": (power("dated"), (-0.25, -0.1, 0.1, 0.25)),
    "resume length in words, (1 + words) ^ w": (power("words"), (-0.25, -0.1, 0.1, 0.25)),
    "query words per 1,000 words d, (1 + d / 10) ^ w": (power("per_1000", scale=10), (0.1, 0.25, 0.5, 1.0)),
    "the most repeated query word's count t, (1 + t) ^ w": (power("most_repeated"), (0.1, 0.25, 0.5)),
    "the query words' first positions p, (1.01 - p) ^ w": (
        power("first_position", 1.01, -1),
        (0.1, 0.25, 0.5),
    ),
    "1 - w x the query words' share outside the practice sections": (_tail, (0.25, 0.5, 1.0)),
    "summed job months, (1 + months) ^ w": (power("months"), MONTHS_WEIGHTS),
    "months of closed jobs, (1 + months) ^ w": (power("closed_months"), MONTHS_WEIGHTS),
    "a current job, x w": (_current, (0.8, 0.9, 0.95, 1.05)),
}


def reordered(windows: list[dict[str, Any]], factor: Factor | None) -> dict[str, float]:
    """nDCG@10 per query with each window hit's score times `factor` (None: ours's order)."""
    scores = {}
    for window in windows:
        hits = window["hits"]
        if factor is not None:
            hits = sorted(hits, key=lambda hit: -hit["score"] * factor(hit))
        scores[window["id"]] = ndcg_at([hit["relevant"] for hit in hits], window["total"])
    return scores


def out_of_fold(runs: Sequence[dict[str, float]], folds: int = 5) -> float:
    """nDCG@10 when each fold's queries (position mod `folds`) take the run best on the other folds."""
    names = list(runs[0])
    total = 0.0
    for fold in range(folds):
        train = [q for n, q in enumerate(names) if n % folds != fold]
        best = max(range(len(runs)), key=lambda r: (sum(runs[r][q] for q in train), -r))
        total += sum(runs[best][q] for n, q in enumerate(names) if n % folds == fold)
    return total / len(names)


def separation(windows: list[dict[str, Any]], feature: str) -> float:
    """The mean over queries of (relevant hits' mean - the others') / the window's spread of `feature`."""
    gaps = []
    for window in windows:
        values = [hit[feature] for hit in window["hits"]]
        relevant = [hit[feature] for hit in window["hits"] if hit["relevant"]]
        other = [hit[feature] for hit in window["hits"] if not hit["relevant"]]
        if relevant and other:
            gaps.append(
                (statistics.fmean(relevant) - statistics.fmean(other)) / (statistics.pstdev(values) or 1)
            )
    return statistics.fmean(gaps)


def report(windows: list[dict[str, Any]]) -> str:
    base = reordered(windows, None)
    mean = statistics.fmean(base.values())
    lines = [
        f"ours offline: {mean:.4f}",
        "",
        "| family | dev nDCG@10 - ours, by weight | folds |",
        "|---|---|---:|",
    ]
    for name, (factor, weights) in FAMILIES.items():
        runs = [reordered(windows, factor(w)) for w in weights]
        cells = ", ".join(
            f"{w:g}: {statistics.fmean(r.values()) - mean:+.4f}" for w, r in zip(weights, runs, strict=True)
        )
        lines.append(f"| {name} | {cells} | {out_of_fold([base, *runs]):.4f} |")
    lines += ["", "| feature | relevant - other hits, in the window's spread |", "|---|---:|"]
    lines += [
        f"| {f} | {separation(windows, f):+.3f} |"
        for f in windows[0]["hits"][0]
        if f not in ("score", "relevant")
    ]
    return "\n".join(lines)  # fmt: skip


def dump_report_main(
    argv: Sequence[str] | None,
    doc: str | None,
    alias: str,
    dump: Callable[[argparse.Namespace], Coroutine[Any, Any, None]],
    report: Callable[[Any], str],
    keep: bool = False,
) -> None:
    """The command line of a window experiment (`<module> dump ...`, `<module> report WINDOWS.json`): `dump`
    on the parsed arguments (database, alias, Redis, queries, out; `--keep` when `keep`), or `report` of a
    dump printed; `doc` is the module's docstring, whose first line describes it."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("--queries", type=Path, required=True)
    dumping.add_argument("--database", default="s41rel")
    dumping.add_argument("--alias", default=alias)
    dumping.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    if keep:
        dumping.add_argument("--keep", action="store_true", help="leave the index behind the alias")
    dumping.add_argument("--out", type=Path, required=True)
    reporting = commands.add_parser("report")
    reporting.add_argument("windows", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        asyncio.run(dump(args))
    else:
        print(report(json.loads(args.windows.read_text())))


def main(argv: Sequence[str] | None = None) -> None:
    dump_report_main(argv, __doc__, "s43rel-an", dump, report)


if __name__ == "__main__":
    main()
