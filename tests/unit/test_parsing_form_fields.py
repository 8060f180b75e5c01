"""Work histories written as a form's fields ("company - X" over "description - ..."), as some resume
exports write them: every entry is a job, its employer, title and dates read from its own fields."""

from __future__ import annotations

from datetime import date

from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def parse(history: str) -> ParsedResume:
    return PARSER.parse(
        "Skills: Java, SQL\nEducation Details\nJune 2014 B.E. Computer Pune University\n"
        f"Java Developer\n\nSkill Details\nJAVA- Experience - 24 monthsCompany Details\n{history}"
    )


def test_every_company_field_is_a_job() -> None:
    resume = parse(
        "company - Contoso Technologies Pvt. Ltd\n"
        "description - Writing smart contracts, their APIs and documenting them.\n"
        "• Code reviews with the team.\n"
        "company - Fabrikam Fitness\n"
        "description - Handling enquiries.\n"
        "company - None\n"
        "description - None\n"
    )
    assert [job.company for job in resume.work_experience] == [
        "Contoso Technologies Pvt. Ltd",
        "Fabrikam Fitness",
    ]


def test_a_role_in_the_company_field_or_alone_in_the_description_is_the_title() -> None:
    resume = parse(
        "company - Northwind Traders\ndescription - Software Test Engineer\n"
        "company - HR Assistant\ndescription -\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Northwind Traders", "Software Test Engineer"),
        (None, "HR Assistant"),
    ]


def test_the_dates_on_an_entrys_first_lines_are_the_jobs() -> None:
    (job,) = parse(
        "company - Stormfur Technologies LLP\ndescription - Network Security Engineer\nAugust 2018-Present\n"
    ).work_experience
    assert (job.company, job.title, job.start_date, job.is_current) == (
        "Stormfur Technologies LLP",
        "Network Security Engineer",
        date(2018, 8, 1),
        True,
    )


def test_a_headline_pairing_a_title_with_the_employer_titles_that_job() -> None:
    resume = PARSER.parse(
        "Education Details\nJune 2014 B.E. Computer Pune University\nBlockchain Developer\n\n"
        "Blockchain Developer - Contoso Global Services Pvt. Ltd\nSkill Details\nCompany Details\n"
        "company - Contoso Global Services Pvt. Ltd.\ndescription - Writing smart contracts.\n"
        "company - Fabrikam Labs\ndescription - Testing wallets.\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Contoso Global Services Pvt. Ltd.", "Blockchain Developer"),
        ("Fabrikam Labs", None),
    ]


def test_the_description_states_the_title() -> None:
    resume = parse(
        "company - Maxgen Technologies Pvt. Ltd.\n"
        "description - 1. Working as a java developer over Hibernate technology.\n"
        "company - Delta Controls\n"
        "description - Heading the Pune branch\nDesignation - Operations Manager [1st Employee]\n"
        "company - Northwind\ndescription - Working as a part of the support team.\n"
    )
    assert [job.title for job in resume.work_experience] == ["java developer", "Operations Manager", None]


def test_a_company_field_that_names_no_employer() -> None:
    resume = parse(
        "company - CAREER TIMELINE\ndescription - Test manager at the bank\n"
        "company - Higher Secondary School\ndescription - Pune, 58.8%\n"
        "company - Criminal lawyer (law firm)\ndescription -\n"
        "company - SAP BODS\ndescription - Client: Royal Bank\n"
        "company - SAP EXPOSURE\ndescription - 1. Organization: SpringerNature.\nRole: ABAP Developer\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        (None, "Criminal lawyer"),
        ("SpringerNature", "ABAP Developer"),
    ]


