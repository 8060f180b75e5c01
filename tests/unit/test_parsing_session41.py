"""Issue 16, session 41: employers read from the rest of the work history, not the name's words; names
invented."""

from __future__ import annotations

from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def _jobs(*headers: str) -> list[tuple[str | None, str | None]]:
    history = "".join(f"{header}\n\n• Handled the accounts of the region.\n\n" for header in headers)
    parsed = PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n\n{history}EDUCATION\n\nB.Com\n\nPune University\n")
    return [(job.title, job.company) for job in parsed.work_experience]


def test_a_headline_typed_in_an_earlier_jobs_title_leaves_that_job_its_own_employer() -> None:
    # "Test Analyst at Adatum, Hyderabad" over "Northwind -  Hyderabad, Telangana -": Adatum is typed alone
    # as the current job's employer, so the "at" restates where the writer works now; Northwind employed
    # them from 2011 to 2016, with or without a legal form in its name.
    assert _jobs(
        "QA Analyst\n\nAdatum -  Hyderabad, Telangana -\n\nMarch 2016 to Present",
        "Test Analyst at Adatum, Hyderabad\n\nNorthwind -  Hyderabad, Telangana -\n\n"
        "November 2011 to February 2016",
    ) == [("QA Analyst", "Adatum"), ("Test Analyst", "Northwind")]


def test_an_employer_named_after_at_over_a_clients_slot_stays_the_employer() -> None:
    # "Consultant at Adatum" over "Northwind -  Pune -", Adatum typed nowhere else on a line of its own: the
    # employer placed the writer at the client the dash line names, as before.
    jobs = _jobs(
        "Consultant at Adatum\n\nNorthwind -  Pune, Maharashtra -\n\nMarch 2016 to Present",
        "Consultant at Adatum\n\nFabrikam -  Pune, Maharashtra -\n\nMay 2013 to February 2016",
    )
    assert [company for _, company in jobs] == ["Adatum", "Adatum"]


def test_an_outsourcer_dated_under_the_clients_slot_is_the_employer_whatever_its_words() -> None:
    # "Litware India Limited -" (the client) over the dates and "Chennai (Outsourced employee of Adatum (Nov
    # 2009 - Sep 2011))": the line's words read as no title, but the outsourcer is dated as this job is.
    jobs = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nHR Executive\n\nLitware India Limited -  Chennai, Tamil Nadu -\n\n"
        "November 2009 to September 2011\n\nChennai (Outsourced employee of Adatum (Nov 2009 - Sep 2011))\n\n"
        "• Payroll and joining formalities.\n\nEDUCATION\n\nB.Com\n\nMadras University\n"
    ).work_experience
    assert [(job.title, job.company, job.client) for job in jobs] == [
        ("HR Executive", "Adatum", "Litware India Limited")
    ]


def test_an_outsourcer_dated_otherwise_does_not_take_the_job() -> None:
    # The sentence dates another stint (2008), not this job's start: the client's slot stays the employer.
    jobs = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nHR Executive\n\nLitware India Limited -  Chennai, Tamil Nadu -\n\n"
        "November 2009 to September 2011\n\nChennai (Outsourced employee of Adatum (Jan 2008 - Mar 2008))\n\n"
        "• Payroll and joining formalities.\n\nEDUCATION\n\nB.Com\n\nMadras University\n"
    ).work_experience
    assert jobs[0].company == "Litware India Limited"
