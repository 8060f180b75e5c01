"""Experiment (issue 17, session 9): every resume encoded with MiniLM through onnxruntime, for dense_window.

    python -m benchmarks.relevance.minilm_onnx --model MODEL_DIR --out /tmp/s9rel/minilm.onnx
    python -m benchmarks.relevance.dense_encode --model MODEL_DIR --onnx /tmp/s9rel/minilm.onnx \
        --cache /tmp/s9rel/cache --alias rel17e-relevance

Reads the indexed resumes (candidate_id, current title, past job titles, resume text) and writes into CACHE
(never the repository): `text128.npy` (the text's first 128 tokens, as session 8), `titles.npy` (current and
past titles joined, 64 tokens), and for each chunk size S `chunks{S}.npy` with `chunks{S}_owner.npy` (the
resume row of each chunk): the whole text as consecutive chunks of S tokens. Timings go to `timings.json`.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from opensearchpy import OpenSearch

from benchmarks.relevance.minilm_onnx import CLS, SEP, Encoder

FIELDS = ["candidate_id", "current_title", "resume_text", "work_experience.title"]


def resumes(alias: str, fields: list[str] = FIELDS) -> list[dict[str, Any]]:
    """Every indexed resume's `fields`, by scroll."""
    client = OpenSearch("http://127.0.0.1:9200")
    docs: list[dict[str, Any]] = []
    found = client.search(index=alias, body={"size": 1000, "_source": fields, "sort": ["_doc"]}, scroll="5m")
    while found["hits"]["hits"]:
        docs += [hit["_source"] for hit in found["hits"]["hits"]]
        found = client.scroll(scroll_id=found["_scroll_id"], scroll="5m")
    client.close()
    return docs


def titles_of(doc: dict[str, Any]) -> str:
    """Current title and past job titles, each once, as session 8 encoded them."""
    titles = [doc.get("current_title") or ""] + [
        job.get("title") or "" for job in doc.get("work_experience") or []
    ]
    return " ; ".join(dict.fromkeys(titles))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.dense_encode", description=__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--onnx", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--alias", default="rel17e-relevance")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=[256, 128])
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    docs = resumes(args.alias)
    (args.cache / "ids.json").write_text(json.dumps([doc["candidate_id"] for doc in docs]))
    encoder = Encoder(args.onnx, args.model)
    texts = [doc.get("resume_text") or "" for doc in docs]
    timings: dict[str, Any] = {"resumes": len(docs)}
    started = time.perf_counter()
    pieces = [encoder.pieces(text) for text in texts]
    lengths = np.array([len(p) for p in pieces])
    timings["tokenize_s"] = round(time.perf_counter() - started, 1)
    timings["tokens_per_resume"] = {
        "mean": round(float(lengths.mean()), 1),
        "p50": int(np.percentile(lengths, 50)),
        "p90": int(np.percentile(lengths, 90)),
        "max": int(lengths.max()),
    }
    print(timings, flush=True)

    def timed(name: str, sequences: list[list[int]]) -> np.ndarray:
        started = time.perf_counter()
        vectors = encoder.run(sequences)
        seconds = time.perf_counter() - started
        tokens = sum(len(s) for s in sequences)
        timings[name] = {
            "sequences": len(sequences),
            "tokens": tokens,
            "seconds": round(seconds, 1),
            "ms_per_resume": round(seconds * 1000 / len(docs), 1),
            "ms_per_1000_tokens": round(seconds * 1e6 / tokens, 1),
        }
        print(name, timings[name], flush=True)
        (args.cache / "timings.json").write_text(json.dumps(timings, indent=2))
        return vectors

    np.save(args.cache / "text128.npy", timed("text128", [[CLS, *p[:126], SEP] for p in pieces]))
    titles = [[CLS, *encoder.pieces(titles_of(doc))[:62], SEP] for doc in docs]
    np.save(args.cache / "titles.npy", timed("titles", titles))
    for size in args.sizes:
        step = size - 2
        sequences, owners = [], []
        for row, p in enumerate(pieces):
            for i in range(0, max(len(p), 1), step):
                sequences.append([CLS, *p[i : i + step], SEP])
                owners.append(row)
        np.save(args.cache / f"chunks{size}_owner.npy", np.array(owners))
        np.save(args.cache / f"chunks{size}.npy", timed(f"chunks{size}", sequences))


if __name__ == "__main__":
    main()
