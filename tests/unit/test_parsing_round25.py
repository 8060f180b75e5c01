"""Titles the offline parser used to miss or misread (issue 16, round 25): invented names."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(
        f"Jane Roe\nPune, Maharashtra\n\nWORK EXPERIENCE\n\n{experience}\n\nEDUCATION\n\nB.Com\n"
    ).work_experience


def test_a_titles_own_initials_in_brackets_stay_with_it() -> None:
    # Indeed's title line "Area Sales Manager (ASM)": the letters spell the title, so they are part of it as
    # written (another job's "Area Sales Manager" is a different value); a firm in brackets is still left out.
    found = jobs(
        "Area Sales Manager (ASM)\n\nContoso Life Sciences Ltd -  Mumbai, Maharashtra -\n\n"
        "June 2004 to May 2013\n\nManaged a team.\n\n"
        "Technical Lead (TLF)\n\nFabrikam Systems -  Pune, Maharashtra -\n\n"
        "June 2001 to May 2004\n\nBuilt things."
    )
    assert [(job.title, job.company) for job in found] == [
        ("Area Sales Manager (ASM)", "Contoso Life Sciences Ltd"),
        ("Technical Lead", "Fabrikam Systems"),
    ]
