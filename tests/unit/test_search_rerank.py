"""The learned reranker: named signals in the query body, features, the tree model, and window paging."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from app.search import queries, rerank
from app.search.schemas import SearchRequest


def _body() -> dict:
    request = SearchRequest(query="accounts payable general ledger", skills=["QuickBooks"])
    return queries.build_search(request, None, date(2026, 1, 1), None, [("accountant", 0.6)])


def _names(body: dict) -> list[str]:
    """The names in the scoring part (the filters hold the text's clauses again as who is in)."""
    scoring = body["query"]["bool"]["must"]
    return [node["_name"] for node in queries.walk(scoring) if isinstance(node.get("_name"), str)]


def test_every_scoring_clause_of_the_text_search_is_named_and_filters_are_not() -> None:
    body = _body()
    rerank.name_signals(body["query"])
    names = _names(body)
    for field in queries.TEXT_FIELDS:
        assert any(name == f"f:{field}" or name.startswith(f"f:{field}:") for name in names), field
        assert field in rerank.TEXT_FIELDS
    assert sum(name.startswith("phrase:") for name in names) == 3  # three adjacent pairs
    assert any(name.startswith("fb_title:") for name in names)
    assert any(name.startswith("fb_past:") for name in names)
    assert any(name.partition(":")[0] == "experience_text" for name in names) and "skill:QuickBooks" in names
    assert not any("is_active" in str(clause.get("_name", "")) for clause in queries.walk(body["query"]))


def _text_leaves(body: dict) -> list[tuple[str, str, float]]:
    """The text's (field, words, boost) wherever it is matched: whole (multi_match) or word by word."""
    leaves = []
    for node in queries.walk(body):
        multi = node.get("multi_match")
        if isinstance(multi, dict) and multi.get("_name") == "text":
            for spec in multi["fields"]:
                field, _, boost = spec.partition("^")
                leaves.append((field, multi["query"], float(boost or 1)))
        for field, spec in (node.get("match") or {}).items():
            if isinstance(spec, dict) and str(spec.get("_name", "")).startswith(("text", "f:")):
                leaves.append((field, spec["query"], float(spec.get("boost", 1))))
    return sorted(leaves)


@pytest.mark.parametrize(
    "text", ["accounts payable general ledger", "oracle business intelligence suite administrator"]
)
def test_naming_keeps_the_text_clause_scoring_the_same_fields_with_the_same_boosts(text: str) -> None:
    # Word by word, or (a multi-word synonym in the text) the skill fields whole.
    request = SearchRequest(query=text, skills=["QuickBooks"])
    body = queries.build_search(request, None, date(2026, 1, 1), None, [("accountant", 0.6)])
    before = _text_leaves(body)
    assert {field for field, _, _ in before} == set(queries.TEXT_FIELDS)
    rerank.name_signals(body["query"])
    assert _text_leaves(body) == before


def _hit(candidate: str, score: float, names: dict[str, float], title: str = "", **doc: object) -> dict:
    source = {"candidate_id": candidate, "current_title": title, **doc}
    return {"_id": candidate, "_score": score, "matched_queries": names, "_source": source, "sort": [score]}


def test_features_read_named_scores_and_the_profile() -> None:
    hits = [
        _hit("a", 10.0, {"f:current_title": 3.0, "phrase:0": 2.0, "phrase:1": 1.0}, "Staff Accountant"),
        _hit("b", 5.0, {"f:resume_text": 4.0, "fb_past:1": 1.5}, "Clerk", skills=["QuickBooks"]),
    ]
    rows = rerank.features("accountant QuickBooks", hits)
    first = dict(zip(rerank.FEATURES, rows[0], strict=True))
    second = dict(zip(rerank.FEATURES, rows[1], strict=True))
    assert first["score_relative"] == 1.0 and second["score_relative"] == 0.5
    assert first["title"] == 3.0 and first["phrases"] == 3.0 and first["phrases_matched"] == 2
    assert first["title_query_overlap"] == 0.5  # "accountant" of "accountant quickbooks"
    assert second["feedback_past"] == 1.5 and second["query_skills_held"] == 1.0
    assert second["experience_years"] == -1.0 and second["rank"] == 1.0


def _model() -> rerank.Model:
    # One tree: title > 1 is worth +1, else -1; a second tree that is a single leaf.
    feature = rerank.FEATURES.index("title")
    return rerank.Model.from_json(
        {
            "features": list(rerank.FEATURES),
            "trees": [
                {"feature": [feature], "threshold": [1.0], "left": [-1], "right": [-2], "internal": [0.0],
                 "leaf": [-1.0, 1.0]},
                {"feature": [], "threshold": [], "left": [], "right": [], "internal": [], "leaf": [0.25]},
            ],
        }
    )  # fmt: skip


def test_the_model_reorders_hits_and_explains_what_lifted_them() -> None:
    hits = [_hit("low-title", 9.0, {"f:resume_text": 9.0}), _hit("title", 3.0, {"f:current_title": 3.0})]
    ordered = rerank.rerank(_model(), "accountant", hits, explain=True)
    assert [hit["_id"] for hit in ordered] == ["title", "low-title"]
    assert ordered[0]["_rerank_score"] == pytest.approx(1.25)
    assert ordered[0]["_rerank"] == [("title", 1.0)]
    assert ordered[1]["_rerank"] == []  # nothing lifted it


def test_a_model_trained_on_other_features_is_refused() -> None:
    with pytest.raises(ValueError, match="retrain"):
        rerank.Model.from_json({"features": ["x"], "trees": []})


def test_the_shipped_model_loads_and_scores_a_row() -> None:
    model = rerank.load_model()
    if model is None:
        pytest.skip("no model shipped")
    assert isinstance(model.score([0.0] * len(rerank.FEATURES)), float)


def test_pages_inside_the_window_are_reranked_and_chain_by_position_then_by_engine_cursor() -> None:
    model = _model()
    window, offset, after = rerank.window_for(model, "skills_match", "chef", True, 0, 40, None)
    assert window is not None and window.size == 120 and offset == 0 and after is None
    body = _body()
    assert window.widen(body) == {"include_named_queries_score": True}
    assert body["size"] == 120 and body["from"] == 0 and "skills" in body["_source"]
    hits = [_hit(str(i), 100.0 - i, {}) for i in range(120)]
    page, cursor = window.page(model, "chef", hits, explain=False)
    assert len(page) == 40 and cursor == [rerank.CURSOR_MARK, 40]
    window, offset, after = rerank.window_for(model, "skills_match", "chef", True, 0, 40, cursor)
    assert window is not None and offset == 40
    last = rerank.Window(80, 40)
    _, cursor = last.page(model, "chef", hits, explain=False)
    assert cursor == hits[-1]["sort"]  # the next page continues after the window in engine order
    window, offset, after = rerank.window_for(model, "skills_match", "chef", True, 0, 40, cursor)
    assert window is None and after == cursor


@pytest.mark.parametrize(
    ("search_type", "query", "relevance", "offset"),
    [
        ("experience_match", "chef", True, 0),
        ("skills_match", "", True, 0),
        ("skills_match", "chef", False, 0),
        ("skills_match", "chef", True, 100),
    ],
)
def test_other_searches_keep_the_engine_order(
    search_type: str, query: str, relevance: bool, offset: int
) -> None:
    window, _, _ = rerank.window_for(_model(), search_type, query, relevance, offset, 20, None)
    assert window is None
    assert rerank.window_for(None, "skills_match", "chef", True, 0, 20, None)[0] is None


def test_naming_does_not_touch_a_copy_it_was_not_given() -> None:
    body = _body()
    kept = copy.deepcopy(body)
    rerank.name_signals(copy.deepcopy(body)["query"])
    assert body == kept


def test_title_feedback_on_the_flat_job_titles_copy_is_named_too() -> None:
    query = {"bool": {"should": [{"match": {"job_titles": {"query": "chef", "boost": 6.0}}}]}}
    rerank.name_signals(query)
    assert query["bool"]["should"][0]["match"]["job_titles"]["_name"] == "fb_past:0"