def test_the_headlines_title_comes_before_the_descriptions_words() -> None:
    resume = PARSER.parse(
        "Education Details\nJune 2014 B.E. Computer Pune University\n"
        "Senior Business Analyst - RPA - Contoso Technologies\n"
        "SAP BO Developer/Administrator, Fabrikam Consultancy Services Limited\nSkill Details\n"
        "company - Contoso Technologies\ndescription - Key Role  Analyst\n"
        "company - Fabrikam Consultancy Services Limited\ndescription - Installed BO 4.0.\n"
    )
    assert [job.title for job in resume.work_experience] == [
        "Senior Business Analyst - RPA",
        "SAP BO Developer/Administrator",
    ]


def test_the_headline_above_the_skills_titles_the_current_job() -> None:
    resume = parse(
        "company - F2 Fun Fitness\ndescription - Set individual sales targets with the team.\n"
        "company - Fabrikam Gym India Pvt Ltd\ndescription - Handling enquiries.\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("F2 Fun Fitness", "Java Developer"),  # the helper's headline
        ("Fabrikam Gym India Pvt Ltd", None),
    ]


def test_dates_with_a_day_or_a_misspelt_month_on_an_entrys_third_line() -> None:
    (internship, developer) = parse(
        "company - SMEC Automation Pvt. Ltd\n"
        "description - Completed an internship in SMEC Automation Pvt. Ltd. for 6 months duration "
        "from 8th June 2016 to 30th November 2016.\n"
        "company - Exposys Pvt. Ltd\ndescription - Technical Skills\nPune.\nAugest 2017 to till date\n"
    ).work_experience
    assert (internship.start_date, internship.end_date) == (date(2016, 6, 1), date(2016, 11, 1))
    assert (developer.start_date, developer.is_current) == (date(2017, 8, 1), True)


def test_the_descriptions_title_without_its_dates_and_not_of_another_employer() -> None:
    resume = parse(
        "company - Aegis School of Data Science\ndescription - Data Science Intern, Nov 2015 to Jan 2016\n"
        "company - Central Water and Power Research Station\n"
        "description - 1 year experience as a Research assistant of R&D Department at the station.\n"
        "company - Gauhati High Court\n"
        "description - Practising in the courts.\n• Working as Executive (Legal) at Fabrikam Paper Ltd.\n"
    )
    assert [(job.title, job.start_date) for job in resume.work_experience[:3]] == [
        ("Data Science Intern", date(2015, 11, 1)),
        ("Research assistant", None),
        (None, None),
    ]


def test_an_entry_that_only_states_a_wish_is_no_job() -> None:
    (job,) = parse(
        "company - Sports Authority\ndescription - I am 2nd dan black belt in karate\n"
        "I am in a searching of personal trainer job for fitness.\n"
        "company - Fabrikam Fitness\ndescription - Personal trainer.\n"
    ).work_experience
    assert job.company == "Fabrikam Fitness"


def test_an_employer_with_title_words_in_the_company_field_stays_the_employer() -> None:
    (job,) = parse(
        "company - CAPGEMINI Head Office\ndescription - Type: Mobile and Device Testing.\n"
    ).work_experience
    assert job.company == "CAPGEMINI Head Office"


def test_the_descriptions_first_line_without_its_label_or_list_number() -> None:
    resume = parse(
        "company - Color Sky Decor LLC\ndescription - Role: Civil Engineer\n"
        "company - Almighty Tech Pvt Ltd\ndescription - 1. As a Java Developer.\n"
        "company - Wipro\ndescription - Title : Contoso Neural Intelligence Platform\n"
    )
    assert [job.title for job in resume.work_experience] == ["Civil Engineer", "Java Developer", None]


def test_dates_in_the_company_field_are_the_jobs() -> None:
    (job,) = parse(
        "company - Contoso Bank Operations (India) Pvt. Ltd.: Sept 2009- till date\n"
        "description - Job Profile: Operations Manager\n"
    ).work_experience
    assert (job.company, job.start_date, job.is_current) == (
        "Contoso Bank Operations (India) Pvt. Ltd.",
        date(2009, 9, 1),
        True,
    )
