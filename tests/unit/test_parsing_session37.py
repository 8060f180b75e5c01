"""Issue 16, session 37: the DataTurks dev split's employer misses. Names are invented."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser, _reads_as_a_name

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n{experience}").work_experience


def test_the_client_a_jobs_details_name_is_kept_beside_the_employer_they_name() -> None:
    # "Fabrikam -" over "Working for Contoso, client Fabrikam": Contoso employed the writer, and Fabrikam, the
    # name in Indeed's employer slot, is the job's client (the product stores it beside the employer).
    (job,) = jobs(
        "Technical Support Engineer\n\nFabrikam -  Pune, Maharashtra -\n\nJune 2015 to May 2017\n\n"
        "Working for Contoso, client Fabrikam, on network support.\n"
    )
    assert (job.title, job.company, job.client) == ("Technical Support Engineer", "Contoso", "Fabrikam")


def test_the_firm_a_title_line_or_an_outsourcer_line_moves_out_of_the_slot_is_kept_as_the_client() -> None:
    # "Sales Associate in Contoso" over "Fabrikam -", and "Outsourced employee of Fabrikam management
    # Consultant" under "Northwind India Limited -": the writer's employer is named there, and the firm in
    # Indeed's employer slot is where the job was done, kept in the client field rather than dropped.
    (at_client,) = jobs(
        "Sales Associate in Contoso\n\nFabrikam -  Hyderabad, Telangana -\n\nJune 2015 to May 2017\n\n"
        "Handled calls.\n"
    )
    (outsourced,) = jobs(
        "Administrative Executive\n\nNorthwind India Limited -  Chennai, Tamil Nadu -\n\n"
        "November 2009 to September 2011\n\n"
        "Chennai (Outsourced employee of Fabrikam management Consultant (Nov 2009 - Sep 2011))\n\n"
        "Managed the office.\n"
    )
    assert [(job.title, job.company, job.client) for job in (at_client, outsourced)] == [
        ("Sales Associate", "Contoso", "Fabrikam"),
        ("Administrative Executive", "Fabrikam management Consultant", "Northwind India Limited"),
    ]


def test_a_client_one_job_names_is_the_same_client_over_another_job_of_the_resume() -> None:
    # Indeed's employer slot holds the client twice; the second job's details say who employed the writer
    # for it. The first job, with the same client over it and nothing of its own, is at that employer too.
    found = jobs(
        "Escalation Engineer\n\nFabrikam\n\n"
        "Working on escalated issues with the monitoring suite.\n\n"
        "Support Engineer\n\nFabrikam -  Pune, Maharashtra -\n\nOctober 2015 to April 2017\n\n"
        "since May 2017 as a Subject Matter Expert at Contoso India Pvt. Ltd. Pune for FABRIKAM Enterprise "
        "Support Team\n\nRoles and responsibilities:\n• Handled escalated cases.\n"
    )
    assert [(job.title, job.company, job.client) for job in found] == [
        ("Escalation Engineer", "Contoso India Pvt. Ltd.", "Fabrikam"),
        ("Support Engineer", "Contoso India Pvt. Ltd.", "Fabrikam"),
    ]


def test_a_client_paired_with_two_employers_stays_where_it_is() -> None:
    # The resume says two firms served the same client: which one employed the writer for a third job at
    # that client is not said, so its employer slot is left as written.
    found = jobs(
        "Analyst\n\nFabrikam -  Pune, Maharashtra -\n\nJune 2018 to May 2019\n\n"
        "Worked at Contoso Pvt. Ltd. for Fabrikam on support.\n\n"
        "Analyst\n\nFabrikam -  Pune, Maharashtra -\n\nJune 2016 to May 2018\n\n"
        "Worked at Northwind Ltd. for Fabrikam on support.\n\n"
        "Trainee\n\nFabrikam -  Pune, Maharashtra -\n\nJune 2015 to May 2016\n\nLearned the trade.\n"
    )
    assert [(job.company, job.client) for job in found] == [
        ("Contoso Pvt. Ltd.", "Fabrikam"),
        ("Northwind Ltd.", "Fabrikam"),
        ("Fabrikam", None),
    ]


def test_a_sentence_piece_in_the_slot_is_no_client() -> None:
    # A LiveCareer paragraph read as a sentence job put ". Managed daily routine for all aspects of
    # administrative support" where the employer goes; moved out by the title line, it is no client to keep.
    assert _reads_as_a_name("Fabrikam")
    assert _reads_as_a_name("Fabrikam India Pvt. Ltd.")
    assert not _reads_as_a_name(". Managed daily routine for all aspects of administrative support")
    assert not _reads_as_a_name("the support desks of all the branch offices of the bank")


def test_a_job_at_the_client_itself_years_apart_stays_the_clients() -> None:
    # The writer worked for Fabrikam itself, and years later for Contoso with Fabrikam as the client: the
    # earlier job, dated apart from Contoso's, is Fabrikam's own. An adjoining one is Contoso's for Fabrikam.
    found = jobs(
        "Support Engineer\n\nFabrikam -  Pune, Maharashtra -\n\nJune 2016 to May 2018\n\n"
        "since June 2016 as a Support Engineer at Contoso India Pvt. Ltd. Pune for FABRIKAM Support Team\n\n"
        "Escalation Engineer\n\nFabrikam -  Pune, Maharashtra -\n\nJune 2018 to Present\n\n"
        "Handled escalations.\n\n"
        "Desk Engineer\n\nFabrikam -  Pune, Maharashtra -\n\nJune 2009 to May 2011\n\nRan the desk.\n"
    )
    assert [(job.title, job.company, job.client) for job in found] == [
        ("Support Engineer", "Contoso India Pvt. Ltd.", "Fabrikam"),
        ("Escalation Engineer", "Contoso India Pvt. Ltd.", "Fabrikam"),
        ("Desk Engineer", "Fabrikam", None),
    ]


def test_in_charge_is_part_of_the_title_not_in_before_an_employer() -> None:
    # "Officer In Charge of the Stores" over "Fabrikam -": the title line names no employer after "in"; it was
    # split into "Officer" at "Charge of the Stores", with Fabrikam as a client.
    (job,) = jobs(
        "Officer In Charge of the Stores\n\nFabrikam -  Pune, Maharashtra -\n\nJune 2012 to May 2015\n\n"
        "Kept stock.\n"
    )
    assert (job.title, job.company, job.client) == ("Officer In Charge of the Stores", "Fabrikam", None)
