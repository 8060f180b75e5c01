"""Time terms: the score worked_with asks the engine for is the overlap the API shows."""

from __future__ import annotations

import uuid
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.candidates.tenure import (
    CURRENT_JOB_HORIZON_MONTHS,
    held_months,
    job_months,
    tenure_terms,
    tenure_years,
)
from app.search import queries
from app.search.schemas import SearchRequest, SearchType

TODAY = date(2026, 12, 4)
days = st.dates(min_value=date(2000, 1, 1), max_value=TODAY)


@st.composite
def jobs(draw: st.DrawFn) -> dict[str, object]:
    start = draw(days)
    end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=TODAY)))
    return {
        "company_key": draw(st.sampled_from(["acme", "globex"])),
        "start_date": start.isoformat(),
        "end_date": end and end.isoformat(),
        "is_current": end is None or draw(st.booleans()),
    }


def asked(query: dict) -> list[tuple[str, float]]:
    """The query's time terms and what each scores (its boost; boolean similarity)."""
    found = []
    for clause in queries.walk(query):
        term = clause.get("term", {}).get("work_months")
        if isinstance(term, dict):
            found.append((term["value"], float(term.get("boost", 1.0))))
        elif term is not None:
            found.append((term, 1.0))
    return found


def engine_score(source: dict, other: dict, today: date = TODAY) -> float:
    """What the engine scores `other`: the boosts of the source's terms among the other's terms, and the
    other's value of each rank feature asked (linear)."""
    request = SearchRequest(search_type=SearchType.WORKED_WITH, candidate_id=uuid.uuid4())
    held = held_months(other["work_experience"], TODAY)
    theirs, years = set(tenure_terms(held)), tenure_years(held)
    query = queries.worked_with(request, source, today)
    features = [
        c["rank_feature"]["field"].removeprefix("work_years.")
        for c in queries.walk(query)
        if "rank_feature" in c
    ]
    return sum(boost for term, boost in asked(query) if term in theirs) + sum(
        years.get(f, 0) for f in features
    )


@given(st.lists(jobs(), max_size=3), st.lists(jobs(), max_size=3))
def test_the_engine_scores_the_months_the_api_shows(mine: list, theirs: list) -> None:
    # One person holds one job at a time at one company.
    if not (_one_at_a_time(mine) and _one_at_a_time(theirs)):
        return
    source, other = {"work_experience": mine}, {"work_experience": theirs}
    assert engine_score(source, other) == queries.overlap_months(source, other, TODAY)


def _one_at_a_time(jobs: list[dict]) -> bool:
    months = [m for job in jobs for m in _months(job)]
    return len(months) == len(set(months))


def _months(job: dict) -> list[tuple[str, int]]:
    span = job_months(job, TODAY)
    return [(job["company_key"], m) for m in range(*span)] if span else []


def test_a_whole_year_is_one_term_and_a_current_job_runs_past_the_day_the_document_was_built() -> None:
    job = {"company_key": "acme", "start_date": "2026-10-15", "end_date": None, "is_current": True}
    held = held_months([job], TODAY)
    terms = tenure_terms(held)
    # October 2026 up to ten years past December 2026: three months, nine whole years, eleven months.
    assert CURRENT_JOB_HORIZON_MONTHS == 120
    assert terms[:4] == ["acme|2026-10", "acme|2026-11", "acme|2026-12", "acme|2027"]
    assert terms[-1] == "acme|2036-11" and len(terms) == 3 + 9 + 11
    assert tenure_years(held)["acme|2030"] == 12 and tenure_years(held)["acme|2026"] == 3
    # Searches made one and eight years later count the time since: 14 and 98 months from October 2026.
    later = {"work_experience": [dict(job, start_date="2026-01-01")]}
    assert engine_score(later, {"work_experience": [job]}, date(2027, 12, 4)) == 14
    assert engine_score(later, {"work_experience": [job]}, date(2034, 12, 4)) == 98


def test_jobs_without_a_company_or_a_start_give_no_terms() -> None:
    assert (
        tenure_terms(
            held_months([{"company_key": None, "start_date": "2020-01-01"}, {"company_key": "acme"}], TODAY)
        )
        == []
    )
    ended = {"company_key": "acme", "start_date": "2020-01-31", "end_date": "2020-03-01", "is_current": False}
    assert tenure_terms(held_months([ended], TODAY)) == ["acme|2020-01", "acme|2020-02"]
