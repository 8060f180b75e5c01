"""Issue 16, session 39: employers read without the names' help (dev_renamed). Names are invented."""

from __future__ import annotations

from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def test_a_state_after_the_employer_on_indeeds_line_is_the_place_though_the_details_name_it_again() -> None:
    # "Northwind -  Gujarat, IN -" over the dates and "Gujarat" (the territory covered): the state is where
    # the job was, not a second firm beside a client; the employer's name has no legal form to say which.
    parsed = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nSales Engineer\n\nNorthwind -  Gujarat, IN -\n\n"
        "September 2015 to Present\n\nGujarat\n\n• Visited dealers across the state.\n\n"
        "Sales Executive\n\nAdatum -  Rajkot, Gujarat -\n\nApril 2012 to August 2015\n\n"
        "Jamnagar, Amreli\n\n• Opened new dealers.\n"
    ).work_experience
    assert [job.company for job in parsed] == ["Northwind", "Adatum"]
