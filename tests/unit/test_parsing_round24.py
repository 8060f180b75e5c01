"""Jobs of the blind batch dev-9 the offline parser read wrong (issue 16, round 24); invented names."""

from __future__ import annotations

from datetime import date

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(
        f"Jane Roe\nPune, Maharashtra\n\nWORK EXPERIENCE\n\n{experience}\n\nEDUCATION\n\nB.Com\n"
    ).work_experience


def test_years_inside_achievement_sentences_are_no_jobs() -> None:
    # A range after "between"/"from" on a line that opens on what the job earned, or on a lower-case line
    # that continues a long sentence above it, says when, not a job's dates.
    found = jobs(
        "National Sales Manager\n\nContoso Enterprise -  Kathmandu, Nepal -\n\n"
        "October 2012 to October 2017\n\n"
        "• Contributed 29% of national sales in modern trade after setting up field execution team from\n"
        "scratch (2008 - 2010)\n\nTerritory Sales In Charge\n\n"
        "Fabrikam Foods Ltd -  Bengaluru, Karnataka -\n\n"
        "1992 to 1999\n\nReceived 9 awards for best displayed area,new product launches,best effective "
        "coverage and\ndistribution management between 1993 to 1999.\nAwarded as second fastest growing area "
        "between 1995 to 1997 with a CAGR of 27%\nAchieved fastest growing sales area in the branch with a "
        "CAGR of 15%from 1992 to 1994\nDriving primary and secondary sales"
    )
    assert [job.company for job in found] == ["Contoso Enterprise", "Fabrikam Foods Ltd"]


def test_a_line_restating_the_jobs_place_and_dates_is_no_job() -> None:
    found = jobs(
        "Team manager\n\nFabrikam Global Services -  Pune, Maharashtra -\n\nJune 2011 to March 2015\n\n"
        "Pune India June 11 - Mar 2015\n\nFabrikam Global Services is a large outsourcing firm."
    )
    assert [(job.title, job.company) for job in found] == [("Team manager", "Fabrikam Global Services")]


def test_a_sentence_ending_on_the_jobs_own_dates_is_no_job() -> None:
    found = jobs(
        "Consultant - Real Estate\n\nContoso Products Ltd -  Mumbai, Maharashtra -\n\n"
        "January 2018 to August 2018\n\nTailspin - A real estate venture by Contoso Group. Working as a "
        "Consultant - Real\nEstate\nConsulting from January 2018 to August 2018.\n\nSold flats."
    )
    assert [job.company for job in found] == ["Contoso Products Ltd"]


def test_a_sentence_job_with_quoted_title_and_employer() -> None:
    found = jobs(
        "Assistant Sales Manager\n\nNORTHWIND GROUP -\n\nFebruary 2013 to January 2014\n\n"
        'Working as "Sr. Sales Manager" with "CONTOSO GROUP" since Feb 2014.\n\n'
        "Sales Executive\n\nFabrikam Ltd -  Mumbai, Maharashtra -\n\nJune 2011 to January 2013"
    )
    job = next(job for job in found if job.company == "CONTOSO GROUP")
    assert (job.title, job.start_date, job.is_current) == ("Sr. Sales Manager", date(2014, 2, 1), True)


def test_a_sentence_job_ending_on_how_long_it_lasted() -> None:
    found = jobs(
        "Sales Executive\n\nFabrikam Ltd -  Mumbai, Maharashtra -\n\nJune 2011 to January 2013\n\nSold.\n\n"
        "Training Graph\nWorked as trainee technician in CONTOSO MOTORS (FABRIKAM) for two months.\n\n"
        "Worked as trainee technician in diesel generators for TAILSPIN TECHNOLOGIES for six months."
    )
    assert [(job.title, job.company) for job in found[1:]] == [
        ("trainee technician", "CONTOSO MOTORS"),
        ("trainee technician", "TAILSPIN TECHNOLOGIES"),
    ]


