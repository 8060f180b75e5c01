"""Time at a company, indexed so the engine can count the months two people spent there together.

Each document holds, per company key and calendar year, the months held there as a rank feature
(`work_years`: "acme|2019" -> 1..12), and as terms (`work_months`): the year's term ("acme|2019") for a whole
year there, else a term per month ("acme|2019-03"). worked_with asks, for each year of the source's job:
a whole year, the other's months in it (the feature, scored linearly); a part of a year, the year's term
weighted by the job's months in it (the other was there all year) and each of those months' term (a
candidate holds one or the other, never both). The scores add up to exactly `overlap_months` (whole calendar
months, a job running from its start month up to, not including, its end month), without the nested join and
script over every job of a large employer, and the features let the engine skip candidates that cannot reach
the page.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from app.parsing.dates import month_index

# A current (or open) job's time runs this many months past the day the document was built, so a search
# made later still counts the months since: the search asks only for months up to its own day, and any
# change to the candidate rebuilds the document. A whole future year costs one term and one feature, so
# ten years cost a current job about twenty; a document untouched for longer counts up to here.
CURRENT_JOB_HORIZON_MONTHS = 120


def month_term(company_key: str, index: int) -> str:
    """The term of one month (`month_index`) at one company."""
    return f"{company_key}|{index // 12:04d}-{index % 12 + 1:02d}"


def job_months(job: Mapping[str, Any], today: date) -> tuple[int, int] | None:
    """The job's months as [first, stop) month indexes; a current or open job runs until today's month."""
    start, end = job.get("start_date"), job.get("end_date")
    if not start:
        return None
    stop = month_index(today) if job.get("is_current") or not end else _month_of(end)
    return _month_of(start), stop


def year_term(company_key: str, year: int) -> str:
    """The term of a whole calendar year at one company."""
    return f"{company_key}|{year:04d}"


def held_months(jobs: Iterable[Mapping[str, Any]], today: date) -> dict[str, set[int]]:
    """Per company key, the months (`month_index`) of its dated jobs, current ones past today."""
    months: dict[str, set[int]] = {}
    for job in jobs:
        key, span = job.get("company_key"), job_months(job, today)
        if not key or span is None:
            continue
        first, stop = span
        if job.get("is_current") or not job.get("end_date"):
            stop += CURRENT_JOB_HORIZON_MONTHS
        months.setdefault(key, set()).update(range(first, stop))
    return months


def tenure_years(months: dict[str, set[int]]) -> dict[str, int]:
    """Per company and calendar year ("acme|2019"), the months held there: a rank feature."""
    years: dict[str, int] = {}
    for key, held in months.items():
        for m in held:
            name = year_term(key, m // 12)
            years[name] = years.get(name, 0) + 1
    return years


def tenure_terms(months: dict[str, set[int]]) -> list[str]:
    """The document's terms: a whole calendar year at one company as its year's term, else each month's."""
    terms = []
    for key, held in months.items():
        for year, in_year in itertools.groupby(sorted(held), key=lambda m: m // 12):
            listed = list(in_year)
            terms.extend(
                [year_term(key, year)] if len(listed) == 12 else [month_term(key, m) for m in listed]
            )
    return terms


@lru_cache(maxsize=4096)
def _month_of(day: date | str) -> int:
    """`month_index` of a stored date ("2019-03-01"); jobs start and end on few distinct days, so a search
    shaping a page of hits parses each once."""
    return month_index(day if isinstance(day, date) else date.fromisoformat(day))
