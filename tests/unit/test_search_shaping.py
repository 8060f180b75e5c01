"""A fresh page is written without pydantic on the hot path: it must be, byte for byte, the page the
`SearchResponse` model would write, or a client validating against the OpenAPI schema would break."""

from __future__ import annotations

import uuid
from datetime import date

import orjson
import pytest

from app.errors import Unprocessable
from app.search import queries
from app.search.schemas import SearchRequest, SearchResponse, SearchType, SortOrder
from app.search.service import (
    ANSWER_FIELDS,
    decode_cursor,
    encode_cursor,
    encode_page,
    normalize,
    search_fingerprint,
)
from app.search.shaping import HitShaper, canonical_uuid, explanation_clauses, facet_json, merge_highlights

TODAY = date(2026, 12, 4)
ALICE = str(uuid.UUID(int=1))
BOB = str(uuid.UUID(int=2))


def job(key: str, start: str, end: str | None, **extra: object) -> dict[str, object]:
    return {"company_key": key, "start_date": start, "end_date": end, "is_current": end is None, **extra}


def hit(candidate_id: str, score: float, **source: object) -> dict[str, object]:
    return {"_id": candidate_id, "_score": score, "_source": {"candidate_id": candidate_id, **source}}


def page_of(request: SearchRequest, hits: list[dict], source: dict | None = None, aggs: dict | None = None):
    shape = HitShaper(request, source, TODAY)
    best = max(h["_score"] for h in hits)
    page = {
        "total": 1000,
        "total_relation": "gte",
        "results": [shape(h, best) for h in hits],
        "facets": facet_json(aggs or {}) if request.facets else None,
        "facets_sample": 500 if request.facets else None,
        "next_cursor": "abc",
    }
    return encode_page(page, took_ms=7)


def model_page(entry: bytes) -> bytes:
    """The page as the model writes it after reading it: equal bytes mean equal fields, types and order."""
    _, _, page = entry.partition(b"\n")
    answer = orjson.loads(page) | {"search_type": "skills_match", "took_ms": 7, "cached": False}
    return SearchResponse.model_validate(answer).model_dump_json(exclude=ANSWER_FIELDS).encode()


def test_a_skills_page_with_every_option_is_what_the_model_writes() -> None:
    request = SearchRequest(
        skills=["k8s", "Python", "COBOL"], facets=True, include_details=True, explain=True, highlight=True
    )
    hits = [
        hit(
            ALICE,
            12.5,
            full_name="Alice Anders",
            skills=["Kubernetes", "python"],
            total_experience_years=8,  # an integer in the index: a float in the answer
            current_title="Platform Engineer",
            summary="Runs clusters",
        )
        | {
            "highlight": {"current_title": ["<em>Platform</em> Engineer"]},
            "matched_queries": ["text:platform"],
            "_explanation": {
                "description": "sum of:",
                "value": 3,
                "details": [{"description": "weight(skills:kubernetes)", "value": 3}],
            },
        },
        hit(BOB.upper(), 3.0, full_name=None, skills=None, total_experience_years=None),
    ]
    aggs = {
        "skills": {"buckets": [{"key": "Python", "doc_count": 3}, {"key": 2019, "doc_count": 1}]},
        # Employers counted by the candidates of their jobs, and a place asked in its own words.
        "companies": {
            "doc_count": 5,
            "jobs": {"buckets": [{"key": "Acme", "doc_count": 3, "candidates": {"doc_count": 2}}]},
        },
        "asked_locations": {"buckets": {"Berlin": {"doc_count": 2}}},
        # An employer asked in its own words, keyed as its filter reads it.
        "asked_companies": {
            "doc_count": 3,
            "jobs": {"buckets": {"ACME Inc.": {"doc_count": 3, "candidates": {"doc_count": 2}}}},
        },
    }
    entry = page_of(request, hits, aggs=aggs)
    assert entry.partition(b"\n")[2] == model_page(entry)
    facets = orjson.loads(entry.partition(b"\n")[2])["facets"]
    # An employer's rows carry their company key, the same for "Acme" and "ACME Inc.": one employer.
    assert facets["companies"] == [{"value": "Acme", "count": 2, "key": "Acme"}]
    assert facets["asked_companies"] == [{"value": "ACME Inc.", "count": 2, "key": "acme"}]
    assert facets["asked_locations"] == [{"value": "Berlin", "count": 2}]

    figures, _, page = entry.partition(b"\n")
    results = orjson.loads(page)["results"]
    assert orjson.loads(figures) == {
        "total": 1000,
        "took_ms": 7,
        "scores": [r["match_score"] for r in results],
    }
    assert results[0]["matched_skills"] == ["Kubernetes", "Python"] and results[0]["missing_skills"] == [
        "COBOL"
    ]
    assert results[0]["total_experience_years"] == 8.0 and results[0]["explanation"][0]["score"] == 3.0
    assert results[1]["candidate_id"] == BOB  # written as the API writes UUIDs


