"""The session-34 experiments of issue 17: pseudo-relevance feedback from the top hits' resume text
(`s34_prf`, and the engine variants `prf_text_*`) and the window's first places diversified by role
(`s34_diverse`). Stand-in windows, term vectors and engine answers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from benchmarks.relevance import s33_offline, s34_diverse, s34_prf


def _hit(
    cid: str, score: float, label: int, title: str, named: dict[str, float] | None = None
) -> dict[str, Any]:
    return {"id": cid, "score": score, "label": label, "title": title, "named": named or {}}


def _vectors() -> dict[str, Any]:
    # 100 resumes; "bank" and "teller" are rare, "manag" common, "deposit" the query's own word
    return {
        "docs": 100,
        "avgdl": 10.0,
        "df": {"bank": 5, "teller": 4, "manag": 60, "deposit": 8, "sale": 10},
        "tf": {
            "a": {"bank": 3, "teller": 2, "deposit": 2, "manag": 3},
            "b": {"bank": 2, "teller": 1, "deposit": 1, "manag": 6},
            "c": {"sale": 5, "manag": 5},
            "d": {"bank": 2, "teller": 2, "manag": 6},
        },
        "stems": {"q": ["deposit"]},
    }


def _query() -> dict[str, Any]:
    return {
        "id": "q",
        "total": 3,
        "hits": [
            _hit("a", 20.0, 1, "Bank Teller"),
            _hit("b", 19.0, 1, "Branch Manager"),
            _hit("c", 18.5, 0, "Sales Manager"),
            _hit("d", 18.0, 1, "Teller"),
        ],
    }


def test_the_relevance_model_leaves_out_the_querys_own_words_and_sums_to_one() -> None:
    query = _query()
    model = s34_prf.relevance_model(query["hits"], _vectors(), {"deposit"}, 2, "uniform", "rm", 10, 0.7, 3)
    assert "deposit" not in model
    assert set(model) == {"bank", "teller", "manag"}
    assert sum(model.values()) == pytest.approx(1.0)
    # the idf form ranks the rare words above the common one
    idf_model = s34_prf.relevance_model(
        query["hits"], _vectors(), {"deposit"}, 2, "uniform", "rmidf", 2, 0.7, 3
    )
    assert set(idf_model) == {"bank", "teller"}
    # the share form keeps the terms at least half of the k hits use
    share = s34_prf.relevance_model(query["hits"], _vectors(), set(), 3, "uniform", "share", 10, 0.7, 3)
    assert "sale" not in share and {"bank", "teller", "deposit", "manag"} <= set(share)


def test_bm25_of_the_expansion_terms() -> None:
    vectors = _vectors()
    value = s34_prf.bm25({"bank": 2}, {"bank": 1.0}, vectors)
    norm = s34_prf.K1 * (1 - s34_prf.B + s34_prf.B * 2 / 10.0)
    assert value == pytest.approx(s33_offline.idf(5, 100) * 2 * (s34_prf.K1 + 1) / (2 + norm))
    assert s34_prf.bm25({"sale": 5}, {"bank": 1.0}, vectors) == 0.0


def test_feedback_terms_lift_the_hit_that_uses_them() -> None:
    query = _query()
    vectors = _vectors()
    config = (2, "uniform", "rmidf", 2, 1.0)
    s34_prf.prepare([query], vectors, [s34_prf.CONFIGS[0], config])
    order = s33_offline.reorder(query, lambda h: s34_prf.prf_score(query, h, config))
    assert [h["id"] for h in order] == ["a", "d", "b", "c"]  # the teller above the sales manager
    unchanged = s33_offline.reorder(query, lambda h: s34_prf.prf_score(query, h, s34_prf.CONFIGS[0]))
    assert [h["id"] for h in unchanged] == ["a", "b", "c", "d"]


def test_title_words_fold_case_plurals_and_stop_words() -> None:
    assert s34_diverse.title_words("Sr. Managers of Banking") == frozenset({"manager", "banking"})
    assert s34_diverse.title_words(None) == frozenset()


def test_diversity_moves_a_second_role_up_only_when_asked() -> None:
    hits = [
        _hit("n1", 100.0, 1, "Registered Nurse"),
        _hit("n2", 99.0, 0, "Registered Nurse"),
        _hit("t", 97.0, 1, "Medical Records Technician"),
    ]
    for hit in hits:
        hit["div"] = s34_diverse.features(hit)
    assert [h["id"] for h in s34_diverse.diversify(hits, ("title", "max", 0.0))] == ["n1", "n2", "t"]
    assert [h["id"] for h in s34_diverse.diversify(hits, ("title", "max", 0.05))] == ["n1", "t", "n2"]
    # a small mu costs the second nurse less than the three points she leads by
    assert [h["id"] for h in s34_diverse.diversify(hits, ("head", "max", 0.01))] == ["n1", "n2", "t"]


def test_the_aggregate_reading_prints_means_only(capsys: Any) -> None:
    query = _query()
    query["bm25"] = list(query["hits"])
    s34_prf.aggregate([query], _vectors())
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert re.fullmatch(r"queries 1: ours [0-9.]+, bm25 [0-9.]+, prf \(.*\) [0-9.]+", out[0])


def test_the_engine_variant_adds_the_significant_terms_but_the_querys_own(monkeypatch: Any) -> None:
    import asyncio
    from datetime import date

    from benchmarks.relevance import variants

    body = {"query": {"bool": {"must": [{"bool": {"should": [{"match": {"resume_text": "x"}}]}}]}}}

    async def fixed(text: str, today: date, search: Any) -> dict[str, Any]:
        return body

    sent: list[dict[str, Any]] = []

    async def search(request: dict[str, Any]) -> dict[str, Any]:
        sent.append(request)
        buckets = [
            {"key": "deposit", "score": 5.0},
            {"key": "teller", "score": 3.0},
            {"key": "bank", "score": 1.0},
        ]
        return {"aggregations": {"top": {"terms": {"buckets": buckets}}}}

    monkeypatch.setattr(variants, "ours", fixed)
    built = asyncio.run(variants.VARIANTS["prf_text_10_10_3"]("loan deposits", date(2026, 12, 6), search))
    assert sent[0]["aggs"]["top"]["sampler"] == {"shard_size": 10}
    assert sent[0]["size"] == 0 and sent[0]["query"] is body["query"]
    added = built["query"]["bool"]["must"][0]["bool"]["should"][1:]
    assert added == [
        {"term": {"resume_text": {"value": "teller", "boost": pytest.approx(3.0 * 3 / 4)}}},
        {"term": {"resume_text": {"value": "bank", "boost": pytest.approx(3.0 * 1 / 4)}}},
    ]
