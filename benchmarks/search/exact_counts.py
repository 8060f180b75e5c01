"""Capped count or every match counted: what a skills_match body costs the engine either way, by how many
candidates its filters let in.

For the search benchmark's skills_match requests at a kept corpus, every body the API sends whose count
matters (the title feedback's first pass for a request with text, the page itself without) is sent twice
per round, in a rotating order: with `track_total_hits` at the cap (the engine prunes past it) and with
`track_total_hits: true` (it scores every match). Per body: OpenSearch's `took` (the median of the
rounds), whether both answers hold the same hits with the same scores, how many candidates the filters let
in (a count), and the bound the API reads from the index's skill counts (`app.search.selectivity`). Then,
per threshold T, the engine time if every body whose bound is at most T (and at most a tenth of the index)
were counted in full (what SEARCH_EXACT_COUNT_BELOW = T does).

    python -m benchmarks.search.exact_counts --size 1000000 --out benchmarks/results/search_exact_counts

`--ticked`: each request gets one facet ticked as on the recruiter's page, a place or an employer in turn,
drawn (fixed seed) from the corpus's 60 most common current locations and companies. No skill count
bounds those: the API counts the filters first (`selectivity.filter_count`, remembered per filter set), so
the table adds that count's own `took` and the time with the API's choice (the count, then counted in full
when it is at most the limit, the cap otherwise).

Needs a kept corpus (`python -m benchmarks.search --sizes N --keep --prepare`).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import random
import statistics
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from opensearchpy import AsyncOpenSearch

from app.search import queries
from app.search.schemas import SearchRequest, SearchType
from app.search.selectivity import EXACT_COUNT_BELOW, SkillCounts, filter_count, read_skill_counts
from app.search_engine import close_opensearch, create_opensearch
from benchmarks.common import percentile, report
from benchmarks.search.fixed_cost import kept_settings, kept_workload

# Warm-up requests of the search benchmark's list (its WARMUP), not timed here either.
WARMUP = 20
# Filters' counts the bodies are grouped by (upper edges).
BUCKETS = (5_000, 20_000, 50_000, 100_000, 200_000, 400_000)
THRESHOLDS = (0, 10_000, 20_000, 30_000, 50_000, 80_000, 120_000)
WAYS = ("capped", "every match")


def timed_body(request: SearchRequest, today: date) -> dict[str, Any]:
    """The body of a request whose count matters: its first pass when it has text, else its page."""
    if queries.feedback_text(request) is not None:
        return queries.first_pass(request, today, windowed=True)
    return queries.build_search(request, None, today)


# A page's hits: ids and scores, in order.
Hits = list[tuple[str, float]]


async def took(client: AsyncOpenSearch, alias: str, body: dict[str, Any]) -> tuple[Hits, int]:
    answer: dict[str, Any] = await client.search(index=alias, body=body, request_cache=False)
    hits = [(hit["_id"], float(hit["_score"] or 0.0)) for hit in answer["hits"]["hits"]]
    return hits, int(answer["took"])


async def one_body(
    client: AsyncOpenSearch, alias: str, body: dict[str, Any], rounds: int, turn: int
) -> dict[str, Any]:
    """Both ways' median `took`, whether they agree, and how many candidates the filters let in."""
    every = copy.deepcopy(body)
    every["track_total_hits"] = True
    bodies = {"capped": body, "every match": every}
    times: dict[str, list[int]] = {way: [] for way in WAYS}
    hits: dict[str, Hits] = {}
    for step in range(rounds):
        order = WAYS if (turn + step) % 2 == 0 else WAYS[::-1]
        for way in order:
            hits[way], ms = await took(client, alias, bodies[way])
            times[way].append(ms)
    filters = body["query"]["bool"]["filter"]
    counted = await client.count(index=alias, body={"query": {"bool": {"filter": filters}}})
    return {
        **{way: statistics.median(times[way]) for way in WAYS},
        "same_hits": hits["capped"] == hits["every match"],
        "let_in": int(counted["count"]),
        "filters": filters,
    }


