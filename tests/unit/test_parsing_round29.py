"""Session 29 (s29-layouts): job headers in layouts people use a lot, read from general rules."""

from datetime import date

from app.parsing.dates import find_dates, parse_date
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def test_a_season_with_its_year_is_a_date() -> None:
    assert parse_date("Summer 2018") == date(2018, 6, 1)
    assert parse_date("Fall '19") == date(2019, 9, 1)
    assert [found for found, _ in find_dates("Data Intern, Summer 2017")] == [date(2017, 6, 1)]
    # A season without its year dates nothing.
    assert find_dates("Summer school on statistics") == []


def test_a_summer_internship_dated_by_its_season_is_a_job() -> None:
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\n"
        "Analyst, Contoso Freight — Denver — 2020 – Present\n• Built reports.\n\n"
        "Marketing Intern, Fabrikam Foods — Boulder — Summer 2019\n• Ran surveys.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.title, job.company) for job in jobs] == [
        ("Analyst", "Contoso Freight"),
        ("Marketing Intern", "Fabrikam Foods"),
    ]
    assert (jobs[1].start_date, jobs[1].is_current) == (date(2019, 6, 1), False)
