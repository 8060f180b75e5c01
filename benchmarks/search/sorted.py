"""Pages sorted by a field (years of experience, last update): one body that scores every match, against
the two steps the API sends (`app.search.sorted_pages`: a probe in filter context finds where the page ends,
then the page's body held to that range).

For the search benchmark's skills_match and experience_match requests at a kept corpus, each request gets
one of the three field sorts in turn; its first page and the cursor page after it are each sent both ways,
`--rounds` times in a rotating order (the title feedback's first pass, which both ways need first, is run
once and not timed). Per page: OpenSearch's `took` (the two steps' added), the median of the rounds, and
whether both ways give the same candidates in the same order with the same sort values, scores and total.

    python -m benchmarks.search.sorted --size 1000000 --out benchmarks/results/search_sorted

Needs a kept corpus (`python -m benchmarks.search --sizes N --keep --prepare`).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from opensearchpy import AsyncOpenSearch

from app.search import queries, sorted_pages
from app.search.schemas import SearchRequest, SearchType, SortOrder
from app.search_engine import close_opensearch, create_opensearch
from benchmarks.common import latency_cell, latency_summary, report
from benchmarks.search.fixed_cost import kept_settings, kept_workload

WARMUP = 20  # the search benchmark's warm-up requests: sent, not timed
SORTS = (SortOrder.EXPERIENCE_DESC, SortOrder.EXPERIENCE_ASC, SortOrder.UPDATED_DESC)
TYPES = (SearchType.SKILLS_MATCH, SearchType.EXPERIENCE_MATCH)
WAYS = ("one body", "two steps")


def page_of(answer: dict[str, Any]) -> tuple[list[tuple[str, list[Any], float]], Any]:
    hits = [(h["_id"], h["sort"], float(h["_score"] or 0.0)) for h in answer["hits"]["hits"]]
    return hits, answer["hits"]["total"]


async def one_page(
    client: AsyncOpenSearch, alias: str, request: SearchRequest, page: queries.Page, rounds: int, turn: int
) -> dict[str, Any]:
    """Both ways' median `took` for one page, whether they agree, and the page's last sort values."""

    async def engine(body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = await client.search(index=alias, body=body, request_cache=False)
        return answer

    today = date.today()
    first = await queries.run_first_pass(request, today, page, engine)
    body = queries.build_search(request, None, today, page, first.feedback if first else [])
    times: dict[str, list[int]] = {way: [] for way in WAYS}
    answers: dict[str, dict[str, Any]] = {}
    for step in range(rounds):
        for way in WAYS if (turn + step) % 2 == 0 else WAYS[::-1]:
            if way == "one body":
                answer = await engine(body)
            else:
                answer = await sorted_pages.sorted_page(body, request, page, engine) or await engine(body)
            answers[way] = answer
            times[way].append(int(answer["took"]))
    one, two = (page_of(answers[way]) for way in WAYS)
    hits = answers["one body"]["hits"]["hits"]
    return {
        **{way: statistics.median(times[way]) for way in WAYS},
        "same_page": one == two,
        "after": hits[-1]["sort"] if len(hits) == request.limit else None,
    }


async def measure(size: int, count: int, rounds: int) -> dict[str, Any]:
    settings = kept_settings(size)
    alias = settings.index_alias
    client = create_opensearch(settings)
    workload = await kept_workload(size, count + WARMUP)
    requests = [
        request.model_copy(update={"sort": SORTS[turn % len(SORTS)]})
        for kind in TYPES
        for turn, request in enumerate(workload[kind][WARMUP : WARMUP + count])
    ]
    rows = []
    try:
        for request in workload[SearchType.SKILLS_MATCH][:WARMUP]:
            await one_page(client, alias, request.model_copy(update={"sort": SORTS[0]}), queries.Page(), 1, 0)
        for turn, request in enumerate(requests):
            first = await one_page(client, alias, request, queries.Page(), rounds, turn)
            rows.append({"type": request.search_type.value, "sort": request.sort.value, "page": 1, **first})
            if first["after"] is not None:
                after = queries.Page(after=first["after"])
                second = await one_page(client, alias, request, after, rounds, turn + 1)
                rows.append(
                    {"type": request.search_type.value, "sort": request.sort.value, "page": 2, **second}
                )
            if (turn + 1) % 50 == 0:
                print(f"{turn + 1} of {len(requests)} requests", file=sys.stderr)
    finally:
        await close_opensearch(client)
    return {
        "size": size,
        "requests": len(requests),
        "rounds": rounds,
        "pages": len(rows),
        "same_pages": sum(1 for r in rows if r["same_page"]),
        "groups": group_rows(rows),
        "rows": [{k: v for k, v in r.items() if k != "after"} for r in rows],
    }


def group_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = [("every page", rows)]
    groups += [
        (f"{kind.value}, page {n}", [r for r in rows if r["type"] == kind.value and r["page"] == n])
        for kind in TYPES
        for n in (1, 2)
    ]
    groups += [(sort.value, [r for r in rows if r["sort"] == sort.value]) for sort in SORTS]
    return [
        {
            "group": name,
            "pages": len(inside),
            **{way: latency_summary([r[way] for r in inside]) for way in WAYS},
        }
        for name, inside in groups
        if inside
    ]


def markdown(results: dict[str, Any], command: str) -> str:
    lines = [
        "# Field-sorted pages: one body that scores every match, or the two steps the API sends",
        "",
        f"Command: `{command}`, finished {datetime.now(UTC).isoformat(timespec='seconds')}; "
        f"{results['size']:,} candidates, {results['requests']} skills_match and experience_match "
        "requests (the search benchmark's), each with one of experience_desc, experience_asc and "
        "updated_desc in turn; each request's first page and the cursor page after it, "
        f"{results['pages']} pages, each sent {results['rounds']} times both ways in a rotating order; "
        "OpenSearch's `took` (the two steps added), the median of the rounds, ms. Same candidates, order, "
        "sort values, scores and total both ways: "
        f"{results['same_pages']} of {results['pages']} pages.",
        "",
        "| pages | n | one body p50 / p95 / max | two steps p50 / p95 / max | mean, one body -> two steps |",
        "|---|---:|---|---|---|",
    ]
    for row in results["groups"]:
        one, two = row["one body"], row["two steps"]
        lines.append(
            f"| {row['group']} | {row['pages']} | "
            f"{latency_cell(one)} | {latency_cell(two)} | "
            f"{one['mean_ms']:.1f} -> {two['mean_ms']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size (bench_search_<size>)")
    parser.add_argument("--requests", type=int, default=100, help="requests per search type")
    parser.add_argument("--rounds", type=int, default=3, help="times each page is sent each way")
    parser.add_argument("--out", type=Path, help="results path without suffix (.md and .json written)")
    args = parser.parse_args()
    if args.requests < 1 or args.rounds < 1:
        parser.error("--requests and --rounds must be at least 1")
    command = "python -m benchmarks.search.sorted " + " ".join(sys.argv[1:])
    results = asyncio.run(measure(args.size, args.requests, args.rounds))
    report(args.out, results | {"command": command}, markdown(results, command))


if __name__ == "__main__":
    main()
