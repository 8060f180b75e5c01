"""The session-33 experiments of issue 17: offline reorderings of a window (`s33_offline`) and the title
feedback voted by careers (`variants._career_votes`). Stand-in windows, no engine."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.relevance import s33_offline, variants


def _hit(cid: str, score: float, label: int, named: dict[str, float], jobs: list[Any]) -> dict[str, Any]:
    return {"id": cid, "score": score, "label": label, "named": named, "jobs": jobs, "bm25": 0.0}


def _query() -> dict[str, Any]:
    return {
        "id": "q",
        "text": "loan deposits",
        "total": 1,
        "docs": 100,
        "df": {"0": {"word": "loan", "any": 1}, "1": {"word": "deposits", "any": 50}},
        "feedback": [["banker", 2.0]],
        "bm25": [],
        "hits": [
            # ours ranks the clerk first; the banker's whole career is "banker" titles
            _hit(
                "clerk",
                20.0,
                0,
                {"f:resume_text:1": 12.0, "f:current_title:1": 8.0},
                [["Deposit Clerk", 60, True]],
            ),
            _hit(
                "banker",
                18.0,
                1,
                {"f:resume_text:0": 10.0, "fb_title:0": 6.0, "fb_past:1": 2.0},
                [["Personal Banker", 30, True], ["Banker", 90, False]],
            ),
        ],
    }


def _loaded(tmp_path: Any) -> list[dict[str, Any]]:
    import json

    path = tmp_path / "win.json"
    path.write_text(json.dumps([_query()]))
    return s33_offline.load(str(path))


def test_clause_groups_add_up_to_the_named_scores(tmp_path: Any) -> None:
    banker = _loaded(tmp_path)[0]["hits"][1]
    groups = banker["groups"]
    assert groups["resume_text"] == 10.0
    assert groups["feedback_title"] == 6.0 and groups["feedback_past"] == 2.0
    assert sum(groups.values()) == pytest.approx(18.0)


def test_coverage_weighs_the_rarer_word_more(tmp_path: Any) -> None:
    clerk, banker = _loaded(tmp_path)[0]["hits"]
    assert s33_offline.covered_words(clerk["named"]) == {1}
    assert s33_offline.covered_words(banker["named"]) == {0}
    assert banker["cov_idf"] > 0.5 > clerk["cov_idf"]  # "loan" (1 resume) outweighs "deposits" (50)
    assert banker["cov_n"] == clerk["cov_n"] == 0.5


def test_career_share_lifts_the_whole_career_holder(tmp_path: Any) -> None:
    queries = _loaded(tmp_path)
    s33_offline.prepare_career(queries)
    query = queries[0]
    clerk, banker = query["hits"]
    assert query["fb_scale"]["banker"] == 6.0  # the best current-title feedback score of the word
    assert banker["career_all"] == pytest.approx(6.0)  # 120 of 120 months in "banker" titles
    assert banker["career_past"] == pytest.approx(6.0)
    assert clerk["career_all"] == 0.0
    assert s33_offline.ndcg(query["hits"], 1) < 1.0  # ours: the clerk first
    order = s33_offline.reorder(query, lambda h: s33_offline.career_score(query, h, ("add", 1.0)))
    assert [h["id"] for h in order] == ["banker", "clerk"]
    # instead of the past-title clause: 18 - 2 + 1 x 6
    assert s33_offline.career_score(query, banker, ("past", 1.0)) == pytest.approx(22.0)


def test_the_first_line_lifts_the_resume_written_for_the_role(tmp_path: Any) -> None:
    queries = _loaded(tmp_path)
    clerk, banker = queries[0]["hits"]
    clerk["head"], banker["head"] = "Deposit Clerk", "Personal Bankers"
    s33_offline.prepare_career(queries)  # the feedback words' scales
    s33_offline.prepare_header(queries)
    assert banker["head_fb"] == 6.0 and clerk["head_fb"] == 0.0  # "bankers" folds to the feedback's "banker"
    assert clerk["head_q"] > 0.0 == banker["head_q"]  # "Deposit" is the query's "deposits"
    order = s33_offline.reorder(queries[0], lambda h: s33_offline.header_score(queries[0], h, (1.0, 0.0)))
    assert [h["id"] for h in order] == ["banker", "clerk"]


def test_career_votes_equal_the_current_titles_at_full_weight() -> None:
    hits = [
        {
            "_source": {
                "current_title": "Personal Banker",
                "work_experience": [{"title": "Teller", "months": 12}],
            }
        },
        {"_source": {"current_title": "Banker", "work_experience": [{"title": "Teller", "months": 24}]}},
        {"_source": {"current_title": "Clerk", "work_experience": []}},
    ]
    assert variants._career_votes(hits, 1.0) == [("banker", pytest.approx(2 / 3))]
    # careers only: two voters spent all their months as tellers
    assert variants._career_votes(hits, 0.0) == [("teller", pytest.approx(2 / 3))]
