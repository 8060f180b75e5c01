"""Upload accept latency: time from sending a resume to the 202, against a real `hr-api` process.

    python -m benchmarks.upload [--files 300] [--concurrency 1] [--out benchmarks/results/upload]

Uses real resumes from ../shared/data (read in place, never copied). The worker is not running, so the
number is the accept path alone: detect type, store content-addressed, insert the queued row.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from app.settings import Settings
from benchmarks.auth import create_bench_key
from benchmarks.common import api_environment, free_port, percentile, wait_ready

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SHARED_DATA_DIR", ROOT.parent / "shared" / "data"))


async def upload_all(
    base: str, files: list[Path], concurrency: int, key: str
) -> tuple[list[float], dict[int, int]]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue: asyncio.Queue[Path] = asyncio.Queue()
    for path in files:
        queue.put_nowait(path)

    async def run(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            path = queue.get_nowait()
            data = path.read_bytes()
            form = aiohttp.FormData()
            form.add_field("file", data, filename=path.name)
            started = time.perf_counter()
            async with session.post(f"{base}/api/v1/resumes/upload", data=form) as response:
                await response.read()
            latencies.append(time.perf_counter() - started)
            statuses[response.status] = statuses.get(response.status, 0) + 1

    async with aiohttp.ClientSession(headers={"X-API-Key": key}) as session:
        await wait_ready(session, base)
        await asyncio.gather(*(run(session) for _ in range(concurrency)))
    return latencies, statuses


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "upload"))
    args = parser.parse_args()

    files = sorted((SHARED / "resumes" / "livecareer").rglob("*.pdf"))[: args.files]
    if not files:
        raise SystemExit(f"no resumes under {SHARED}")
    port = free_port()
    env = api_environment(API_PORT=str(port), METRICS_PORT="0", LOG_LEVEL="WARNING")
    env["STORAGE_DIR"] = str(ROOT / ".devstack" / "bench-storage")
    server = subprocess.Popen([sys.executable, "-m", "app.main"], env=env, cwd=ROOT)
    try:
        key = asyncio.run(create_bench_key(Settings()))
        latencies, statuses = asyncio.run(
            upload_all(f"http://127.0.0.1:{port}", files, args.concurrency, key)
        )
    finally:
        server.terminate()
        server.wait(timeout=10)

    ms = [v * 1000 for v in latencies]
    result = {
        "files": len(files),
        "concurrency": args.concurrency,
        "statuses": statuses,
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "mean_file_kib": round(sum(p.stat().st_size for p in files) / len(files) / 1024, 1),
    }
    table = (
        "| files | concurrency | p50 ms | p95 ms | p99 ms | mean ms | mean file KiB | statuses |\n"
        "|---|---|---|---|---|---|---|---|\n"
        f"| {result['files']} | {result['concurrency']} | {result['p50_ms']} | {result['p95_ms']} | "
        f"{result['p99_ms']} | {result['mean_ms']} | {result['mean_file_kib']} | {statuses} |\n"
    )
    print(table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text("# Upload accept latency\n\n" + table)
    out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
