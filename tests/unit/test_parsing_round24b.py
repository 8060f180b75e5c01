"""Wrong employers and titles the offline parser used to return (issue 16, round 24b): invented names."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(
        f"Jane Roe\nPune, Maharashtra\n\nWORK EXPERIENCE\n\n{experience}\n\nEDUCATION\n\nB.Com\n"
    ).work_experience


def test_a_bulleted_sentence_dating_a_duty_is_no_job() -> None:
    # Indeed's export: a job's details hold a bullet that dates one piece of work; the sentence wraps onto
    # a short line, which was read as the employer of a job of its own.
    found = jobs(
        "Portfolio Manager\n\nContoso Bank -\n\nJune 2016 to Present\n\nResponsibilities:\n"
        "• Monitoring the runoff of key products.\n"
        "• From Jan '17 to Mar '17, set up and ran a pilot for a channel to source Retail Asset\n"
        "products, which is\ncurrently running in key locations.\n\n"
        "Sales Manager\n\nFabrikam Bank -\n\nJuly 2014 to June 2016\n\n• Engaging with customers."
    )
    assert [(job.title, job.company) for job in found] == [
        ("Portfolio Manager", "Contoso Bank"),
        ("Sales Manager", "Fabrikam Bank"),
    ]


def test_sap_practice_entries_within_a_named_job_are_its_projects() -> None:
    # Indeed's export: the consultant's employer on the first entry, then project entries whose employer slot
    # holds only the SAP practice ("SAP ABAP -"), dated within that job (guideline v1: projects, no jobs).
    found = jobs(
        "SAP Consultant in Contoso Systems\n\nSAP ABAP -\n\n2014 to Present\n\n• Support and rollouts.\n\n"
        "ABAP Consultant\n\nSAP ABAP -  Pune, Maharashtra -\n\nApril 2016 to May 2017\n\n"
        "Project Description:\nA rollout for a Fabrikam plant.\n\n"
        "Trainee\n\nSAP ABAP -\n\nJune 2011 to March 2012\n\n• Reports and forms."
    )
    assert [(job.title, job.company) for job in found] == [
        ("SAP Consultant", "Contoso Systems"),
        ("Trainee", None),
    ]


def test_a_role_without_employer_over_a_project_record_is_a_project() -> None:
    # Indeed's export of a project block ("ROLE / Developer / PERIOD / dates" over "This project involved
    # ..."), in a history whose jobs name their employer: the block is a project (guideline v1), no job.
    found = jobs(
        "Systems Engineer\n\nContoso Technologies -  Hyderabad, Telangana -\n\nDecember 2014 to June 2015\n\n"
        "• Built the attendance application.\n\n"
        "PROJECT Gas Request\nCLIENT Fabrikam Gas\n\n"
        "ROLE\nDeveloper\nPERIOD\nOctober 2013 to November 2014\n\n"
        "This project involved creating a new application for connection requests.\n"
        "The application worked offline."
    )
    assert [(job.title, job.company) for job in found] == [("Systems Engineer", "Contoso Technologies")]


def test_volunteer_service_is_no_job() -> None:
    # "Volunteer" heads what follows (a service scheme written in a job's shape); "Volunteered for ..." on a
    # title line is a sentence about unpaid service. Neither is employment.
    found = jobs(
        "Account Manager\n\nContoso Medical -\n\nJune 2018 to Present\n\n• Managed key accounts.\n\n"
        "Volunteer\n\nTailspin Service Scheme (TSS) -  Mumbai, Maharashtra -\n\nJune 2016 to May 2018\n\n"
        "Attended two camps for blood donation drives.\n\n"
        "Head of Technical Operations (06/2015 - 05/2016)\nFabrikam Society of Engineers\n"
        "Held the post in the fourth year of college."
    )
    assert [(job.title, job.company) for job in found] == [("Account Manager", "Contoso Medical")]
    found = jobs(
        "Sales Executive\n\nContoso Ltd -\n\n2014 to 2016\n\n• Sold.\n\nProduct Expert\n\n"
        'Volunteered for Junior Hospitality Team "Fabrikam 2013" -\n\n2013 to 2013\n\n• Guided guests.'
    )
    assert [(job.title, job.company) for job in found] == [("Sales Executive", "Contoso Ltd")]


def test_a_title_line_that_repeats_a_listed_duty_is_no_title() -> None:
    # Indeed's title line holds the job's first duty, which its own list of duties repeats word for word.
    (job,) = jobs(
        "Lead Generation through various activities\n\nContoso Resorts Ltd -\n\n2010 to 2010\n\n"
        "Job Profile:\n• To promote memberships.\n• Lead Generation through various activities.\n"
        "• Meeting clients in venue and office"
    )
    assert (job.title, job.company) == (None, "Contoso Resorts Ltd")


def test_a_role_its_first_duty_repeats_stays_the_title() -> None:
    (job,) = jobs(
        "Warehouse Supervisor\n\nContoso Traders -  Mumbai, Maharashtra -\n\n"
        "January 2011 to December 2012\n\n"
        "➢ Warehouse Supervisor.\n➢ Monitoring Dispatch Plans."
    )
    assert (job.title, job.company) == ("Warehouse Supervisor", "Contoso Traders")


def test_a_sentence_wrapped_onto_the_title_line_is_no_title() -> None:
    # A wrapped sentence ends on a verb's past form where Indeed puts the title.
    (job,) = jobs(
        "key member of the executive team charged\n\nContoso Infrasystems Ltd -\n\n2008 to 2009\n\n"
        "with setting up the towers business."
    )
    assert (job.title, job.company) == (None, "Contoso Infrasystems Ltd")
    from app.parsing.rule_based import _ends_mid_sentence

    assert _ends_mid_sentence("key member of the team charged")
    assert not _ends_mid_sentence("Lead Test Engineer - Automated")  # a word titles are made of
    assert not _ends_mid_sentence("Area Sales Manager (Promoted)")
    assert not _ends_mid_sentence("Self Employed")  # under four words


def test_a_bulleted_organisation_field_no_job_reads_is_an_employer() -> None:
    found = jobs(
        "Territory Sales Manager\n\nFabrikam Footwear Industries -  Mumbai, Maharashtra -\n\n"
        "March 2014 to Present\n\nProfessional Experience:\n➢ Organization: Contoso KPO Services\n"
        "➢ Work profile: Handling Exceptions & Mailings\n\n"
        "Internship\n• Organization: Tailspin Infotech, Noida\n• Duration: 6 Months"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Territory Sales Manager", "Fabrikam Footwear Industries"),
        (None, "Contoso KPO Services"),
        (None, "Tailspin Infotech"),
    ]
