"""The session-13 experiments of issue 17: O*NET short-title equivalences, the agreement gate's parts, and
the category-safe choice."""

from __future__ import annotations

import pytest

from app.parsing.shared_data import shared_data_dir
from benchmarks.relevance import category_safe, gate, onet_short

needs_onet = pytest.mark.skipif(
    not (shared_data_dir() / "skills" / "onet" / "alternate_titles.tsv").exists(),
    reason="O*NET's alternate titles are not in the shared data",
)


@needs_onet
def test_o_net_short_titles_make_automotive_and_automobile_one_word() -> None:
    table = onet_short.equivalents()
    assert table["automotive"] == {"auto", "automobile"}
    assert table["automobile"] == {"auto", "automotive"}
    assert table["representative"] == {"rep"}
    # a pair seen in a single title is an accident, not an abbreviation ("Automatic ... (Auto ...)")
    assert "automatic" not in table["auto"]


@needs_onet
def test_a_query_gains_only_the_equivalents_it_does_not_already_hold() -> None:
    expanded = onet_short.expand("automotive service technician")
    assert expanded == ["auto", "automobile", "tech", "technologist"]
    assert onet_short.expand("Auto and automotive repair") == ["automobile"]
    assert onet_short.expand("payroll benefits") == []


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
