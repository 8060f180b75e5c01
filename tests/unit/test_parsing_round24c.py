"""Round 24c: start and end months the resume's own text gives (a sentence's range wrapped over a line break,
a start said in a job's details, a two-digit year). Names are invented."""

from __future__ import annotations

from datetime import date

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n{experience}").work_experience


def test_a_sentence_range_wrapped_after_its_joiner_keeps_its_end() -> None:
    found = jobs(
        "Store Manager\nTailspin Retail Pvt Ltd -\nMay 2015 to Present\n"
        "❖ Worked with Contoso Builders Pvt Ltd as an Account Assistant since September 2014 to\n"
        "February 2015.\na. Kept the books.\n"
    )
    job = next(job for job in found if job.company == "Contoso Builders Pvt Ltd")
    assert (job.start_date, job.end_date, job.is_current) == (date(2014, 9, 1), date(2015, 2, 1), False)
