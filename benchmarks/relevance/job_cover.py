"""Issue 17, session 44: the query's words found together in one job entry, over words scattered.

A resume that names "loan", "processing", "branch" and "deposits" in the same job (its title and that job's
own description) has done that work in one place; one that names them in four jobs, or in its skills list
and education, has each word from somewhere else. Ours scores each query word wherever in the resume it
stands (`resume_text`, the flat copy of every job title `job_titles`), so both read alike. Here each distinct
query word the best single job holds adds a constant:

    nested (work_experience, score_mode max): for each query word, constant_score(word in the job's title or
    description) at weight x the word's specificity weight (`queries.word_weight`, as ours weighs a word)

so a hit gains weight x (the specificity-weighted count of query words in its best job). A constant per
word, not BM25: the jobs' BM25 per job, best job counting (session 39's `s39_jobs_nested` and
`s39_window_jobs_nested_*`), rewards a word repeated in a long description as much as a second word found
there; this counts which words stand together, once each. The fields are the index's own
(`work_experience.title`, `work_experience.description`, prose analyzer); a word with equivalents is read
with them, as ours reads it (`queries.equivalents_analyzer`). No label, evaluation query or category is read.
`python -m benchmarks.relevance.job_cover report RUN.json` tables a dev run of the `s44_job_cover_*`
variants (`benchmarks.relevance.variants`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.search import queries
from benchmarks.relevance import recent_job

JOB_FIELDS = ("work_experience.title", "work_experience.description")


@dataclass(frozen=True)
class Config:
    """How the best job's words rank: each query word the job holds adds `weight` x its specificity weight,
    over the first pass's window only (`body` False: the second pass, which reads the window's ids) or in
    the whole body (`body` True: the first pass too, so its title feedback can change)."""

    weight: float
    body: bool = False


CONFIGS: dict[str, Config] = {
    "s44_job_cover_1": Config(1.0),
    "s44_job_cover_2": Config(2.0),
    "s44_job_cover_4": Config(4.0),
    "s44_job_cover_body_2": Config(2.0, body=True),
}


def word_in_job(word: str, boost: float) -> dict[str, Any]:
    """A constant `boost` when one job's title or description holds `word` (with its equivalents)."""
    match: dict[str, Any] = {"query": word, "fields": list(JOB_FIELDS)}
    analyzer = queries.equivalents_analyzer("resume_text", word)
    if analyzer:
        match["analyzer"] = analyzer
    return {"constant_score": {"filter": {"multi_match": match}, "boost": boost}}


def cover_clauses(query: str | None, config: Config) -> list[dict[str, Any]]:
    """The one nested clause of a query (none for an empty or long text): the best job's count of the query's
    distinct words, each at weight x its specificity weight; named `job_cover`."""
    words = list(dict.fromkeys((query or "").split()))
    if not words or len(words) > queries.PER_WORD_MAX_WORDS:
        return []
    should = [word_in_job(word, config.weight * queries.word_weight(word)) for word in words]
    best_job = {"bool": {"should": should}}
    return [queries._nested("work_experience", best_job, score_mode="max", _name="job_cover")]


def main(argv: Sequence[str] | None = None) -> None:
    recent_job.report_main(argv, __doc__, CONFIGS.keys())


if __name__ == "__main__":
    main()
