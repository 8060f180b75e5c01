"""Session 34c: LiveCareer's export, whose employers are all "Company Name" and places "City , State": a title
in no role's words beside them, a duty without a full stop above the next job's title and dates, a long title
after the employer's place, and the place "City" alone (invented duties and titles)."""

from __future__ import annotations

from datetime import date

from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def parse(history: str) -> ParsedResume:
    return PARSER.parse(f"JORDAN EXAMPLE\nExperience\n{history}\nEducation\nBA History 2001\n")


def headers(resume: ParsedResume) -> list[tuple[str | None, str | None, date | None]]:
    return [(job.company, job.title, job.start_date) for job in resume.work_experience]


def test_a_title_in_no_roles_words_beside_the_anonymised_employer_is_kept() -> None:
    resume = parse(
        "Sales 10/2015 to 11/2015\nCompany Name - City , State\nSold cars to walk-in customers.\n"
        "03/2003 to 07/2003\nSecurity Company Name - City , State\nPatrolled the premises.\n"
        "Senior Payroll\nJanuary 1999 to December 2002 Company Name - City , State\nRan payroll.\n"
    )
    assert headers(resume) == [
        ("Company Name", "Sales", date(2015, 10, 1)),
        ("Company Name", "Security", date(2003, 3, 1)),
        ("Company Name", "Senior Payroll", date(1999, 1, 1)),
    ]


def test_a_heading_or_a_named_employer_keeps_the_role_rule() -> None:
    # Beside a named employer a title still has to name a role; a heading is no title beside either.
    resume = parse(
        "Inventory Management 10/2015 to 11/2015\nContoso Motors - Springfield, IL\nCounted stock.\n"
        "Duties 03/2003 to 07/2003\nCompany Name - City , State\nPatrolled the premises.\n"
    )
    assert [job.title for job in resume.work_experience] == [None, None]


def test_a_duty_without_a_full_stop_is_not_the_next_jobs_employer() -> None:
    resume = parse(
        "Member Support Advocate 04/2019 to Current\nCompany Name - City , State\n"
        "Took member calls.\nHandle other tasks the lead hands out\n"
        "Member Support Representative 03/2017 to 04/2019\nCompany Name - City , State\n"
        "Settled billing questions.\n"
    )
    assert headers(resume) == [
        ("Company Name", "Member Support Advocate", date(2019, 4, 1)),
        ("Company Name", "Member Support Representative", date(2017, 3, 1)),
    ]
    assert "Handle other tasks the lead hands out" in (resume.work_experience[0].description or "")


def test_a_long_title_after_the_anonymised_employer_and_place_is_read() -> None:
    resume = parse(
        "07/2002 - Current\n"
        "Company Name - City , State Crisis Line and Mobile Outreach Response Team Lead for Two Counties\n"
        "Supervised the team.\n"
        "05/1992 - 08/1996\nCompany Name - City , State Clinical Teaching Faculty\n"
        "Taught residents.\n"
    )
    assert headers(resume) == [
        (
            "Company Name",
            "Crisis Line and Mobile Outreach Response Team Lead for Two Counties",
            date(2002, 7, 1),
        ),
        ("Company Name", "Clinical Teaching Faculty", date(1992, 5, 1)),
    ]


def test_the_place_city_alone_is_no_part_of_the_title() -> None:
    resume = parse(
        "Company Name City , State FIELD TECHNICIAN 01/2013 to 04/2016\nLogged field samples.\n"
        "Company Name City SOIL SAMPLING OFFICER 10/2011 to 12/2012\nTested soil cores.\n"
    )
    assert [job.title for job in resume.work_experience] == ["FIELD TECHNICIAN", "SOIL SAMPLING OFFICER"]


def test_a_role_like_details_line_is_neither_the_title_above_nor_below_a_whole_header() -> None:
    resume = parse(
        "01/2000 to 01/2003\nOwner Company Name - City , State\nOwner of a weekend bakery\n"
        "01/1999 to 01/2000\nLine Cook Company Name - City , State\nCatering Chef for weddings\n"
        "06/1992 to 01/1999\n"
        "Senior Vice President Commercial Lending Officer and Regional Branch Manager"
        " Company Name - City , State\n"
        "Trainer of new loan officers\n"
    )
    assert headers(resume) == [
        ("Company Name", "Owner", date(2000, 1, 1)),
        ("Company Name", "Line Cook", date(1999, 1, 1)),
        (
            "Company Name",
            "Senior Vice President Commercial Lending Officer and Regional Branch Manager",
            date(1992, 6, 1),
        ),
    ]


def test_a_title_above_bare_dates_over_the_employer_line_alone_is_still_the_title() -> None:
    resume = parse("Operations Manager\n10/2011 to Current\nCompany Name - City , State\nRan operations.\n")
    assert headers(resume) == [("Company Name", "Operations Manager", date(2011, 10, 1))]


def test_jobs_listed_again_under_a_second_heading_are_read_once() -> None:
    listing = (
        "Bridal Stylist 03/2013 to 07/2014\nCompany Name - City , State\nStyled wedding parties.\n"
        "Spa Receptionist 07/2006 to 06/2009\nCompany Name - City , State\nBooked treatments.\n"
    )
    resume = PARSER.parse(f"JORDAN EXAMPLE\nExperience\n{listing}Work History\n{listing}Education\nBA 2001\n")
    assert [job.title for job in resume.work_experience] == ["Bridal Stylist", "Spa Receptionist"]


def test_two_posts_with_one_title_and_dates_but_their_own_details_are_two_jobs() -> None:
    resume = parse(
        "Adjunct Faculty 09/2015 to 05/2016\nCompany Name - City , State\nTaught statistics.\n"
        "Tutor 09/2014 to 05/2016\nCompany Name - City , State\nTutored students.\n"
        "Adjunct Faculty 09/2015 to 05/2016\nCompany Name - City , State\nTaught economics.\n"
    )
    assert [job.title for job in resume.work_experience] == ["Adjunct Faculty", "Tutor", "Adjunct Faculty"]
