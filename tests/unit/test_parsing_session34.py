"""Session 34: a form export's company field holding a department or a place while the description's first
line names the firm, and a firm's locality or department written after its legal form (invented names)."""

from __future__ import annotations

from datetime import date

from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def parse(history: str) -> ParsedResume:
    return PARSER.parse(
        "Skills: AutoCAD, ERP\nEducation Details\nJune 2010 B.E. Mechanical Pune University\n"
        f"Design Engineer\n\nSkill Details\nAUTOCAD- Experience - 24 monthsCompany Details\n{history}"
    )


def test_a_department_in_the_field_gives_way_to_the_firm_the_description_opens_with() -> None:
    resume = parse(
        "company - Proposal & Estimation\n"
        "description - M/s Contoso Engineering Ltd, Pune, Ranjangaon MIDC\n"
        "• Costing of valves and actuators.\n"
        "company - DAMMAM KSA\n"
        "description - October 2008 to June 2011  FABRIKAM & TAILSPIN CO.\n"
        "Position  Civil Engineer\n"
    )
    jobs = resume.work_experience
    assert [job.company for job in jobs] == ["Contoso Engineering Ltd", "FABRIKAM & TAILSPIN CO."]
    assert (jobs[1].start_date, jobs[1].end_date) == (date(2008, 10, 1), date(2011, 6, 1))


def test_a_locality_or_department_after_the_legal_form_is_cut() -> None:
    resume = parse(
        "company - NORTHWIND LTD, Kurla\ndescription - Raw material inspection.\n"
        "company - Woodgrove Bank Ltd - Customer Services\ndescription - Aug 2006 to Oct 2009\n"
        "company - Contoso Ltd, a Fabrikam Co. company\ndescription - Billing.\n"
    )
    assert [job.company for job in resume.work_experience] == [
        "NORTHWIND LTD",
        "Woodgrove Bank Ltd",
        "Contoso Ltd, a Fabrikam Co. company",
    ]


def test_a_heading_a_sentence_or_a_listed_job_on_the_first_line_keeps_the_field() -> None:
    resume = parse(
        "company - Litware Middle East FZE\ndescription - About the Company\nA supplier of pumps.\n"
        "company - Tailspin Global Services\n"
        "description - for Tailspin Computer Corporation, Aug 2005 till Feb 2007.\n"
        "company - Wingtip finance\ndescription - NORTHWIND BANK AS A OFFICE ASSISTANT FOR 1 YEAR\n"
    )
    companies = [job.company for job in resume.work_experience]
    assert companies[:2] == ["Litware Middle East FZE", "Tailspin Global Services"]
    assert "Wingtip finance" in companies


def test_working_experience_at_a_firm_in_a_description_names_a_job() -> None:
    resume = parse(
        "company - Tailspin Engineering Works\n"
        "description - Currently working at Tailspin Engineering Works since May 2018 as a Civil Engineer.\n"
        "2) Working Experience at NORTHWIND CONSTRUCTION Since JANUARY 2017 to APRIL 2018 As A Civil\n"
    )
    northwind = [job for job in resume.work_experience if job.company == "NORTHWIND CONSTRUCTION"]
    assert [(job.start_date, job.end_date) for job in northwind] == [(date(2017, 1, 1), date(2018, 4, 1))]


def test_worked_at_a_firm_as_a_title_on_a_dated_line_gives_both() -> None:
    resume = RuleBasedResumeParser().parse(
        "Priya Rao\npriya@example.com\n\nEXPERIENCE\n\n"
        "1) Worked at Northwind Traders as Sales Executive from March 2012 to May 2014.\n"
        "• Opened forty accounts.\n\n"
        "2) Working experience at contoso builders as a Site Engineer from June 2014 to December 2016.\n"
        "• Ran the site.\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Northwind Traders", "Sales Executive"),
        ("contoso builders", "Site Engineer"),
    ]
