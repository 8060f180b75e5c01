"""One month arithmetic for the parser, the ingest, the indexer and the queries."""

from __future__ import annotations

from datetime import date

from app.parsing.dates import months_between, shift_months


def test_a_year_of_a_job_is_twelve_months_counted_as_people_count_it() -> None:
    assert months_between(date(2019, 1, 1), date(2019, 12, 1), inclusive=True) == 12
    assert months_between(date(2019, 1, 1), date(2019, 12, 1)) == 11


def test_a_range_that_ends_before_it_starts_is_no_months() -> None:
    assert months_between(date(2020, 5, 1), date(2019, 1, 1)) == 0
    assert months_between(date(2020, 5, 1), date(2019, 1, 1), inclusive=True) == 0


def test_shifting_crosses_years_both_ways() -> None:
    assert shift_months(date(2020, 1, 15), -1) == date(2019, 12, 1)
    assert shift_months(date(2019, 11, 30), 14) == date(2021, 1, 1)
