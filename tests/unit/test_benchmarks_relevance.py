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


def test_ours_is_exactly_the_api_body_with_the_skills_found_in_the_text() -> None:
    text = "python developer with kubernetes and aws"
    request = variants.request_for(text)
    assert "Python" in request.skills and "Kubernetes" in request.skills
    expected = queries.build_search(
        SearchRequest(query=text, skills=request.skills, limit=10), None, TODAY, None
    )
    assert variants.ours(text, TODAY) == expected
    assert variants.bm25(text) == {"query": {"multi_match": {"query": text, "fields": ["resume_text"]}}}


def test_constant_variants_restore_the_module_after_building() -> None:
    before = queries.RESUME_TEXT_BOOST
    body = variants.VARIANTS["resume_text_boost_0.5"]("general ledger accounts payable", TODAY)
    assert queries.RESUME_TEXT_BOOST == before
    assert "resume_text^0.5" in str(body) and f"resume_text^{before}" in str(variants.ours("ledger", TODAY))


def test_ours_ranks_by_the_skills_the_text_names_and_skills_decide_makes_them_must() -> None:
    text = "python developer with kubernetes"
    inner = variants.ours(text, TODAY)["query"]["function_score"]["query"]["bool"]
    assert "skill:Python" in str(inner["should"]) and "skill:" not in str(inner["must"])
    assert '"_name": "text"' in str(inner["must"]).replace("'", '"')
    decide = variants.VARIANTS["skills_decide"](text, TODAY)["query"]["function_score"]["query"]["bool"]
    assert "skill:Python" in str(decide["must"]) and "skill:" not in str(decide["should"])
    assert '"_name": "text"' in str(decide["should"]).replace("'", '"')
