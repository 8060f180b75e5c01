"""Experiment (issue 17, session 9): all-MiniLM-L6-v2 as an ONNX graph, written here from its safetensors.

    pip install onnx onnxruntime tokenizers safetensors   (experiment only, not project dependencies)
    python -m benchmarks.relevance.minilm_onnx --model MODEL_DIR --out /tmp/s9rel/minilm.onnx

HuggingFace is not reachable from this machine and no PyPI package found ships MiniLM as ONNX, so the graph
is built with `onnx.helper` from the same weights `dense.MiniLM` runs in numpy (BERT, 6 layers, 12 heads,
exact GELU, mean pooling over the attention mask); `--check` compares the two on a few texts. onnxruntime
fuses the attention and layer norms itself at load time. `Encoder` batches texts of similar length (padding
per batch, not to the longest text) and splits long texts into chunks of `chunk` tokens.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np

HIDDEN, HEADS, LAYERS = 384, 12, 6
CLS, SEP = 101, 102


def build_graph(model_dir: Path) -> bytes:
    """The encoder as ONNX: (input_ids, attention_mask) int64 [batch, length] -> mean-pooled [batch, 384]."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from safetensors.numpy import load_file

    w = {
        k.removeprefix("bert."): v.astype(np.float32)
        for k, v in load_file(str(model_dir / "model.safetensors")).items()
    }
    inits: list[onnx.TensorProto] = []
    nodes: list[onnx.NodeProto] = []
    counter = iter(range(10**6))

    def const(value: np.ndarray, name: str | None = None) -> str:
        name = name or f"c{next(counter)}"
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(kind: str, inputs: list[str], **attrs: Any) -> str:
        out = f"t{next(counter)}"
        nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def linear(x: str, name: str) -> str:
        return op("Add", [op("MatMul", [x, const(w[f"{name}.weight"].T.copy())]), const(w[f"{name}.bias"])])

    def norm(x: str, name: str) -> str:
        return op(
            "LayerNormalization",
            [x, const(w[f"{name}.weight"]), const(w[f"{name}.bias"])],
            axis=-1,
            epsilon=1e-12,
        )

    length = op("Gather", [op("Shape", ["input_ids"]), const(np.array(1, dtype=np.int64))], axis=0)
    positions = op("Range", [const(np.array(0, dtype=np.int64)), length, const(np.array(1, dtype=np.int64))])
    x = op("Gather", [const(w["embeddings.word_embeddings.weight"]), "input_ids"], axis=0)
    x = op("Add", [x, op("Gather", [const(w["embeddings.position_embeddings.weight"]), positions], axis=0)])
    x = op("Add", [x, const(w["embeddings.token_type_embeddings.weight"][0].copy())])
    x = norm(x, "embeddings.LayerNorm")
    mask = op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    # Padded positions get -1e9 before the softmax, as in the numpy forward pass.
    additive = op(
        "Mul",
        [op("Sub", [const(np.array(1.0, dtype=np.float32)), mask]), const(np.array(-1e9, dtype=np.float32))],
    )
    additive = op("Unsqueeze", [additive, const(np.array([1, 2], dtype=np.int64))])
    heads_shape = const(np.array([0, 0, HEADS, HIDDEN // HEADS], dtype=np.int64))
    merged_shape = const(np.array([0, 0, HIDDEN], dtype=np.int64))
    scale = const(np.array(1 / np.sqrt(HIDDEN // HEADS), dtype=np.float32))
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q, k, v = (
            op("Reshape", [linear(x, p + f"attention.self.{part}"), heads_shape])
            for part in ("query", "key", "value")
        )
        q = op("Transpose", [q], perm=[0, 2, 1, 3])
        k = op("Transpose", [k], perm=[0, 2, 3, 1])
        v = op("Transpose", [v], perm=[0, 2, 1, 3])
        scores = op("Add", [op("Mul", [op("MatMul", [q, k]), scale]), additive])
        context = op("MatMul", [op("Softmax", [scores], axis=-1), v])
        context = op("Reshape", [op("Transpose", [context], perm=[0, 2, 1, 3]), merged_shape])
        x = norm(
            op("Add", [x, linear(context, p + "attention.output.dense")]), p + "attention.output.LayerNorm"
        )
        inner = linear(x, p + "intermediate.dense")
        erf = op("Erf", [op("Mul", [inner, const(np.array(1 / np.sqrt(2), dtype=np.float32))])])
        gelu = op(
            "Mul",
            [
                op("Mul", [inner, const(np.array(0.5, dtype=np.float32))]),
                op("Add", [erf, const(np.array(1.0, dtype=np.float32))]),
            ],
        )
        x = norm(op("Add", [x, linear(gelu, p + "output.dense")]), p + "output.LayerNorm")
    weights = op("Unsqueeze", [mask, const(np.array([2], dtype=np.int64))])
    summed = op("ReduceSum", [op("Mul", [x, weights]), const(np.array([1], dtype=np.int64))], keepdims=0)
    counts = op("ReduceSum", [mask, const(np.array([1], dtype=np.int64))], keepdims=1)
    nodes.append(helper.make_node("Div", [summed, counts], ["pooled"]))
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", HIDDEN])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def session(onnx_file: Path, threads: int) -> Any:
    """An onnxruntime session on the CPU with `threads` threads for one operator and none between them."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])


def tokenizer(path: Path) -> Any:
    """A word-piece tokenizer that neither truncates nor pads (batches pad themselves)."""
    from tokenizers import Tokenizer

    loaded = Tokenizer.from_file(str(path))
    loaded.no_truncation()
    loaded.no_padding()
    return loaded


class Encoder:
    """Unit-length MiniLM vectors through onnxruntime (one thread), batched by length."""

    def __init__(self, onnx_file: Path, model_dir: Path, threads: int = 1) -> None:
        self.session = session(onnx_file, threads)
        self.tokenizer = tokenizer(model_dir / "tokenizer.json")

    def pieces(self, text: str) -> list[int]:
        """The text's word pieces, without [CLS] and [SEP]."""
        return self.tokenizer.encode(text).ids[1:-1]

    def run(self, sequences: list[list[int]], batch_tokens: int = 4096) -> np.ndarray:
        """Vectors of token sequences ([CLS] ... [SEP] each), sorted by length so a batch pads little."""
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
            out[chosen] = self.pool(ids, mask)
            start += len(chosen)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def pool(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """One batch's vectors (the graph mean-pools itself)."""
        (pooled,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
        return np.asarray(pooled)

    def encode(self, texts: list[str], max_tokens: int = 128) -> np.ndarray:
        """One vector per text from its first max_tokens tokens ([CLS], [SEP] included), as dense.MiniLM."""
        return self.run([[CLS, *self.pieces(t)[: max_tokens - 2], SEP] for t in texts])

    def chunks(self, text: str, size: int, limit: int | None = None) -> list[list[int]]:
        """The whole text as consecutive chunks of at most `size` tokens each (at most `limit` chunks)."""
        pieces = self.pieces(text)
        step = size - 2
        parts = [[CLS, *pieces[i : i + step], SEP] for i in range(0, max(len(pieces), 1), step)]
        return parts[:limit] if limit else parts


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.minilm_onnx", description=__doc__)
    parser.add_argument("--model", type=Path, required=True, help="the unzipped all-MiniLM-L6-v2 directory")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--check", action="store_true", help="compare with the numpy forward pass")
    args = parser.parse_args()
    args.out.write_bytes(build_graph(args.model))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    if args.check:
        from benchmarks.relevance.dense import MiniLM

        texts = [
            "accounts payable general ledger",
            "Registered nurse with ten years of patient care " * 20,
            "chef",
        ]
        started = time.perf_counter()
        reference = MiniLM(args.model).encode(texts)
        numpy_s = time.perf_counter() - started
        encoder = Encoder(args.out, args.model)
        started = time.perf_counter()
        ours = encoder.encode(texts)
        onnx_s = time.perf_counter() - started
        print(
            f"max |difference| {np.abs(reference - ours).max():.2e}; "
            f"numpy {numpy_s:.2f} s, onnx {onnx_s:.2f} s"
        )


if __name__ == "__main__":
    main()
