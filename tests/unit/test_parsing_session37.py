"""Issue 16, session 37: the DataTurks dev split's employer misses. Names are invented."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

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
