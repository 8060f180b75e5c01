"""How far a difference of nDCG@10 between two systems of one relevance run can be told from chance.

    python -m benchmarks.relevance.paired RESULT.json [--a ours] [--b before15] [--samples 20000]

Reads the per-query nDCG@10 of systems `a` and `b` from a `python -m benchmarks.relevance` result (the
same queries, same index, same run) and prints only aggregates: the mean difference a - b, its 95 %
bootstrap interval (queries drawn with replacement), the two-sided p of a paired sign-flip test, and how
many queries differ at all. No query's row is printed, so it can be run on the held-out results.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paired:
    queries: int
    differing: int
    mean: float
    low: float
    high: float
    p: float


def compare(differences: list[float], samples: int = 20_000, seed: int = 15) -> Paired:
    """Bootstrap interval and sign-flip p of the mean of paired per-query differences."""
    if not differences:
        raise ValueError("no queries to compare")
    rng = random.Random(seed)
    n = len(differences)
    mean = statistics.fmean(differences)
    means = sorted(statistics.fmean(rng.choices(differences, k=n)) for _ in range(samples))
    as_extreme = sum(
        abs(statistics.fmean(d if rng.random() < 0.5 else -d for d in differences)) >= abs(mean) - 1e-12
        for _ in range(samples)
    )
    return Paired(
        queries=n,
        differing=sum(1 for d in differences if abs(d) > 1e-9),
        mean=mean,
        low=means[int(0.025 * samples)],
        high=means[int(0.975 * samples) - 1],
        p=as_extreme / samples,
    )


def differences(result: dict, a: str, b: str) -> list[float]:
    rows = result["per_query"].values()
    missing = {name for name in (a, b) for row in rows if name not in row}
    if missing:
        raise SystemExit(f"not in the result's per-query scores: {', '.join(sorted(missing))}")
    return [row[a] - row[b] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.paired", description=__doc__)
    parser.add_argument("result", type=Path)
    parser.add_argument("--a", default="ours")
    parser.add_argument("--b", default="before15")
    parser.add_argument("--samples", type=int, default=20_000)
    args = parser.parse_args()
    if args.samples < 100:
        parser.error("--samples: at least 100")
    paired = compare(differences(json.loads(args.result.read_text()), args.a, args.b), args.samples)
    print(
        f"{args.a} - {args.b}: {paired.mean:+.4f} nDCG@10 over {paired.queries} queries "
        f"({paired.differing} differ); 95 % bootstrap interval [{paired.low:+.4f}, {paired.high:+.4f}]; "
        f"sign-flip p = {paired.p:.3f}"
    )


if __name__ == "__main__":
    main()
