"""Session 35b: the form export of ``updated_resume_dataset.csv`` ("company - X" over "description - ..."),
the classes a blind set of it (dev-15) showed (invented names)."""

from __future__ import annotations

from app.parsing.job_layouts import _before_glued_place
from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def parse(history: str) -> ParsedResume:
    return PARSER.parse(
        "Skills: Java, HTML\nEducation Details\nJune 2012 B.E. Computer Pune University\n"
        f"Software Developer\n\nSkill Details\nJAVA- Experience - 24 monthsCompany Details\n{history}"
    )


def test_a_city_typed_on_after_the_legal_form_is_cut_with_what_follows_it() -> None:
    resume = parse(
        "company - Contoso Systems Pvt. Ltd Pune, Contoso\ndescription - Oct 2017 - Present\n"
        "company - fabrikam analytics private limited Nagpur Maharashtra\ndescription - Mar 2014 - Sep 2017\n"
    )
    assert [job.company for job in resume.work_experience] == [
        "Contoso Systems Pvt. Ltd",
        "fabrikam analytics private limited",
    ]


def test_only_a_place_right_after_the_legal_form_cuts_the_name() -> None:
    assert _before_glued_place("Contoso Ltd Dubai") == "Contoso Ltd"
    assert _before_glued_place("Contoso Co. Ltd India") == "Contoso Co. Ltd"
    assert _before_glued_place("Contoso Ltd Head Office, Pune") == "Contoso Ltd Head Office, Pune"
    assert _before_glued_place("Contoso Ltd and Fabrikam") == "Contoso Ltd and Fabrikam"
    assert _before_glued_place("Ltd Pune") == "Ltd Pune"  # a legal form opening the name is left
    assert _before_glued_place("Contoso Pune Ltd") == "Contoso Pune Ltd"
