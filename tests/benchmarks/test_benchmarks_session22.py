"""The session-22 experiment of issue 17: a query word scored once over a group of fields (BM25F)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.search import queries
from benchmarks.relevance import bm25f, variants


def _answer(titles: list[str]) -> dict[str, Any]:
    hits = [{"_id": str(n), "_score": 1.0, "_source": {"current_title": t}} for n, t in enumerate(titles)]
    return {"hits": {"hits": hits, "total": {"value": len(hits)}}, "took": 1}


def _should(body: dict[str, Any]) -> list[dict[str, Any]]:
    should: list[dict[str, Any]] = body["query"]["bool"]["must"][0]["bool"]["should"]
    return should


def _word_fields(body: dict[str, Any]) -> set[str]:
    return {
        field
        for clause in _should(body)
        if (found := bm25f._word_field(clause)) is not None
        for field in [found[0]]
    }


@pytest.mark.asyncio
async def test_a_group_becomes_one_combined_clause_per_word_with_the_same_weights() -> None:
    sent: list[dict[str, Any]] = []

    async def search(body: dict[str, Any]) -> dict[str, Any]:
        sent.append(body)
        return _answer(["Loan Officer"] * 20)

    today = date(2026, 12, 5)
    text = "loan processing sql"
    ours = await variants.ours(text, today, search)
    fields = {"current_title", "resume_text", "job_titles", "skills", "resume_text.skills"}
    assert fields <= _word_fields(ours)
    body = await variants.VARIANTS["bm25f_text_jobs_skills"](text, today, search)
    assert _word_fields(body) == {"current_title"}
    combined = [c["combined_fields"] for c in _should(body) if "combined_fields" in c]
    assert len(combined) == 6  # 3 words x 2 groups
    loan = [c for c in combined if c["query"] == "loan"]
    weight = queries.word_weight("loan")
    by_name = {c["_name"]: c for c in loan}
    assert by_name["text:bm25f_text_jobs:0"]["fields"] == ["resume_text^2", "job_titles^1"]
    assert by_name["text:bm25f_text_jobs:0"]["boost"] == pytest.approx(6 * weight)
    assert by_name["text:bm25f_skills:0"]["fields"] == ["skills^1", "resume_text.skills^1.33333"]
    assert by_name["text:bm25f_skills:0"]["boost"] == pytest.approx(7 * weight)
    # The first pass (the probe of the title feedback) is built with the same clauses.
    assert any("combined_fields" in str(b) for b in sent[-2:])
    # Everything patched is restored, and the other clauses (phrases, asked skills, feedback) are ours's.
    assert queries.text_clauses.__name__ == "text_clauses"
    rest = [c for c in _should(body) if "combined_fields" not in c and bm25f._word_field(c) is None]
    ours_rest = [c for c in _should(ours) if bm25f._word_field(c) is None]
    assert rest == ours_rest


def test_the_half_scale_halves_the_boost_and_a_group_missing_a_field_is_left_alone() -> None:
    clauses = queries.text_clauses("crop production", per_word=True)
    half = bm25f.combined(clauses, bm25f.PROSE, 0.5)
    whole = bm25f.combined(clauses, bm25f.PROSE, 1.0)
    halves = [c["combined_fields"]["boost"] for c in half if "combined_fields" in c]
    wholes = [c["combined_fields"]["boost"] for c in whole if "combined_fields" in c]
    assert halves == pytest.approx([w / 2 for w in wholes])
    without_jobs = queries.text_clauses("crop production", job_fields=(), per_word=True)
    assert bm25f.combined(without_jobs, bm25f.PROSE, 1.0) == without_jobs
