"""The paired comparison of two relevance systems: what a consistent gain and noise look like."""

from __future__ import annotations

import pytest

from benchmarks.relevance.paired import compare, differences


def test_a_gain_on_every_query_is_told_from_chance() -> None:
    paired = compare([0.05, 0.10, 0.02, 0.08] * 6, samples=2_000)
    assert paired.queries == 24 and paired.differing == 24
    assert 0 < paired.low <= paired.mean <= paired.high
    assert paired.p < 0.01


def test_gains_and_losses_that_cancel_are_not() -> None:
    paired = compare([0.3, -0.3, 0.0, 0.1, -0.1, 0.0] * 4, samples=2_000)
    assert paired.mean == pytest.approx(0.0)
    assert paired.low < 0 < paired.high
    assert paired.p > 0.5
    assert paired.differing == 16


def test_a_system_missing_from_the_result_is_named() -> None:
    result = {"per_query": {"q1": {"ours": 0.5, "bm25": 0.4}}}
    assert differences(result, "ours", "bm25") == [pytest.approx(0.1)]
    with pytest.raises(SystemExit, match="before15"):
        differences(result, "ours", "before15")
