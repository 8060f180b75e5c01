"""The session-43 experiment of issue 17: the query's words on the resume's practice sections."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from opensearchpy import AsyncOpenSearch

from app.search import queries
from benchmarks.relevance import practice_text, variants
from indexer.mapping import load_definition
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
    client: AsyncOpenSearch,
) -> None:
    name = f"test-s43-practice-{uuid.uuid4().hex[:8]}"
    alias = f"{name}-alias"
    body = load_definition().body
    body["aliases"] = {alias: {}}
    await client.indices.create(index=name, body=body)
    try:
        docs = {"a": RESUME, "b": "Education\nBachelor of Science : Banking", "c": None}
        for key, text in docs.items():
            await client.index(index=name, id=key, body={"candidate_id": key, "resume_text": text})
        await client.indices.refresh(index=name)
        counts = await practice_text.attach(client, alias)
        assert counts["documents"] == 3 and counts["with_practice"] == 1
        assert list(await client.indices.get_alias(name=alias)) == [f"{name}-practice"]
        assert not await client.indices.exists(index=name)

        async def matching(field: str, word: str) -> set[str]:
            found = await client.search(index=alias, body={"query": {"match": {field: word}}})
            return {hit["_id"] for hit in found["hits"]["hits"]}

        assert await matching("practice_text", "deposits") == {"a"}
        assert await matching("practice_text", "irrigation") == set()  # the closing section is the tail
        assert await matching("resume_text", "irrigation") == {"a"}
        assert await matching("practice_text", "bachelor") == set()  # b's words stand in its education only
        assert await matching("resume_text", "bachelor") == {"a", "b"}
        assert await matching("candidate_id", "c") == {"c"}  # every document copied
    finally:
        await client.indices.delete(index=f"{name}*", ignore_unavailable=True)
