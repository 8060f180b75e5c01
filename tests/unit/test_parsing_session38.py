"""Issue 16, session 38: employers read without the names' help (dev_renamed). Names are invented."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def job(details: str) -> WorkExperience:
    (only,) = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\nEscalation Engineer\n\nFabrikam -  Pune, Maharashtra -\n\n"
        f"October 2015 to April 2017\n\n{details}\n"
    ).work_experience
    return only


def test_the_firm_the_details_place_the_writer_at_working_for_the_slots_name_is_the_employer() -> None:
    # "Fabrikam -" over "... at Tailspin Toys Pune for Fabrikam Enterprise Support": Tailspin Toys employed
    # the writer on Fabrikam's work, with no legal form to say it is a firm (most employers are written
    # without one), the town after it its office.
    served = job(
        "since May 2017 as a Subject Matter Expert at Tailspin Toys Pune for Fabrikam Enterprise Support."
    )
    with_comma = job("Working at Tailspin Toys, Pune for Fabrikam on their enterprise support.")
    assert [(one.company, one.client) for one in (served, with_comma)] == [("Tailspin Toys", "Fabrikam")] * 2
    # When, a product or a place worked in, "for" the slot's name, is no employer: the slot's name stays.
    for details in (
        "Worked in Night Shifts for Fabrikam customers.",
        "Worked with SharePoint for Fabrikam customers.",
        "Worked at Mumbai for Fabrikam.",
    ):
        assert (job(details).company, job(details).client) == ("Fabrikam", None)
