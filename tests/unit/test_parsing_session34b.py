"""Session 34b: a form export's entry whose description opens with the job's own header ("At" the firm, its
city and dates, over the title), a job written as labelled fields inside another entry's description, an
unfilled or a fresher's entry, and "still on going" as the present (invented names)."""

from __future__ import annotations

from datetime import date

from app.parsing.dates import find_ranges
from app.parsing.models import ParsedResume, WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser, _without_sentence_title

PARSER = RuleBasedResumeParser()


def parse(history: str) -> ParsedResume:
    return PARSER.parse(
        "Skills: Java, HTML\nEducation Details\nJune 2012 B.E. Computer Pune University\n"
        f"Software Developer\n\nSkill Details\nJAVA- Experience - 24 monthsCompany Details\n{history}"
    )


def test_an_entry_whose_description_opens_with_at_the_firm_and_its_dates_over_a_title_is_that_job() -> None:
    resume = parse(
        "company - Northwind Ledger\ndescription - Wallets and explorers.\n"
        "company - ERP System, CRM for Real Estate Company\n"
        "description - • At Contoso Infrastructure Bangalore  Sep 2015- Oct 2016\n"
        "Software developer\n• ERP System, CRM for Real Estate Company.\n"
        "company - News Portal\n"
        "description - • At fabrikam telecom limited Ranchi  Nov 2013-Sep 2014\nWeb developer\n"
    )
    jobs = [(job.company, job.title, job.start_date, job.end_date) for job in resume.work_experience]
    assert jobs[1:] == [
        ("Contoso Infrastructure", "Software developer", date(2015, 9, 1), date(2016, 10, 1)),
        ("fabrikam telecom limited", "Web developer", date(2013, 11, 1), date(2014, 9, 1)),
    ]


def test_an_at_opening_without_a_title_under_it_or_in_a_sentence_keeps_the_field() -> None:
    resume = parse(
        "company - Contoso Ltd\n"
        "description - At Fabrikam Bank Jan 2016 - Dec 2017 the team moved the ledger to the cloud.\n"
        "• Led the migration.\n"
        "company - Northwind Traders\n"
        "description - At present working since Jan 2018\nSoftware developer\n"
    )
    assert [job.company for job in resume.work_experience] == ["Contoso Ltd", "Northwind Traders"]


def test_a_company_name_block_inside_a_description_is_a_job_dated_by_the_line_above() -> None:
    resume = parse(
        "company - Fabrikam Engineering Limited\ndescription - Mumbai, India.\n"
        "Position: Site Engineer.\nDuties & Responsibilities:\n• Site inspection.\n\n"
        "Career Progression: March 2016 to Still on going\n\n"
        "Company name: Contoso Contracting Co LLC Dubai, UAE\n"
        "Consultancy: Tailspin Architectural Consultants\nClient: Wide World Importers, UAE\n"
        "Project Name: 2B + G + 19 Building\nPosition: QA/QC Civil Engineer.\n"
    )
    jobs = resume.work_experience
    assert [(job.company, job.title) for job in jobs] == [
        ("Fabrikam Engineering Limited", "Site Engineer"),
        ("Contoso Contracting Co LLC", "QA/QC Civil Engineer"),
    ]
    assert (jobs[1].start_date, jobs[1].is_current) == (date(2016, 3, 1), True)


def test_a_company_name_block_needs_a_title_and_a_new_employer() -> None:
    resume = parse(
        "company - Contoso Contracting Co LLC\ndescription - Doha, Qatar.\n"
        "Company name: Contoso Contracting Co LLC Doha, Qatar\nPosition: Site Engineer.\n"
        "Company name: Fabrikam Traders LLC\nTeam Size: 24\n"
    )
    assert [job.company for job in resume.work_experience] == ["Contoso Contracting Co LLC"]


def test_an_unfilled_entry_and_a_freshers_entry_are_no_jobs() -> None:
    resume = parse(
        "company - Contoso Foods Pvt. Ltd\ndescription - Jun 2017 - Present\nDesignation - Sales Officer\n"
        "company - Fabrikam motors, northwind, tailspin toys. Wingtip air.\n"
        "description - 1. I am student of mechanical engineering. I'm fresher so don't have any experience.\n"
        "company - No\ndescription - English, Hindi, Marathi\n"
    )
    assert [job.company for job in resume.work_experience] == ["Contoso Foods Pvt. Ltd"]


