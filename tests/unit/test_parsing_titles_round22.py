"""Job titles the offline parser used to misread (issue 16, round 22): invented names throughout."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(f"Jane Roe\nPune, Maharashtra\n\nWORK EXPERIENCE\n\n{experience}").work_experience


def indeed_job(
    title_line: str, employer_line: str = "Contoso Bank Ltd -  Pune, Maharashtra -"
) -> WorkExperience:
    """Indeed's export: the title line, the employer's line ending on a dash, then the dates."""
    first, _ = jobs(
        f"{title_line}\n\n{employer_line}\n\nMarch 2012 to May 2015\n\n- Handled accounts.\n\n"
        "Sales Officer\n\nFabrikam Ltd -  Pune, Maharashtra -\n\n"
        "June 2008 to February 2012\n\n- Sold things.\n"
    )
    return first


def test_a_qualifier_with_an_acronym_stays_with_the_title() -> None:
    # "SME Sales", "CASA Sales": the function the title served, an acronym beside title words; the employer
    # is on its own line under the title, so the dash part names no one.
    assert indeed_job("Manager - SME Sales").title == "Manager - SME Sales"
    assert indeed_job("Team Leader - CASA Sales").title == "Team Leader - CASA Sales"
    assert indeed_job("Manager - Direct Sales (CASA)").title == "Manager - Direct Sales (CASA)"
    assert indeed_job("Manager - SME Sales").company == "Contoso Bank Ltd"


def test_several_qualifiers_on_the_title_line_stay_with_the_title() -> None:
    job = indeed_job("Area Manager - Enterprise Business - GSM / Wireless Sales")
    assert (job.title, job.company) == (
        "Area Manager - Enterprise Business - GSM / Wireless Sales",
        "Contoso Bank Ltd",
    )
    assert indeed_job("Senior Director - Sales & BD - Retail Lending").title == (
        "Senior Director - Sales & BD - Retail Lending"
    )


def test_a_qualifier_in_title_words_that_are_also_company_words_stays() -> None:
    # "International", "Services" also end firms' names; under the title the employer has its own line.
    assert indeed_job("Sr Manager - International Sales").title == "Sr Manager - International Sales"
    assert indeed_job("Junior Manager - Mechanical Services").title == "Junior Manager - Mechanical Services"


def test_a_name_after_the_title_is_no_qualifier() -> None:
    # A firm's name (a legal form), a place, an acronym alone or words outside titles' words with no title
    # word beside them are not read into the title (round 28b: "Proactive Sales", with a title word, is).
    assert indeed_job("Senior Engineer - Northwind Traders Pvt Ltd").title == "Senior Engineer"
    assert indeed_job("Senior Engineer - Hyderabad").title == "Senior Engineer"
    assert indeed_job("Senior Engineer - NTL").title == "Senior Engineer"
    assert indeed_job("Senior Engineer - Zorblax").title == "Senior Engineer"


def test_a_team_in_the_title_slot_is_no_title() -> None:
    # "Team" ends one O*NET title, "Talent Acquisition Team", itself a group: a team names who worked
    # together, not what the person was; the job keeps its employer and dates.
    job = indeed_job("Rural Home Loan Sales Team")
    assert (job.title, job.company) == (None, "Contoso Bank Ltd")
    assert job.start_date is not None
    assert indeed_job("Sales Team Member").title == "Sales Team Member"
    assert indeed_job("Member of the Sales Team").title == "Member of the Sales Team"
    assert indeed_job("Team Lead - Payments Team").title is not None


def form_jobs(headline: str) -> list[WorkExperience]:
    """A history written as a form's fields, its title given once above "Skill Details"."""
    return PARSER.parse(
        "Education Details\nJune 2014 B.A. Sociology Pune University\n"
        f"{headline}\n\n{headline}\nSkill Details\nCompany Details\n"
        "company - Northwind Arts Trust\ndescription - Running programmes.\n"
        "company - Fabrikam Events\ndescription - Handling enquiries.\n"
    ).work_experience


def test_a_form_headline_with_a_qualifier_after_a_comma_titles_the_current_job() -> None:
    # "Head business development, arts": the function after the comma is no employer (no name).
    assert form_jobs("Head business development, arts")[0].title == "Head business development, arts"
    assert form_jobs("Head business development, arts")[0].company == "Northwind Arts Trust"


def test_a_form_headline_written_without_a_space_after_an_abbreviation_titles_the_current_job() -> None:
    assert form_jobs("Asst.Professor")[0].title == "Asst.Professor"


def test_a_form_headline_that_pairs_a_title_with_an_employer_is_no_title_of_the_first_job() -> None:
    # The pair names its own employer (read by ``_headline_pairs``), not the first entry's.
    assert form_jobs("Sales Manager, Contoso Traders")[0].title != "Sales Manager, Contoso Traders"


def test_a_role_word_in_brackets_after_the_title_stays_with_it() -> None:
    # "(Intern)", "(Trainee)": how the person held the role, written as part of it; a name in brackets
    # ("(Contoso)") or a place is no part of the title.
    assert (
        indeed_job("Jr. Java Developer (Intern) in Northwind Soft", "-").title
        == "Jr. Java Developer (Intern)"
    )
    assert indeed_job("Software Engineer (Trainee)").title == "Software Engineer (Trainee)"
    assert indeed_job("Technical Lead (Contoso)").title == "Technical Lead"
    assert indeed_job("Software Engineer (Pune)").title == "Software Engineer"
    # A second title in brackets is no part of it (test_parsing_job_headers: "Sales Consultant (Promoter)").
    assert indeed_job("Sales Consultant (Promoter)").title == "Sales Consultant"
