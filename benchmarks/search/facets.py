"""What facets cost the engine at a kept corpus: every match aggregated against the best N matches' facets.

For each search type, the search benchmark's requests with `facets: true`; per request, in a rotating order,
OpenSearch's own `took` for: the page without facets (what a search costs when it asks none), the page with
the facet aggregations over every match (what the API did before issue 15 session 27, and still does with
`exact_total` and for the colleague searches), the same aggregations in filter context (no scores), and the
sample the API sends now: the query's best N ids (`queries.facet_sample`), then the facets of those ids
(`queries.facet_counts`), for N = 200, 500 and 1,000.

    python -m benchmarks.search.facets --size 1000000 --requests 40 --out benchmarks/results/search_facets

Needs a kept corpus (`python -m benchmarks.search --sizes N --keep --prepare`).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from opensearchpy import AsyncOpenSearch

from app.search import queries
from app.search.schemas import SearchRequest, SearchType
from app.search_engine import close_opensearch, create_opensearch
from benchmarks.common import percentile, report
from benchmarks.search.fixed_cost import kept_settings, kept_workload

SAMPLES = (200, 500, 1000)
WAYS = ("page", "every match", "every match, filter context", *(f"best {n}" for n in SAMPLES))


async def took(client: AsyncOpenSearch, alias: str, body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    answer: dict[str, Any] = await client.search(index=alias, body=body, request_cache=False)
    return answer, int(answer["took"])


async def one_request(
    client: AsyncOpenSearch, alias: str, request: SearchRequest, today: date, turn: int
) -> tuple[dict[str, int], bool]:
    """Every way's engine milliseconds for one request, in an order rotating with `turn`; and whether its
    total reached the cap."""
    source = None
    if request.candidate_id is not None and request.search_type != SearchType.SKILLS_MATCH:
        found = await client.get(
            index=alias, id=str(request.candidate_id), _source_includes=queries.RELATIVE_SOURCE_FIELDS
        )
        source = found["_source"]
    if queries.feedback_text(request) is not None:
        page = queries.first_pass(request, today, windowed=True)
    else:
        page = queries.build_search(request, source, today)
    page.pop("aggs", None)
    every = copy.deepcopy(page)
    every["aggs"] = queries.FACET_AGGS
    filtered = {
        "size": 0,
        "track_total_hits": False,
        "query": {"bool": {"filter": [page["query"]]}},
        "aggs": queries.FACET_AGGS,
    }
    bodies = {"page": page, "every match": every, "every match, filter context": filtered}

    async def run(way: str) -> tuple[dict[str, Any], int]:
        """The way's last answer and its engine milliseconds (a sample's two requests added)."""
        if way in bodies:
            return await took(client, alias, bodies[way])
        size = int(way.split()[1])
        sample, first = await took(client, alias, queries.facet_sample(request, source, today, size))
        counted, second = await took(
            client, alias, queries.facet_counts([h["_id"] for h in sample["hits"]["hits"]])
        )
        return counted, first + second

    order = WAYS[turn % len(WAYS) :] + WAYS[: turn % len(WAYS)]
    done = {way: await run(way) for way in order}
    capped = done["page"][0]["hits"]["total"].get("relation") == "gte"
    return {way: ms for way, (_, ms) in done.items()}, capped


async def measure(size: int, count: int, types: list[SearchType]) -> dict[str, Any]:
    settings = kept_settings(size)
    alias = settings.index_alias
    client = create_opensearch(settings)
    today = date.today()
    workload = await kept_workload(size, count + 5)
    results: dict[str, Any] = {"size": size, "requests": count, "types": {}}
    try:
        for kind in types:
            requests = [r.model_copy(update={"facets": True}) for r in workload[kind][: count + 5]]
            times: dict[str, list[int]] = {way: [] for way in WAYS}
            capped = 0
            for turn, request in enumerate(requests):
                row, reached = await one_request(client, alias, request, today, turn)
                if turn < 5:
                    continue  # warm-up
                capped += reached
                for way, ms in row.items():
                    times[way].append(ms)
            results["types"][kind.value] = {
                "capped_totals": capped,
                "ways": {
                    way: {"p50_ms": percentile(v, 0.50), "p95_ms": percentile(v, 0.95)}
                    for way, v in times.items()
                },
            }
            print(f"{kind.value} done", file=sys.stderr)
    finally:
        await close_opensearch(client)
    return results


def markdown(results: dict[str, Any], command: str) -> str:
    lines = [
        "# What facets cost the engine",
        "",
        f"Command: `{command}`, finished {datetime.now(UTC).isoformat(timespec='seconds')}; "
        f"{results['size']:,} candidates, {results['requests']} requests per type (the search benchmark's, "
        "with facets), every way run for each request in a rotating order. OpenSearch's `took`, ms, "
        "p50 / p95; a sample's figure is its two requests (the best N ids, then their facets) added.",
        "",
        "| search type | totals at the cap | " + " | ".join(WAYS) + " |",
        "|---|---:|" + "---:|" * len(WAYS),
    ]
    for kind, row in results["types"].items():
        cells = [f"{row['ways'][way]['p50_ms']:.0f} / {row['ways'][way]['p95_ms']:.0f}" for way in WAYS]
        lines.append(
            f"| {kind} | {row['capped_totals']} of {results['requests']} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size (bench_search_<size>)")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per type")
    parser.add_argument(
        "--types",
        default=",".join(kind.value for kind in SearchType if kind != SearchType.COLLEAGUES),
        help="search types, comma-separated",
    )
    parser.add_argument("--out", type=Path, help="results path without suffix (.md and .json written)")
    args = parser.parse_args()
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    try:
        types = [SearchType(name.strip()) for name in args.types.split(",") if name.strip()]
    except ValueError as error:
        parser.error(str(error))
    command = "python -m benchmarks.search.facets " + " ".join(sys.argv[1:])
    results = asyncio.run(measure(args.size, args.requests, types))
    report(args.out, results | {"command": command}, markdown(results, command))


if __name__ == "__main__":
    main()