def test_still_on_going_ends_a_range_at_the_present() -> None:
    for text in ("March 2016 to Still on going", "May 2017 - on-going", "Jan 2015 to still ongoing"):
        (found,) = find_ranges(text)
        assert found.is_current and found.end is None


def test_a_role_run_into_the_firm_in_the_company_field_is_split() -> None:
    resume = parse(
        "company - Area Business Owner Contoso Enterprise Limited\ndescription - Promotion and analytics.\n"
        "company - Sales Manager Tech Fabrikam Ltd\ndescription - Sales.\n"
        "company - Northwind Computer Systems Limited\ndescription - Billing.\n"
        "company - DBA in Tailspin Technologies Ltd\ndescription - Backups.\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience][:3] == [
        ("Contoso Enterprise Limited", "Area Business Owner"),
        ("Tech Fabrikam Ltd", "Sales Manager"),
        ("Northwind Computer Systems Limited", None),
    ]
    # Not "in Tailspin Technologies Ltd" after the role; since session 35b the joiner splits it
    # (``_role_at_firm``).
    last = resume.work_experience[3]
    assert (last.company, last.title) == ("Tailspin Technologies Ltd", "DBA")


def test_the_first_entry_takes_the_line_right_above_skill_details_when_it_is_a_title() -> None:
    def first_title(above: str) -> str | None:
        resume = PARSER.parse(
            "Education Details\nJune 2012 B.E. Computer Pune University\n"
            f"{above}\nSkill Details\nJAVA- Experience - 24 monthsCompany Details\n"
            "company - Contoso Ltd\ndescription - Billing systems.\n"
        )
        return resume.work_experience[0].title

    assert first_title("Oracle DBA\n\nOracle database administrator") == "Oracle database administrator"
    assert first_title("Sales Manager\n\nI have six years of experience in sales.") == "Sales Manager"


def test_a_firm_named_like_a_role_stays_the_employer_and_a_role_in_the_field_is_the_title() -> None:
    resume = parse(
        "company - Contoso Business Advisor\ndescription - Solar plant installation.\n"
        "company - HR Assistant\ndescription - Payroll.\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Contoso Business Advisor", "Software Developer"),
        (None, "HR Assistant"),
    ]


def test_a_duty_named_as_a_noun_is_no_title() -> None:
    resume = parse(
        "company - Northwind Ledger\ndescription - Billing.\n"
        "company - Contoso Housing Company\ndescription - Execution of all civil work\n"
        "company - Fabrikam Builders\ndescription - Head of Projects\n"
    )
    assert [job.title for job in resume.work_experience] == ["Software Developer", None, "Head of Projects"]
    duty = WorkExperience(company="Contoso University", title="Coordination of Research Fellow Seminars")
    assert _without_sentence_title(duty).title is None


def test_an_empty_first_company_field_is_the_headlines_job_when_its_description_tells_of_one() -> None:
    resume = parse("company -\ndescription - Job Description: Managing the mining firm.\n")
    assert [(job.company, job.title) for job in resume.work_experience] == [(None, "Software Developer")]
    assert parse("company -\ndescription - English, Hindi, Marathi\n").work_experience == []


def test_a_sentence_job_whose_as_names_no_title_is_an_untitled_job_when_dates_follow_the_employer() -> None:
    resume = parse(
        "company - Northwind Bank\n"
        "description - Worked as Database Support at Contoso Fintech, Sanpada from Sep 2008 to 2013 Feb.\n"
        "company - Fabrikam Broking Ltd\ndescription - Worked as part of the migration at Tailspin Toys.\n"
    )
    contoso = [job for job in resume.work_experience if job.company == "Contoso Fintech"]
    assert [(job.title, job.start_date, job.end_date) for job in contoso] == [
        (None, date(2008, 9, 1), date(2013, 2, 1))
    ]
    assert not any(job.company == "Tailspin Toys" for job in resume.work_experience)


def test_a_date_written_year_first_keeps_its_month() -> None:
    assert [(found.start, found.end) for found in find_ranges("2013 Feb - 2015 Mar")] == [
        (date(2013, 2, 1), date(2015, 3, 1))
    ]
    (found,) = find_ranges("from 2012 to 2014 may have moved")  # "may" in lower case is the verb
    assert found.end == date(2014, 1, 1)
