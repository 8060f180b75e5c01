"""The session-42 experiment of issue 17: resumes whose text is mostly lists ranked down."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from opensearchpy import AsyncOpenSearch

from benchmarks.relevance import list_lines, recent_job, variants
from tests.benchmarks.conftest import ScratchIndex
from tests.benchmarks.test_benchmarks_session22 import _recording

PROSE = """PERSONAL BANKER
Summary
Opened consumer and business accounts, took loan applications and processed deposits for branch customers.
Experience
Personal Banker 06/2012 to Current Company Name - City , State
Processed loan applications for small business customers and balanced the branch vault every evening.
"""
LISTS = """TELLER
Skills
Loan processing  Customer service
Cash handling  Branch operations
Deposits, Loans, Excel, Word, Outlook, Teller systems
Experience
Teller 2015 to 2016
Counted deposits.
"""


def test_the_list_share_counts_words_on_list_lines_and_the_excess_is_over_the_median() -> None:
    # PROSE: 40 words; the headings "PERSONAL BANKER", "Summary", "Experience" (4 words) on list lines, the
    # job line's first item (7 words) and the two sentences not.
    assert list_lines.list_share(PROSE) == pytest.approx(4 / 40)
    # LISTS: every line but "Counted deposits." is a list (the job line's one item "Teller to" too): 20 of 22.
    assert list_lines.list_share(LISTS) == pytest.approx(20 / 22)
    assert list_lines.list_share("2015 to 2016") == pytest.approx(1.0)  # "to" is its one word
    assert list_lines.list_share("") is None
    assert list_lines.list_share(None) is None
    fields = list_lines.list_fields([0.1, 0.3, None, 0.7])
    assert fields == [
        {"list_share": 0.1, "list_excess": 0.0},
        {"list_share": 0.3, "list_excess": 0.0},
        {},
        {"list_share": 0.7, "list_excess": pytest.approx(0.4)},
    ]


@pytest.mark.asyncio
async def test_the_window_variants_scale_the_second_pass_only_and_the_body_variant_both() -> None:
    sent, search = _recording(["Personal Banker"] * 20)
    today = date(2026, 12, 7)
    text = "loan processing branch"
    ours = await variants.ours(text, today, search)
    body = await variants.VARIANTS["s42_prose_2"](text, today, search)
    scaled = body["query"]["function_score"]
    assert scaled["query"] == ours["query"]
    assert scaled["boost_mode"] == "multiply"
    assert scaled["functions"][0]["script_score"]["script"]["params"] == {"weight": 2.0}
    assert "function_score" not in str(sent[-1]["query"])  # the first pass is ours's
    await variants.VARIANTS["s42_prose_body_1"](text, today, search)
    assert "function_score" in sent[-1]["query"]  # here the first pass is scaled too
    excess = await variants.VARIANTS["s42_excess_1"](text, today, search)
    (function,) = excess["query"]["function_score"]["functions"]
    assert "list_excess" in function["script_score"]["script"]["source"]


async def test_attach_copies_the_index_with_the_shares_and_the_factor_ranks_the_lists_down(
    client: AsyncOpenSearch, scratch_index: ScratchIndex
) -> None:
    name, alias = scratch_index.name, scratch_index.alias
    docs = {"prose": PROSE, "lists": LISTS, "empty": None}
    await scratch_index.fill("resume_text", docs)
    stats = await list_lines.attach(client, alias)
    assert stats["documents"] == 3
    assert stats["with_share"] == 2
    assert list(await client.indices.get_alias(name=alias)) == [f"{name}-lists"]
    assert not await client.indices.exists(index=name)

    async def order(query: dict[str, Any]) -> list[str]:
        found = await client.search(index=alias, body={"query": query})
        return [hit["_id"] for hit in found["hits"]["hits"]]

    words = {"match": {"resume_text": "loan processing branch deposits"}}
    # Plain BM25 puts the short list of the query's words first...
    assert await order(words) == ["lists", "prose"]
    # ...scaled by the prose share, the banker who wrote them as sentences comes first.
    assert await order(list_lines.scaled(words, list_lines.CONFIGS["s42_prose_2"])) == ["prose", "lists"]
    # The excess is over the median of the two shares, so only the lists' score is scaled.
    plain = await client.search(index=alias, body={"query": words})
    excess = list_lines.scaled(words, list_lines.CONFIGS["s42_excess_1"])
    again = await client.search(index=alias, body={"query": excess})
    before = {hit["_id"]: hit["_score"] for hit in plain["hits"]["hits"]}
    after = {hit["_id"]: hit["_score"] for hit in again["hits"]["hits"]}
    assert after["prose"] == pytest.approx(before["prose"])
    assert after["lists"] < before["lists"]
    everyone = await order(list_lines.scaled({"match_all": {}}, list_lines.CONFIGS["s42_prose_1"]))
    assert "empty" in everyone  # a document without a share keeps its score


def test_the_report_takes_the_grid_it_is_given() -> None:
    per_query = {
        f"d{n}": {"relevant": ["HR"], "bm25": 0.5, "ours": 0.6, "s42_prose_1": 0.7, "s41_recent_job_1": 0.9}
        for n in range(5)
    }
    run = {
        "ours": {"ndcg@10": 0.6},
        "variants": {"s42_prose_1": {"ndcg@10": 0.7}, "s41_recent_job_1": {"ndcg@10": 0.9}},
        "per_query": per_query,
    }
    assert "among ours, s42_prose_1: 0.7" in recent_job.report(run, list_lines.CONFIGS.keys())
    assert "among ours, s41_recent_job_1: 0.9" in recent_job.report(run)
