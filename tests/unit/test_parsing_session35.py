"""Session 35: LiveCareer's export again (every employer "Company Name", every place "City , State"): a title
field that holds a comma, a title line over a dated employer line, and two roles with the same dates
(invented titles and duties)."""

from __future__ import annotations

from datetime import date

from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def parse(history: str) -> ParsedResume:
    return PARSER.parse(f"JORDAN EXAMPLE\nExperience\n{history}\nEducation\nBA History 2001\n")


def titles(resume: ParsedResume) -> list[str | None]:
    return [job.title for job in resume.work_experience]


def test_a_title_field_with_a_comma_is_read_whole_beside_the_anonymised_employer() -> None:
    resume = parse(
        "Director, Field Operations\nOctober 2014 to Current Company Name - City , State\n"
        "Led the field teams.\n"
        "Manager, Partner Programs 09/2007 to 06/2014 Company Name City , State\nRan the partner programs.\n"
        "Line Cook, Prep Cook , 01/2000 to 01/2002\nCompany Name – City , State\nPrepared the sauces.\n"
    )
    assert titles(resume) == [
        "Director, Field Operations",
        "Manager, Partner Programs",
        "Line Cook, Prep Cook",
    ]
    assert [job.start_date for job in resume.work_experience] == [
        date(2014, 10, 1),
        date(2007, 9, 1),
        date(2000, 1, 1),
    ]


def test_a_role_before_the_comma_is_kept_a_unit_is_not() -> None:
    # Before the title only a role of its own joins it; a unit or programme typed first is no part of it.
    resume = parse(
        "Claims Analyst, Vice President 01/2007 to 01/2011 Company Name City , State\nReviewed claims.\n"
        "04/1996 - 03/1998\nCompany Name - City , State Riverside Care Network, Clinical Social Worker\n"
        "Visited clients at home.\n"
    )
    assert titles(resume) == ["Claims Analyst, Vice President", "Clinical Social Worker"]


def test_the_placeholder_a_date_word_or_a_named_employer_is_no_part_of_the_title() -> None:
    resume = parse(
        "Staff Accountant, Company Name 02/2009 to 12/2012\nCity , State\nClosed the books.\n"
        "Senior Engineer, Contoso Robotics, Springfield, IL 01/2003 to 01/2009\nDesigned gearboxes.\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Company Name", "Staff Accountant"),
        ("Contoso Robotics", "Senior Engineer"),
    ]


def test_a_title_line_over_the_dated_employer_line_is_the_whole_header_above() -> None:
    # "Month Year to Month Year Company Name - City , State" names employer and place: the line above is the
    # title whatever its words, the line above that the last job's unstopped duty, the line under it details.
    resume = parse(
        "Floor Supervisor\nAugust 2014 to Current Company Name - City , State\nRan the night shift.\n"
        "Builds, tracks and reports the monthly forecasts\n"
        "Regional Accounts and Partnerships\nDecember 2012 to August 2014 Company Name - City , State\n"
        "Mentor for junior staff and new volunteers\nSigned four new partners.\n"
    )
    assert titles(resume) == ["Floor Supervisor", "Regional Accounts and Partnerships"]
    assert resume.work_experience[0].description is not None
    assert resume.work_experience[0].description.endswith("Builds, tracks and reports the monthly forecasts")
    assert (resume.work_experience[1].description or "").startswith("Mentor for junior staff")


def test_two_title_fields_with_the_same_dates_are_two_roles() -> None:
    # Every LiveCareer employer is "Company Name": the same dates under two titles are two roles held at once,
    # not one header written twice.
    resume = parse(
        "Clinical Teaching Residency\nJanuary 1997 to May 1997 Company Name - City , State\n"
        "Taught two classes.\n"
        "Clinical Teaching Practicum\nJanuary 1997 to May 1997 Company Name - City , State\nGraded papers.\n"
    )
    assert titles(resume) == ["Clinical Teaching Residency", "Clinical Teaching Practicum"]


def test_two_jobs_with_the_same_dates_and_other_details_are_two_jobs() -> None:
    resume = parse(
        "Cashier , 01/1997 to 01/1998\nCompany Name – City , State\n"
        "Counted the drawer at the start and the end of every shift and balanced the register\n"
        "Stock Clerk , 01/1997 to 01/1998\nCompany Name – City , State\n"
        "Unloaded the weekly delivery trucks and rotated the dairy shelves before the store opened\n"
    )
    assert [job.title for job in resume.work_experience] == ["Cashier", "Stock Clerk"]


def test_the_same_dates_right_under_a_header_restate_it() -> None:
    # A project under the job's header, dated again before any details of the job: the job restated, not a
    # second role; nor is a project line typed in lower case.
    resume = parse(
        "Associate Consultant\nOctober 2010 to July 2014 Company Name - City , State\n"
        "HARBOR CORE LEDGER\nOctober 2010 to July 2014 Company Name - City\n"
        "Team size: ten. Built the nightly batch jobs for the ledger.\n"
        "Product Designer 10/2014 to Current\nCompany Name – City , State\nDesigned a shipping crate.\n"
        "product design 10/2014 to Current\nSketched the crate's hinges and latches.\n"
    )
    assert titles(resume) == ["Associate Consultant", "Product Designer"]
