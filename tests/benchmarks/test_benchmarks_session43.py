"""The session-43 experiment of issue 17: the query's words on the resume's practice sections."""

from __future__ import annotations

from datetime import date

import pytest
from opensearchpy import AsyncOpenSearch

from app.search import queries
from benchmarks.relevance import practice_text, s43_screen, variants
from tests.benchmarks.conftest import ScratchIndex
from tests.benchmarks.test_benchmarks_session22 import _recording, _should

# A LiveCareer-like resume: the role it sells, a summary, a skills list under "Highlights", the work history,
# the education and a closing section.
RESUME = "\n".join(
    [
        "PERSONAL BANKER",
        "Summary",
        "Banker serving branch customers.",
        "Highlights",
        "Loan processing  Cash handling",
        "Experience",
        "Personal Banker Jan 2015 to Current",
        "Opened deposit accounts for customers.",
        "Education",
        "Bachelor of Science : Agronomy",
        "Interests",
        "Irrigation projects at the community garden",
    ]
)


def test_the_practice_text_keeps_the_opening_summary_and_work_history_not_the_tail() -> None:
    kept = practice_text.practice_text(RESUME)
    assert kept == "\n".join(
        [
            "PERSONAL BANKER",
            "Banker serving branch customers.",
            "Personal Banker Jan 2015 to Current",
            "Opened deposit accounts for customers.",
        ]
    )
    assert practice_text.practice_text("Education\nBachelor of Arts") is None
    assert practice_text.practice_text(None) is None


@pytest.mark.asyncio
async def test_the_practice_variants_add_word_clauses_to_the_second_pass_only() -> None:
    sent, search = _recording(["Personal Banker"] * 20)
    today = date(2026, 12, 7)
    text = "loan processing branch"
    ours = await variants.ours(text, today, search)
    body = await variants.VARIANTS["s43_practice_2"](text, today, search)
    clauses = [c["match"]["practice_text"] for c in _should(body) if "practice_text" in c.get("match", {})]
    assert [c["query"] for c in clauses] == ["loan", "processing", "branch"]
    assert [c["_name"] for c in clauses] == ["practice:0", "practice:1", "practice:2"]
    assert clauses[1]["boost"] == pytest.approx(2 * queries.word_weight("processing"))
    assert [c for c in _should(body) if "practice_text" not in c.get("match", {})] == _should(ours)
    assert "practice_text" not in str(sent[-1])  # the first pass is ours's
    await variants.VARIANTS["s43_practice_body_2"](text, today, search)
    assert "practice_text" in str(sent[-1])  # here the first pass has them too
    assert queries._ranking.__name__ == "_ranking"


async def test_attach_copies_the_index_so_a_word_only_in_the_tail_does_not_match(
    client: AsyncOpenSearch, scratch_index: ScratchIndex
) -> None:
    name, alias = scratch_index.name, scratch_index.alias
    docs = {"a": RESUME, "b": "Education\nBachelor of Science : Banking", "c": None}
    await scratch_index.fill("resume_text", docs)
    counts = await practice_text.attach(client, alias)
    assert counts["documents"] == 3 and counts["with_practice"] == 1
    assert list(await client.indices.get_alias(name=alias)) == [f"{name}-practice"]
    assert not await client.indices.exists(index=name)
    matching = scratch_index.matching
    assert await matching("practice_text", "deposits") == {"a"}
    assert await matching("practice_text", "irrigation") == set()  # the closing section is the tail
    assert await matching("resume_text", "irrigation") == {"a"}
    assert await matching("practice_text", "bachelor") == set()  # b's words stand in its education only
    assert await matching("resume_text", "bachelor") == {"a", "b"}
    assert await matching("candidate_id", "c") == {"c"}  # every document copied


def test_the_screen_reads_where_and_how_often_the_query_words_stand_and_reorders_by_a_factor() -> None:
    jobs = [
        {"start_date": "2015-01-01", "end_date": None, "is_current": True, "months": 143},
        {"start_date": "2012-01-01", "end_date": "2014-12-31", "is_current": False, "months": 36},
        {"start_date": None, "end_date": None, "is_current": False, "months": None},
    ]
    found = s43_screen.features("irrigation deposits", {"resume_text": RESUME, "work_experience": jobs})
    assert (found["jobs"], found["dated"], found["months"], found["closed_months"]) == (3, 2, 179, 36)
    assert found["current"] == 1
    assert found["most_repeated"] == 1
    assert found["tail_share"] == 0.5  # "Irrigation" stands in the closing section, "deposit" in the history
    assert 0 < found["first_position"] < 1
    window = {
        "id": "d01",
        "total": 1,
        "hits": [
            {"score": 2.0, "relevant": False, "words": 900},
            {"score": 1.5, "relevant": True, "words": 100},
        ],
    }
    assert s43_screen.reordered([window], None) == {"d01": pytest.approx(0.6309, abs=1e-4)}
    shorter_first = s43_screen.FAMILIES["resume length in words, (1 + words) ^ w"][0](-0.25)
    assert s43_screen.reordered([window], shorter_first) == {"d01": 1.0}
