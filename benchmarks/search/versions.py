"""Two OpenSearch nodes side by side (3.9.0 and 2.19.6): the same requests, the same raw bodies, in turn.

Both nodes hold the same corpus behind the same alias (`python -m benchmarks.search --sizes N --keep
--prepare`, with `OPENSEARCH_URL` at the node). Every request of the search benchmark's workload goes
through the raw peer (the source get and the title feedback first pass included, as the API sends them) to
one node and then the other, the order alternating, and each node's process CPU is read before and after
each search type:

    python -m benchmarks.search.versions --size 1000000 --requests 300 \
        --other http://127.0.0.1:9210 --other-pid .devstack/opensearch-2.19.6/node.pid \
        --out benchmarks/results/search_versions

It reports, per search type and node: wall p50 / p95 ms; the index's own query and fetch time per engine
search (its search stats, so work the node does for other indexes does not count); the node process's CPU
per search (which does count it); and whether the pages agree: how many requests got the same ten best
scores, and the top-10 id overlap (ties on equal scores are broken by Lucene's document order, which differs
between two indexes built apart, so an id overlap under 1 alone is not a different ranking).

The two must score alike for the comparison to mean anything. OpenSearch 3 scores differently by default:
3.0 moved to Lucene's BM25, whose scores are 2.2 times lower (which reweighs BM25 clauses against rank
features and constant scores), and it scores a term on a keyword field as a constant. The index definition
(version 5) sets `index.similarity.default.type: LegacyBM25` and `use_similarity: true` on the keyword fields
the queries score, which 2.19 scores that way by itself; a 2.19 index is one built before version 5.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
from opensearchpy.exceptions import NotFoundError

from app.search.schemas import SearchType
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.common import percentile
from benchmarks.search.__main__ import SEED, WARMUP
from benchmarks.search.peers import RawPeer
from benchmarks.search.workload import SEARCH_TYPES, build_requests, sample_candidates

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PID = ROOT / ".devstack" / "opensearch" / "node.pid"


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of a process so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def version_of(client: Any) -> str:
    info = await client.info()
    return str(info["version"]["number"])


def top_ids(answer: dict[str, Any]) -> list[str]:
    return [hit["_id"] for hit in answer["hits"]["hits"][:10]]


def top_scores(answer: dict[str, Any]) -> list[float]:
    """The page's best ten scores, rounded: equal lists mean the same ranking up to the order of ties."""
    return [round(hit["_score"] or 0.0, 3) for hit in answer["hits"]["hits"][:10]]


async def shard_search_ms(client: Any, alias: str) -> tuple[float, int]:
    """Query plus fetch milliseconds the alias's index has spent in searches so far, and their count:
    the engine's own time for this index, whatever else the node serves."""
    stats = await client.indices.stats(index=alias, metric="search")
    search = stats["_all"]["primaries"]["search"]
    return float(search["query_time_in_millis"] + search["fetch_time_in_millis"]), int(search["query_total"])


async def compare(
    size: int, count: int, nodes: dict[str, tuple[str, int]], types: list[SearchType]
) -> dict[str, Any]:
    """`count` requests per type, each sent to every node in turn (rotating who goes first)."""
    connection = await asyncpg.connect(f"postgresql://hr:hr@127.0.0.1:5432/bench_search_{size}")
    alias = f"bench-candidates-{size}"
    today = date.today()
    clients = {name: create_opensearch(Settings(opensearch_url=url)) for name, (url, _) in nodes.items()}
    try:
        versions = {name: await version_of(client) for name, client in clients.items()}
        peers = {name: RawPeer(client, alias, today) for name, client in clients.items()}
        rows = await sample_candidates(connection, count + WARMUP + 50, SEED)
        workload = build_requests(rows, count + WARMUP, SEED)
        results: dict[str, Any] = {"versions": versions, "size": size, "requests": count, "types": {}}
        for kind in types:
            requests = workload[kind]
            for request in requests[:WARMUP]:
                for peer in peers.values():
                    await peer(request)
            times: dict[str, list[float]] = {name: [] for name in nodes}
            cpu_before = {name: process_cpu_seconds(pid) for name, (_, pid) in nodes.items()}
            shard_before = {name: await shard_search_ms(client, alias) for name, client in clients.items()}
            overlaps: list[float] = []
            same_scores = 0
            names = list(nodes)
            for n, request in enumerate(requests[WARMUP : WARMUP + count]):
                order = names if n % 2 == 0 else names[::-1]
                pages: dict[str, list[str]] = {}
                scores: dict[str, list[float]] = {}
                for name in order:
                    started = time.perf_counter()
                    answer = await peers[name](request)
                    times[name].append((time.perf_counter() - started) * 1000)
                    pages[name], scores[name] = top_ids(answer), top_scores(answer)
                same_scores += scores[names[0]] == scores[names[1]]
                first, second = (pages[name] for name in names)
                if first or second:
                    overlaps.append(len(set(first) & set(second)) / max(len(first), len(second)))
            cpu = {
                name: (process_cpu_seconds(pid) - cpu_before[name]) * 1000 / len(times[name])
                for name, (_, pid) in nodes.items()
            }
            shard = {}
            for name, client in clients.items():
                spent, searches = await shard_search_ms(client, alias)
                shard[name] = (spent - shard_before[name][0]) / max(1, searches - shard_before[name][1])
            results["types"][kind.value] = {
                name: {
                    "p50_ms": percentile(times[name], 0.5),
                    "p95_ms": percentile(times[name], 0.95),
                    "cpu_ms_per_search": cpu[name],
                    "shard_ms_per_engine_search": shard[name],
                    "samples": len(times[name]),
                }
                for name in nodes
            } | {
                "top10_overlap": sum(overlaps) / len(overlaps) if overlaps else None,
                "same_top10_scores": same_scores,
            }
            line = ", ".join(
                f"{versions[name]} p50 {percentile(times[name], 0.5):.1f} "
                f"p95 {percentile(times[name], 0.95):.1f} CPU {cpu[name]:.1f}"
                for name in nodes
            )
            print(f"{kind.value}: {line}", flush=True)
        return results
    finally:
        for client in clients.values():
            await client.close()
        await connection.close()