def test_a_grade_or_the_word_company_in_the_employer_slot_names_no_one() -> None:
    found = jobs(
        "Sales\n\nSr.GM -\n\nJuly 2017 to Present\n\nGM Sales\n\nContoso India Pvt Ltd -\n\n"
        "November 2015 to March 2017\n\nNational Head-Postpaid\n\nAGM/DGM -\n\nJuly 2014 to October 2015\n\n"
        "Sold.\n\nCompany) As a Channel Development Manager\n\nMumbai, Maharashtra -\n\n"
        "June 2012 to June 2014\n\nSold."
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sr.GM", None),
        ("GM Sales", "Contoso India Pvt Ltd"),
        ("National Head-Postpaid", None),
        ("As a Channel Development Manager", None),
    ]


def test_a_compass_point_or_state_codes_after_the_titles_dash_stay_with_it() -> None:
    # "North" is also a town the gazetteer knows; "UP, MP" are two states' ISO 3166-2:IN codes.
    found = jobs(
        "Regional Manager - UP, MP\n\nContoso International Ltd -  Gurgaon, Haryana -\n\n"
        "January 2007 to September 2007\n\nRegional Sales Manager - North\n\n"
        "Fabrikam Prestige Ltd -  Delhi, Delhi -\n\nJuly 2001 to December 2006\n\nRegional Sales Manager\n\n"
        "Fabrikam Prestige Ltd -  Bengaluru, Karnataka -\n\nSeptember 2000 to July 2001"
    )
    assert [job.title for job in found] == [
        "Regional Manager - UP, MP",
        "Regional Sales Manager - North",
        "Regional Sales Manager",
    ]


def test_a_firm_named_alone_above_an_entry_is_its_employer() -> None:
    found = jobs(
        "Relationship Manager\n\nFabrikam Developers Ltd -  Mumbai, Maharashtra -\n\n"
        "December 2014 to July 2017\n\n"
        "Sold flats.\n2. Contoso Consultants Pvt. Ltd., Mumbai, Maharashtra, India.\n"
        "India's first dedicated quality-consulting firm.\n\nSr.Sales Executive\n\n"
        "Corporate Quality Competitions -  Mumbai, Maharashtra -\n\nAugust 2014 to December 2014\n\n"
        "Sold.\nPRECEDING EXPERIENCE\nTAILSPIN LTD.\n\nGrowth Path:\n\nMarketing Executive\n\n"
        "PROFESSIONAL ENHANCEMENTS -\n\nJune 1999 to April 2001\n\n• MDP\n\nPREVIOUS COMPANY\n\n"
        "Sales Executive\n\nNORTHWIND SWITCHES -  Rajkot, Gujarat -\n\nJune 1997 to May 1999"
    )
    assert [job.company for job in found] == [
        "Fabrikam Developers Ltd",
        "Contoso Consultants Pvt. Ltd.",
        "TAILSPIN LTD",
        "NORTHWIND SWITCHES",
    ]


def test_a_slot_repeating_the_business_line_the_titles_name_is_no_employer() -> None:
    found = jobs(
        "Area Sales Manager - Business Banking Mortgages\n\nCONTOSO BANK LTD -\n\n"
        "June 2010 to February 2012\n\n"
        "Sold.\n\nManager\n\nBusiness Banking Mortgages -  Hyderabad, Telangana -\n\n"
        "August 2006 to October 2007\n\nSold.\n\nBranch Sales Manager- Home Loans\n\n"
        "FABRIKAM BANK LTD -  Ranchi, Jharkhand -\n\nApril 2005 to August 2006\n\nSold.\n\n"
        "Branch Sales Manager\n\nHome Loans/ Mortgage -  Dhanbad, Jharkhand -\n\nSeptember 2004 to March 2005"
    )
    assert [job.company for job in found] == ["CONTOSO BANK LTD", None, "FABRIKAM BANK LTD", None]


def test_a_sentence_in_the_employer_slot_names_no_employer() -> None:
    found = jobs(
        "Area Sales Manager\n\nRAJKOT have developed Industries -  Rajkot, Gujarat -\n\n"
        "March 2018 to Present\n\n"
        "Sold.\n\nSales Executive\n\nFABRIKAM CABLES LTD -\n\nJuly 2013 to September 2016\n\nSold well.\n\n"
        "Based at Rajkot Worked as Sale Executive\n\nLighting Products -  Rajkot, Gujarat -\n\n"
        "June 2011 to June 2013"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Area Sales Manager", None),
        ("Sales Executive", "FABRIKAM CABLES LTD"),
        ("Sale Executive", None),
    ]


