"""worked_with as it was before issue 15 session 13 (commit bf0b65f), against the body of now, interleaved.

Before: a nested clause per source job over every job at that company whose dates could overlap, each scored
by a painless script (its months beside the source job's) and summed into its candidate. Now: the
candidate's time at each company per calendar year (`app.candidates.tenure`). Both run on the same index
(definition v4 still holds the nested jobs), on the search benchmark's worked_with requests:

    python -m benchmarks.search.worked_with_before --size 1000000 --requests 300 --out F.md

It reports each body's latency and engine time, and whether the pages agree: the same total, the same set
of hits, and the same months together (the multiset of `overlap_months` of a page's hits; ties may differ).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date
from typing import Any

import asyncpg

from app.parsing.dates import shift_months
from app.search import queries
from app.search.schemas import SearchRequest, SearchType
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.common import percentile
from benchmarks.search.__main__ import SEED, WARMUP
from benchmarks.search.peers import RawPeer
from benchmarks.search.workload import build_requests, sample_candidates

# Overlap in months between the nested job and the source job, computed in the index (painless).
OVERLAP_SCRIPT = """
long today = ((Number) params.today).longValue();
long s = doc['work_experience.start_date'].value.toInstant().toEpochMilli();
long e = doc['work_experience.end_date'].size() == 0 ? today
    : doc['work_experience.end_date'].value.toInstant().toEpochMilli();
long start = ((Number) params.start).longValue();
long end = ((Number) params.end).longValue();
long from = s > start ? s : start;
long to = e < end ? e : end;
return to > from ? (to - from) / 2629800000.0 : 0.0;
"""


def _day(value: str | None, today: date) -> date:
    return date.fromisoformat(value) if value else today


def worked_with(request: SearchRequest, source: dict[str, Any], today: date) -> dict[str, Any]:
    """The worked_with query of bf0b65f: people whose job at the same company overlapped the source's by at
    least min_overlap_months, scored by the months (a script per nested job)."""
    jobs = []
    need = request.min_overlap_months
    for job in source.get("work_experience", []):
        if not job.get("company_key") or not job.get("start_date"):
            continue
        start = _day(job["start_date"], today)
        end = today if job.get("is_current") or not job.get("end_date") else _day(job["end_date"], today)
        if (end.year - start.year) * 12 + end.month - start.month < need:
            continue
        conditions: list[dict[str, Any]] = [
            {"term": {"work_experience.company_key": job["company_key"]}},
            {"range": {"work_experience.start_date": {"lte": shift_months(end, -need).isoformat()}}},
            {"range": {"work_experience.months": {"gte": need}}},
            {
                "bool": {
                    "should": [
                        {
                            "range": {
                                "work_experience.end_date": {"gte": shift_months(start, need).isoformat()}
                            }
                        },
                        {"term": {"work_experience.is_current": True}},
                        {"bool": {"must_not": {"exists": {"field": "work_experience.end_date"}}}},
                    ]
                }
            },
        ]
        if request.same_department and job.get("department"):
            conditions.append(
                {"match": {"work_experience.department": {"query": job["department"], "operator": "and"}}}
            )
        epoch = date(1970, 1, 1)
        jobs.append(
            queries._nested(
                "work_experience",
                {
                    "function_score": {
                        "query": {"bool": {"filter": conditions}},
                        "functions": [
                            {
                                "script_score": {
                                    "script": {
                                        "source": OVERLAP_SCRIPT,
                                        "params": {
                                            "start": (start - epoch).days * 86_400_000,
                                            "end": (end - epoch).days * 86_400_000,
                                            "today": (today - epoch).days * 86_400_000,
                                        },
                                    }
                                }
                            }
                        ],
                        "boost_mode": "replace",
                    }
                },
                score_mode="sum",
                _name=f"overlap:{job['company_key']}",
            )
        )
    if not jobs:
        # The source has no dated job at a known company: nobody can have worked with them.
        jobs = [{"match_none": {}}]
    return {
        "bool": {
            "filter": queries.filters(request),
            "must": [{"bool": {"should": jobs, "minimum_should_match": 1}}],
            "must_not": [{"ids": {"values": [str(request.candidate_id)]}}],
        }
    }


async def compare(size: int, count: int) -> dict[str, Any]:
    """Both bodies of `count` worked_with requests, one after the other in alternating order."""
    url = f"postgresql://hr:hr@127.0.0.1:5432/bench_search_{size}"
    alias = f"bench-candidates-{size}"
    connection = await asyncpg.connect(url)
    client = create_opensearch(Settings())
    today = date.today()
    try:
        rows = await sample_candidates(connection, 300 + WARMUP + 50, SEED)
        requests = build_requests(rows, 300 + WARMUP, SEED)[SearchType.WORKED_WITH][: WARMUP + count]
        peer = RawPeer(client, alias, today)
        times: dict[str, list[float]] = {"before": [], "now": []}
        took: dict[str, list[int]] = {"before": [], "now": []}
        agree = {"total": 0, "hits": 0, "months": 0}
        for n, request in enumerate(requests):
            source = await peer.source(request) or {}
            now = queries.build_search(request, source, today)
            before = dict(now, query=worked_with(request, source, today))
            pages = {}
            order = [("before", before), ("now", now)] if n % 2 == 0 else [("now", now), ("before", before)]
            for name, body in order:
                started = time.perf_counter()
                answer = await client.search(index=alias, body=body, params={"request_cache": "false"})
                elapsed = (time.perf_counter() - started) * 1000
                pages[name] = answer
                if n >= WARMUP:
                    times[name].append(elapsed)
                    took[name].append(answer["took"])
            if n < WARMUP:
                continue
            old, new = pages["before"]["hits"], pages["now"]["hits"]
            agree["total"] += old["total"]["value"] == new["total"]["value"]
            agree["hits"] += {h["_id"] for h in old["hits"]} == {h["_id"] for h in new["hits"]}
            agree["months"] += months(source, old["hits"], today) == months(source, new["hits"], today)
    finally:
        await client.close()
        await connection.close()
    return {"size": size, "requests": count, "times": times, "took": took, "agree": agree}


def months(source: dict[str, Any], hits: list[dict[str, Any]], today: date) -> list[int]:
    return sorted(queries.overlap_months(source, hit["_source"], today) for hit in hits)


def report(result: dict[str, Any]) -> str:
    n = result["requests"]
    lines = [
        f"worked_with at {result['size']:,} candidates, {n} requests, before (bf0b65f) and now interleaved",
        "",
        "| body | p50 ms | p95 ms | p99 ms | engine took, sum ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("before", "now"):
        times = result["times"][name]
        lines.append(
            f"| {name} | {percentile(times, 0.5):.1f} | {percentile(times, 0.95):.1f} | "
            f"{percentile(times, 0.99):.1f} | {sum(result['took'][name]):,} |"
        )
    agree = result["agree"]
    lines += [
        "",
        f"Same total: {agree['total']}/{n}; same hits: {agree['hits']}/{n}; "
        f"same months together on the page: {agree['months']}/{n}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size of a kept benchmark corpus")
    parser.add_argument("--requests", type=int, default=300, help="timed worked_with requests")
    parser.add_argument("--out", help="write the report here too")
    args = parser.parse_args()
    text = report(asyncio.run(compare(args.size, args.requests)))
    print(text, end="")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)


if __name__ == "__main__":
    main()
