"""The session-11 word vectors (an experiment of issue 17): words that share contexts come out near."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.relevance.word_vectors import WordVectors, train, words

# Two trades that never share a sentence: bank words and kitchen words.
BANK = "teller loan deposit branch customer account mortgage credit banker"
KITCHEN = "chef cook kitchen menu food pastry grill culinary recipe"


def corpus() -> list[list[str]]:
    docs = []
    for shift in range(12):
        for text in (BANK, KITCHEN):
            vocabulary = text.split()
            docs.append(words(" ".join(vocabulary[shift % 9 :] + vocabulary[: shift % 9])))
    return docs


def test_words_are_lower_case_singular_and_without_function_words() -> None:
    found = words("The Deposits of Customers and Classes in Cities")
    assert found == ["deposit", "customer", "class", "city"]


def test_a_query_is_nearer_a_headline_of_its_own_trade() -> None:
    model = train(corpus(), dims=4, window=3, min_count=2)
    headlines = ["bank teller, branch customer", "pastry chef, grill"]
    bank, kitchen = model.similarities("loan deposits", headlines)
    assert bank > kitchen + 0.3, (bank, kitchen)
    assert model.similarities("unknown words only", ["teller"]) == [0.0]


def test_vectors_survive_a_save_and_load(tmp_path: Path) -> None:
    model = train(corpus(), dims=4, window=3, min_count=2)
    model.save(tmp_path / "vectors.npz")
    loaded = WordVectors.load(tmp_path / "vectors.npz")
    assert loaded.vocabulary == model.vocabulary
    before = model.similarities("chef menu", ["cook kitchen", "loan officer"])
    after = loaded.similarities("chef menu", ["cook kitchen", "loan officer"])
    assert after == pytest.approx(before, abs=1e-2)
