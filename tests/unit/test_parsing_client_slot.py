"""Indeed's employer slot holding a client, product or department: the parser reads the employer the title
line or the entry names (guideline version 1). Names are invented."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n{experience}").work_experience


def test_a_long_function_phrase_on_the_employer_line_is_still_the_header() -> None:
    # Thirteen tokens with the dashes and the ampersands, eleven words: Indeed's employer line over its dates,
    # holding a function; the title line names the employer.
    (job,) = jobs(
        "Area sales Manager in Contoso Lights Pvt Ltd\n\n"
        "Retail Sales & Distribution Handling in Telecom & Lighting -  Rohtak, Haryana -\n\n"
        "April 2016 to Present\n\nHandled dealers.\n"
    )
    assert (job.title, job.company, job.location) == (
        "Area sales Manager",
        "Contoso Lights Pvt Ltd",
        "Rohtak, Haryana",
    )


def test_a_list_of_products_on_the_employer_line_stays_out_of_the_header() -> None:
    (job,) = jobs(
        "Space Seller, Banner Ads, Pop Up, Loading Screen Ect -  Bihar, Madhya Pradesh -\n\n"
        "January 2018 to Present\n\nSold space.\n"
    )
    assert job.company is None
