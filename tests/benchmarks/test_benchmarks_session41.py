"""The session-41 experiment of issue 17: the candidate's most recent job as a field of its own."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from opensearchpy import AsyncOpenSearch

from app.search import queries
from benchmarks.relevance import recent_job, variants
from tests.benchmarks.conftest import ScratchIndex
from tests.benchmarks.test_benchmarks_session22 import _recording, _should

TELLER = {"title": "Teller", "description": "Counted cash deposits", "start_date": "2012-01-01",
          "end_date": "2014-06-30", "is_current": False}  # fmt: skip
BANKER = {"title": "Personal Banker", "description": "Opened loan applications", "start_date": "2014-07-01",
          "end_date": "2019-03-31", "is_current": False}  # fmt: skip


def test_the_most_recent_job_is_the_current_one_else_the_last_ended_else_the_first_listed() -> None:
    current = {**TELLER, "is_current": True, "end_date": None}
    assert recent_job.most_recent([BANKER, current]) == [current]
    assert recent_job.most_recent([TELLER, BANKER]) == [BANKER]
    started = {**BANKER, "end_date": None}
    assert recent_job.most_recent([{**TELLER, "end_date": None}, started]) == [started]
    undated = [{"title": "Cook", "description": "Line cook"}, {"title": "Dishwasher", "description": None}]
    assert recent_job.most_recent(undated) == [undated[0]]
    assert recent_job.most_recent([]) == []
    assert recent_job.recent_fields([TELLER, BANKER]) == {
        "recent_job": "Personal Banker\nOpened loan applications",
        "recent_job_text": "Opened loan applications",
    }
    assert recent_job.recent_fields([]) == {"recent_job": None, "recent_job_text": None}


def _recent(clauses: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    return [c["match"][field] for c in clauses if field in c.get("match", {})]


@pytest.mark.asyncio
async def test_the_window_variants_add_word_clauses_to_the_second_pass_only() -> None:
    sent, search = _recording(["Personal Banker"] * 20)
    today = date(2026, 12, 7)
    text = "loan processing branch"
    ours = await variants.ours(text, today, search)
    body = await variants.VARIANTS["s41_recent_text_2"](text, today, search)
    clauses = _recent(_should(body), "recent_job_text")
    assert [c["query"] for c in clauses] == ["loan", "processing", "branch"]
    assert clauses[1]["boost"] == pytest.approx(2 * queries.word_weight("processing"))
    assert [c for c in _should(body) if "recent_job_text" not in c.get("match", {})] == _should(ours)
    assert "recent_job" not in str(sent[-1])  # the first pass is ours's
    await variants.VARIANTS["s41_recent_text_body_2"](text, today, search)
    assert "recent_job_text" in str(sent[-1])  # here the first pass has them too
    assert queries._ranking.__name__ == "_ranking"
    long_text = " ".join(f"word{n}" for n in range(queries.PER_WORD_MAX_WORDS + 1))
    assert recent_job.recent_clauses(long_text, recent_job.CONFIGS["s41_recent_job_1"]) == []


async def test_attach_copies_the_index_with_the_fields_so_only_the_latest_jobs_words_match(
    client: AsyncOpenSearch, scratch_index: ScratchIndex
) -> None:
    name, alias = scratch_index.name, scratch_index.alias
    current = {**TELLER, "is_current": True, "end_date": None}
    docs = {"a": [TELLER, BANKER], "b": [current, BANKER], "c": []}
    await scratch_index.fill("work_experience", docs)
    filled = await recent_job.attach(client, alias)
    assert filled == {"documents": 3, "recent_job": 2, "recent_job_text": 2}
    assert list(await client.indices.get_alias(name=alias)) == [f"{name}-recent"]
    assert not await client.indices.exists(index=name)
    matching = scratch_index.matching
    assert await matching("recent_job_text", "loans") == {"a"}  # stemmed as the prose fields are
    assert await matching("recent_job_text", "deposits") == {"b"}
    assert await matching("recent_job", "banker") == {"a"}
    assert await matching("recent_job_text", "banker") == set()
    assert await matching("candidate_id", "c") == {"c"}  # every document copied, with or without jobs
    stats = await client.indices.stats(index=f"{name}-recent", metric="docs")
    assert stats["indices"][f"{name}-recent"]["primaries"]["docs"]["deleted"] == 0


def test_the_report_counts_categories_under_bm25_and_chooses_inside_folds() -> None:
    def query(n: int) -> dict[str, Any]:
        relevant = ["BANKING"] if n < 5 else ["HR", "BANKING"] if n == 5 else ["HR"]
        return {"relevant": relevant, "bm25": 0.8, "ours": 0.6 if n < 5 else 0.9, "s41_recent_text_1": 0.9}

    per_query = {f"d{n}": query(n) for n in range(10)}
    # BANKING: d0-d4 at 0.6 and d5 (two categories) at 0.9 against 0.8: -0.15; HR is over bm25.
    assert recent_job.categories_under(per_query, "ours") == {"BANKING": -0.15}
    assert recent_job.categories_under(per_query, "s41_recent_text_1") == {}
    # The variant is best on every fold's other queries, so every fold takes it.
    assert recent_job.out_of_fold(per_query, ["ours", "s41_recent_text_1"]) == 0.9
    variant = {"s41_recent_text_1": {"ndcg@10": 0.9}}
    run = {"ours": {"ndcg@10": 0.75}, "variants": variant, "per_query": per_query}
    text = recent_job.report(run)
    assert "| s41_recent_text_1 | 0.9000 | +0.1500 | d0 +0.300" in text
    assert "| ours | 0.7500 |  |  | BANKING -0.15 |" in text
