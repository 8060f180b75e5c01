"""The session-22 experiment of issue 17: a query word scored once over a group of fields (BM25F)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.search import queries
from benchmarks.relevance import bm25f, lead, variants
from indexer.mapping import load_definition


def _answer(titles: list[str]) -> dict[str, Any]:
    hits = [{"_id": str(n), "_score": 1.0, "_source": {"current_title": t}} for n, t in enumerate(titles)]
    return {"hits": {"hits": hits, "total": {"value": len(hits)}}, "took": 1}


def _recording(titles: list[str]) -> tuple[list[dict[str, Any]], variants.Search]:
    """A stand-in engine that answers every body with hits holding these current titles (the title
    feedback's first pass reads them), and the bodies it was sent."""
    sent: list[dict[str, Any]] = []

    async def search(body: dict[str, Any]) -> dict[str, Any]:
        sent.append(body)
        return _answer(titles)

    return sent, search


def _should(body: dict[str, Any]) -> list[dict[str, Any]]:
    should: list[dict[str, Any]] = variants.scored(body)["bool"]["must"][0]["bool"]["should"]
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
    sent, search = _recording(["Loan Officer"] * 20)
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
    assert "combined_fields" in str(sent[-1])
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


@pytest.mark.asyncio
async def test_the_lead_adds_one_clause_per_word_in_the_probe_and_the_search() -> None:
    sent, search = _recording(["Farm Manager"] * 20)
    today = date(2026, 12, 5)
    text = "crop production farm"
    ours = await variants.ours(text, today, search)
    body = await variants.VARIANTS["lead_25_3"](text, today, search)
    leads = [
        c["match"]["resume_text.lead25"] for c in _should(body) if "resume_text.lead25" in c.get("match", {})
    ]
    assert [lead_clause["query"] for lead_clause in leads] == ["crop", "production", "farm"]
    assert leads[1]["boost"] == pytest.approx(3 * queries.word_weight("production"))
    assert leads[1]["_name"] == "text:lead25:1"
    assert [c for c in _should(body) if c.get("match", {}).keys() != {"resume_text.lead25"}] == _should(ours)
    assert "resume_text.lead25" in str(sent[-1])  # the first pass has the lead clauses too
    assert queries.text_clauses.__name__ == "text_clauses"


def test_the_lead_analyzers_are_prose_with_a_limit_and_long_texts_take_no_lead() -> None:
    analyzers = lead.analysis()["analysis"]["analyzer"]
    assert analyzers["prose_lead_50"]["filter"][-1] == "lead_limit_50"
    definition = load_definition().body
    prose = definition["settings"]["analysis"]["analyzer"]["prose"]
    assert analyzers["prose_lead_50"]["filter"][:-1] == prose["filter"]
    assert analyzers["prose_lead_50"]["tokenizer"] == prose["tokenizer"]
    fields = lead.mapping()["properties"]["resume_text"]["fields"]
    assert fields["lead25"] == {"type": "text", "analyzer": "prose_lead_25", "search_analyzer": "prose"}
    long_text = " ".join(f"word{n}" for n in range(queries.PER_WORD_MAX_WORDS + 1))
    assert lead.lead_clauses(long_text, lead.CONFIGS["lead_25_3"]) == []