def test_a_worked_with_page_counts_months_together_as_before() -> None:
    source = {
        "work_experience": [job("acme", "2018-01-01", None), job("initech", "2010-01-01", "2012-01-01")]
    }
    others = [
        {
            "work_experience": [
                job("acme", "2019-01-01", "2020-01-01", company="ACME Corp."),
                job("initech", "2011-01-01", None, company="Initech GmbH"),
            ]
        },
        {"work_experience": [job("globex", "2019-01-01", None)]},
        {
            "work_experience": [
                job("acme", "2017-06-01", "2018-03-01", company="Acme"),
                job("acme", "2020-01-01", "2020-07-01", company="Acme Inc."),
            ]
        },
    ]
    request = SearchRequest(search_type=SearchType.WORKED_WITH, candidate_id=uuid.UUID(int=9))
    hits = [hit(str(uuid.UUID(int=n + 10)), 10.0 - n, **other) for n, other in enumerate(others)]
    entry = page_of(request, hits, source)
    assert entry.partition(b"\n")[2] == model_page(entry)

    results = orjson.loads(entry.partition(b"\n")[2])["results"]
    expected = [sum(queries.overlap_by_company(source, other, TODAY).values()) for other in others]
    assert [r["overlap_months"] for r in results] == expected == [12 + 12, 0, 2 + 6]
    # The firm named as the colleague's jobs write it, not as its folded key ("acme").
    assert "worked at the same company (Acme) at the same time" in results[2]["match_reasons"]
    assert "worked at the same company (Initech GmbH) at the same time" in results[0]["match_reasons"]
    # Where, as the colleague's own jobs write the company (the first of them), longest together first.
    assert [r["overlap_companies"] for r in results] == [["ACME Corp.", "Initech GmbH"], [], ["Acme"]]


def test_match_scores_fall_down_the_page_when_the_words_lift_a_candidate_without_the_skill() -> None:
    # "senior python developer in Berlin": a frontend developer without Python ranks above a software engineer
    # with it, by the title's word; the page showed 100 %, 97 %, 15 %, 82 %.
    request = SearchRequest(query="python developer", skills=["Python"])
    hits = [
        hit(ALICE, 20.0, full_name="Alice", skills=["Python"]),
        hit(BOB, 10.0, full_name="Bob", skills=["Vue.js"]),
        hit(str(uuid.UUID(int=3)), 8.0, full_name="Carol", skills=["Python"]),
    ]
    results = orjson.loads(page_of(request, hits).partition(b"\n")[2])["results"]
    scores = [r["match_score"] for r in results]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0
    assert results[1]["missing_skills"] == ["Python"] and results[2]["matched_skills"] == ["Python"]


def test_ids_are_written_in_canonical_form() -> None:
    assert canonical_uuid(ALICE) == ALICE
    assert canonical_uuid(ALICE.upper()) == ALICE
    assert canonical_uuid(ALICE.replace("-", "")) == ALICE


def test_a_cursor_goes_on_with_the_search_that_issued_it_only() -> None:
    first = SearchRequest(query="platform engineer", skills=["Kubernetes"], locations=["Berlin"], limit=2)
    search = search_fingerprint(normalize(first))
    cursor = encode_cursor({"from": 2}, search)
    # The next page may change how it is shown and how much of it comes, and spell the search another way.
    again = SearchRequest(
        query="  Platform   ENGINEER ",
        skills=["k8s"],
        locations=["berlin"],
        limit=50,
        facets=True,
        cursor=cursor,
    )
    assert search_fingerprint(normalize(again)) == search
    assert decode_cursor(cursor, search_fingerprint(normalize(again))).offset == 2
    # Another text, filter, sort or type is another search: its pages would skip or repeat candidates.
    for other in (
        first.model_copy(update={"query": "data engineer"}),
        first.model_copy(update={"locations": ["Hamburg"]}),
        first.model_copy(update={"sort": SortOrder.EXPERIENCE_DESC}),
        first.model_copy(update={"search_type": SearchType.SIMILAR_CANDIDATES, "candidate_id": uuid.uuid4()}),
    ):
        with pytest.raises(Unprocessable) as refused:
            decode_cursor(cursor, search_fingerprint(normalize(other)))
        assert refused.value.details == [{"field": "cursor", "problem": "a cursor of another search"}]


