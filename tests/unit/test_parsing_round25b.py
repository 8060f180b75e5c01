"""Employers the offline parser used to miss or misread (issue 16, round 25b): invented names."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(
        f"Jane Roe\nPune, Maharashtra\n\nWORK EXPERIENCE\n\n{experience}\n\nEDUCATION\n\nB.Com\n"
    ).work_experience


def test_a_firm_named_by_its_web_address_on_the_employer_line_is_the_employer() -> None:
    # Indeed's export: "www.contoso.com -  Mumbai, Maharashtra -" names a job board the person worked at;
    # the link used to be blanked with the resume's other links, leaving the job without an employer.
    found = jobs(
        "Sr. Sales Executive\n\nNorthwind Publishing Ltd -  Mumbai, Maharashtra -\n\n"
        "February 2008 to Present\n\n* Sold advertising space.\n\n"
        "Relationship Manager\n\nwww.contoso.com -  Mumbai, Maharashtra -\n\n"
        "January 2007 to February 2008\n\n* Developed new business opportunities."
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sr. Sales Executive", "Northwind Publishing Ltd"),
        ("Relationship Manager", "www.contoso.com"),
    ]


def test_a_link_elsewhere_is_still_no_employer() -> None:
    found = jobs(
        "Relationship Manager\n\nContoso Ltd -  Mumbai, Maharashtra -\n\nJanuary 2007 to February 2008\n\n"
        "* Built www.fabrikam.com - the firm's site.\n* Portfolio: https://www.fabrikam.com/work -"
    )
    assert [(job.title, job.company) for job in found] == [("Relationship Manager", "Contoso Ltd")]


def test_a_lower_case_sentence_job_with_a_one_word_employer_is_a_job() -> None:
    found = jobs(
        "Sales Manager\n\nTailspin Retail -  Mumbai, Maharashtra -\n\nJanuary 2008 to Present\n\n"
        "• Worked in contoso as a customer care Executive for 1 year."
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sales Manager", "Tailspin Retail"),
        ("customer care Executive", "contoso"),
    ]


def test_a_lower_case_function_or_place_in_such_a_sentence_names_no_employer() -> None:
    found = jobs(
        "Sales Manager\n\nTailspin Retail -  Mumbai, Maharashtra -\n\nJanuary 2008 to Present\n\n"
        "• Worked in sales as a team leader for 2 years.\n• Worked in pune as a field executive for 1 year."
    )
    assert [(job.title, job.company) for job in found] == [("Sales Manager", "Tailspin Retail")]


def test_an_undated_firm_line_after_the_last_dated_job_is_a_job() -> None:
    found = jobs(
        "Asst. Manager-Marketing\n\nFabrikam Homes Pvt. Ltd -\n\nJanuary 2000 to February 2005\n\n"
        "Handling customer complaints.\nTailspin Forbes Ltd -  Trichur, Kerala -\n"
        "April 1996 to December 2000\nExecutive Marketing.\nContoso Industries Pvt. Ltd.\n"
        "Bottle Manufacturers, Palakkad\nSales Executive\n"
    )
    assert [job.company for job in found] == [
        "Fabrikam Homes Pvt. Ltd",
        "Tailspin Forbes Ltd",
        "Contoso Industries Pvt. Ltd.",
    ]
    assert found[-1].title == "Sales Executive" and found[-1].start_date is None


def test_an_undated_firm_block_with_a_colon_inside_another_job_is_a_job() -> None:
    found = jobs(
        "Sales Manager\n\nNorthwind India Pvt Ltd -\n\nJanuary 2014 to Present\n\n"
        "• Liaised with the principal for after-sales support.\n\nContoso India Pvt Ltd:\n"
        "• Contoso represents international makers of compressors."
    )
    assert [job.company for job in found] == ["Northwind India Pvt Ltd", "Contoso India Pvt Ltd"]


def test_listed_clients_and_duties_naming_a_firm_are_no_jobs() -> None:
    found = jobs(
        "Sales Manager\n\nNorthwind India Pvt Ltd -\n\nJanuary 2014 to Present\n\nKey clients:\n"
        "Contoso India Pvt Ltd\nFabrikam Ltd\n\n• Handled Tailspin Pvt Ltd\n"
    )
    assert [job.company for job in found] == ["Northwind India Pvt Ltd"]


def test_a_firm_line_over_no_title_or_naming_a_relation_is_no_job() -> None:
    found = jobs(
        "Sales Manager\n\nNorthwind India Pvt Ltd -\n\nJanuary 2014 to Present\n\n"
        "• Implemented the ERP.\nCustomer Contoso Organics Ltd\nProject: order tracking\n"
        # (A title line right over the firm would be round 25's undated entry run into the details.)
        "REPORTED TO PRESIDENT OF COMPANY.\nFabrikam Ltd\nwith a turnover of Rs. 5 crore\n"
        "• Handling firms like Contoso India Pvt Ltd and Tailspin\nIndia Pvt Ltd.\nSales Manager\n"
        "PREVIOUS COMPANY\nSales Executive\n"
    )
    assert [job.company for job in found] == ["Northwind India Pvt Ltd"]


def test_a_lower_case_sentence_job_with_its_dates_is_a_job() -> None:
    found = jobs(
        "data analyst\n\ntailspin india ltd -\n\njune 2013 to present\n\n"
        "• worked as billing analyst for contoso daksh from march 2013 to june 2013.\n"
        "• worked as tester for sales team from may 2012 to june 2012."
    )
    assert [(job.title, job.company, str(job.start_date)) for job in found][1:] == [
        ("billing analyst", "contoso daksh", "2013-03-01")
    ]


def test_a_firm_and_title_line_of_two_cells_is_a_job() -> None:
    found = jobs(
        "Sales Manager\n\nContoso Media Pvt Ltd.\n\nFabrikam.in | Assistant Manager\n"
        "• Supervised a team of 4 people.\n• Handled the HR and Sales department."
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sales Manager", "Contoso Media Pvt Ltd."),
        ("Assistant Manager", "Fabrikam.in"),
    ]


def test_the_holders_own_name_in_the_employer_slot_names_no_employer() -> None:
    found = PARSER.parse(
        "Jane Tailspin\nPune, Maharashtra\n\nWORK EXPERIENCE\n\nAnalyst Programmer\n\n"
        "Tailspin -  Bengaluru, Karnataka -\n\n2015 to 2016\n\nSales Executive\n\nContoso Ltd -  Pune -\n\n"
        "2013 to 2015\n\nEDUCATION\n\nB.Com\n"
    ).work_experience
    assert [(job.title, job.company) for job in found] == [
        ("Analyst Programmer", None),
        ("Sales Executive", "Contoso Ltd"),
    ]
