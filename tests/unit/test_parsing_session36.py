"""Session 36: a history under a qualified heading ("Relevant Professional Experience"), LiveCareer's headers
with no dates or a start alone, a duty worded "X as a Y", a title typed twice (invented titles and duties)."""

from __future__ import annotations

from datetime import date

from app.parsing import sections
from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def parse(history: str, heading: str = "Experience") -> ParsedResume:
    return PARSER.parse(
        f"JORDAN EXAMPLE\nHighlights\nTime management\n{heading}\n{history}\nEducation\nBA 2001\n"
    )


def jobs(resume: ParsedResume) -> list[tuple[str | None, str | None, date | None, bool]]:
    return [(job.company, job.title, job.start_date, job.is_current) for job in resume.work_experience]


def test_a_heading_with_a_qualifier_before_experience_opens_a_work_history() -> None:
    for heading in ("Relevant Professional Experience", "Additional Experience", "Other Work Experience"):
        assert sections.heading_kind(heading) == (sections.EXPERIENCE, "")
    resume = parse(
        "Substitute Teacher Oct 2015 to Current\nCompany Name - City , State\nTaught art.\n"
        "Additional Experience\nRoom Attendant Mar 2012 to Jul 2013\nCompany Name - City , State\n",
        heading="Relevant Professional Experience",
    )
    assert [job.title for job in resume.work_experience] == ["Substitute Teacher", "Room Attendant"]
