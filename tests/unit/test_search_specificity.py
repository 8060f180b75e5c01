"""Query words weighed by how specific they are to a trade (O*NET occupations using them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.parsing.shared_data import shared_data_dir
from app.search import build_vocabulary, queries
from app.search.schemas import SearchRequest
from app.search.specificity import fold, weight_for

ONET = shared_data_dir() / "skills" / "onet"


def test_a_word_many_trades_use_weighs_less_than_one_few_use() -> None:
    weight = queries.word_weight
    # "service" is in 332 of O*NET's 1,016 occupations, "production" in 136, "loan" in 16, "agronomy" in 5
    assert weight("service") < weight("production") < weight("loan") < weight("agronomy") == 1.0
    assert weight("Production") == weight("production") and weight("deposits") == weight("deposit")
    # a word no occupation uses (a product, an acronym) keeps its whole weight
    assert weight("kubernetes") == weight("hris") == 1.0
    assert all(queries.SPECIFICITY_FLOOR <= weight(w) <= 1.0 for w in ("and", "the", "work", "management"))


def test_the_weight_falls_with_the_occupations_using_the_word() -> None:
    assert weight_for(None, 1000, 10, 0.5, 0.1) == weight_for(10, 1000, 10, 0.5, 0.1) == 1.0
    assert weight_for(100, 1000, 10, 1.0, 0.1) == pytest.approx(0.5)
    assert weight_for(100, 1000, 10, 0.5, 0.1) == pytest.approx(0.5**0.5)
    assert weight_for(1000, 1000, 10, 0.5, 0.1) == 0.1
    assert weight_for(500, 1000, 10, 0.0, 0.1) == 1.0  # power 0: off
    assert fold("Deposits") == "deposit" and fold("class") == "class" and fold("bus") == "bus"


def _text_boosts(query: str) -> dict[str, float]:
    request = SearchRequest(query=query)
    inner = queries.build_search(request, None, queries.date(2026, 12, 4), None)["query"]["bool"]["must"][0]
    return {
        c["match"]["resume_text"]["query"]: c["match"]["resume_text"]["boost"]
        for c in inner["bool"]["should"]
        if "resume_text" in c.get("match", {})
    }


def test_crop_production_asks_for_crops_more_than_for_production(monkeypatch: pytest.MonkeyPatch) -> None:
    boosts = _text_boosts("crop production")
    assert boosts["crop"] > boosts["production"]
    assert boosts["production"] == pytest.approx(
        queries.RESUME_TEXT_BOOST * queries.word_weight("production")
    )
    assert _text_boosts("kubernetes")["kubernetes"] == queries.RESUME_TEXT_BOOST
    monkeypatch.setattr(queries, "SPECIFICITY_POWER", 0.0)
    assert set(_text_boosts("crop production").values()) == {queries.RESUME_TEXT_BOOST}


def write_onet(directory: Path) -> Path:
    occupations = [
        ("11-0001.00", "Farm Manager", "Manages crop production and farm workers."),
        ("35-0001.00", "Chef", "Directs food production in a kitchen."),
        ("51-0001.00", "Production Worker", "Works on a production line."),
    ]
    lines = ["O*NET-SOC Code\tTitle\tDescription"] + ["\t".join(row) for row in occupations]
    (directory / "occupation_data.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    titles = ["O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)", "11-0001.00\tCrop Farmer\tn/a\t08"]
    (directory / "alternate_titles.tsv").write_text("\n".join(titles) + "\n", encoding="utf-8")
    return directory


def test_the_spread_counts_the_occupations_using_each_word(tmp_path: Path) -> None:
    occupations = build_vocabulary.occupation_words(write_onet(tmp_path))
    counts = build_vocabulary.spread(occupations)
    assert counts["production"] == 3 and counts["crop"] == 1 and counts["farmer"] == 1
    assert counts["worker"] == 2  # "workers" and "Worker": one word
    table = build_vocabulary.occupation_spread(tmp_path)
    assert table["occupations"] == 3 and table["words"] == {}  # none in more than FULL_AT of 3
    assert "CC BY 4.0" in str(table["licence"])


@pytest.mark.skipif(not (ONET / "occupation_data.tsv").exists(), reason="O*NET is not in the shared data")
def test_the_shipped_spread_is_what_the_build_writes_from_o_net() -> None:
    shipped = json.loads((build_vocabulary.DATA / "occupation_spread.json").read_text())
    assert shipped == json.loads(json.dumps(build_vocabulary.occupation_spread(ONET)))
