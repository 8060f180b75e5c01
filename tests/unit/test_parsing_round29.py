"""Round 29 (s24-sent): jobs a single sentence tells, read only when the sentence carries the dates."""

from app.parsing.rule_based import RuleBasedResumeParser


def _jobs(text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [
        (job.company, job.title, str(job.start_date or ""), str(job.end_date or ""))
        for job in RuleBasedResumeParser().parse(text).work_experience
    ]


def test_a_sentence_saying_how_long_before_the_employer_and_closing_on_its_range_is_a_job() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Sales Manager\nContoso Realty Pvt. Ltd., Pune\nMarch 2013 to Present\n\n"
        "Total Experience\n"
        "* Worked 9 months in Fabrikam new Haven assurance as a telesales(Pune)(Nov 2007 to July 2008.\n"
        "* Working 7 months in Contoso Realty as a sales manager. (Pune)\n\n"
        "EDUCATION\n\nB.Com\n"
    )
    jobs = _jobs(text)
    assert ("Fabrikam new Haven assurance", None, "2007-11-01", "2008-07-01") in jobs
    assert [job for job in jobs if job[0] and job[0].startswith("Contoso")] == [
        ("Contoso Realty Pvt. Ltd.", "Sales Manager", "2013-03-01", "")
    ]


def test_a_place_or_an_undated_sentence_is_no_job() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Sales Manager\nContoso Realty Pvt. Ltd., Pune\nMarch 2013 to Present\n\n"
        "* Worked 2 years in Mumbai as a sales officer (June 2010 to June 2012).\n"
        "* Worked 2 years in Fabrikam Traders as a sales officer.\n\n"
        "EDUCATION\n\nB.Com\n"
    )
    assert [job[0] for job in _jobs(text)] == ["Contoso Realty Pvt. Ltd."]
