"""Experiment (issue 17, session 11): word vectors from the job postings (``python -m`` this module).

The Glassdoor postings in ``../shared/data/jobs`` (title and description) are the training text; with
``--onet`` the O*NET 29.2 occupations (title, alternate titles, description; CC BY 4.0, see
``app/parsing/data/ATTRIBUTION.md``) join them. Only the vectors are written (a word list, float16
vectors, idf): no posting or O*NET sentence is. No resume, evaluation query or relevance label is read.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from pathlib import Path

from app.parsing.shared_data import shared_data_dir
from benchmarks.relevance.word_vectors import WordVectors, train, words

OUTPUT = Path("/tmp/s11rel/wv_onet.npz")  # an experiment: never the repository
POSTINGS = Path("jobs") / "glassdoor_data_science_jobs.csv"
ONET = Path("skills") / "onet"


def postings(root: Path) -> list[list[str]]:
    """Each posting's title and description as one document of words."""
    with (root / POSTINGS).open(newline="", encoding="utf-8") as handle:
        return [words(f"{row['Job Title']}\n{row['Job Description']}") for row in csv.DictReader(handle)]


def occupations(root: Path) -> list[list[str]]:
    """Each O*NET occupation's title, alternate titles and description as one document of words."""
    titles: dict[str, list[str]] = defaultdict(list)
    with (root / ONET / "alternate_titles.tsv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            titles[row["O*NET-SOC Code"]].append(row["Alternate Title"])
    docs = []
    with (root / ONET / "occupation_data.tsv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text = "\n".join([row["Title"], *titles[row["O*NET-SOC Code"]], row["Description"]])
            docs.append(words(text))
    return docs


def build(
    root: Path,
    onet: bool = False,
    dims: int = 100,
    window: int = 5,
    min_count: int = 5,
    document_context: bool = False,
) -> WordVectors:
    docs = postings(root) + (occupations(root) if onet else [])
    return train(docs, dims=dims, window=window, min_count=min_count, document_context=document_context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data directory")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--onet", action="store_true", help="O*NET occupations join the postings")
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--window", type=int, default=5)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--document-context", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    model = build(
        args.data or shared_data_dir(),
        args.onet,
        args.dims,
        args.window,
        args.min_count,
        args.document_context,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(
        f"{args.out}: {len(model.vocabulary)} words x {model.vectors.shape[1]} dims, "
        f"{args.out.stat().st_size / 1e6:.2f} MB in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
