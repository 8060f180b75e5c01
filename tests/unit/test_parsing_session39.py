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


def test_an_undated_job_in_the_details_names_its_employer_on_the_line_under_its_title() -> None:
    # Indeed runs an undated job into the details of the job before: "Assistant Manager - Outbound Sales" over
    # "Litware" and a sentence. The name alone under the title line is the employer, not "Outbound Sales".
    parsed = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nAssistant Manager Operations\n\nNorthwind -\n\n"
        "November 2011 to Present\n\nRecruited and trained callers.\n"
        "· Responsible for the day-to-day operations.\n\n"
        "Assistant Manager - Outbound Sales\n\nLitware\n\n"
        "Have managed a team of 45 callers and 4 team leaders.\nGood results gave me a second process.\n"
    ).work_experience
    assert [(job.title, job.company) for job in parsed] == [
        ("Assistant Manager Operations", "Northwind"),
        ("Assistant Manager - Outbound Sales", "Litware"),
    ]


def test_the_agency_a_sentence_places_the_writer_under_is_the_employer_when_the_sentence_dates_it() -> None:
    # "for <client> under Litware.. From May 25th 2017": the agency employs, named without a legal form; the
    # dates may open the next line. "under the guidance of" a person is no agency.
    parsed = PARSER.parse(
        "Jane Roe\n\nPROFILE\n"
        "• Working as Software Engineer for Fabrikam Systems India Private Ltd under Litware.. From May 25th "
        "2017 till now\n"
        "• Working as Software Engineer for Fabrikam Systems India Private Ltd under Adatum.\n"
        "From Dec 15 2014 till 30th April.\n"
        "• Worked as Intern for Fabrikam Systems under the guidance of Mr. Rao from June 2013 to May 2014.\n"
    ).work_experience
    assert [(job.title, job.company) for job in parsed] == [
        ("Software Engineer", "Litware"),
        ("Software Engineer", "Adatum"),
    ]


def _job_under_client_slot(details: str) -> tuple[str | None, str | None]:
    (only,) = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nNetwork Engineer\n\nFabrikam -  Mumbai, Maharashtra -\n\n"
        f"February 2017 to Present\n\n{details}\n"
    ).work_experience
    return only.company, only.client


def test_details_that_say_who_employed_the_writer_name_the_employer_without_a_legal_form() -> None:
    # "Fabrikam -" over "associated with Fabrikam on the role of Northwind": Northwind employs, Fabrikam is
    # the client; so "with a Fabrikam client in Northwind". A place, a title or the slot's own name after the
    # same words names no employer.
    assert _job_under_client_slot("Associated with Fabrikam on the role of Northwind.") == (
        "Northwind",
        "Fabrikam",
    )
    assert _job_under_client_slot(
        "Working as engineer with a Fabrikam client in Northwind from June 2015."
    ) == (
        "Northwind",
        "Fabrikam",
    )
    for details in (
        "Working as engineer with a Fabrikam client in Pune from June 2015.",
        "Associated with Fabrikam on the role of Team Lead.",
        "Associated with Fabrikam on the payroll of Fabrikam.",
    ):
        assert _job_under_client_slot(details) == ("Fabrikam", None)


def test_a_notes_end_under_the_dates_is_no_employer_though_it_has_a_legal_form() -> None:
    # "Northwind -" over the dates, then "Channel Partner Of Fabrikam Telecom Ltd)": the bracket closes a note
    # the employer's line opened; a firm alone under the dates ("Fabrikam Telecom Ltd") still is the employer.
    def company(under: str) -> str | None:
        (only,) = PARSER.parse(
            "Jane Roe\n\nWORK EXPERIENCE\n\nSales Team Leader\n\nNorthwind -  Mumbai, Maharashtra -\n\n"
            f"April 2005 to March 2007\n\n{under}\nSold plans to firms.\n"
        ).work_experience
        return only.company

    assert company("Channel Partner Of Fabrikam Telecom Ltd)") == "Northwind"
    assert company("Fabrikam Telecom Ltd") == "Fabrikam Telecom Ltd"