def bucket_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    low = 0
    for high in (*BUCKETS, None):
        inside = [r for r in rows if r["let_in"] >= low and (high is None or r["let_in"] < high)]
        if inside:
            out.append(
                {
                    "from": low,
                    "to": high,
                    "bodies": len(inside),
                    **{
                        way: {
                            "p50_ms": percentile([r[way] for r in inside], 0.5),
                            "max_ms": max(r[way] for r in inside),
                        }
                        for way in WAYS
                    },
                    "every_match_faster": sum(1 for r in inside if r["every match"] < r["capped"]),
                }
            )
        low = high or low
    return out


def threshold_rows(rows: list[dict[str, Any]], counts: SkillCounts) -> list[dict[str, Any]]:
    out = []
    for threshold in THRESHOLDS:
        full = [counts.few(r["filters"], threshold) for r in rows]
        chosen = [r["every match"] if whole else r["capped"] for r, whole in zip(rows, full, strict=True)]
        out.append(
            {
                "threshold": threshold,
                "counted_in_full": sum(full),
                "p50_ms": percentile(chosen, 0.5),
                "p95_ms": percentile(chosen, 0.95),
                "p99_ms": percentile(chosen, 0.99),
                "max_ms": max(chosen),
                "mean_ms": round(statistics.mean(chosen), 2),
            }
        )
    return out


async def ticked(client: AsyncOpenSearch, alias: str, requests: list[SearchRequest]) -> list[SearchRequest]:
    """The requests with a place or an employer ticked in turn (the corpus's 60 most common, seed 29)."""
    common = {}
    for name, field in (("locations", "location.raw"), ("companies", "current_company.raw")):
        answer = await client.search(
            index=alias, body={"size": 0, "aggs": {"top": {"terms": {"field": field, "size": 60}}}}
        )
        common[name] = [bucket["key"] for bucket in answer["aggregations"]["top"]["buckets"]]
    rng = random.Random(29)
    return [
        request.model_copy(update={name: [rng.choice(common[name])]})
        for turn, request in enumerate(requests)
        for name in (("locations", "companies")[turn % 2],)
    ]


def ticked_rows(rows: list[dict[str, Any]], limit: float) -> dict[str, Any]:
    """Engine ms per body with the cap alone, and with the API's choice: the count, then counted in full
    at most `limit`."""
    capped = [r["capped"] for r in rows]
    chosen = [r["count_ms"] + (r["every match"] if r["let_in"] <= limit else r["capped"]) for r in rows]
    return {
        way: {
            "p50_ms": percentile(values, 0.5),
            "p95_ms": percentile(values, 0.95),
            "max_ms": max(values),
            "mean_ms": round(statistics.mean(values), 2),
        }
        for way, values in (("capped", capped), ("counted, then the choice", chosen))
    } | {"counted_in_full": sum(1 for r in rows if r["let_in"] <= limit)}


async def measure(size: int, count: int, rounds: int, tick: bool = False) -> dict[str, Any]:
    settings = kept_settings(size)
    alias = settings.index_alias
    client = create_opensearch(settings)
    today = date.today()
    workload = await kept_workload(size, count + WARMUP)
    requests = workload[SearchType.SKILLS_MATCH][WARMUP : WARMUP + count]
    try:
        counts = await read_skill_counts(client, alias)
        limit = counts.limit(EXACT_COUNT_BELOW)
        if tick:
            requests = await ticked(client, alias, requests)
        for request in workload[SearchType.SKILLS_MATCH][:WARMUP]:
            await took(client, alias, timed_body(request, today))
        rows = []
        for turn, request in enumerate(requests):
            row = await one_body(client, alias, timed_body(request, today), rounds, turn)
            if tick:
                counted = [
                    (await client.search(index=alias, body=filter_count(request, int(limit))))["took"]
                    for _ in range(rounds)
                ]
                row["count_ms"] = statistics.median(counted)
            rows.append(row)
            if (turn + 1) % 50 == 0:
                print(f"{turn + 1} of {len(requests)} bodies", file=sys.stderr)
    finally:
        await close_opensearch(client)
    return {
        "size": size,
        "requests": len(rows),
        "rounds": rounds,
        "ticked": tick,
        "same_hits": sum(1 for r in rows if r["same_hits"]),
        "buckets": bucket_rows(rows),
        **(
            {"ticked_choice": ticked_rows(rows, limit)}
            if tick
            else {"thresholds": threshold_rows(rows, counts)}
        ),
        "bodies": [{k: v for k, v in r.items() if k != "filters"} for r in rows],
    }


