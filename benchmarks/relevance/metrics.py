"""Ranking metrics with binary relevance: nDCG@k, P@k and MRR (reciprocal rank of the first hit in top k)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def dcg(relevant: Sequence[bool]) -> float:
    return sum(1.0 / math.log2(rank + 2) for rank, hit in enumerate(relevant) if hit)


def ndcg_at(relevant: Sequence[bool], total_relevant: int, k: int = 10) -> float:
    """DCG of the top k over the DCG of a perfect top k (as many relevant documents as exist, up to k)."""
    ideal = dcg([True] * min(k, total_relevant))
    return dcg(relevant[:k]) / ideal if ideal else 0.0


def precision_at(relevant: Sequence[bool], k: int = 10) -> float:
    return sum(relevant[:k]) / k


def reciprocal_rank(relevant: Sequence[bool], k: int = 10) -> float:
    for rank, hit in enumerate(relevant[:k]):
        if hit:
            return 1.0 / (rank + 1)
    return 0.0
