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
    # Indeed's export: "Customer Manager" on the title line, a duty in the employer's slot, the dates, then the
    # team the job was in. The team scores on its title words ("Sales") but names a group, not a role.
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
