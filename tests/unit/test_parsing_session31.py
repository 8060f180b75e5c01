"""Session 31 (s31-parser): job-header rules aimed at resumes nobody tuned on, each from general evidence."""

from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def _indeed(employer_line: str) -> str:
    return (
        "Jordan Vale\n\nWORK EXPERIENCE\n\nRelationship Manager\n\n"
        f"{employer_line}\n\nJune 2012 to May 2014\n\nManaged a book of home loans.\n"
    )


def test_a_department_typed_before_the_employer_and_a_comma_is_not_the_employer() -> None:
    # Indeed's employer field holding "department, firm": the function word says which part is no name.
    for line, employer in (
        ("Retail Assets, Fabrikam Bank -  Pune, Maharashtra -", "Fabrikam Bank"),
        ("Retail Assets, FABRIKAM, N.A -  Pune, Maharashtra -", "FABRIKAM"),
        ("Sales, Contoso -  Pune, Maharashtra -", "Contoso"),
    ):
        jobs = PARSER.parse(_indeed(line)).work_experience
        assert [(job.company, job.title, job.location) for job in jobs] == [
            (employer, "Relationship Manager", "Pune, Maharashtra")
        ], line


def test_a_firm_whose_name_holds_a_function_word_stays_the_employer() -> None:
    # "Winners Marketing [Fabrikam]": a bracket is a note on the name, not a second field; a title line typed
    # in the employer field is no department either.
    for line, employer in (
        ("Contoso Marketing [Fabrikam Electric] -  Indore, Madhya Pradesh -", "Contoso Marketing"),
        ("Contoso, Retail Assets -  Pune, Maharashtra -", "Contoso"),
    ):
        jobs = PARSER.parse(_indeed(line)).work_experience
        assert [job.company for job in jobs] == [employer], line


def test_an_employer_slot_opening_on_a_function_word_names_no_employer() -> None:
    # "Retail Liabilities -  Chennai -": the bank's line of business typed in the employer field.
    for line in (
        "Retail Liabilities -  Chennai, Tamil Nadu -",
        "Sales Division North -  Chennai, Tamil Nadu -",
    ):
        jobs = PARSER.parse(_indeed(line)).work_experience
        assert [(job.company, job.title, job.location) for job in jobs] == [
            (None, "Relationship Manager", "Chennai, Tamil Nadu")
        ], line
    # A function word after a name, or a legal form after it, leaves the name alone.
    for line, employer in (
        ("Contoso Marketing -  Chennai, Tamil Nadu -", "Contoso Marketing"),
        ("Retail Kart Pvt Ltd -  Chennai, Tamil Nadu -", "Retail Kart Pvt Ltd"),
    ):
        assert [job.company for job in PARSER.parse(_indeed(line)).work_experience] == [employer], line
