"""Two indexes of one kept corpus against each other, request by request: what an index definition's change
(one that changes no answer) does to the engine's time.

Each of the search benchmark's requests is built once as the engine body the API sends first (a skills_match
with text: its title feedback's first pass, which reads the page's hits; any other search: its whole body)
and sent to both indexes in turn, the order rotating from one request to the next, for a few rounds. Reported
per search type: each index's p50 / p95 and the median of the per-request differences (the second index's
time minus the first's, sent moments apart) with its 95 % bootstrap interval, so a machine busy with other
work moves both sides alike.

    python -m benchmarks.search.indexes --size 1000000 \\
        --indexes bench-candidates-1000000-v5-047f0121,bench-candidates-1000000-v6-b4e1c960 \\
        --requests 300 --rounds 2 --out benchmarks/results/search_indexes_session41

Needs a kept corpus (`python -m benchmarks.search --sizes N --keep --prepare`); the first index is usually the
one a reindex left behind for rollback (`hr-indexer status` lists them), the second the one its alias names.
The bodies are built against the alias (its skill counts, the source document of a relative search).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from app.search.schemas import SearchType
from app.search.selectivity import read_skill_counts
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.common import percentile, report
from benchmarks.search.fixed_cost import WARMUP, kept_workload
from benchmarks.search.pairing import paired_difference, rotated
from benchmarks.search.peers import RawPeer, first_bodies
from benchmarks.search.workload import SEARCH_TYPES


async def compare(size: int, indexes: list[str], count: int, rounds: int, types: list[SearchType]) -> Any:
    alias = f"bench-candidates-{size}"
    client = create_opensearch(Settings())
    today = date.today()
    try:
        for index in indexes:
            if not await client.indices.exists(index=index):
                raise SystemExit(f"no index {index}: `curl 127.0.0.1:9200/_cat/indices/{alias}*` lists them")
        peer = RawPeer(client, alias, today, await read_skill_counts(client, alias))
        workload = await kept_workload(size, count + WARMUP)
        results: dict[str, Any] = {"size": size, "indexes": indexes, "rounds": rounds, "types": {}}
        for kind in types:
            bodies = await first_bodies(peer, workload[kind], today)
            for body in bodies[:WARMUP]:
                for index in indexes:
                    await client.search(index=index, body=body)
            times: dict[str, list[float]] = {index: [] for index in indexes}
            n = 0
            for _ in range(rounds):
                for body in bodies[WARMUP:]:
                    for index in rotated(indexes, n):
                        sent = time.perf_counter()
                        await client.search(index=index, body=body)
                        times[index].append((time.perf_counter() - sent) * 1000)
                    n += 1
            first, second = (times[index] for index in indexes)
            median, low, high = paired_difference(first, second)
            results["types"][kind.value] = {
                "samples": len(first),
                **{
                    index: {"p50": round(percentile(t, 0.5), 2), "p95": round(percentile(t, 0.95), 2)}
                    for index, t in times.items()
                },
                "difference_ms": [round(median, 3), round(low, 3), round(high, 3)],
            }
            row = results["types"][kind.value]
            print(f"{kind.value}: {row}", flush=True)
        return results
    finally:
        await client.close()


def markdown(results: dict[str, Any], command: str) -> str:
    first, second = results["indexes"]
    lines = [
        f"# Two indexes of the {results['size']:,} corpus, paired",
        "",
        f"Command: `{command}` on {datetime.now(UTC).isoformat(timespec='seconds')}. Each request's first "
        f"engine body sent to both indexes in turn (order rotating), {results['rounds']} round(s). "
        f"Difference: `{second}` minus `{first}`, median of the per-request differences with its 95 % "
        "bootstrap interval.",
        "",
        f"| search type | samples | {first} p50 / p95 ms | {second} p50 / p95 ms | difference ms [95 %] |",
        "|---|---:|---|---|---|",
    ]
    for kind, row in results["types"].items():
        a, b = row[first], row[second]
        median, low, high = row["difference_ms"]
        lines.append(
            f"| {kind} | {row['samples']} | {a['p50']} / {a['p95']} | {b['p50']} / {b['p95']} | "
            f"{median:+.3f} [{low:+.3f}, {high:+.3f}] |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--indexes", required=True, help="two index names, comma-separated")
    parser.add_argument("--requests", type=int, default=300, help="distinct requests per search type")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--types", default=",".join(t.value for t in SEARCH_TYPES))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    indexes = [name.strip() for name in args.indexes.split(",") if name.strip()]
    if len(set(indexes)) != 2 or len(indexes) != 2:
        # One index named twice would time it against itself (each request's times kept by index name).
        parser.error("--indexes takes exactly two index names, different ones")
    try:
        types = [SearchType(name.strip()) for name in args.types.split(",")]
    except ValueError as error:
        parser.error(f"--types: {error}")
    results = asyncio.run(compare(args.size, indexes, args.requests, args.rounds, types))
    command = "python -m benchmarks.search.indexes " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if v is not None
    )
    report(args.out, results, markdown(results, command))


if __name__ == "__main__":
    main()
