"""Experiment (issue 17, session 12): title feedback read from the encoder's nearest resumes.

Ours takes its title feedback words from the current titles of the first pass's 20 best hits (lexical).
Here the 20 titles come instead (`dense`) or as well (`mixed`, 40 titles) from the 20 resumes whose MiniLM
vector (`encode_views`, in S12_DENSE_DIR, /tmp/s12rel by default) is nearest the query's over the whole
corpus; the body and the window are ours's otherwise. The encoder is loaded on first use, so importing
this module needs no onnxruntime.
"""

from __future__ import annotations

import json
import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from app.search import queries
from app.search.queries import Page

DEPTH = 20


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from benchmarks.relevance.minilm_onnx import Encoder

    work = Path(os.environ.get("S12_DENSE_DIR", "/tmp/s12rel"))
    return Encoder(work / "minilm.onnx", work / "model")


@lru_cache(maxsize=4)
def _vectors(view: str) -> tuple[list[str], np.ndarray]:
    cache = Path(os.environ.get("S12_DENSE_DIR", "/tmp/s12rel")) / "cache"
    return json.loads((cache / "ids.json").read_text()), np.load(cache / f"{view}.npy")


def nearest(text: str, view: str, depth: int = DEPTH) -> list[str]:
    ids, vectors = _vectors(view)
    cosine = vectors @ _encoder().encode([text], max_tokens=64)[0]
    return [ids[i] for i in np.argsort(-cosine)[:depth]]


def builder(view: str, mode: str, request_for: Any) -> Any:
    async def build(text: str, today: date, search: Any) -> dict[str, Any]:
        request = request_for(text)
        page = Page(offset=request.offset)
        first = await queries.run_first_pass(request, today, page, search)
        if first is None:
            return queries.build_search(request, None, today, page, ())
        found = await search(
            {
                "query": {"terms": {"candidate_id": nearest(text, view)}},
                "size": DEPTH,
                "_source": ["current_title"],
            }
        )
        dense = found["hits"]["hits"]
        lexical = first.answer["hits"]["hits"][: queries.TITLE_FEEDBACK_HITS]
        feedback = queries.title_feedback(dense if mode == "dense" else lexical + dense)
        return queries.build_search(request, None, today, page, feedback, window=first.window)

    return build
