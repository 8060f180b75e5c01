"""Issue 16, session 42: employers and titles Indeed's fields hold, read from the layout and the vocabulary's
sources rather than the name's own words; names invented."""

from __future__ import annotations

from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def _jobs(*headers: str) -> list[tuple[str | None, str | None]]:
    history = "".join(f"{header}\n\n• Handled the accounts of the region.\n\n" for header in headers)
    parsed = PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n\n{history}EDUCATION\n\nB.Com\n\nPune University\n")
    return [(job.title, job.company) for job in parsed.work_experience]


def test_an_employer_opening_on_an_honorific_is_no_title() -> None:
    # "Dr. Vaidya's -" and "Mr Miller -" alone in Indeed's employer field: O*NET's heads hold "dr" and
    # "miller", but an honorific opens a person's name or a firm named after one.
    assert _jobs(
        "Senior Analyst\n\nDr. Vaidya's -\n\nMarch 2016 to Present",
        "Sales Executive\n\nmr miller -\n\nMay 2013 to February 2016",
    ) == [("Senior Analyst", "Dr. Vaidya's"), ("Sales Executive", "mr miller")]


def test_initials_in_capitals_that_spell_an_honorific_still_open_a_title() -> None:
    # "DR Specialist" (disaster recovery) and "MS Dynamics Consultant": capitals without a dot are initials.
    assert _jobs(
        "DR Specialist\n\nFabrikam -\n\nMarch 2016 to Present",
        "MS Dynamics Consultant\n\nNorthwind -\n\nMay 2013 to February 2016",
    ) == [("DR Specialist", "Fabrikam"), ("MS Dynamics Consultant", "Northwind")]