def markdown(results: dict[str, Any], command: str) -> str:
    versions = results["versions"]
    names = list(versions)
    a, b = (versions[name] for name in names)
    lines = [
        f"# OpenSearch {a} against {b}",
        "",
        f"Command: `{command}`, finished {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}; "
        f"{results['size']:,} candidates, {results['requests']} requests per type, each sent to both "
        "nodes in turn (the order alternating), the raw peer's calls (source get, title feedback first pass, "
        "body). "
        "Wall ms from this process; engine CPU-ms per search from each node's process.",
        "",
        f"| search type | {a} p50 / p95 | {b} p50 / p95 | {b} / {a} p50 | {b} / {a} p95 "
        f"| in-shard ms per engine search {a} / {b} | node CPU-ms per search {a} / {b} "
        "| same top-10 scores | top-10 id overlap |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, row in results["types"].items():
        x, y = row[names[0]], row[names[1]]
        overlap = row["top10_overlap"]
        lines.append(
            f"| {kind} | {x['p50_ms']:.1f} / {x['p95_ms']:.1f} | {y['p50_ms']:.1f} / {y['p95_ms']:.1f} "
            f"| {y['p50_ms'] / x['p50_ms']:.2f} | {y['p95_ms'] / x['p95_ms']:.2f} "
            f"| {x['shard_ms_per_engine_search']:.1f} / {y['shard_ms_per_engine_search']:.1f} "
            f"| {x['cpu_ms_per_search']:.1f} / {y['cpu_ms_per_search']:.1f} "
            f"| {row['same_top10_scores']} of {x['samples']} "
            f"| {'-' if overlap is None else f'{overlap:.2f}'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size (bench_search_<size>)")
    parser.add_argument("--requests", type=int, default=100, help="requests per search type (default 100)")
    parser.add_argument(
        "--url", default="http://127.0.0.1:9200", help="the first node (default the devstack's)"
    )
    parser.add_argument("--pid", type=Path, default=DEFAULT_PID, help="the first node's pid file")
    parser.add_argument("--other", required=True, help="the second node's URL, e.g. http://127.0.0.1:9210")
    parser.add_argument("--other-pid", type=Path, required=True, help="the second node's pid file")
    parser.add_argument("--types", help="only these search types, comma-separated (default all)")
    parser.add_argument("--out", type=Path, help="results path without suffix (.md and .json written)")
    args = parser.parse_args()
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    try:
        types = [SearchType(name) for name in args.types.split(",")] if args.types else list(SEARCH_TYPES)
        nodes = {
            "first": (args.url, int(args.pid.read_text().split()[0])),
            "second": (args.other, int(args.other_pid.read_text().split()[0])),
        }
    except ValueError as error:
        parser.error(str(error))
    except OSError as error:
        parser.error(f"cannot read a pid file: {error}")
    try:
        results = asyncio.run(compare(args.size, args.requests, nodes, types))
    except NotFoundError as error:
        raise SystemExit(
            f"benchmarks.search.versions: {error.error} on one "
            f"node; build the corpus there first: OPENSEARCH_URL=<node> python -m benchmarks.search --sizes "
            f"{args.size} --keep --prepare"
        ) from None
    except (OSError, ConnectionError, asyncpg.PostgresError) as error:
        raise SystemExit(f"benchmarks.search.versions: {type(error).__name__}: {error}") from None
    if args.out:
        command = "python -m benchmarks.search.versions " + " ".join(
            f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if v is not None and k != "out"
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
        args.out.with_suffix(".md").write_text(markdown(results, command))
        print(f"wrote {args.out.with_suffix('.md')}")


if __name__ == "__main__":
    main()
