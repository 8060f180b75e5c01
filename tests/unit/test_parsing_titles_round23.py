"""Job titles the offline parser used to miss (issue 16, round 23): invented names throughout."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(
        f"Jane Roe\nPune, Maharashtra\n\nWORK EXPERIENCE\n\n{experience}\n\nEDUCATION\n\nB.Com\n"
    ).work_experience


def test_a_team_under_the_dates_does_not_hide_the_title_line() -> None:
    # Indeed's export: "Customer Manager" on the title line, a duty in the employer's slot, the dates, then
    # the team the job was in. The team scores on its title words ("Sales") but names a group, not a role.
    found = jobs(
        "Senior Sales Officer\n\nContoso Housing Ltd -  Pune, Maharashtra -\n\nApril 2013 to May 2014\n\n"
        "Job Profile:\n• Handling Home Loan Sales\n➢ FABRIKAM RURAL FINANCE LTD, Nashik Branch\n\n"
        "Customer Manager\n\nHandling Rural -  Nashik, Maharashtra -\n\nJuly 2011 to March 2013\n\n"
        "urban home loan Sales Team\n\n➢ NORTHWIND INDIA, Nashik Branch\n\nAgent Channel Officer\n\n-\n\n"
        "January 2008 to June 2011"
    )
    assert [job.title for job in found] == [
        "Senior Sales Officer",
        "Customer Manager",
        "Agent Channel Officer",
    ]


def test_a_title_then_of_and_the_project_it_served_is_the_title() -> None:
    # Indeed's title line over a place-only employer line: "Associate Trainee of <firm> project of <portal>"
    # is the title with what it served, not an employer.
    (job,) = jobs(
        "ASSOCIATE TRAINEE OF CONTOSO PROJECT OF TAX PORTAL\n\nGurgaon, Haryana -\n\n"
        "November 2016 to Present\n\n"
        "Tested the returns module of the portal.\nWrote test cases."
    )
    assert job.title == "ASSOCIATE TRAINEE OF CONTOSO PROJECT OF TAX PORTAL"
    assert job.company != job.title


def test_a_title_before_of_counts_but_a_firms_trade_does_not() -> None:
    from app.parsing.rule_based import _title_score

    assert _title_score("Associate Trainee of Contoso project of tax portal") > 0
    assert _title_score("Manufacturer & Exporter of Fabrikam Machinery") == 0


def test_a_form_entrys_description_ending_on_as_a_role_gives_its_title() -> None:
    resume = PARSER.parse(
        "Skills: PLC, SCADA\nEducation Details\nJune 2006 B.E. Electrical Pune University\n"
        "Operations Manager\n\nSkill Details\nPLC- Experience - 120 monthsCompany Details\n"
        "company - Contoso Controls\n"
        "description - • Planned the technical set-up of the projects.\n"
        "company - FABRIKAM WIND (INDIA) LIMITED\n"
        "description - • Completed 7 projects of 1.2 MW to 8.4 MW as a Commissioning Leader.\n"
        "• Handled the converter systems.\n"
    )
    titles = {job.company: job.title for job in resume.work_experience}
    assert titles["FABRIKAM WIND (INDIA) LIMITED"] == "Commissioning Leader"


def test_an_undated_first_job_whose_title_has_a_grade_before_its_head() -> None:
    # "Senior manager Sales & marketing" over an employer's acronym, with no dates, above the dated jobs.
    found = jobs(
        "Senior manager Sales & marketing\n\nCNTS\n\nLooking after sales and marketing business.\n\n"
        "Branch Manager\n\nFABRIKAM APPLIANCES PVT LTD -\n\nFebruary 2012 to February 2016\n\n"
        "Responsible for heading up expansion in new markets.\n"
    )
    assert (found[0].title, found[0].company) == ("Senior manager Sales & marketing", "CNTS")


def test_an_indeed_title_line_wrapped_in_two_is_read_as_one() -> None:
    found = jobs(
        "Assistant Manager - Projects\n\nContoso Technology Pvt Ltd -  Navi Mumbai, Maharashtra -\n\n"
        "November 2016 to Present\n\n• Analysis of monthly project revenue.\n\n"
        "Assistant Manager -Sales & Marketing, Account Management, Customer\nService Operations\n\n"
        "Fabrikam & Northwind Pvt Ltd -  Dubai, AE -\n\nApril 2008 to May 2015\n\n• Handled the accounts.\n"
    )
    assert [job.company for job in found] == ["Contoso Technology Pvt Ltd", "Fabrikam & Northwind Pvt Ltd"]
    assert found[1].title is not None and found[1].title.startswith("Assistant Manager -Sales & Marketing")
    assert found[0].description is not None and "Customer" not in found[0].description
