"""The session-44 experiment of issue 17: the query's words counted in one job entry (`job_cover`), and the
error analysis's window report (`s44_windows`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from opensearchpy import AsyncOpenSearch

from app.search import queries
from benchmarks.relevance import job_cover, s44_windows, variants
from tests.benchmarks.conftest import ScratchIndex
from tests.benchmarks.test_benchmarks_session22 import _recording, _should


def _cover(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in _should(body) if c.get("nested", {}).get("_name") == "job_cover"]


@pytest.mark.asyncio
async def test_the_window_variants_add_one_job_clause_to_the_second_pass_only() -> None:
    sent, search = _recording(["Personal Banker"] * 20)
    today = date(2026, 12, 8)
    text = "loan processing loan deposits"
    ours = await variants.ours(text, today, search)
    body = await variants.VARIANTS["s44_job_cover_2"](text, today, search)
    (clause,) = _cover(body)
    words = clause["nested"]["query"]["bool"]["should"]
    # Each distinct word once, at the weight times its specificity weight.
    assert [w["constant_score"]["filter"]["multi_match"]["query"] for w in words] == [
        "loan",
        "processing",
        "deposits",
    ]
    assert words[1]["constant_score"]["boost"] == pytest.approx(2 * queries.word_weight("processing"))
    assert clause["nested"]["score_mode"] == "max"
    assert [c for c in _should(body) if c is not clause] == _should(ours)
    assert "job_cover" not in str(sent[-1])  # the first pass is ours's
    await variants.VARIANTS["s44_job_cover_body_2"](text, today, search)
    assert "job_cover" in str(sent[-1])  # here the first pass has it too
    assert queries._ranking.__name__ == "_ranking"
    long_text = " ".join(f"word{n}" for n in range(queries.PER_WORD_MAX_WORDS + 1))
    assert job_cover.cover_clauses(long_text, job_cover.CONFIGS["s44_job_cover_1"]) == []


def _job(title: str, description: str) -> dict[str, Any]:
    return {"title": title, "description": description}


async def test_words_in_one_job_count_over_the_same_words_in_two_and_a_repeat_counts_once(
    client: AsyncOpenSearch, scratch_index: ScratchIndex
) -> None:
    await scratch_index.fill(
        "work_experience",
        {
            "together": [_job("Teller", "Processed loans and counted deposits")],
            "scattered": [_job("Teller", "Counted deposits"), _job("Clerk", "Filed loan papers")],
            "repeated": [_job("Loan Officer", "Loan files, loan closings, loan reviews")],
            "none": [_job("Cook", "Line cook")],
        },
    )
    config = job_cover.Config(weight=2.0)
    (clause,) = job_cover.cover_clauses("loan deposits", config)
    found = await client.search(index=scratch_index.alias, body={"query": clause})
    scores = {hit["_id"]: hit["_score"] for hit in found["hits"]["hits"]}
    loan, deposits = (2.0 * queries.word_weight(word) for word in ("loan", "deposits"))
    assert scores["together"] == pytest.approx(loan + deposits)  # "loans" stemmed as the prose fields are
    assert scores["scattered"] == pytest.approx(max(loan, deposits))
    assert scores["repeated"] == pytest.approx(loan)
    assert "none" not in scores


def test_the_window_report_says_which_query_words_one_job_holds() -> None:
    hit = {
        "id": "a",
        "score": 12.5,
        "relevant": True,
        "categories": ["BANKING"],
        "title": "Branch Teller",
        "jobs": [
            {"title": "Teller", "text": "Counted deposits at the branch", "current": True},
            {"title": "Clerk", "text": "Loan files", "current": False},
        ],
        "text": "Teller. Counted deposits at the branch. Clerk. Loan files.",
    }
    assert s44_windows.where("loan branch deposits", hit) == "text 3/3, one job 2, title branc"
    other = {**hit, "id": "b", "relevant": False, "categories": ["HR"], "title": "Clerk"}
    window = {"id": "d09", "text": "loan branch deposits", "total": 1, "hits": [other, hit], "bm25": [hit]}
    report = s44_windows.report([window])
    assert "## d09 'loan branch deposits': ours 0.631 bm25 1.000" in report
    assert "ours top 10: . R" in report