def markdown(results: dict[str, Any], command: str) -> str:
    lines = [
        "# Capped count or every match counted: skills_match bodies by the candidates their filters let in",
        "",
        f"Command: `{command}`, finished {datetime.now(UTC).isoformat(timespec='seconds')}; "
        f"{results['size']:,} candidates, {results['requests']} skills_match requests (the search "
        "benchmark's), "
        f"each body sent {results['rounds']} times both ways in a rotating order; OpenSearch's `took`, the "
        f"median of the rounds, ms. Same hits with the same scores both ways: {results['same_hits']} of "
        f"{results['requests']}.",
        "",
        "| filters let in | bodies | capped p50 / max | every match p50 / max | every match faster |",
        "|---|---:|---|---|---:|",
    ]
    for row in results["buckets"]:
        span = f"{row['from']:,} to {row['to']:,}" if row["to"] else f"{row['from']:,} and more"
        lines.append(
            f"| {span} | {row['bodies']} | {row['capped']['p50_ms']:.0f} / {row['capped']['max_ms']:.0f} | "
            f"{row['every match']['p50_ms']:.0f} / {row['every match']['max_ms']:.0f} | "
            f"{row['every_match_faster']} |"
        )
    if results.get("ticked"):
        choice = results["ticked_choice"]
        lines += [
            "",
            f"With one place or employer ticked, engine ms over every body ({choice['counted_in_full']} "
            "counted in full by the API's choice; its count of the filters' candidates included in that "
            "row):",
            "",
            "| way | p50 | p95 | max | mean |",
            "|---|---:|---:|---:|---:|",
        ]
        for way in ("capped", "counted, then the choice"):
            row = choice[way]
            lines.append(
                f"| {way} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['max_ms']:.0f} | "
                f"{row['mean_ms']:.2f} |"
            )
        return "\n".join(lines) + "\n"
    lines += [
        "",
        "Counted in full when the skill counts' bound is at most T and at most a tenth of the index "
        "(SEARCH_EXACT_COUNT_BELOW; 0: never), engine ms over every body:",
        "",
        "| T | counted in full | p50 | p95 | p99 | max | mean |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["thresholds"]:
        lines.append(
            f"| {row['threshold']:,} | {row['counted_in_full']} | {row['p50_ms']:.0f} | "
            f"{row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['max_ms']:.0f} | {row['mean_ms']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size (bench_search_<size>)")
    parser.add_argument("--requests", type=int, default=300, help="skills_match requests timed")
    parser.add_argument("--rounds", type=int, default=3, help="times each body is sent each way")
    parser.add_argument("--ticked", action="store_true", help="a place or an employer ticked on each request")
    parser.add_argument("--out", type=Path, help="results path without suffix (.md and .json written)")
    args = parser.parse_args()
    if args.requests < 1 or args.rounds < 1:
        parser.error("--requests and --rounds must be at least 1")
    command = "python -m benchmarks.search.exact_counts " + " ".join(sys.argv[1:])
    results = asyncio.run(measure(args.size, args.requests, args.rounds, args.ticked))
    report(args.out, results | {"command": command}, markdown(results, command))


if __name__ == "__main__":
    main()
