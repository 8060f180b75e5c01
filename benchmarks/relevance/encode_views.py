"""Experiment (issue 17, session 12): what the encoder reads. Each resume encoded from several views of it.

    python -m benchmarks.relevance.encode_views --model /tmp/s12rel/model --onnx /tmp/s12rel/minilm.onnx \
        --cache /tmp/s12rel/cache --alias rel12-enc

Session 9's vector is the first 128 tokens of the resume text. This writes, into CACHE (never the repository),
one unit vector per resume (rows in the order of `ids.json`) for each view, every one cut at 128 tokens:

  text128      the resume text's first 128 tokens (session 9's, a replication)
  titles       current and past job titles, each once (64 tokens, as session 9)
  headline     the text's first line (its headline) and the parsed current title
  profile      the text's first line (its headline), the parsed current title, the summary and the parsed
               skills list: what the person says they are, without the duties
  titles_text  the titles (at most 48 tokens) and then the resume text up to 128 tokens in all

Only the resume's own fields are read; never its category. Timings go to `timings_<views>.json`.
With `--e5 DIR` the same views are encoded by e5-small-v2 ("passage: " prefix) into their own CACHE; with
`--bge DIR` by bge-small-en-v1.5 (no passage prefix, CLS pooling; session 24).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.relevance.bge_onnx import BgeEncoder
from benchmarks.relevance.dense_encode import resumes, titles_of
from benchmarks.relevance.e5_onnx import E5Encoder
from benchmarks.relevance.minilm_onnx import CLS, SEP, Encoder

LENGTH = 128
FIELDS = ["candidate_id", "current_title", "summary", "skills", "resume_text", "work_experience.title"]


def headline(text: str) -> str:
    """The resume text's first non-empty line (LiveCareer resumes open with the person's role)."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def headline_of(doc: dict[str, Any]) -> str:
    """The text's first line and the parsed current title: the shortest statement of the role."""
    return " . ".join(
        p for p in (headline(doc.get("resume_text") or ""), doc.get("current_title") or "") if p
    )


def profile_of(doc: dict[str, Any]) -> str:
    parts = [
        headline(doc.get("resume_text") or ""),
        doc.get("current_title") or "",
        doc.get("summary") or "",
        ", ".join(doc.get("skills") or []),
    ]
    return " . ".join(part for part in parts if part)


def views(encoder: Encoder, doc: dict[str, Any]) -> dict[str, list[int]]:
    text = encoder.pieces(doc.get("resume_text") or "")
    titles = encoder.pieces(titles_of(doc))
    body = LENGTH - 2
    return {
        "text128": [CLS, *text[:body], SEP],
        "titles": [CLS, *titles[:62], SEP],
        "headline": [CLS, *encoder.pieces(headline_of(doc))[:body], SEP],
        "profile": [CLS, *encoder.pieces(profile_of(doc))[:body], SEP],
        "titles_text": [CLS, *(head := titles[:48]), *text[: body - len(head)], SEP],
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.encode_views", description=__doc__)
    parser.add_argument("--model", type=Path, help="MiniLM's directory (tokenizer, safetensors)")
    parser.add_argument("--onnx", type=Path, help="MiniLM's ONNX graph (minilm_onnx)")
    parser.add_argument("--e5", type=Path, help="instead: the unpacked e5-small-v2-q jar (e5_onnx)")
    parser.add_argument("--bge", type=Path, help="instead: the unpacked bge-small-en-v15 jar (bge_onnx)")
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--alias", default="rel12-enc")
    parser.add_argument("--views", default="text128,titles,profile,titles_text")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    docs = resumes(args.alias, FIELDS)
    (args.cache / "ids.json").write_text(json.dumps([doc["candidate_id"] for doc in docs]))
    encoder: Encoder
    if args.bge:
        encoder = BgeEncoder(args.bge)  # resumes: no prefix
    elif args.e5:
        encoder = E5Encoder(args.e5)
    else:
        encoder = Encoder(args.onnx, args.model)
    wanted = args.views.split(",")
    sequences = [{k: v for k, v in views(encoder, doc).items() if k in wanted} for doc in docs]
    timings: dict[str, Any] = {"resumes": len(docs)}
    for name in wanted:
        batch = [s[name] for s in sequences]
        started = time.perf_counter()
        vectors = encoder.run(batch)
        seconds = time.perf_counter() - started
        timings[name] = {
            "tokens": sum(len(s) for s in batch),
            "seconds": round(seconds, 1),
            "ms_per_resume": round(seconds * 1000 / len(docs), 1),
        }
        np.save(args.cache / f"{name}.npy", vectors)
        print(name, timings[name], flush=True)
        (args.cache / f"timings_{'_'.join(wanted)}.json").write_text(json.dumps(timings, indent=2))


if __name__ == "__main__":
    main()