def test_a_list_cut_at_its_comma_leaves_no_employer() -> None:
    (job,) = jobs(
        "Service Engineer\n\nHaldia, and Contoso Dry Docks -  Mumbai, Maharashtra -\n\n"
        "2002 to Present\n\nServiced."
    )
    assert job.company is None


def test_a_firm_with_its_legal_form_on_the_dash_line_is_the_employer_not_the_title() -> None:
    found = jobs(
        "Sale Executive\n\nLighting Products -  Rajkot, Gujarat -\n\nApril 2010 to May 2011\n\n"
        "Worked as SO Distributor Payroll\nBased at Junagadh Looking after Junagadh, Amreli, Porbandar,\n"
        "Worked for Lighting Products\n\n"
        "CONTOSO LTD -  Rajkot, Gujarat -\n\nApril 2008 to March 2010\n\nJamnagar, Amreli, Porbandar"
    )
    assert (found[1].company, found[1].start_date) == ("CONTOSO LTD", date(2008, 4, 1))
    assert found[1].title != "CONTOSO LTD"


def test_a_firm_restating_a_jobs_dates_names_its_employer_when_the_slot_held_a_sentence() -> None:
    found = jobs(
        "Sales Executive\n\nFABRIKAM CABLES LTD -\n\nJuly 2013 to September 2016\n\nSold.\n\n"
        "Based at Rajkot Worked as Sale Executive\n\nLighting Products -  Rajkot, Gujarat -\n\n"
        "June 2011 to June 2013\n\nCONTOSO INDIA LTD. ( June 2011 to June 2013)"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sales Executive", "FABRIKAM CABLES LTD"),
        ("Sale Executive", "CONTOSO INDIA LTD."),
    ]


def test_a_slot_saying_the_titles_initials_gives_way_to_the_firm_after_for() -> None:
    found = jobs(
        "Lead Manager\n\nContoso communications -  Thane, Maharashtra -\n\nMay 2012 to December 2015\n\n"
        "Sold.\n\n(Territory Sales Executive) for Fabrikam Mobile\n\n"
        "Month as T.S.E -  Thane, Maharashtra -\n\n"
        "July 2007 to May 2012\n\nSold."
    )
    assert (found[1].title, found[1].company) == ("Territory Sales Executive", "Fabrikam Mobile")


def test_a_bullet_opening_on_when_it_happened_is_no_job() -> None:
    found = jobs(
        "Manager\n\nContoso Bank -  Mumbai, Maharashtra -\n\nJune 2015 to Present\n\n"
        "• From Jan '17 to Mar '17, set up and did a pilot for a corporate channel to source Retail Asset\n"
        "products, which is\ncurrently running full-swing for key locations across India."
    )
    assert [job.company for job in found] == ["Contoso Bank"]


def test_a_duty_put_as_an_infinitive_is_no_title() -> None:
    found = jobs(
        "To provide technical Assistance to the Technical Superintendent\n\nContoso Shipping Pvt Ltd -\n\n"
        "March 2008 to September 2009\n\nCoordinated spares.\n\nTo keep Team As a Trade Sales Executive\n\n"
        "Fabrikam Foods Ltd -\n\nJanuary 2006 to February 2008\n\nSold."
    )
    assert [(job.title, job.company) for job in found] == [
        (None, "Contoso Shipping Pvt Ltd"),
        ("To keep Team As a Trade Sales Executive", "Fabrikam Foods Ltd"),
    ]


def test_an_activity_of_something_is_no_title() -> None:
    (job,) = jobs(
        "Planning of service jobs and delegation to W/S service staff\n\nContoso Marine Ltd -\n\n"
        "June 2002 to Present\n\nServiced ships."
    )
    assert (job.title, job.company) == (None, "Contoso Marine Ltd")


def test_a_state_before_as_and_a_title_is_where_the_job_was() -> None:
    job = jobs("Jharkhand as Territory Sales Manager\n\nContoso Foods Ltd -\n\nJune 2012 to May 2014")[0]
    assert (job.title, job.company) == ("Territory Sales Manager", "Contoso Foods Ltd")
