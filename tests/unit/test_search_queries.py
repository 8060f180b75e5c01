"""Query builders: what each search type asks OpenSearch, checked on the query body itself."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from app.search import queries
from app.search.schemas import SearchRequest, SearchType
from benchmarks.common import walk

TODAY = date(2026, 11, 28)


def body(**fields: object) -> dict:
    request = SearchRequest.model_validate(fields)
    return queries.build_search(request, None, TODAY, None)


def test_all_skills_must_match_and_any_needs_one() -> None:
    for mode, needed in (("all", 3), ("any", 1)):
        query = body(skills=["python", "k8s", "c++"], skills_mode=mode)["query"]
        groups = [
            n for n in walk(query) if "minimum_should_match" in n and any("match" in c for c in n["should"])
        ]
        skill_group = next(g for g in groups if "skills" in g["should"][0].get("match", {}))
        assert skill_group["minimum_should_match"] == needed
        assert [c["match"]["skills"]["query"] for c in skill_group["should"]] == ["python", "k8s", "c++"]


def _skill_names(clauses: list) -> list[str]:
    return [c["match"]["skills"]["query"] for c in clauses if "skills" in c.get("match", {})]


def test_skills_the_text_names_rank_while_skills_asked_apart_decide_who_is_in() -> None:
    inner = body(query="help desk windows server", skills=["windows server", "k8s"])["query"]
    bool_query = inner["function_score"]["query"]["bool"]
    required = [name for clause in bool_query["must"] for name in _skill_names(clause["bool"]["should"])]
    # Kubernetes was asked apart from the text, so it is required; Windows Server only ranks.
    assert required == ["k8s"]
    assert _skill_names(bool_query["should"]) == ["windows server"]
    text_clauses = [c["bool"]["should"][0].get("multi_match", {}) for c in bool_query["must"]]
    assert any(clause.get("_name") == "text" for clause in text_clauses)


def test_adjacent_query_words_rank_as_phrases_in_the_resume_text() -> None:
    inner = body(query="general ledger reconciliation")["query"]["function_score"]["query"]["bool"]
    phrases = [c["match_phrase"]["resume_text"]["query"] for c in inner["should"] if "match_phrase" in c]
    assert phrases == ["general ledger", "ledger reconciliation"]
    many = body(query=" ".join(f"w{i}" for i in range(30)))["query"]["function_score"]["query"]["bool"]
    assert sum("match_phrase" in c for c in many["should"]) == queries.MAX_PHRASES


def test_title_feedback_probes_skills_match_with_text_only() -> None:
    probe = queries.title_probe(SearchRequest(query="sales territory quota"))
    assert probe is not None
    assert probe["size"] == queries.TITLE_FEEDBACK_HITS and probe["_source"] == ["current_title"]
    assert probe["query"] == queries.skills_match(SearchRequest(query="sales territory quota"))
    assert queries.title_probe(SearchRequest(skills=["python"])) is None
    assert queries.title_probe(SearchRequest(query="  ")) is None
    relative = SearchRequest(
        query="sales", search_type=SearchType.SIMILAR_CANDIDATES, candidate_id=uuid.uuid4()
    )
    assert queries.title_probe(relative) is None


def test_title_feedback_keeps_the_words_most_titles_share() -> None:
    titles = [
        "Sales Representative",
        "Inside Sales Rep",
        "Sales Manager",
        "Account Executive",
        None,
        "the Rep",
    ]
    hits = [{"_source": {"current_title": title}} for title in titles]
    # "rep" is in two titles, "sales" in three; words in one title, and stop words, are left out.
    assert queries.title_feedback(hits) == [("sales", 3 / 6), ("rep", 2 / 6)]
    assert queries.title_feedback([]) == []


def test_title_feedback_words_rank_the_current_and_past_titles() -> None:
    request = SearchRequest.model_validate({"query": "quota territory"})
    plain = queries.build_search(request, None, TODAY, None)
    fed = queries.build_search(request, None, TODAY, None, [("sales", 0.5)])
    should = fed["query"]["function_score"]["query"]["bool"]["should"]
    boost = queries.TITLE_FEEDBACK_BOOST * 0.5
    assert {"match": {"current_title": {"query": "sales", "boost": boost}}} in should
    assert any(
        c.get("nested", {}).get("query")
        == {"match": {"work_experience.title": {"query": "sales", "boost": boost}}}
        for c in should
    )
    # Ranking only: who is in stays the same.
    assert (
        fed["query"]["function_score"]["query"]["bool"]["must"]
        == plain["query"]["function_score"]["query"]["bool"]["must"]
    )


def test_hard_constraints_are_filters_not_scores() -> None:
    query = body(min_experience_years=3, max_experience_years=8, locations=["Berlin"])["query"]
    bool_query = query["function_score"]["query"]["bool"]
    assert {"range": {"total_experience_years": {"gte": 3, "lte": 8}}} in bool_query["filter"]
    assert {"term": {"is_active": True}} in bool_query["filter"]


def test_experience_match_ranks_by_fit_instead_of_filtering() -> None:
    query = body(search_type="experience_match", min_experience_years=5, max_experience_years=7)["query"]
    assert not any("range" in f for f in query["bool"]["filter"])
    script = next(n["script_score"]["script"] for n in walk(query) if "script_score" in n)
    assert script["params"] == {"origin": 6, "offset": 1, "scale": 2.0}


def test_worked_with_requires_overlap_at_the_same_company_and_excludes_the_source() -> None:
    source_id = uuid.uuid4()
    request = SearchRequest(search_type=SearchType.WORKED_WITH, candidate_id=source_id, min_overlap_months=6)
    source = {
        "work_experience": [
            {
                "company_key": "acme",
                "start_date": "2019-01-01",
                "end_date": "2021-01-01",
                "is_current": False,
            },
            {
                "company_key": "tiny",
                "start_date": "2022-01-01",
                "end_date": "2022-03-01",
            },  # too short for 6 months
        ]
    }
    query = queries.worked_with(request, source, TODAY)
    nested = [n["nested"] for n in walk(query) if "nested" in n]
    assert [n["_name"] for n in nested] == ["overlap:acme"]
    conditions = nested[0]["query"]["function_score"]["query"]["bool"]["filter"]
    assert {"term": {"work_experience.company_key": "acme"}} in conditions
    assert {"range": {"work_experience.start_date": {"lte": "2020-07-01"}}} in conditions
    assert {"ids": {"values": [str(source_id)]}} in query["bool"]["must_not"]


def test_worked_with_a_source_without_jobs_matches_nobody() -> None:
    request = SearchRequest(search_type=SearchType.WORKED_WITH, candidate_id=uuid.uuid4())
    query = queries.worked_with(request, {"work_experience": []}, TODAY)
    assert {"match_none": {}} in list(walk(query))


def test_relative_types_need_a_candidate() -> None:
    for kind in ("similar_candidates", "worked_with", "colleagues", "same_department"):
        with pytest.raises(ValidationError, match="candidate_id is required"):
            SearchRequest(search_type=kind)


def test_bad_ranges_and_caps_are_refused() -> None:
    with pytest.raises(ValidationError):
        SearchRequest(min_experience_years=9, max_experience_years=2)
    with pytest.raises(ValidationError):
        SearchRequest(limit=101)
    with pytest.raises(ValidationError):
        SearchRequest(offset=10_001)
    with pytest.raises(ValidationError):
        SearchRequest(skills=["x"] * 31)
    with pytest.raises(ValidationError):
        SearchRequest(query="q" * 501)


def test_cursor_replaces_from() -> None:
    request = SearchRequest(skills=["python"])
    paged = queries.build_search(request, None, TODAY, [1.5, "id"])
    assert paged["search_after"] == [1.5, "id"] and "from" not in paged
    assert paged["sort"][-1] == {"candidate_id": "asc"}


def test_highlighting_is_asked_for_and_leaves_the_resume_text_alone() -> None:
    assert "highlight" not in body(query="payments api")
    asked = body(query="payments api", highlight=True)["highlight"]
    assert set(asked["fields"]) == {"current_title", "summary"}


def test_prefix_regex_is_case_insensitive_and_escaped() -> None:
    assert queries.prefix_regex("c+") == "[cC]\\+.*"
    assert queries.prefix_regex("Node.") == "[nN][oO][dD][eE]\\..*"


requests = st.builds(
    SearchRequest,
    query=st.one_of(st.none(), st.text(max_size=200)),
    skills=st.lists(st.text(min_size=1, max_size=30).filter(str.strip), max_size=5),
    skills_mode=st.sampled_from(["all", "any"]),
    locations=st.lists(st.text(min_size=1, max_size=20).filter(str.strip), max_size=3),
    limit=st.integers(1, 100),
    offset=st.integers(0, 9_900),  # with limit <= 100, within the 10,000 result window
)


@settings(max_examples=200, deadline=None)
@given(requests)
def test_any_valid_request_gives_a_json_query_without_query_string(request: SearchRequest) -> None:
    built = queries.build_search(request, None, TODAY, None)
    text = json.dumps(built)  # serialisable as it will be sent
    assert "query_string" not in text and "simple_query_string" not in text
    assert built["size"] == request.limit


def test_offset_and_limit_stay_inside_the_result_window() -> None:
    with pytest.raises(ValidationError, match="offset \\+ limit"):
        SearchRequest(offset=9_950, limit=100)
    assert SearchRequest(offset=9_900, limit=100).offset == 9_900
