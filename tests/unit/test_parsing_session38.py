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


def test_the_employer_a_history_names_again_beside_each_client_is_the_employer_of_that_line() -> None:
    # Indeed's employer line naming the client, then the employer, neither with a legal form: the name the
    # work history names again (alone on the first job's line) is the employer; a name in brackets after the
    # employer is a note on it, not a second firm, and a client named once is not taken for the employer.
    parsed = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\nPMO Lead\n\nNorthwind -  Bengaluru, Karnataka -\n\n"
        "June 2019 to Present\n\nRan the office.\n\nPMO Analyst\n\nLitware - Northwind -  Bengaluru, "
        "Karnataka -\n\nOctober 2016 to May 2019\n\nTracked projects.\n\nProcess Specialist\n\n"
        "Fabrikam, Northwind -  Chennai, Tamil Nadu -\n\nJune 2013 to September 2016\n\nTracked trades.\n\n"
        "Process Associate\n\n"
        "Proseware- Northwind -  Chennai, Tamil Nadu -\n\nApril 2010 to May 2013\n\nTracked claims.\n\n"
        "Agent\n\nTailspin BPO (Wingtip) -\n\nMarch 2008 to March 2010\n\nTook Wingtip's orders.\n"
    ).work_experience
    assert [job.company for job in parsed] == ["Northwind"] * 4 + ["Tailspin BPO"]


def test_an_employer_line_naming_the_head_office_of_a_firm_names_the_firm() -> None:
    # "Head quarters of Contoso Travels -": "Head" opens titles ("Head of Sales"), but "... of" before a name
    # on Indeed's employer line says which office of the employer; "Head of Sales -" stays a title.
    parsed = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\nTravel Consultant\n\nHead quarters of Contoso Travels -  Mysore, "
        "Karnataka -\n\nMarch 2015 to January 2016\n\nBooked tickets.\n\nNorthwind Traders\n\n"
        "Head of Sales -  Pune, Maharashtra -\n\nJune 2012 to February 2015\n\nSold goods.\n"
    ).work_experience
    assert [(job.company, job.title) for job in parsed] == [
        ("Contoso Travels", "Travel Consultant"),
        ("Northwind Traders", "Head of Sales"),
    ]
