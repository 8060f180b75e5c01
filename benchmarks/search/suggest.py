"""Autocomplete: what one suggestion costs the engine, over every active candidate or only over those with a
value of the prefix (`app.search.service.suggest_body`).

For each field (skill, company, title), prefixes of one to three letters are drawn (fixed seed) from the
starts of the field's values in a kept corpus, weighted by how many candidates hold them, as a recruiter's
typing would meet them; each prefix's aggregation is sent both ways `--rounds` times in a rotating order,
with OpenSearch's request cache off (a new prefix is what each keystroke sends). Per prefix: `took`, the
median of the rounds, and whether both ways answer the same values and counts.

    python -m benchmarks.search.suggest --size 1000000 --out benchmarks/results/search_suggest

Needs a kept corpus (`python -m benchmarks.search --sizes N --keep --prepare`).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opensearchpy import AsyncOpenSearch

from app.search.selectivity import read_skill_counts
from app.search.service import SUGGEST_FIELDS, suggest_body
from app.search_engine import close_opensearch, create_opensearch
from benchmarks.common import latency_cell, latency_summary, report
from benchmarks.search.fixed_cost import kept_settings

WAYS = ("every candidate", "as the API sends it")
LIMIT = 10  # the suggest route's default


async def draw_prefixes(client: AsyncOpenSearch, alias: str, field: str, count: int, seed: int) -> list[str]:
    """`count` distinct prefixes of 1-3 letters, drawn by how many candidates hold a value starting so."""
    answer = await client.search(
        index=alias,
        body={"size": 0, "aggs": {"values": {"terms": {"field": SUGGEST_FIELDS[field], "size": 2000}}}},
    )
    buckets = [(b["key"], b["doc_count"]) for b in answer["aggregations"]["values"]["buckets"]]
    rng = random.Random(seed)
    drawn: list[str] = []
    for _ in range(count * 20):
        value = rng.choices([v for v, _ in buckets], weights=[n for _, n in buckets])[0]
        prefix = value[: rng.choice((1, 2, 2, 3, 3))].lower()
        if prefix.strip() and prefix not in drawn:
            drawn.append(prefix)
        if len(drawn) == count:
            break
    return drawn


async def measure(size: int, count: int, rounds: int) -> dict[str, Any]:
    settings = kept_settings(size)
    alias = settings.index_alias
    client = create_opensearch(settings)
    rows: list[dict[str, Any]] = []
    try:
        counts = await read_skill_counts(client, alias)
        for field in SUGGEST_FIELDS:
            for turn, prefix in enumerate(await draw_prefixes(client, alias, field, count, seed=30)):
                sent = suggest_body(field, prefix, LIMIT, counts)
                every = suggest_body(field, prefix, LIMIT, None)
                every["query"] = {"term": {"is_active": True}}
                bodies = {WAYS[0]: every, WAYS[1]: sent}
                times: dict[str, list[int]] = {way: [] for way in WAYS}
                answers: dict[str, Any] = {}
                for step in range(rounds):
                    for way in WAYS if (turn + step) % 2 == 0 else WAYS[::-1]:
                        answer = await client.search(index=alias, body=bodies[way], request_cache=False)
                        times[way].append(int(answer["took"]))
                        answers[way] = answer["aggregations"]["values"]["buckets"]
                rows.append(
                    {
                        "field": field,
                        "prefix": prefix,
                        "filtered": len(sent["query"]["bool"]["filter"]) > 1,
                        **{way: statistics.median(times[way]) for way in WAYS},
                        "same": answers[WAYS[0]] == answers[WAYS[1]],
                    }
                )
    finally:
        await close_opensearch(client)
    return {
        "size": size,
        "prefixes_per_field": count,
        "rounds": rounds,
        "same": sum(1 for r in rows if r["same"]),
        "fields": {
            field: {way: latency_summary([r[way] for r in rows if r["field"] == field]) for way in WAYS}
            for field in SUGGEST_FIELDS
        },
        "rows": rows,
    }


def markdown(results: dict[str, Any], command: str) -> str:
    lines = [
        "# Autocomplete: a suggestion over every candidate, or over those with a value of the prefix",
        "",
        f"Command: `{command}`, finished {datetime.now(UTC).isoformat(timespec='seconds')}; "
        f"{results['size']:,} candidates, {results['prefixes_per_field']} prefixes of 1-3 letters per field "
        "(drawn by how many candidates hold a value starting so), each sent "
        f"{results['rounds']} times both ways in a rotating order, request cache off; OpenSearch's `took`, "
        f"the median of the rounds, ms. Same values and counts both ways: {results['same']} of "
        f"{len(results['rows'])} prefixes.",
        "",
        "| field | every candidate p50 / p95 / max | as the API sends it p50 / p95 / max |",
        "|---|---|---|",
    ]
    for field, row in results["fields"].items():
        every, sent = row[WAYS[0]], row[WAYS[1]]
        lines.append(f"| {field} | {latency_cell(every)} | {latency_cell(sent)} |")
    unfiltered = [f"{r['field']} '{r['prefix']}'" for r in results["rows"] if not r["filtered"]]
    lines += ["", f"Sent over every candidate by the skill counts' rule: {', '.join(unfiltered) or 'none'}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size (bench_search_<size>)")
    parser.add_argument("--prefixes", type=int, default=40, help="prefixes per field")
    parser.add_argument("--rounds", type=int, default=3, help="times each prefix is sent each way")
    parser.add_argument("--out", type=Path, help="results path without suffix (.md and .json written)")
    args = parser.parse_args()
    if args.prefixes < 1 or args.rounds < 1:
        parser.error("--prefixes and --rounds must be at least 1")
    command = "python -m benchmarks.search.suggest " + " ".join(sys.argv[1:])
    results = asyncio.run(measure(args.size, args.prefixes, args.rounds))
    report(args.out, results | {"command": command}, markdown(results, command))


if __name__ == "__main__":
    main()
