"""Relevance metrics and the bodies the relevance benchmark sends."""

from __future__ import annotations

import math
from datetime import date

import pytest

from app.search import queries
from app.search.schemas import SearchRequest
from benchmarks.relevance import variants
from benchmarks.relevance.metrics import ndcg_at, precision_at, reciprocal_rank

TODAY = date(2026, 11, 28)


def test_ndcg_is_one_for_a_perfect_ranking_and_discounts_later_hits() -> None:
    assert ndcg_at([True] * 10, total_relevant=50) == pytest.approx(1.0)
    assert ndcg_at([True, False], total_relevant=1) == pytest.approx(1.0)
    assert ndcg_at([False, True], total_relevant=1) == pytest.approx(1 / math.log2(3))
    assert ndcg_at([False] * 10, total_relevant=5) == 0.0
    assert ndcg_at([True], total_relevant=0) == 0.0
    # Only the top k count.
    assert ndcg_at([False] * 10 + [True], total_relevant=1, k=10) == 0.0


def test_precision_and_reciprocal_rank() -> None:
    ranked = [False, False, True, True] + [False] * 6
    assert precision_at(ranked) == 0.2
    assert reciprocal_rank(ranked) == pytest.approx(1 / 3)
    assert reciprocal_rank([False] * 10) == 0.0
    # Fewer than k results still divide by k.
    assert precision_at([True, True]) == 0.2


# The hits of the title feedback probe, as the benchmark's search gives them.
PROBE_HITS = [
    {"_source": {"current_title": "Senior Python Developer"}},
    {"_source": {"current_title": "Python Developer"}},
    {"_source": {"current_title": "Data Engineer"}},
]


async def fake_search(body: dict) -> dict:
    """Answers the probe only: the builders send nothing else through it."""
    assert body["size"] == queries.TITLE_FEEDBACK_HITS and body["_source"] == ["current_title"]
    return {"took": 1, "hits": {"hits": PROBE_HITS}}


async def test_ours_is_exactly_the_api_body_with_the_skills_found_in_the_text() -> None:
    text = "python developer with kubernetes and aws"
    request = variants.request_for(text)
    assert "Python" in request.skills and "Kubernetes" in request.skills
    expected = queries.build_search(
        SearchRequest(query=text, skills=request.skills, limit=10),
        None,
        TODAY,
        None,
        queries.title_feedback(PROBE_HITS),
    )
    assert await variants.ours(text, TODAY, fake_search) == expected
    assert "'developer'" in str(expected) and "'python'" in str(expected)
    assert variants.bm25(text) == {"query": {"multi_match": {"query": text, "fields": ["resume_text"]}}}


async def test_constant_variants_restore_the_module_after_building() -> None:
    before = queries.RESUME_TEXT_BOOST
    body = await variants.VARIANTS["resume_text_boost_0.5"](
        "general ledger accounts payable", TODAY, fake_search
    )
    assert queries.RESUME_TEXT_BOOST == before
    ours = await variants.ours("ledger", TODAY, fake_search)
    assert "resume_text^0.5" in str(body) and f"resume_text^{before}" in str(ours)


async def test_without_title_feedback_no_probe_runs_and_no_title_word_ranks() -> None:
    async def no_search(body: dict) -> dict:
        raise AssertionError("no probe expected")

    body = await variants.VARIANTS["no_title_feedback"]("python developer", TODAY, no_search)
    assert "'developer'" not in str(body)
    assert queries.TITLE_FEEDBACK_BOOST > 0


async def test_ours_ranks_by_the_skills_the_text_names_and_skills_decide_makes_them_must() -> None:
    text = "python developer with kubernetes"
    query = (await variants.ours(text, TODAY, fake_search))["query"]["bool"]
    inner = query["must"][0]["bool"]
    assert "skill:Python" in str(inner["should"]) and "skill:" not in str(query["filter"])
    assert '"_name": "text"' in str(inner["should"]).replace("'", '"')
    decide = (await variants.VARIANTS["skills_decide"](text, TODAY, fake_search))["query"]["bool"]["must"][0]
    decide = decide["bool"]
    assert "skill:Python" in str(decide["must"]) and "skill:" not in str(decide["should"])
    assert '"_name": "text"' in str(decide["should"]).replace("'", '"')
