"""Round 28b (s24-titles): job titles read from the resume's own evidence."""

from app.parsing.rule_based import RuleBasedResumeParser


def _jobs(text: str) -> list[tuple[str | None, str | None]]:
    return [(job.title, job.company) for job in RuleBasedResumeParser().parse(text).work_experience]


def test_a_rank_written_as_its_initials_is_a_title() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Regional Manager\n\nContoso Finance Ltd -  Pune, Maharashtra -\n\nMay 2016 to Present\n\n"
        "• Led the branch sales.\n\n"
        "AVP - Mortgages - South\n\nFabrikam Capital Ltd -  Bengaluru, Karnataka -\n\nMarch 2012 to July 2016\n\n"
        "• Grew the mortgage book.\n"
    )
    jobs = _jobs(text)
    assert ("Regional Manager", "Contoso Finance Ltd") in jobs
    assert ("AVP - Mortgages - South", "Fabrikam Capital Ltd") in jobs
