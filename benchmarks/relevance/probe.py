"""The text-only title feedback probe of issues 15 and 17, kept as what the relevance variants compare
against: a search of the query text alone (no skills, no filters but active) whose best hits' titles give
the feedback words, then the whole body with that feedback. The API takes its feedback from the search's
own first pass instead (`app.search.queries.run_first_pass`)."""

from __future__ import annotations

from typing import Any

from app.search import queries
from app.search.schemas import SearchRequest

Body = dict[str, Any]

# The probe ranks by the adjacent-word phrases too (dev nDCG@10 0.752 -> 0.760, held-out 0.768 -> 0.782
# when the API used the probe; benchmarks/README.md).
PHRASES = True
# The jobs' flat fields the probe ranks by, as when the API used it; empty leaves the jobs to the text.
JOB_FIELDS: tuple[str, ...] = ("job_titles^2", "job_text")


def title_probe(
    request: SearchRequest, *, phrases: bool | None = None, job_fields: tuple[str, ...] | None = None
) -> Body | None:
    """The probe's body for a request (PHRASES and JOB_FIELDS unless given); None if the request takes no
    title feedback."""
    text = queries.feedback_text(request)
    if text is None:
        return None
    phrases = PHRASES if phrases is None else phrases
    should = queries.text_clauses(text, JOB_FIELDS if job_fields is None else job_fields)
    should += queries.phrase_clauses(text) if phrases else []
    return {
        "query": queries.ranked([queries.ACTIVE], should),
        "size": queries.TITLE_FEEDBACK_HITS,
        "_source": ["current_title"],
        "track_total_hits": False,
    }


async def feedback(request: SearchRequest, search: queries.Engine, **probe: Any) -> list[tuple[str, float]]:
    """The probe's title feedback for a request (none when it takes no probe)."""
    body = title_probe(request, **probe)
    return queries.title_feedback((await search(body))["hits"]["hits"]) if body is not None else []
