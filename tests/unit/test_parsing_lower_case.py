"""Job headers typed in lower case, as a job board's form fields often are: read as their capitalised twins.

Every header is written by hand with invented names; each case failed before issue 16's session 13.
"""

from __future__ import annotations

from datetime import date

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n{experience}").work_experience


def test_a_lower_case_title_under_a_long_line_opens_the_next_header() -> None:
    # The line above runs to the margin without a full stop; "senior consultant" is still the next job's
    # title because Indeed's employer line and the dates follow it. A word that is no title stays the
    # sentence's tail ("environment" over "Fabrikam Corporation -").
    found = jobs(
        "Associate Consultant\nContoso -\nMarch 2012 to Present\n"
        "Designed the data masking reports and the migration tool for the finance team(Kintana)\n"
        "senior consultant\n"
        "northwind traders -\n"
        "July 2008 to February 2012\n"
        "Installed the database servers and moved them from development to QA and Production\n"
        "environment\n"
        "Fabrikam Corporation -\n"
        "May 2006 to June 2008\n"
    )
    assert [(job.title, job.company, job.start_date) for job in found] == [
        ("Associate Consultant", "Contoso", date(2012, 3, 1)),
        ("senior consultant", "northwind traders", date(2008, 7, 1)),
        (None, "Fabrikam Corporation", date(2006, 5, 1)),
    ]


def test_a_header_typed_in_lower_case_is_read_like_its_capitalised_twin() -> None:
    # "at" before a name, and a name that opens with a capital, are what the header rules read; a line
    # with no capital at all is read as if each word were capitalised, and the values keep the case
    # they were typed in.
    typed = jobs(
        "support executive at contoso\n"
        "Fabrikam -  Chennai, Tamil Nadu -\n"
        "May 2015 to Present\n"
        "Answered the calls of the customers.\n"
    )
    capitalised = jobs(
        "Support Executive at Contoso\n"
        "Fabrikam -  Chennai, Tamil Nadu -\n"
        "May 2015 to Present\n"
        "Answered the calls of the customers.\n"
    )
    assert [(job.title, job.company, job.location) for job in capitalised] == [
        ("Support Executive", "Contoso", "Chennai, Tamil Nadu")
    ]
    assert [(job.title, job.company, job.location) for job in typed] == [
        ("support executive", "contoso", "Chennai, Tamil Nadu")
    ]


def test_lower_case_words_in_a_capitalised_header_keep_their_meaning() -> None:
    # Only a line without one capital is read capitalised: "under the payroll of" in a written header
    # still opens no name.
    (job,) = jobs("Agile team Member\nunder the payroll of Northwind Traders -\nJune 2016 to Present\n")
    assert job.title == "Agile team Member"


def test_an_employer_typed_in_lower_case_after_a_written_title() -> None:
    # The Indeed employer line's city is picked from a list (capitalised), the employer typed; and a
    # written title may name its employer in lower case after "at".
    found = jobs(
        "Senior System Engineer at fabrikam limited\n"
        "-\n"
        "June 2016 to Present\n"
        "Support Engineer\n"
        "northwind traders -  Pune, Maharashtra -\n"
        "May 2012 to May 2016\n"
    )
    assert [(job.title, job.company, job.location) for job in found] == [
        ("Senior System Engineer", "fabrikam limited", None),
        ("Support Engineer", "northwind traders", "Pune, Maharashtra"),
    ]


def test_a_long_dated_sentence_is_not_read_as_typed_fields() -> None:
    # A description sentence with years in it is anchored as a job, but its lower-case words are prose,
    # not an employer typed in lower case.
    found = jobs(
        "Accounting Manager\nContoso -\nFebruary 1995 to February 1999\n"
        "Plant Controller from 1996-1998 for two acquisitions, requiring all acquisition accounting, "
        "development of standard costs for all inventory items.\n"
    )
    assert all(job.company != "requiring all acquisition accounting" for job in found)


def test_a_job_title_in_capitals_is_no_section_heading() -> None:
    # "LANGUAGE" and "TECHNICAL" make a capitalised line a heading; a line ending on a title word is the
    # job's title ("ARABIC LANGUAGE TRAINER"), and the jobs under it stay in the work history.
    found = jobs(
        "ARABIC LANGUAGE TRAINER\nCONTOSO -\nMarch 2015 to Present\n"
        "TECHNICAL PROJECT MANAGER\nFABRIKAM INC -\nMay 2011 to February 2015\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("ARABIC LANGUAGE TRAINER", "CONTOSO"),
        ("TECHNICAL PROJECT MANAGER", "FABRIKAM INC"),
    ]
