"""The session-21 experiment of issue 17: the function lines round 17 drops as titles, kept searchable."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.parsing import rule_based
from app.search import queries
from benchmarks.relevance import headlines, variants

FUNCTIONS = (
    "Jane Roe\n\nWORK EXPERIENCE\n\nInventory Management\n\nContoso Traders -  Pune, Maharashtra -\n\n"
    "May 2016 to Present\n\nSales and Distribution\n\nFabrikam Foods Pvt. Ltd -\n\n"
    "June 2012 to April 2016\n\nLocation USA\n\nNorthwind Ltd -\n\n"
    "January 2010 to May 2012\n"
)


def test_the_lines_round_17_drops_are_kept_beside_the_parse_which_does_not_change() -> None:
    parsed, kept = headlines.kept_out(FUNCTIONS)
    assert parsed == rule_based.RuleBasedResumeParser().parse(FUNCTIONS)
    assert parsed.current_title is None
    assert kept.headline == "Inventory Management"
    assert sorted(kept.job_functions) == ["Inventory Management", "Location USA", "Sales and Distribution"]
    # The parser's functions are its own again afterwards.
    assert rule_based._with_named_roles.__name__ == "_with_named_roles"
    assert rule_based._current_title.__name__ == "_current_title"


def test_a_resume_whose_titles_all_name_roles_keeps_nothing() -> None:
    text = FUNCTIONS.replace("Inventory Management", "Inventory Manager").replace(
        "Sales and Distribution", "Sales Officer"
    )
    parsed, kept = headlines.kept_out(text.replace("Location USA", "Store Clerk"))
    assert parsed.current_title == "Inventory Manager"
    assert kept.headline is None
    assert kept.job_functions == []


def _answer(titles: list[dict[str, Any]]) -> dict[str, Any]:
    hits = [{"_id": str(n), "_score": 1.0, "_source": source} for n, source in enumerate(titles)]
    return {"hits": {"hits": hits, "total": {"value": len(hits)}}, "took": 1}


def _matched_fields(body: dict[str, Any]) -> set[str]:
    return {
        field for node in queries.walk(body) if isinstance(node.get("match"), dict) for field in node["match"]
    }


@pytest.mark.asyncio
async def test_the_headline_is_matched_as_the_current_title_and_votes_only_when_asked() -> None:
    sent: list[dict[str, Any]] = []
    voters = [{"headline": "Sales"}, {"headline": "Sales"}, {"current_title": "Clerk"}] + [{}] * 17

    async def search(body: dict[str, Any]) -> dict[str, Any]:
        sent.append(body)
        return _answer(voters)

    today = date(2026, 12, 5)
    ours = await variants.ours("retail store", today, search)
    assert "headline" not in _matched_fields(ours)
    text = await variants.VARIANTS["headline_text"]("retail store", today, search)
    assert {"headline", "current_title"} <= _matched_fields(text)
    assert "job_functions" not in _matched_fields(text)
    # Without votes "sales" is no feedback word (two titles needed); with them the headlines vote.
    voted = await variants.VARIANTS["headline_votes_functions"]("retail store", today, search)
    feedback = [
        node["match"]
        for node in queries.walk(voted)
        if isinstance(node.get("match"), dict) and "sales" in str(node["match"])
    ]
    assert {field for match in feedback for field in match} == {
        "current_title",
        "job_titles",
        "headline",
        "job_functions",
    }
    assert "headline" in sent[-1]["_source"]  # the first pass reads the headline to count it
    # Everything patched is restored.
    assert queries.text_clauses.__name__ == "text_clauses"
    assert queries.JOB_FIELDS == ("job_titles^2",)
