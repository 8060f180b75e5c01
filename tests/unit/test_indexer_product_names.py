"""The product names the prose analyzer keeps unstemmed: which names the build keeps, and the shipped list."""

from __future__ import annotations

from collections import Counter

from indexer import product_names
from indexer.product_names import (
    PRODUCT_NAMES_FILE,
    derived,
    inflection,
    names_to_keep,
    read_names,
    render,
)


def test_a_name_is_kept_when_its_stem_is_another_frequent_words() -> None:
    products = {"agilent", "intuit", "excel", "oracles", "rarely", "criticality", "remedy"}
    common = {"intuitive", "critical", "remedy", "remediation"}
    uses = Counter({"agile": 50, "intuitive": 3, "excel": 40, "oracle": 25, "rare": 3, "agilent": 1})
    stem = {
        "agilent": "agil",
        "agile": "agil",
        "intuit": "intuit",
        "intuitive": "intuit",
        "excel": "excel",
        "oracles": "oracl",
        "oracle": "oracl",
        "rarely": "rare",
        "rare": "rare",
        "criticality": "critic",
        "critical": "critic",
        "remedy": "remedi",
        "remediation": "remedi",
    }
    kept = names_to_keep(products, uses, common, stem)
    # "excel" is an ordinary word of the texts, "remedy" a common one and "criticality" made of one;
    # "oracles" is only an inflection of "oracle"; "rare" is not frequent
    assert kept == {"agilent": ["agile"], "intuit": ["intuitive"]}


def test_a_common_word_with_an_ending_is_a_word_not_a_name() -> None:
    common = {"critical", "archive", "innkeeper", "visual", "intuitive", "agile", "testable"}
    assert derived("criticality", common) and derived("archival", common) and derived("innkeeping", common)
    assert derived("visualizers", common) and derived("testability", common)
    assert not derived("intuit", common) and not derived("agilent", common)


def test_inflections_are_the_same_word() -> None:
    assert inflection("intuit", "intuits") and inflection("agile", "agiles")
    assert inflection("oracles", "oracle") and inflection("query", "queried")
    assert inflection("map", "mapping") and inflection("tune", "tuning")
    assert not inflection("agilent", "agile") and not inflection("intuit", "intuitive")


def test_the_shipped_list_names_the_confusable_products_and_credits_o_net() -> None:
    text = PRODUCT_NAMES_FILE.read_text(encoding="utf-8")
    names = read_names()
    assert {"agilent", "intuit"} <= set(names)
    assert names == sorted(names) and all(name == name.lower() for name in names)
    assert "O*NET 29.2" in text and "CC BY 4.0" in text and product_names.HEADER in text
    assert render(["a"]).endswith("\na\n")
