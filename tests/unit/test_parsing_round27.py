"""Round 27 (s24-comp): employers read from the resume's own evidence, precision and recall."""

from tests.resume_samples import titles_and_employers


def test_the_line_over_a_blank_employer_slot_is_the_title() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Manager Handling and Taking\n\nPune, Maharashtra -\n\nJanuary 2011 to April 2015\n\n"
        "Handled channel sales for two projects.\n\n"
        "Pitching ideas to CXO's\n\n-\n\nMay 2009 to May 2010\n\n"
        "Met buyers.\n\n"
        "Sales Executive\n\nContoso Realty Pvt. Ltd. -  Pune, Maharashtra -\n\nJune 2005 to April 2009\n"
    )
    jobs = titles_and_employers(text)
    assert ("Manager Handling and Taking", None) in jobs
    assert all(company != "Pitching ideas to CXO's" for _, company in jobs)
    assert ("Sales Executive", "Contoso Realty Pvt. Ltd.") in jobs


def test_a_name_made_of_places_is_no_business_line() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Head - Retail Operations\n\nContoso Retail Ltd -  Mumbai, Maharashtra -\n\n"
        "July 2008 to December 2013\n\n"
        "Ran the stores.\n\n"
        "Territory Sales In-Charge\n\nGILLETTE INDIA -  Calicut, Kerala -\n\nJuly 2001 to February 2003\n\n"
        "Managed distributors.\n\n"
        "Area Sales Manager\n\nRetail Operations -  Chennai, Tamil Nadu -\n\nMarch 1999 to June 2001\n"
    )
    jobs = titles_and_employers(text)
    assert ("Territory Sales In-Charge", "GILLETTE INDIA") in jobs
    assert ("Area Sales Manager", None) in jobs


def test_the_wrapped_end_of_a_dated_sentence_is_no_job() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Area Sales Manager in Contoso Lights Pvt Ltd\n"
        "Retail Sales & Distribution Handling in Telecom & Lighting -  Rohtak, Haryana -\n"
        "April 2016 to Present\n"
        "Circle from Aug '2015 to Apr '2016.\n"
        "• Worked as a Channel Sales Manager in Fabrikam Teleservices Ltd. (Ambala Zone) Haryana\n"
        "Circle from Aug '2012 to July '2015.\n"
    )
    jobs = titles_and_employers(text)
    assert all(company != "Circle" for _, company in jobs)
    assert ("Area Sales Manager", "Contoso Lights Pvt Ltd") in jobs
    assert ("Channel Sales Manager", "Fabrikam Teleservices Ltd") in jobs


def test_a_labelled_organisation_typed_in_lower_case_is_the_employer() -> None:
    text = (
        "Jane Tailspin\n\nSKILLS\n\n• Language: Java\n\n"
        "Internship\n• Organization: contoso infotech, Noida\n• Duration: 6 Months\n\n"
        "Projects Handled\n• Organization: online shopping\n"
    )
    companies = [company for _, company in titles_and_employers(text)]
    assert companies == ["contoso infotech"]


def test_a_school_over_its_years_is_no_job_when_its_title_line_names_no_role() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Sales Manager\n\nContoso Infra Ltd -\n\nJuly 2003 to June 2006\n\n"
        "Handled logistics.\n\n"
        "IT SKILLS Digital Marketing, ERP\n\nS A Fabrikam Vidyapitha -\n\n1995 to 1995\n\n"
        "SAP and tally.\n"
    )
    companies = [company for _, company in titles_and_employers(text)]
    assert companies == ["Contoso Infra Ltd"]
