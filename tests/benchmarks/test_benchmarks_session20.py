"""The session-20 experiment of issue 17: query and resume compared in O*NET's occupation groups."""

from __future__ import annotations

import pytest

from app.parsing.shared_data import shared_data_dir
from benchmarks.relevance import occupation_match

needs_onet = pytest.mark.skipif(
    not (shared_data_dir() / "skills" / "onet" / "alternate_titles.tsv").exists(), reason="no O*NET data"
)


def test_the_match_counts_agreement_at_the_chosen_level_of_the_soc_hierarchy() -> None:
    query = {"43-3071.00": 0.5, "13-2072.00": 0.5}  # tellers, loan officers
    resume = {"13-2071.00": 1.0}  # credit counselors: same minor group as loan officers, another broad one
    assert occupation_match.match(query, resume, "detailed") == 0.0
    assert occupation_match.match(query, resume, "broad") == 0.5
    assert occupation_match.match(query, resume, "minor") == 0.5
    assert occupation_match.match(query, resume, "major") == 0.5
    assert occupation_match.match(query, {}, "major") == 0.0


def test_the_window_keeps_ours_order_until_the_match_outweighs_the_engine_gap() -> None:
    query = {"hits": [{"candidate_id": "a", "features": [10.0]}, {"candidate_id": "b", "features": [9.0]}]}
    assert occupation_match.window_order(query, {"a": 0.0, "b": 1.0}, 0.05) == [0, 1]
    assert occupation_match.window_order(query, {"a": 0.0, "b": 1.0}, 0.2) == [1, 0]


@needs_onet
def test_a_resume_is_named_by_its_titles_and_a_bare_title_spreads() -> None:
    index = occupation_match.TitleIndex()
    assert index.occupations("Staff Accountant") == {"13-2011.00": 1.0}
    assert len(index.occupations("Teacher")) > 10
    named = occupation_match.resume_occupations(index, "Staff Accountant", ["Chef", "Line Cook"])
    assert named["13-2011.00"] == pytest.approx(0.5)
    assert sum(named.values()) == pytest.approx(1.0)
    assert occupation_match.resume_occupations(index, None, []) == {}
