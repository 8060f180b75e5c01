"""Round 28 (s24-recall): employers the parser did not return, read from the resume's own evidence."""

from tests.resume_samples import titles_and_employers


def test_a_name_on_indeeds_employer_line_under_a_title_is_the_employer() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Sales Manager\n\nFabrikam wealth adviser LIMITEDx -  Mumbai, Maharashtra -\n\n"
        "March 2018 to Present\n\n"
        "Sold home loans.\n\n"
        "Sales Officer\n\nContoso Finance Ltd -  Pune, Maharashtra -\n\nJune 2016 to February 2018\n"
    )
    jobs = titles_and_employers(text)
    assert ("Sales Manager", "Fabrikam wealth adviser LIMITEDx") in jobs
    assert ("Sales Officer", "Contoso Finance Ltd") in jobs


def test_a_company_line_without_its_colon_over_a_header_names_its_employer() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Lecturer\n\nNorthwind College -  Pune, Maharashtra -\n\nJune 2012 to Present\n\n"
        "Taught marketing.\n"
        "Research Papers Published\n"
        "Company Tailspin Academy Hyderabad\n\n"
        "Campus Coordinator and Deputy Manager\n\nDevelopment -\n\nMarch 2007 to November 2011\n\n"
        "Responsible for admissions.\n"
    )
    jobs = titles_and_employers(text)
    assert ("Campus Coordinator and Deputy Manager", "Tailspin Academy") in jobs
    assert ("Lecturer", "Northwind College") in jobs


def test_a_designation_at_a_firm_under_the_dates_leaves_indeeds_employer_line() -> None:
    text = (
        "Jane Tailspin\nSystem Engineer\n\nWORK EXPERIENCE\n\n"
        "Northwind technology (Pune) -  Pune, Maharashtra -\n\nSeptember 2016 to Present\n\n"
        "Designation:. System Engg at Contoso Global Engineering Pune pvt ltd.\n"
        "- Installed servers.\n\n"
        "EDUCATION\n\nB.E.\n"
    )
    assert titles_and_employers(text) == [("System Engg", "Northwind technology")]


def test_a_sentence_wrapped_before_how_long_it_lasted_names_its_job() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Sales Manager\n\nNorthwind Traders Ltd -  Pune, Maharashtra -\n\nMarch 2018 to Present\n\n"
        "Sold things.\n\nTraining Graph\n"
        "Worked as trainee technician in petrol & diesel generators for CONTOSO TECHNOLOGIES for\n"
        "six months.\n\nEDUCATION\n\nB.E.\n"
    )
    assert ("trainee technician", "CONTOSO TECHNOLOGIES") in titles_and_employers(text)


def test_a_job_whose_details_say_only_where_they_worked_names_that_employer() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\n"
        "Area Sales Manager General Trade\n\nNorthwind Foods Pvt Ltd -  Mumbai, Maharashtra -\n\n"
        "March 2018 to Present\n\n➢ Opening new stores.\n\n"
        "Area Sales Manager\n\nModern Trade Mumbai -  Mumbai, Maharashtra -\n\n"
        "February 2016 to March 2018\n\n"
        "➢ Managing the supervisors.\n➢ Worked With Contoso Nutrition India.\n\n"
        "EDUCATION\n\nB.Com\n"
    )
    jobs = titles_and_employers(text)
    assert ("Area Sales Manager", "Contoso Nutrition India") in jobs
    assert ("Area Sales Manager General Trade", "Northwind Foods Pvt Ltd") in jobs


def test_a_form_entry_under_a_heading_names_the_firm_its_description_opens_with() -> None:
    text = (
        "Jane Tailspin\n\nSkill Details\nTESTING- Experience - 6 monthsCompany Details\n"
        "company - CAREER TIMELINE\n"
        "description - Contoso Software India Pvt. Ltd.Pune, India  Project Manager(Global Test Manager)\n"
        "company - Northwind Technologies\n"
        "description -\n"
        "company - Fabrikam Solutions Pvt. Ltd\n"
        "description - Key Deliverables Across The Tenure\n"
        "Led the test teams.\n"
    )
    jobs = titles_and_employers(text)
    assert ("Project Manager(Global Test Manager)", "Contoso Software India Pvt. Ltd.") in jobs
    assert any(company == "Northwind Technologies" for _, company in jobs)
