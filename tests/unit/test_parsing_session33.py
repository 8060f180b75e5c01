"""Session 33: a name the resume calls a client is the job's client, not its employer (guideline v1: a
client is no employer), wherever the "Client" label stands. The job keeps its title and dates. Names are
invented."""

from __future__ import annotations

from datetime import date

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n{experience}").work_experience


def test_a_slot_the_details_call_a_client_is_the_jobs_client() -> None:
    # A consultant placed at a client: Indeed puts the client where the employer goes, the details say so.
    found = jobs(
        "Lead Engineer\n\nContoso Systems -  Bengaluru, Karnataka -\n\nJanuary 2014 to June 2015\n\n"
        "CLIENT Contoso Systems\nBuilt regression suites.\n\n"
        "Software Engineer\n\nFabrikam Technologies Ltd -  Noida, Uttar Pradesh -\n\n"
        "June 2011 to December 2012\n\nWrote test plans.\n"
    )
    assert [(job.title, job.company, job.client, job.start_date) for job in found] == [
        ("Lead Engineer", None, "Contoso Systems", date(2014, 1, 1)),
        ("Software Engineer", "Fabrikam Technologies Ltd", None, date(2011, 6, 1)),
    ]


def test_a_client_named_under_another_job_is_no_employer_either() -> None:
    # "Client: Contoso Corporation." in a projects list: the untitled "Contoso Corporation -" entry is the
    # client's, though its own details do not say so.
    found = jobs(
        "Contoso Corporation -\n\nMarch 2015 to May 2016\n\nSupported the help desk.\n\n"
        "Support Engineer\n\nFabrikam Services Pvt. Ltd -  Pune, Maharashtra -\n\n"
        "June 2012 to February 2015\n\nPROJECTS\n\nClient: Contoso Corporation.\nRole: Support Engineer\n"
    )
    assert [(job.company, job.client) for job in found] == [
        (None, "Contoso Corporation"),
        ("Fabrikam Services Pvt. Ltd", None),
    ]


def test_a_client_the_slot_does_not_name_leaves_the_employer() -> None:
    (job,) = jobs(
        "Test Analyst\n\nFabrikam Limited -  Mysore, Karnataka -\n\nJune 2016 to November 2016\n\n"
        "Client: Northwind Traders\nClient Services and escalations.\n"
    )
    assert (job.company, job.client) == ("Fabrikam Limited", None)


def test_a_block_of_labelled_fields_over_its_dates_is_one_jobs_header() -> None:
    # Four labelled lines, the dates last: before, the two lines above the dates were the header and the
    # employer's line went to the job above (two jobs read as one, at the second employer).
    found = jobs(
        "Company: Contoso Ltd\nDesignation: Systems Engineer\nLocation: Pune\nDuration: Jul 2016 to Present\n"
        "• Ran the release train.\n\n"
        "Company: Fabrikam Technologies Pvt. Ltd.\nDesignation: Test Engineer\nLocation: Chennai\n"
        "Duration: Jan 2013 to Jun 2016\n• Wrote test plans.\n"
    )
    assert [(job.company, job.title, job.location, job.start_date) for job in found] == [
        ("Contoso Ltd", "Systems Engineer", "Pune", date(2016, 7, 1)),
        ("Fabrikam Technologies Pvt. Ltd.", "Test Engineer", "Chennai", date(2013, 1, 1)),
    ]


def test_a_labelled_client_beside_the_labelled_employer_is_the_jobs_client() -> None:
    (job,) = jobs(
        "Company: Contoso Ltd\nClient: Fabrikam Bank\nRole: Developer\nDuration: Jan 2015 - Mar 2017\n"
        "• Built the payments service.\n"
    )
    assert (job.company, job.client, job.title) == ("Contoso Ltd", "Fabrikam Bank", "Developer")


def test_a_project_naming_only_its_client_within_a_job_is_that_jobs_project() -> None:
    # "Client: Northwind Traders" over "Duration: Jan 2017 - Present" and "Role: Lead" inside the Contoso
    # job's dates: a project of that job, not a job at the client (before: a job at Northwind Traders).
    found = jobs(
        "Senior Software Engineer\n\nContoso Technologies Pvt. Ltd -  Bengaluru, Karnataka -\n\n"
        "June 2014 to Present\n\n"
        "Project: Payments Hub\nClient: Fabrikam Bank\nDuration: Jan 2015 - Dec 2016\nRole: Developer\n"
        "Built the APIs.\n\n"
        "Project: Ledger\nClient: Northwind Traders\nDuration: Jan 2017 - Present\nRole: Lead\n"
        "Led the team.\n\n"
        "Software Engineer\n\nAdatum Systems -  Pune, Maharashtra -\n\nJuly 2011 to May 2014\n\nWrote code.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Senior Software Engineer", "Contoso Technologies Pvt. Ltd"),
        ("Software Engineer", "Adatum Systems"),
    ]


def test_a_firm_then_as_and_the_role_leaves_no_as_on_the_employer() -> None:
    found = jobs(
        "1) Contoso Ltd as Software Engineer (June 2014 - Present)\n"
        "2) Adatum Systems Pvt Ltd as Developer (July 2011 - May 2014)\n"
    )
    assert [(job.company, job.title) for job in found] == [
        ("Contoso Ltd", "Software Engineer"),
        ("Adatum Systems Pvt Ltd", "Developer"),
    ]


def test_a_text_table_typed_with_pipes_is_read_cell_by_cell() -> None:
    found = jobs(
        "Organization | Designation | Duration\n"
        "Contoso Ltd | Software Engineer | Jun 2014 - Present\n"
        "Adatum Systems Pvt Ltd | Developer | Jul 2011 - May 2014\n"
    )
    assert [(job.company, job.title, job.start_date, job.end_date) for job in found] == [
        ("Contoso Ltd", "Software Engineer", date(2014, 6, 1), None),
        ("Adatum Systems Pvt Ltd", "Developer", date(2011, 7, 1), date(2014, 5, 1)),
    ]


def test_the_details_labelled_employer_employs_at_a_client_in_the_slot() -> None:
    (job,) = jobs(
        "Software Engineer\n\nFabrikam Bank -  Pune, Maharashtra -\n\nJune 2014 to Present\n\n"
        "Client: Fabrikam Bank\nEmployer: Contoso Ltd\nBuilt the payments service.\n"
    )
    assert (job.company, job.client) == ("Contoso Ltd", "Fabrikam Bank")
