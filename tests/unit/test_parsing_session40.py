"""Issue 16, session 40: employers read from Indeed's layout whatever words names hold; names invented."""

from __future__ import annotations

from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def _jobs(*headers: str) -> list[tuple[str | None, str | None]]:
    history = "".join(f"{header}\n\n• Handled the accounts of the region.\n\n" for header in headers)
    parsed = PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n\n{history}EDUCATION\n\nB.Com\n\nPune University\n")
    return [(job.title, job.company) for job in parsed.work_experience]


def test_an_employer_whose_name_holds_title_words_is_read_from_indeeds_employer_line() -> None:
    # "Consultant Hub -  Pune, Maharashtra -" under "Senior Analyst": the form's employer field, its name made
    # of words titles use too; the title is the line above, which holds nothing else.
    assert _jobs(
        "Senior Analyst\n\nConsultant Hub -  Pune, Maharashtra -\n\nAugust 2016 to Present",
        "Team Lead\n\nDesigner Looms -  Chennai, Tamil Nadu -\n\nMay 2010 to July 2016",
    ) == [("Senior Analyst", "Consultant Hub"), ("Team Lead", "Designer Looms")]


def test_a_title_typed_in_indeeds_employer_field_under_a_title_stays_no_employer() -> None:
    # "Business Analyst -  Pune -" under "Senior Analyst" ends on a title's head word: no employer's name.
    jobs = _jobs("Senior Analyst\n\nBusiness Analyst -  Pune, Maharashtra -\n\nAugust 2016 to Present")
    assert jobs[0][1] is None


def test_a_project_in_the_employer_field_does_not_beat_the_employer_the_title_line_names() -> None:
    # "systems engineer, northwind Hyderabad" over "Gas Request -  Hyderabad, Telangana -": the title line
    # names the employer beside the title, so the dash line (a project) is not taken for it.
    jobs = _jobs(
        "Senior Systems Engineer\n\nNorthwind\n\nsystems engineer, northwind Hyderabad\n\n"
        "Gas Request -  Hyderabad, Telangana -\n\nDecember 2014 to June 2015"
    )
    assert "Gas Request" not in [company for _, company in jobs]


def test_an_employer_named_as_a_town_alone_in_indeeds_employer_field_is_the_employer() -> None:
    # "Kalyani -" under "Quality Engineer": the gazetteer holds a town so named, but Indeed types a blank
    # employer's place as "City, State -"; a name alone before the dash under a title is the employer.
    assert _jobs(
        "Quality Engineer\n\nKalyani -\n\nMarch 2017 to Present",
        "Sales Executive\n\nTerminus -\n\nJanuary 2014 to February 2017",
    ) == [("Quality Engineer", "Kalyani"), ("Sales Executive", "Terminus")]


def test_a_large_city_alone_in_indeeds_employer_field_stays_the_place() -> None:
    # "Hyderabad -" under "Quality Engineer": where the job was, the employer left blank.
    (job,) = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nQuality Engineer\n\nHyderabad -\n\n"
        "March 2017 to Present\n\n• Audits.\n"
    ).work_experience
    assert (job.company, job.location) == (None, "Hyderabad")
