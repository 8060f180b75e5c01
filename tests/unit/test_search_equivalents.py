"""Word equivalences from O*NET's short titles: what a query word is also searched as."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.parsing.shared_data import shared_data_dir
from app.search import build_vocabulary, equivalents
from app.search.equivalents import with_equivalents

ONET = shared_data_dir() / "skills" / "onet"


def test_automotive_and_automobile_are_one_word_for_a_search() -> None:
    table = equivalents.table()
    assert table["automotive"] == {"auto", "automobile"}
    assert table["automobile"] == {"auto", "automotive"}
    assert table["auto"] == {"automotive", "automobile"}
    assert table["representative"] == {"rep"}
    # a swap seen in a single title is an accident, not an abbreviation ("Automatic ... (Auto ...)")
    assert "automatic" not in table["auto"]


def test_a_query_gains_only_the_equivalents_it_does_not_already_hold() -> None:
    assert with_equivalents("auto technician") == "auto technician automobile automotive tech technologist"
    assert with_equivalents("Auto and automotive repair") == "Auto and automotive repair automobile"
    assert with_equivalents("customer service rep") == "customer service rep representative"
    # a word without equivalents leaves the text as it was
    assert with_equivalents("payroll benefits") == "payroll benefits"
    assert with_equivalents("automated testing") == "automated testing"


def test_the_table_as_synonym_rules_maps_each_word_to_exactly_its_equivalents() -> None:
    rules = equivalents.synonym_rules()
    assert "automotive => automotive, auto, automobile" in rules
    assert "rep => rep, representative" in rules
    # "sb" and "swb" both stand for "switchboard", not for each other
    assert "sb => sb, switchboard" in rules and "switchboard => switchboard, sb, swb" in rules
    assert len(rules) == len(equivalents.table())


def write_titles(path: Path, rows: list[tuple[str, str]]) -> Path:
    lines = ["O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)"]
    lines += [f"49-3023.00\t{title}\t{short}\t08" for title, short in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_table_keeps_one_word_swaps_that_several_titles_make(tmp_path: Path) -> None:
    rows = [(f"Automotive {job}", f"Auto {job}") for job in ("Technician", "Painter", "Glass Installer")]
    rows += [
        ("Automatic Press Operator", "Auto Press Operator"),  # one title: an accident
        ("Automotive Service Technician", "Auto Service Tech"),  # two words swapped: not a word pair
        ("Bus Driver (Transit)", "n/a"),
    ]
    write_titles(tmp_path / "alternate_titles.tsv", rows)
    table = build_vocabulary.short_titles(tmp_path)
    assert table["pairs"] == [{"long": "automotive", "short": "auto", "titles": 3}]
    assert "CC BY 4.0" in str(table["licence"])


@pytest.mark.skipif(not (ONET / "alternate_titles.tsv").exists(), reason="O*NET is not in the shared data")
def test_the_shipped_table_is_what_the_build_writes_from_o_net() -> None:
    shipped = json.loads((build_vocabulary.DATA / "short_titles.json").read_text())
    assert shipped == json.loads(json.dumps(build_vocabulary.short_titles(ONET)))
