"""Session 35b: the form export of ``updated_resume_dataset.csv`` ("company - X" over "description - ..."),
the classes a blind set of it (dev-15) showed (invented names)."""

from __future__ import annotations

from app.parsing.job_layouts import _DUTY_ORDER, _before_glued_place, _name_alone, _role_at_firm
from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def parse(history: str) -> ParsedResume:
    return PARSER.parse(
        "Skills: Java, HTML\nEducation Details\nJune 2012 B.E. Computer Pune University\n"
        f"Software Developer\n\nSkill Details\nJAVA- Experience - 24 monthsCompany Details\n{history}"
    )


def test_a_city_typed_on_after_the_legal_form_is_cut_with_what_follows_it() -> None:
    resume = parse(
        "company - Contoso Systems Pvt. Ltd Pune, Contoso\ndescription - Oct 2017 - Present\n"
        "company - fabrikam analytics private limited Nagpur Maharashtra\ndescription - Mar 2014 - Sep 2017\n"
    )
    assert [job.company for job in resume.work_experience] == [
        "Contoso Systems Pvt. Ltd",
        "fabrikam analytics private limited",
    ]


def test_only_a_place_right_after_the_legal_form_cuts_the_name() -> None:
    assert _before_glued_place("Contoso Ltd Dubai") == "Contoso Ltd"
    assert _before_glued_place("Contoso Co. Ltd India") == "Contoso Co. Ltd"
    assert _before_glued_place("Contoso Ltd Head Office, Pune") == "Contoso Ltd Head Office, Pune"
    assert _before_glued_place("Contoso Ltd and Fabrikam") == "Contoso Ltd and Fabrikam"
    assert _before_glued_place("Ltd Pune") == "Ltd Pune"  # a legal form opening the name is left
    assert _before_glued_place("Contoso Pune Ltd") == "Contoso Pune Ltd"


def test_a_students_event_in_the_company_field_is_no_job() -> None:
    resume = parse(
        "company - Contoso Motors Pvt Ltd\ndescription - Jul 2018 - Present\nDesignation - Design Engineer\n"
        "company - Tailspin Kart Challenge\n"
        "description - conducted by Northwind Institute of\nTechnology.\n\n"
        "•  Worked as a Captain of the Automotive Students' Club.\n"
        "company - Wingtip Robo Race\ndescription - paper & project contest and exhibition organised by "
        "Fabrikam College.\n"
        "company - State Government Hackathon\ndescription -\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Contoso Motors Pvt Ltd", "Design Engineer")
    ]


def test_an_event_named_deep_in_a_jobs_description_keeps_the_job() -> None:
    resume = parse(
        "company - Contoso Web World\ndescription - Jun 2015 - May 2016\nWeb Designer\n"
        "* Presented in Project Competition of Fabrikam College of Engineering.\n"
        "company - Northwind Events Pvt Ltd\ndescription - Planned client launches, product shows and "
        "roadshows across five cities for consumer brands, and ran the contest desk for them.\n"
    )
    companies = [job.company for job in resume.work_experience]
    assert companies == ["Contoso Web World", "Northwind Events Pvt Ltd"]


def test_a_role_typed_before_the_firm_with_in_at_or_at_sign_is_the_title() -> None:
    resume = parse(
        "company - DBA in Contoso Market Technologies Ltd\ndescription - Project Title: Trading systems\n"
        "company - Senior Developer at fabrikam infosystems pvt ltd\ndescription - Aug 2013 - Jan 2017\n"
        "company - Intern @ Northwind Traders\ndescription - Jun 2012 - Jul 2013\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Contoso Market Technologies Ltd", "DBA"),
        ("fabrikam infosystems pvt ltd", "Senior Developer"),
        ("Northwind Traders", "Intern"),
    ]


def test_a_department_a_city_or_a_phrase_after_the_joiner_is_no_firm() -> None:
    assert _role_at_firm("Lecturer in Computer Science") is None
    assert _role_at_firm("Site Engineer at Pune") is None
    assert _role_at_firm("Family, Criminal in District and Session Court") is None
    assert _role_at_firm("Engineer at the plant of Contoso Ltd") is None
    assert _role_at_firm("Contoso Systems in Fabrikam Ltd") is None


def test_a_duty_put_as_an_order_is_no_title() -> None:
    resume = parse(
        "company - Contoso Legal Associates\ndescription - Looking after property cases.\n"
        "company - Contoso Legal Associates\ndescription - Provide legal assistance in legal work\n"
        "company - Fabrikam Realty Pvt Ltd\ndescription - Handle customer queries\n"
        "Designation - Sales Executive\n"
    )
    assert [job.title for job in resume.work_experience][1:] == [None, "Sales Executive"]


def test_titles_opening_with_a_verb_like_word_stay_titles() -> None:
    for title in (
        "Support Engineer",
        "Design engineer",
        "Lead developer",
        "Make up artist",
        "Help desk analyst",
    ):
        assert not _DUTY_ORDER.match(title)
    assert _DUTY_ORDER.match("Maintain inventory for the trials")
    assert not _DUTY_ORDER.match("Manage Engine Consultant")  # the word after the verb is capitalised


def test_a_city_typed_on_after_a_headers_legal_form_is_the_jobs_location() -> None:
    resume = PARSER.parse(
        "EXPERIENCE\nContoso Auto Parts Pvt Ltd Chakan\nQuality Engineer\nApr 2016 - Present\n• Audits.\n"
        "Fabrikam Textiles Ltd Tirupur, Tamil Nadu\nProduction Supervisor\nSep 2012 - Mar 2016\n• Shifts.\n"
    )
    assert [(job.company, job.location) for job in resume.work_experience] == [
        ("Contoso Auto Parts Pvt Ltd", "Chakan"),
        ("Fabrikam Textiles Ltd", "Tirupur"),  # the state after the comma is lost before this step
    ]


def test_a_label_and_its_value_in_the_company_field_is_no_employer() -> None:
    resume = parse(
        "company - Technology - Dot Net\ndescription - • Previous Experience worked in Contoso ERP Solutions "
        "From 1-Jan 2016 To 24th Dec 2016.\n\n• Designation - Software Developer.\n"
        "company - Domain- Retail and Billing\ndescription - Environment: ASP.NET, C#, Oracle\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Contoso ERP Solutions", "Software Developer")
    ]


def test_a_firm_named_technologies_is_still_an_employer() -> None:
    resume = parse("company - Technologies Contoso Pvt Ltd\ndescription - Jan 2016 - Dec 2017\n")
    assert [job.company for job in resume.work_experience] == ["Technologies Contoso Pvt Ltd"]


def test_an_empty_company_field_takes_the_firm_named_alone_under_it() -> None:
    resume = parse(
        "company - Contoso Wellness Pvt Ltd\ndescription - Coaching clients on diet.\n"
        "company -\ndescription - Fabrikam Health Marketing & Innovations\n\n"
        "• Ran nutrition camps with practising doctors.\n"
    )
    assert [job.company for job in resume.work_experience] == [
        "Contoso Wellness Pvt Ltd",
        "Fabrikam Health Marketing & Innovations",
    ]


def test_a_title_a_heading_a_label_or_a_place_is_no_firm_named_alone() -> None:
    assert _name_alone("contoso health marketing pvt ltd") == "contoso health marketing pvt ltd"
    for line in (
        "Software Test Engineer",
        "Roles & Responsibilities",
        "Department: Testing",
        "Navi Mumbai",
        "software test engineer",
        "Worked on the billing module",
        "Jan 2016 - Dec 2017",
    ):
        assert _name_alone(line) is None, line
