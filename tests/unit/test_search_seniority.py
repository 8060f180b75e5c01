"""A seniority word in a search text is a rank of the role asked for: found in context, weighed low."""

from __future__ import annotations

import pytest

from app.search import queries, seniority


@pytest.mark.parametrize(
    ("text", "ranked"),
    [
        ("senior data engineer", {0}),
        ("Sr. Java developer", {0}),
        ("lead developer", {0}),
        ("staff software engineer", {0}),
        ("python engineer, senior", {2}),
        ("entry level nurse", {0}),
        ("data entry clerk", set()),
        ("senior care nurse", set()),
        ("lead generation", set()),
        ("staff nurse", set()),
        ("principal investigator", set()),
    ],
)
def test_seniority_words_are_found_in_context(text: str, ranked: set[int]) -> None:
    assert seniority.positions(text) == ranked


def boosts(text: str) -> dict[str, float]:
    clauses = queries.text_clauses(text, per_word=True)
    found = {}
    for clause in clauses:
        match = clause.get("match", {}).get("current_title")
        if match:
            found[match["query"]] = match["boost"]
    return found


def test_a_seniority_word_weighs_a_quarter_of_what_it_would_and_the_role_words_keep_theirs() -> None:
    ranked = boosts("senior data engineer")
    unranked = boosts("senior care data engineer")  # "senior care" is a trade: "senior" keeps its weight
    assert ranked["senior"] == pytest.approx(unranked["senior"] * queries.SENIORITY_WEIGHT)
    assert ranked["data"] == unranked["data"] and ranked["engineer"] == unranked["engineer"]
    assert queries.SENIORITY_WEIGHT < 1
