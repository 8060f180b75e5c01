"""Session 36: a history under a qualified heading ("Relevant Professional Experience"), LiveCareer's headers
with no dates or a start alone, a duty worded "X as a Y", a title typed twice (invented titles and duties)."""

from __future__ import annotations

from datetime import date

from app.parsing import sections
from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def parse(history: str, heading: str = "Experience") -> ParsedResume:
    return PARSER.parse(
        f"JORDAN EXAMPLE\nHighlights\nTime management\n{heading}\n{history}\nEducation\nBA 2001\n"
    )


def jobs(resume: ParsedResume) -> list[tuple[str | None, str | None, date | None, bool]]:
    return [(job.company, job.title, job.start_date, job.is_current) for job in resume.work_experience]


def test_a_heading_with_a_qualifier_before_experience_opens_a_work_history() -> None:
    for heading in ("Relevant Professional Experience", "Additional Experience", "Other Work Experience"):
        assert sections.heading_kind(heading) == (sections.EXPERIENCE, "")
    resume = parse(
        "Substitute Teacher Oct 2015 to Current\nCompany Name - City , State\nTaught art.\n"
        "Additional Experience\nRoom Attendant Mar 2012 to Jul 2013\nCompany Name - City , State\n",
        heading="Relevant Professional Experience",
    )
    assert [job.title for job in resume.work_experience] == ["Substitute Teacher", "Room Attendant"]


def test_a_history_of_undated_anonymised_headers_is_a_job_each() -> None:
    resume = parse(
        "Manager of Golf Operations Company Name City , State\nRan the golf facility.\n"
        "Banking Officer Company Name City , State\nOpened accounts.\n"
        "Owner - Operator Company Name\nLed the welding crews.\n"
    )
    assert jobs(resume) == [
        ("Company Name", "Manager of Golf Operations", None, False),
        ("Company Name", "Banking Officer", None, False),
        ("Company Name", "Owner - Operator", None, False),
    ]
    assert [job.description for job in resume.work_experience] == [
        "Ran the golf facility.",
        "Opened accounts.",
        "Led the welding crews.",
    ]


def test_an_undated_header_in_the_details_of_a_dated_job_is_a_job_of_its_own() -> None:
    resume = parse(
        "01/2016 to 11/2016\nGeneral Accountant\nClosed the books monthly.\n"
        "Staff Accountant Company Name - City , State\nReconciled the bank accounts.\n"
    )
    first, second = resume.work_experience
    assert (first.title, first.start_date, first.description) == (
        "General Accountant",
        date(2016, 1, 1),
        "Closed the books monthly.",
    )
    assert (second.company, second.title, second.start_date) == ("Company Name", "Staff Accountant", None)
    assert second.description == "Reconciled the bank accounts."


def test_a_date_alone_over_an_anonymised_header_is_the_jobs_start() -> None:
    # A range over the header dates it: the history's reading has that job, no undated twin is added.
    resume = parse(
        "11/2015 to 12/2015\nSenior Accountant (TEMP) Company Name – City , State\nClosed the quarter.\n"
        "01/2014\nCivic Engagement Intern Company Name - City , State\nRegistered voters.\n"
        "07/2012\nProduction Intern Company Name - City , State\nLogged footage.\n"
    )
    dated, *started = resume.work_experience
    assert (dated.start_date, dated.end_date) == (date(2015, 11, 1), date(2015, 12, 1))
    assert [(job.company, job.title, job.start_date, job.end_date, job.is_current) for job in started] == [
        ("Company Name", "Civic Engagement Intern", date(2014, 1, 1), None, False),
        ("Company Name", "Production Intern", date(2012, 7, 1), None, False),
    ]


def test_a_duty_worded_as_a_role_is_no_job() -> None:
    resume = parse(
        "Mental Health Worker II Jan 2008 to Mar 2009\nCompany Name - City , State\n"
        "Participate as a tx team member.\nServe as a liaison to families.\n"
    )
    assert [job.title for job in resume.work_experience] == ["Mental Health Worker II"]


def test_a_title_typed_twice_is_read_once() -> None:
    resume = parse("04/2001 to 07/2008\nFRONT DESK MANAGER FRONT DESK MANAGER Company Name - City , State\n")
    assert [job.title for job in resume.work_experience] == ["FRONT DESK MANAGER"]
