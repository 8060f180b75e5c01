"""Paired timings: a rotating order, so that no target always goes first, and the median of the per-request
differences with its bootstrap interval. Shared by `ab` (checkouts), `indexes` (index definitions) and
`diagnose` (body variants)."""

from __future__ import annotations

import random
import statistics

# Fixed, so a table's interval is the same when its samples are.
SEED = 42
BOOTSTRAP_ROUNDS = 1000


def paired_difference(
    baseline: list[float], other: list[float], seed: int = SEED
) -> tuple[float, float, float]:
    """The median of `other[i] - baseline[i]` and its 95 % bootstrap interval (ms)."""
    if len(baseline) != len(other) or not baseline:
        raise ValueError("paired samples of equal, non-zero length are needed")
    differences = [b - a for a, b in zip(baseline, other, strict=True)]
    rng = random.Random(seed)
    medians = sorted(
        statistics.median(rng.choices(differences, k=len(differences))) for _ in range(BOOTSTRAP_ROUNDS)
    )
    low = medians[int(0.025 * BOOTSTRAP_ROUNDS)]
    high = medians[int(0.975 * BOOTSTRAP_ROUNDS) - 1]
    return statistics.median(differences), low, high


def rotated(names: list[str], n: int) -> list[str]:
    """The order of request `n`: each target goes first, second, ... equally often."""
    k = n % len(names)
    return names[k:] + names[:k]
