"""Round 28b (s24-titles): job titles read from the resume's own evidence."""

from tests.resume_samples import titles_and_employers


def test_a_rank_written_as_its_initials_is_a_title() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Regional Manager\n\nContoso Finance Ltd -  Pune, Maharashtra -\n\nMay 2016 to Present\n\n"
        "• Led the branch sales.\n\n"
        "AVP - Mortgages - South\n\nFabrikam Capital Ltd -  Bengaluru, Karnataka -\n\n"
        "March 2012 to July 2016\n\n"
        "• Grew the mortgage book.\n"
    )
    jobs = titles_and_employers(text)
    assert ("Regional Manager", "Contoso Finance Ltd") in jobs
    assert ("AVP - Mortgages - South", "Fabrikam Capital Ltd") in jobs


def test_a_sub_role_heading_over_a_page_break_is_a_job() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Territory Sales Manager\n\nContoso Telecom Limited -  Pune, Maharashtra -\n\n"
        "April 2015 to Present\n\n"
        "* Managed distributors across the territory.\n"
        "* Weekly reviews with the distributors.\n\n"
        "Store Manager (On roll)\n\n"
        "https://www.indeed.com/r/Jane-Tailspin/0a1b2c3d4e5f?isid=rex-download&ikw=download-top&co=IN\n\n\n"
        "* Managed the store and its staff.\n"
        "* Prepared the daily reports.\n\n"
        "Team Manager\n\nFabrikam Services -  Pune, Maharashtra -\n\nJune 2011 to March 2015\n\n"
        "* Led a team of twelve.\n"
    )
    jobs = titles_and_employers(text)
    assert ("Territory Sales Manager", "Contoso Telecom Limited") in jobs
    assert ("Store Manager (On roll)", "Contoso Telecom Limited") in jobs
    assert ("Team Manager", "Fabrikam Services") in jobs


def test_a_second_designation_in_a_jobs_details_is_a_job() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Customer Support Executive\n\nContoso BPO (Northwind Foods) -\n\nMarch 2011 to January 2012\n\n"
        "Key Accomplishments:\n"
        "• Took orders from customers in fifty cities.\n"
        "• Handled the restaurant queries.\n\n"
        "Designation:- Non-Calling Agent\n"
        "Key Accomplishments:\n"
        "• Handled the escalated calls.\n"
        "• Managed breaks on the floor.\n\n"
        "Sales Executive\n\nFabrikam Telecom -\n\nMarch 2012 to July 2012\n\n"
        "Designation: Sales Executive\n"
        "• Sold connections.\n"
    )
    jobs = titles_and_employers(text)
    assert ("Customer Support Executive", "Contoso BPO") in jobs
    assert ("Non-Calling Agent", "Contoso BPO") in jobs
    assert [title for title, _ in jobs].count("Sales Executive") == 1


def test_a_grade_in_roman_numerals_after_the_titles_dash_stays() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Software Development Technical Manager - II\n\nContoso Data Services -\n\n"
        "June 2015 to May 2017\n\n"
        "• Led the integration teams.\n\n"
        "Software Development Technical Manager\n\nContoso Data Services -\n\n"
        "September 2010 to May 2015\n\n"
        "• Led the claims team.\n"
    )
    titles = [title for title, _ in titles_and_employers(text)]
    assert titles == ["Software Development Technical Manager - II", "Software Development Technical Manager"]


def test_grading_fields_before_the_role_are_no_part_of_the_title() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Band-Sub band/ Designation U4 / DevOps Consultant -\n\nContoso Tech Ltd -\n\n"
        "April 2015 to Present\n\n"
        "• Ran the build pipelines.\n\n"
        "Programmer Analyst\n\nFabrikam Technologies -\n\nFebruary 2013 to August 2014\n\n"
        "• Wrote reports.\n"
    )
    jobs = titles_and_employers(text)
    assert ("DevOps Consultant", "Contoso Tech Ltd") in jobs
    assert ("Programmer Analyst", "Fabrikam Technologies") in jobs


def test_a_qualifier_with_a_word_outside_the_title_vocabulary_stays_on_indeeds_title_line() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Sales Manager - Proactive Sales\n\nContoso Hotels -\n\nMarch 2015 to May 2015\n\n"
        "• Sold rooms to firms.\n\n"
        "Product Manager - Knee and Capital Equipment\n\nFabrikam Medical -\n\n"
        "December 2011 to August 2013\n\n"
        "• Ran the product line.\n\n"
        "Territory Sales Manager - North Kerala\n\nNorthwind Agencies Pvt Ltd -\n\n"
        "June 2009 to April 2011\n\n"
        "• Opened new outlets.\n"
    )
    titles = [title for title, _ in titles_and_employers(text)]
    assert "Sales Manager - Proactive Sales" in titles
    assert "Product Manager - Knee and Capital Equipment" in titles
    assert "Territory Sales Manager - North Kerala" not in titles


def test_a_business_unit_at_the_jobs_own_town_is_no_title() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Contoso Pharma Limited -  Mumbai, Maharashtra -\n\nJanuary 2010 to August 2011\n\n"
        "Mumbai General Medicine\n\n"
        "Regional Sales Manager\n\nFabrikam Health Ltd -  Pune, Maharashtra -\n\n"
        "January 2008 to December 2009\n\n"
        "• Led eight territories.\n"
    )
    jobs = titles_and_employers(text)
    assert (None, "Contoso Pharma Limited") in jobs
    assert ("Regional Sales Manager", "Fabrikam Health Ltd") in jobs
