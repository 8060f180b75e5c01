"""The session-13 experiments of issue 17: the agreement gate's parts and the category-safe choice (the
session's O*NET short-title equivalences are in the product now: tests/unit/test_search_equivalents.py)."""

from __future__ import annotations

from benchmarks.relevance import category_safe, gate


def test_the_gate_measures_top_ten_overlap_and_fuses_by_reciprocal_rank() -> None:
    assert gate.agreement(list("abcdefghij"), list("abcdefghij")) == 1.0
    assert gate.agreement(list("abcdefghijk"), list("abcxyzuvwq")) == 0.3
    # equal weights: a resume both rankings hold beats one that only tops one of them
    assert gate.rrf(["x", "both"], ["y", "both"], 1.0)[0] == "both"
    assert gate.rrf(["x", "y"], ["y", "x"], 0.5) == ["x", "y"]


def test_the_category_safe_choice_skips_a_config_that_loses_a_category() -> None:
    per_query = {
        "q1": {"bm25": 0.5, "bold": 1.0, "safe": 0.8},
        "q2": {"bm25": 0.6, "bold": 0.4, "safe": 0.6},
    }
    groups = {"A": ["q1"], "B": ["q2"]}
    assert category_safe.choose(per_query, groups, ["bold", "safe"]) == "safe"
    # when every config loses a category, the best mean wins
    assert category_safe.choose(per_query, groups, ["bold"]) == "bold"
