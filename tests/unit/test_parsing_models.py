"""ParsedResume: partial dates, merged date ranges, experience computed without double counting."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.candidates.ingest import skill_usage
from app.parsing.models import Education, ParsedResume, WorkExperience, experience_years, merge_date_ranges


def test_merge_date_ranges() -> None:
    ranges = [
        (date(2015, 1, 1), date(2017, 12, 1)),
        (date(2014, 5, 1), date(2016, 4, 1)),
        (date(2019, 1, 1), date(2019, 6, 1)),
        (date(2019, 6, 1), date(2020, 1, 1)),  # touches the previous one
        (date(2021, 5, 1), date(2021, 1, 1)),  # backwards: ignored
    ]
    assert merge_date_ranges(ranges) == [
        (date(2014, 5, 1), date(2017, 12, 1)),
        (date(2019, 1, 1), date(2020, 1, 1)),
    ]


def test_overlapping_jobs_are_counted_once() -> None:
    jobs = [
        WorkExperience(title="A", start_date="2014-05", end_date="2016-04"),
        WorkExperience(title="B", start_date="2015-01", end_date="2017-12"),
        WorkExperience(title="C", start_date="2019-01", is_current=True),
    ]
    # May 2014 - Dec 2017 is 44 months, Jan 2019 - Dec 2020 is 24: 68 months.
    assert experience_years(jobs, today=date(2020, 12, 15)) == 5.7


def test_a_job_that_has_not_begun_is_no_experience() -> None:
    # A job from 2040 (an offer accepted, "2029" typed for "2019") counted a month, cut to today: a record
    # with 0.1 years of experience, or a month more beside real jobs.
    future = WorkExperience(title="A", start_date="2040-01", end_date="2045-01")
    assert experience_years([future], today=date(2026, 12, 7)) is None
    past = WorkExperience(title="B", start_date="2020-01", end_date="2020-12")
    assert experience_years([future, past], today=date(2026, 12, 7)) == 1.0
    # Nor years of a skill's use, nor its last use in years to come.
    future = future.model_copy(update={"description": "Python services"})
    resume = ParsedResume(work_experience=[future], skills=["Python"])
    assert skill_usage(resume, today=date(2026, 12, 7)) == {"Python": (None, None)}


def test_resume_computes_total_from_jobs() -> None:
    resume = ParsedResume(
        total_experience_years=99,
        work_experience=[WorkExperience(start_date=date(2010, 1, 1), end_date=date(2010, 12, 1))],
    )
    assert resume.total_experience_years == 1.0
    assert ParsedResume(total_experience_years=3.5).total_experience_years == 3.5


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019", date(2019, 1, 1)),
        ("2019-03", date(2019, 3, 1)),
        ("03/2019", date(2019, 3, 1)),
        ("Present", None),
    ],
)
def test_partial_dates(raw: str, expected: date | None) -> None:
    assert WorkExperience(start_date=raw).start_date == expected
    assert Education(end_date=raw).end_date == expected


@given(st.lists(st.tuples(st.dates(), st.dates()), max_size=20))
def test_merged_ranges_are_disjoint_and_cover_the_input(ranges: list[tuple[date, date]]) -> None:
    merged = merge_date_ranges(ranges)
    assert all(start <= end for start, end in merged)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(merged))
    for start, end in ranges:
        if start <= end:
            assert any(m_start <= start and end <= m_end for m_start, m_end in merged)
