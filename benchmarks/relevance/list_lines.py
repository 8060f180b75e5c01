"""Issue 17, session 42: resumes whose text is mostly lists (keyword stuffing) ranked down.

BM25 rewards a query word found in a short text, and a resume that is mostly lists (a skills table, "Loan
processing  Customer service  Cash handling", comma-separated tool lists) holds many query words in few
words, none of them said of a job done. Every earlier round reweighed the *fields* a word is found in (the
skills list, the text's skill tokens, BM25 per field, BM25F); none looked at how much of a resume is lists.
Here each resume gets the share of its text's words that sit on list-like lines (`list_share`), computed
from the stored text alone (the rule is the product's, `app.search.list_share`, since s42list shipped
`s42_prose_2`), and its score is scaled down by it:

- `prose` forms: the score times (1 - share) ** weight (every resume scaled; a list-heavy one more);
- `excess` forms: the score times 1 - weight x (share - the corpus's median share) for the resumes above the
  median only (a resume as list-heavy as most keeps its score).

`attach` writes a copy of a relevance run's index with `list_share` and `list_excess` (a float each, from
the documents' own `resume_text`), after the run's reindex, and moves the run's alias to it; the `s42_*`
variants (`benchmarks.relevance.variants`) scale by them over the first pass's window only (the second pass,
as the product's `reorder_window` could in Python from a hit's `_source`) or over the whole body. No label,
evaluation query or category is read to make them. The index definition is strict, so this copy cannot be
combined with another experiment's (`recent_job`) in one run.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.search.list_share import list_share
from benchmarks.relevance import recent_job

FIELDS = ("list_share", "list_excess")
MAPPING = {"properties": {field: {"type": "float"} for field in FIELDS}}


def list_fields(shares: Sequence[float | None]) -> list[dict[str, float]]:
    """Each document's two fields from its share: the share, and its excess over the median of the shares
    (0 at or under it); nothing for a document without a share (its score is left as it is)."""
    known = [share for share in shares if share is not None]
    median = statistics.median(known) if known else 0.0
    return [
        {} if share is None else {"list_share": share, "list_excess": max(0.0, share - median)}
        for share in shares
    ]


async def attach(client: Any, alias: str) -> dict[str, float]:
    """A copy of the index behind `alias` with `list_share` and `list_excess` (`<index>-lists`, written as
    `recent_job.write_copy` writes one). The count of documents and of those with a share, and the shares'
    median, 75th and 90th percentiles and maximum."""
    index, hits = await recent_job.read_documents(client, alias)
    shares = [list_share(hit["_source"].get("resume_text")) for hit in hits]
    fields = list_fields(shares)
    documents = [(hit["_id"], {**hit["_source"], **extra}) for hit, extra in zip(hits, fields, strict=True)]
    await recent_job.write_copy(client, alias, index, "lists", MAPPING["properties"], documents)
    known = sorted(share for share in shares if share is not None)
    cuts = statistics.quantiles(known, n=20) if len(known) > 1 else [0.0] * 19
    return {
        "documents": len(hits),
        "with_share": len(known),
        "median": round(statistics.median(known), 3) if known else 0.0,
        "p75": round(cuts[14], 3),
        "p90": round(cuts[17], 3),
        "max": round(known[-1], 3) if known else 0.0,
    }


@dataclass(frozen=True)
class Config:
    """How a resume's list share scales its score: `form` "prose", times (1 - share) ** `weight`; "excess",
    times max(0, 1 - `weight` x the share's excess over the median). Over the first pass's window only
    (`body` False: the second pass, which reads the window's ids) or the whole body (`body` True: the first
    pass too, so the title feedback's voters and the window can change)."""

    form: str
    weight: float
    body: bool = False


CONFIGS: dict[str, Config] = {
    "s42_prose_0.5": Config("prose", 0.5),
    "s42_prose_1": Config("prose", 1.0),
    "s42_prose_2": Config("prose", 2.0),
    "s42_excess_1": Config("excess", 1.0),
    "s42_excess_2": Config("excess", 2.0),
    "s42_prose_body_1": Config("prose", 1.0, body=True),
}
# Read after the grid's run, to see whether its dev-best (the steepest, 2) sits on a slope: not in the grid
# and not candidates (benchmarks/README.md, session 42).
AFTER_CONFIGS: dict[str, Config] = {"s42_prose_3": Config("prose", 3.0), "s42_prose_4": Config("prose", 4.0)}

# The factor of one document (Painless); 1 for a document without a share.
SCRIPTS = {
    "prose": "doc['list_share'].size() == 0 ? 1.0 : Math.pow(1.0 - doc['list_share'].value, params.weight)",
    "excess": "doc['list_excess'].size() == 0 ? 1.0"
    " : Math.max(0.0, 1.0 - params.weight * doc['list_excess'].value)",
}


def scaled(query: dict[str, Any], config: Config) -> dict[str, Any]:
    """`query` with each document's score times its list factor (`SCRIPTS`), its named clauses kept."""
    script = {"source": SCRIPTS[config.form], "params": {"weight": config.weight}}
    return {
        "function_score": {
            "query": query,
            "functions": [{"script_score": {"script": script}}],
            "boost_mode": "multiply",
        }
    }


def main(argv: Sequence[str] | None = None) -> None:
    recent_job.report_main(argv, __doc__, CONFIGS.keys())


if __name__ == "__main__":
    main()