def _node(description: str, value: float, *details: dict) -> dict:
    return {"description": description, "value": value, "details": list(details)}


def test_an_explanation_names_the_clauses_that_scored_not_filters_or_sums() -> None:
    """Before, `explain: true` listed the engine's top-level nodes as they came: "match on required clause,
    product of:" at 0 (the filters) and, for similar_candidates, two unnamed "product of:" lines."""
    # similar_candidates as OpenSearch 3.9 explains it: the query times primaryWeight plus the experience
    # rescore times secondaryWeight, the filter a required clause worth 0.
    explanation = _node(
        "sum of:",
        7.866,
        _node(
            "product of:",
            6.866,
            _node(
                "sum of:",
                6.866,
                _node(
                    "match on required clause, product of:",
                    0.0,
                    _node("# clause", 0.0),
                    _node("is_active:T", 1.0),
                ),
                _node("weight(profile:kubernetes in 120) [PerFieldSimilarity], result of:", 2.322),
                _node("weight(profile:terraform in 120) [PerFieldSimilarity], result of:", 3.162),
                _node("weight(profile:title:engineer in 120) [PerFieldSimilarity], result of:", 1.382),
            ),
            _node("primaryWeight", 1.0),
        ),
        _node(
            "product of:",
            1.0,
            _node("script score function, computed with script: experience", 1.0),
            _node("secondaryWeight", 1.0),
        ),
    )
    clauses = explanation_clauses(explanation)
    assert [c["clause"].partition(" [")[0] for c in clauses] == [
        "weight(profile:terraform in 120)",
        "weight(profile:kubernetes in 120)",
        "weight(profile:title:engineer in 120)",
        "script score function, computed with script: experience",
    ]
    assert sum(c["score"] for c in clauses) == pytest.approx(7.866)
    # A part under a weight other than 1 counts at its weighted score, so the parts still add up.
    doubled = _node("product of:", 4.0, _node("weight(skills.keyword:python)", 2.0), _node("boost", 2.0))
    assert explanation_clauses(doubled) == [{"clause": "weight(skills.keyword:python)", "score": 4.0}]


def test_an_explanation_names_the_list_factor_and_what_it_took_away() -> None:
    # The window's whole body as OpenSearch 3.9 explains it: the query's clauses times the named function.
    explanation = _node(
        "function score, product of:",
        2.5,
        _node(
            "sum of:",
            10.0,
            _node("weight(skills.keyword:excel)", 6.0),
            _node("weight(resume_text:excel)", 4.0),
        ),
        _node(
            "min of:",
            0.25,
            _node(
                "function score, score mode [multiply]",
                0.25,
                _node("script score function(_name: resume mostly lists), computed with script: ...", 0.25),
            ),
            _node("maxBoost", 3.4e38),
        ),
    )
    clauses = explanation_clauses(explanation)
    assert clauses == [
        {"clause": "weight(skills.keyword:excel)", "score": 6.0},
        {"clause": "weight(resume_text:excel)", "score": 4.0},
        {"clause": "resume mostly lists: score x 0.25", "score": -7.5},
    ]
    assert sum(c["score"] for c in clauses) == pytest.approx(2.5)
    # A resume without lists (or without a share) is its clauses alone.
    whole = _node(
        "function score, product of:", 6.0, _node("weight(skills.keyword:excel)", 6.0), _node("min of:", 1.0)
    )
    assert explanation_clauses(whole) == [{"clause": "weight(skills.keyword:excel)", "score": 6.0}]


