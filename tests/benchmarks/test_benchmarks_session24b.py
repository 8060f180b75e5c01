"""The session-24b experiment of issue 17: the hybrid fusion with two encoders (`fusion`, MiniLM and bge).

Stand-in vectors (two dimensions, the query at (1, 0), so a resume's cosine is its first coordinate) and
stand-in encoders: the pool is ours's window joined by each view's nearest (as many as the config says),
and the score is engine / the window's best (outside the window: the window's lowest) + each view's lambda
x its cosine.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.relevance import fusion

IDS = ["a", "b", "c", "d", "e", "f"]
# cosine with the query by each encoder's titles_text view; a, b, c are ours's window (engine 10, 8, 6)
MINILM = {"a": 0.1, "b": 0.9, "c": 0.5, "d": 0.95, "e": 0.2, "f": 0.92}
BGE = {"a": 0.2, "b": 0.3, "c": 0.4, "d": 0.1, "e": 0.99, "f": 0.0}
ENGINE = {"a": 10.0, "b": 8.0, "c": 6.0}


class _Encoder:
    def encode(self, texts: list[str], max_tokens: int = 64) -> np.ndarray:
        return np.array([[1.0, 0.0]] * len(texts), dtype=np.float32)


def _cache(directory: Path, cosines: dict[str, float]) -> Path:
    directory.mkdir()
    (directory / "ids.json").write_text(json.dumps(IDS))
    vectors = [[cosines[c], math.sqrt(1 - cosines[c] ** 2)] for c in IDS]
    np.save(directory / "titles_text.npy", np.array(vectors, dtype=np.float32))
    return directory


@pytest.fixture
def query(tmp_path: Path) -> dict[str, Any]:
    query: dict[str, Any] = {
        "text": "nurse",
        "hits": [{"candidate_id": c, "features": [value]} for c, value in ENGINE.items()],
    }
    encoders: Any = {
        "minilm": (_cache(tmp_path / "cache", MINILM), _Encoder()),
        "bge": (_cache(tmp_path / "cache_bge", BGE), _Encoder()),
    }
    fusion.pools([query], {"nurse": [("a", 3.0)]}, encoders)
    return query


def test_the_grid_names_the_two_encoder_hybrid_with_half_of_each_lambda_and_depth() -> None:
    configs = fusion.grid(["titles_text", "bge_titles_text"])
    config = configs["hybrid:titles_text_0.5+bge_titles_text_0.95+bm25_0+knn10+10"]
    assert config == {
        "kind": "score",
        "w": fusion.WINDOW,
        "cos": {"titles_text": 0.5, "bge_titles_text": 1.9 / 2},
        "mu": 0.0,
        "knn": {"titles_text": 10, "bge_titles_text": 10},
        "floor": True,
    }
    assert fusion.family("hybrid:titles_text_0.5+bge_titles_text_0.95+bm25_0+knn10+10") == "hybrid"


def test_the_score_is_engine_over_best_plus_each_lambda_times_its_cosine(query: dict[str, Any]) -> None:
    config = {
        "kind": "score",
        "w": fusion.WINDOW,
        "cos": {"titles_text": 0.5, "bge_titles_text": 0.95},
        "mu": 0.0,
        "knn": {"titles_text": 1, "bge_titles_text": 1},
        "floor": True,
    }
    # d is MiniLM's nearest, e bge's; f (MiniLM's second) is not in with one nearest each; outside the
    # window the engine score is the window's lowest, 6 / 10
    engine = {"a": 1.0, "b": 0.8, "c": 0.6, "d": 0.6, "e": 0.6}
    expected = {c: engine[c] + 0.5 * MINILM[c] + 0.95 * BGE[c] for c in engine}
    assert expected == pytest.approx({"a": 1.24, "b": 1.535, "c": 1.23, "d": 1.17, "e": 1.6405})
    assert fusion.ranked(query, config) == ["e", "b", "a", "c", "d"]
    for c, entry in query["pool"].items():
        assert entry["cos"]["titles_text"] == pytest.approx(MINILM[c], abs=1e-6)
        assert entry["cos"]["bge_titles_text"] == pytest.approx(BGE[c], abs=1e-6)
    # two nearest by MiniLM: f joins (0.6 + 0.46 + 0), after d
    wider = {**config, "knn": {"titles_text": 2, "bge_titles_text": 1}}
    assert fusion.ranked(query, wider) == ["e", "b", "a", "c", "d", "f"]


def test_one_named_view_still_takes_its_knn_depth_nearest(query: dict[str, Any]) -> None:
    configs = fusion.grid(["titles_text", "bge_titles_text"])
    order = fusion.ranked(query, configs[f"hybrid:titles_text_1+bm25_0+knn{fusion.KNN_DEPTH}"])
    scores = {c: (ENGINE.get(c, 6.0) / 10) + MINILM[c] for c in IDS}
    assert order == sorted(IDS, key=lambda c: -scores[c])
