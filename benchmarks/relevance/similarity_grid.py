"""Experiment (issue 17, session 12): BM25 k1 and b per field, set in the index mapping, chosen on dev.

    python -m benchmarks.relevance.similarity_grid --queries ../shared/eval/dev_queries.json \
        --database rel12 --alias rel12-sim --work /tmp/s12rel/sim [--configs NAME,...]

For each configuration the mapping gets a custom BM25 similarity on the named fields, then one relevance run
(`python -m benchmarks.relevance --no-rerank`, which reindexes the database behind the alias and deletes the
index afterwards) scores ours, bm25 and postgres_fts on it; `default` is the shipped mapping. The mapping file
is written for the run and restored afterwards (git never sees the change). Plain BM25 queries
`resume_text` alone, so the configurations that leave `resume_text` alone keep the baseline plain; the
`text_*` ones change it too (their bm25 column says by how much). Per-run results: WORK/NAME.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.resources import MAPPINGS_DIR

MAPPING = MAPPINGS_DIR / "candidates.json"
TITLES = ("current_title", "job_titles")

# name -> {field path: (k1, b)}; a field path "resume_text.skills" is a sub-field.
CONFIGS: dict[str, dict[str, tuple[float, float]]] = {
    "default": {},
    "skills_b0.3": {"skills": (1.2, 0.3)},
    "skills_b0": {"skills": (1.2, 0.0)},
    "titles_k0.6": dict.fromkeys(TITLES, (0.6, 0.75)),
    "titles_k2": dict.fromkeys(TITLES, (2.0, 0.75)),
    "titles_b0.3": dict.fromkeys(TITLES, (1.2, 0.3)),
    "sub_b0.3": {"summary": (1.2, 0.3), "summary.skills": (1.2, 0.3), "resume_text.skills": (1.2, 0.3)},
    "sub_b0": {"summary": (1.2, 0.0), "summary.skills": (1.2, 0.0), "resume_text.skills": (1.2, 0.0)},
    "sub_b0.5": {"summary": (1.2, 0.5), "summary.skills": (1.2, 0.5), "resume_text.skills": (1.2, 0.5)},
    "summary_b0.3": {"summary": (1.2, 0.3), "summary.skills": (1.2, 0.3)},
    "text_skills_b0.3": {"resume_text.skills": (1.2, 0.3)},
    "jobtext_k2_b0.9": {"job_text": (2.0, 0.9)},
    "skills_b0.3+titles_k0.6": {"skills": (1.2, 0.3), **dict.fromkeys(TITLES, (0.6, 0.75))},
    "text_k1.6_b0.9": {"resume_text": (1.6, 0.9)},
    "text_k0.9_b0.5": {"resume_text": (0.9, 0.5)},
}


def with_similarity(definition: dict[str, Any], fields: dict[str, tuple[float, float]]) -> dict[str, Any]:
    similarities: dict[str, Any] = {}
    properties = definition["mappings"]["properties"]
    for path, (k1, b) in fields.items():
        name = f"bm25_k{k1:g}_b{b:g}".replace(".", "_")
        similarities[name] = {"type": "BM25", "k1": k1, "b": b}
        field, _, sub = path.partition(".")
        target = properties[field]["fields"][sub] if sub else properties[field]
        target["similarity"] = name
    if similarities:
        definition["settings"].setdefault("index", {})["similarity"] = similarities
    return definition


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance.similarity_grid", description=__doc__
    )
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--database", default="rel12")
    parser.add_argument("--alias", default="rel12-sim")
    parser.add_argument("--work", type=Path, default=Path("/tmp/s12rel/sim"))
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--features", action="store_true", help="also write WORK/NAME_feat.jsonl")
    parser.add_argument("--ours-as", default="", help="a variant's body as ours (session 13)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    original = MAPPING.read_bytes()
    try:
        for name in args.configs.split(","):
            MAPPING.write_text(
                json.dumps(with_similarity(json.loads(original), CONFIGS[name]), indent=2) + "\n"
            )
            out = args.work / f"{name}.json"
            features = ["--features-out", str(args.work / f"{name}_feat.jsonl")] if args.features else []
            if args.ours_as:
                features += ["--ours-as", args.ours_as]
            subprocess.run(
                [sys.executable, "-m", "benchmarks.relevance", "--queries", str(args.queries), "--no-rerank",
                 "--database", args.database, "--alias", args.alias, "--out", str(out), *features],
                check=True,
            )  # fmt: skip
            result = json.loads(out.read_text())
            print(name, {s: result[s]["ndcg@10"] for s in ("ours", "bm25", "postgres_fts")}, flush=True)
    finally:
        MAPPING.write_bytes(original)


if __name__ == "__main__":
    main()