def test_the_summarys_two_readings_are_one_summary_with_both_marks() -> None:
    """The summary is highlighted as prose and as skills (`summary.skills`, which knows "k8s" is
    Kubernetes); a user sees one `summary` whose fragments carry the marks of both."""
    found = {
        "current_title": ["Platform <em>Engineer</em>"],
        "summary": ["<em>Engineer</em> running k8s and Kubernetes.", "Second <em>engineer</em> part."],
        "summary.skills": [
            "Engineer running <em>k8s</em> and <em>Kubernetes</em>.",
            "Only <em>C++</em> here.",
        ],
    }
    assert merge_highlights(found) == {
        "current_title": ["Platform <em>Engineer</em>"],
        # Two fragments at most, as asked of the engine: the third (the skills reading's own) is left out.
        "summary": [
            "<em>Engineer</em> running <em>k8s</em> and <em>Kubernetes</em>.",
            "Second <em>engineer</em> part.",
        ],
    }
    skills_only = {"summary.skills": ["Writes <em>C++</em> and <em>C</em><em>#</em>."]}
    assert merge_highlights(skills_only) == {"summary": ["Writes <em>C++</em> and <em>C#</em>."]}
    assert merge_highlights(None) == {} and merge_highlights({"summary": ["a <em>b</em>"]}) == {
        "summary": ["a <em>b</em>"]
    }


def test_with_employers_asked_each_hit_names_its_jobs_there_newest_first() -> None:
    # A card of someone who worked at the ticked employer before named only their current employer.
    request = SearchRequest(skills=["python"], companies=["Acme", "Zoë Labs"])
    jobs = [
        job("initech", "2023-01-01", None, company="Initech", title="Frontend Developer"),
        job("acme", "2010-01-01", "2012-01-01", company="Acme Corp", title="Web Designer"),
        job("acme", "2013-03-01", "2016-05-01", company="ACME Inc.", title="Lead Designer"),
        job("zoe labs", "2017-01-01", "2019-01-01", company="ZOE Labs GmbH", title=None),
        job("acmeo", "2020-01-01", "2021-01-01", company="Acmeo", title="Analyst"),
    ]
    entry = page_of(request, [hit(ALICE, 2.0, work_experience=jobs), hit(BOB, 1.0)])
    assert entry.partition(b"\n")[2] == model_page(entry)
    first, second = orjson.loads(entry.partition(b"\n")[2])["results"]
    assert [(j["company"], j["title"], j["start_date"], j["end_date"]) for j in first["employer_jobs"]] == [
        ("ZOE Labs GmbH", None, "2017-01-01", "2019-01-01"),
        ("ACME Inc.", "Lead Designer", "2013-03-01", "2016-05-01"),
        ("Acme Corp", "Web Designer", "2010-01-01", "2012-01-01"),
    ]
    assert second["employer_jobs"] == []
    plain = orjson.loads(page_of(SearchRequest(skills=["python"]), [hit(ALICE, 1.0)]).partition(b"\n")[2])
    assert plain["results"][0]["employer_jobs"] is None


def test_a_card_names_the_jobs_its_employer_filter_let_in_by_company_key() -> None:
    # The filter lets a job in by its company key, but the card picked the jobs by the ticked name's words:
    # Bob, let in for "ACME Corporation", had no line for "Acme Corp", and "Acme Logistics", another firm,
    # was named for "Acme". A name without a key is still matched by its words, as the filter matches it.
    request = SearchRequest(skills=["python"], companies=["Acme Corp", "Self-employed"])
    jobs = [
        job("acme", "2019-06-01", "2022-06-01", company="ACME Corporation", title="Java Developer"),
        job("acme logistics", "2016-01-01", "2018-01-01", company="Acme Corp Logistics", title="Driver"),
        {
            "company": "Self-employed",
            "title": "Consultant",
            "start_date": "2012-01-01",
            "end_date": "2015-01-01",
        },
    ]
    entry = page_of(request, [hit(BOB, 1.0, work_experience=jobs)])
    (found,) = orjson.loads(entry.partition(b"\n")[2])["results"]
    assert [j["company"] for j in found["employer_jobs"]] == ["ACME Corporation", "Self-employed"]


def test_a_range_sent_as_negative_zero_is_named_as_zero_in_the_reasons() -> None:
    # JSON's -0.0 is no less than 0, so it was taken, and every hit's reason read "(asked -0+)".
    request = SearchRequest.model_validate_json(b'{"min_experience_years": -0.0, "skills": ["python"]}')
    hit = {"_score": 1.0, "_source": {"candidate_id": ALICE, "total_experience_years": 4.0, "skills": []}}
    assert "4 years of experience (asked 0+)" in HitShaper(request, today=TODAY)(hit, 1.0)["match_reasons"]
    request = SearchRequest(min_experience_years=-0.0, max_experience_years=-0.0)
    assert "4 years of experience (asked 0-0)" in HitShaper(request, today=TODAY)(hit, 1.0)["match_reasons"]
