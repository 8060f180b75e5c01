"""Titles the offline parser used to miss or misread (issue 16, round 25): invented names."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(
        f"Jane Roe\nPune, Maharashtra\n\nWORK EXPERIENCE\n\n{experience}\n\nEDUCATION\n\nB.Com\n"
    ).work_experience


def test_a_titles_own_initials_in_brackets_stay_with_it() -> None:
    # Indeed's title line "Area Sales Manager (ASM)": the letters spell the title, so they are part of it as
    # written (another job's "Area Sales Manager" is a different value); a firm in brackets is still left out.
    found = jobs(
        "Area Sales Manager (ASM)\n\nContoso Life Sciences Ltd -  Mumbai, Maharashtra -\n\n"
        "June 2004 to May 2013\n\nManaged a team.\n\n"
        "Technical Lead (TLF)\n\nFabrikam Systems -  Pune, Maharashtra -\n\n"
        "June 2001 to May 2004\n\nBuilt things."
    )
    assert [(job.title, job.company) for job in found] == [
        ("Area Sales Manager (ASM)", "Contoso Life Sciences Ltd"),
        ("Technical Lead", "Fabrikam Systems"),
    ]


def test_a_sentence_job_with_a_comma_before_its_range_wrapped_before_the_joiner() -> None:
    # "❖ Worked as ... in <firm>, from Nov 2006" / "to July 2008.": the only entry for that job, under the
    # details of the job after it; a comma before "from", the range broken before "to", a number opening
    # the firm's name.
    found = jobs(
        "Resolution Expert\n\nContoso Global Services Pvt Ltd -\n\nSeptember 2008 to May 2011\n\n"
        "Roles & Responsibilities:\n➢ Handling a team of associates.\n\n"
        "❖ Worked as a Sr. Customer Relationship Advisor in 3 FABRIKAM SERVICES PVT Ltd, from Nov 2006\n"
        "to July 2008.\nRoles & Responsibilities:\n➢ Taking care of inbound calls.\n\n"
        "Customer Relationship Advisor\n\nTailspin PVT Ltd -\n\nAugust 2005 to November 2006\n\n• Calls."
    )
    sentence = [job for job in found if job.company == "3 FABRIKAM SERVICES PVT Ltd"]
    assert [(job.title, str(job.start_date), str(job.end_date)) for job in sentence] == [
        ("Sr. Customer Relationship Advisor", "2006-11-01", "2008-07-01")
    ]


def test_labelled_job_fields_above_the_work_experience_heading_are_jobs() -> None:
    # "Organization:" / "Designation:" / "Duration:" blocks in the summary, the history under WORK EXPERIENCE
    # repeating only the current job: each block is a job; the repeated one is not added twice.
    text = (
        "Jane Roe\nsales manager\n\nMumbai, Maharashtra\n\n• To excel in the field of sales.\n"
        "Organization: Contoso Sweets Pvt Ltd.\nDesignation: Sales manager\nDuration: May 2018 TO till\n"
        "Key Functions:\n-Create a distributor network,\n"
        "Organization: Fabrikam Foods Pvt Ltd\nDesignation: BDM (Business development Manager)\n"
        "Duration: NOV 2016 TO May 2018\nKey Functions:\n• Dealing with institutes.\n\n"
        "ORGANIZATION:: Tailspin Hospitality Pvt ltd.\nDesignation: Corporate sales manager\n\n"
        "WORK EXPERIENCE\n\nSales Manager\n\nContoso Sweets Pvt Ltd -  Maharashtra -\n\n2018 to Present\n\n"
        "EDUCATION\n\nB.C.A.\n"
    )
    found = PARSER.parse(text).work_experience
    assert [(job.title, job.company, str(job.start_date)) for job in found] == [
        ("Sales Manager", "Contoso Sweets Pvt Ltd", "2018-01-01"),
        ("BDM (Business development Manager)", "Fabrikam Foods Pvt Ltd", "2016-11-01"),
        ("Corporate sales manager", "Tailspin Hospitality Pvt ltd", "None"),
    ]


def test_a_second_role_with_a_heading_line_inside_an_entry_is_a_job_at_its_employer() -> None:
    # Guideline v1: a second role inside an entry, with a heading line of its own and its duties listed
    # under it, is a job. Lines that only restate the job's title, or name no person's role ("Stock
    # Control", "Role: ..."), are not.
    found = jobs(
        "Head - Retail Operations\n\nCONTOSO LIFESTYLE -  Mumbai, Maharashtra -\n\n"
        "July 2008 to December 2013\n\n"
        "• Twice promoted to manage retail operations\n• Received an award\n\n"
        "Business Development Head - Fabrikam\n• Managed all aspects of the business\n"
        "• Built capabilities\n\n"
        "Stock Control\n• Completed stock checks\n\nRole: Senior Systems Engineer\n• Worked on support\n\n"
        "Senior Manager - Tailspin and Northwind\n• Led brand operations\n• Overachieved\n\n"
        "Area Business Manager\n\nCONTOSO PHARMA -  Bengaluru, Karnataka -\n\nFebruary 2008 to June 2008\n\n"
        "Responsible for sales."
    )
    assert [(job.title, job.company, job.start_date is None) for job in found] == [
        ("Head - Retail Operations", "CONTOSO LIFESTYLE", False),
        ("Business Development Head - Fabrikam", "CONTOSO LIFESTYLE", True),
        ("Senior Manager - Tailspin and Northwind", "CONTOSO LIFESTYLE", True),
        ("Area Business Manager", "CONTOSO PHARMA", False),
    ]


def test_one_capital_in_brackets_before_a_legal_form_stays_in_the_employers_name() -> None:
    # "Contoso Ideas (I) Pvt. Ltd": "(I)" abbreviates a word of the name, as "(India)" does; the employer
    # was read as "Pvt. Ltd".
    found = jobs(
        "Marketing Executive\n\nContoso Ideas (I) Pvt. Ltd -\n\nJune 2009 to August 2010\n\n"
        "• Analysed the market"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Marketing Executive", "Contoso Ideas (I) Pvt. Ltd")
    ]


def test_undated_entries_run_into_the_details_of_the_job_before_are_jobs() -> None:
    # Indeed's export of entries without dates after the last dated one: "Title" / "Employer Ltd" with no
    # dash, read as the dated job's details. A misspelt repeat of that job's employer is no new job.
    found = jobs(
        "Area sales manager\n\nContoso Laboratories Ltd -  Hubli, Karnataka -\n\nApril 2016 to Present\n\n"
        "Working as area sales manager, covering north Karnataka\n\n"
        "Area sales manager\n\nTailspin Ltd\n\nWorked as area sales manager\n\n"
        "Tally expert and sales manager\n\nNorthwind technology pvt ltd\n\nSolved tally problems\n\n"
        "Network Security Engineer\n\nContosa Laboratories Ltd\n\nTroubleshooting"
    )
    assert [(job.title, job.company, job.start_date is None) for job in found] == [
        ("Area sales manager", "Contoso Laboratories Ltd", False),
        ("Area sales manager", "Tailspin Ltd", True),
        ("Tally expert and sales manager", "Northwind technology pvt ltd", True),
    ]


def test_a_dated_promotion_inside_a_jobs_dates_is_no_job() -> None:
    # "Promoted as Area Sales Manager in April 2006" in the details of a job held 2004 to 2013: a step in
    # that job; the details line above it was read as the employer of a job of its own.
    found = jobs(
        "Area Sales Manager\n\nContoso Life Sciences Ltd -  Mumbai, Maharashtra -\n\n"
        "June 2004 to May 2013\n\nMumbai\nAs Territory manager covered area Dadar (W), Worli & Mahim\n"
        "Promoted as Area Sales Manager in April 2006\nManaged a team of 6\n\n"
        "Sales Officer\n\nFabrikam Ltd -  Mumbai, Maharashtra -\n\nFebruary 2002 to May 2004\n\nDid things."
    )
    assert [(job.title, job.company) for job in found] == [
        ("Area Sales Manager", "Contoso Life Sciences Ltd"),
        ("Sales Officer", "Fabrikam Ltd"),
    ]


def test_a_sub_role_heading_naming_its_employer_after_a_bar_is_counted_by_its_words() -> None:
    # "Team Lead, Global Support Delivery | Contoso Cloud Inc. PUNE, INDIA": ten words and a bar, a sub-role
    # of the Contoso job (the bar was counted as a word, and the line as too long for a heading).
    found = jobs(
        "Associate Manager\n\nContoso Cloud Inc -  Pune, Maharashtra -\n\nAugust 2010 to October 2015\n\n"
        "• Managed support delivery\n\n"
        "Team Lead, Global Support Delivery | Contoso Cloud Inc. PUNE, INDIA\n\n"
        "• Acted as team lead for a support team of 40+"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Associate Manager", "Contoso Cloud Inc"),
        ("Team Lead, Global Support Delivery", "Contoso Cloud Inc"),
    ]


def test_a_line_pointing_at_a_firm_without_naming_it_is_no_undated_entry() -> None:
    # "Sales Manager" over "PREVIOUS COMPANY" in a job's details names no employer (round 25b's case).
    parsed = RuleBasedResumeParser().parse(
        "Jane Roe\nPune, Maharashtra\n\nWORK EXPERIENCE\n\nSales Manager\n\nNorthwind India Pvt Ltd -\n\n"
        "January 2014 to Present\n\n• Implemented the ERP.\nSales Manager\nPREVIOUS COMPANY\n"
        "Sales Executive\n\nEDUCATION\n\nB.Com\n"
    )
    assert [job.company for job in parsed.work_experience] == ["Northwind India Pvt Ltd"]
