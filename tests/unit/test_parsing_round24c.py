"""Round 24c: start and end months the resume's own text gives (a sentence's range wrapped over a line break,
a start said in a job's details, a two-digit year). Names are invented."""

from __future__ import annotations

from datetime import date

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n{experience}").work_experience


def test_a_sentence_range_wrapped_after_its_joiner_keeps_its_end() -> None:
    found = jobs(
        "Store Manager\nTailspin Retail Pvt Ltd -\nMay 2015 to Present\n"
        "❖ Worked with Contoso Builders Pvt Ltd as an Account Assistant since September 2014 to\n"
        "February 2015.\na. Kept the books.\n"
    )
    job = next(job for job in found if job.company == "Contoso Builders Pvt Ltd")
    assert (job.start_date, job.end_date, job.is_current) == (date(2014, 9, 1), date(2015, 2, 1), False)


def test_an_undated_job_takes_the_start_its_details_give() -> None:
    found = jobs(
        "Regional Sales Manager, Salaried PL\nFabrikam Finance Ltd\n"
        "Currently worked as Regional Sales Manager for Fabrikam Finance\nLimited since Sep 2012.\n"
        "Branch Credit Manager\nContoso Credit Company Ltd -\nApril 2011 to August 2012\nHandled loans.\n"
    )
    job = next(job for job in found if job.company == "Fabrikam Finance Ltd")
    assert (job.start_date, job.end_date, job.is_current) == (date(2012, 9, 1), None, True)


def test_started_with_a_month_in_the_details_is_the_start_not_the_present() -> None:
    found = jobs(
        "Retail Floor Manager\nTailspin Sales -  Vadodara, Gujarat -\nFebruary 2014 to Present\n+4 years\n"
        "• Working as a floor manager.\n"
        "Store Manager\nContoso Mall\n+1 year\n• Working as a Store Manager. Started with Year\nJan.2013.\n"
        "• Ran the store.\nEDUCATION\nB.Com\n"
    )
    job = next(job for job in found if job.company == "Contoso Mall")
    assert (job.start_date, job.end_date, job.is_current) == (date(2013, 1, 1), None, False)


def test_a_listed_designation_gives_its_employer_to_the_dated_job_that_names_it() -> None:
    found = jobs(
        "International Sales Manager\nNorthwind Chemicals Pvt. Ltd -\nJune 2017 to Present\n"
        "Sales Manager\n-\nSeptember 2008 to April 2017\n"
        "with Contoso Pharmatech looking after Thailand, Vietnam & Bangladesh.\n"
        "Travelled extensively in Thailand.\n"
        "Sales Officer\nTailspin Pharmaceuticals -  Mumbai, Maharashtra -\nApril 1995 to February 2001\n"
        "Handled Mumbai.\nProfessional Designations held:\nSales Manager Contoso Pharmatech.\n"
        "• Sales Officer in Tailspin Pharmaceuticals.\n"
    )
    contoso = [job for job in found if job.company == "Contoso Pharmatech"]
    assert [(job.title, job.start_date, job.end_date) for job in contoso] == [
        ("Sales Manager", date(2008, 9, 1), date(2017, 4, 1))
    ]


def test_a_sentence_under_another_entry_dates_the_undated_job_it_names() -> None:
    resume = PARSER.parse(
        "Jane Roe\nAutomation Tester\nSkill Details\nJAVA- Experience - 6 monthsCompany Details\n"
        "company - Contoso India Pvt Ltd\ndescription - Worked on manual as well as automation testing.\n"
        "company - Na\ndescription - Currently working with Contoso, Airoli as Consultant from 06th May 2013 "
        "to till the\ndate.\n"
    )
    (job,) = [job for job in resume.work_experience if job.company == "Contoso India Pvt Ltd"]
    assert (job.start_date, job.end_date, job.is_current) == (date(2013, 5, 1), None, True)


def test_currently_working_at_the_undated_job_s_employer_makes_it_current() -> None:
    resume = PARSER.parse(
        "Jane Roe\nDesign Engineer\nSkill Details\nCatia- Experience - 6 monthsCompany Details\n"
        "company - Contoso Engineering Pvt ltd\n"
        "description - Currently I am working as mechanical design engineer in Contoso engineering Pvt ltd. "
        "Ice plants are designed here.\n"
        "company - Fabrikam Research Station\ndescription - 1 year experience as a Research assistant.\n"
    )
    (job,) = [job for job in resume.work_experience if job.company == "Contoso Engineering Pvt ltd"]
    assert (job.start_date, job.is_current) == (None, True)


def test_a_firm_named_with_my_on_the_employer_line_is_the_employer() -> None:
    (job,) = jobs(
        "Manager - Retail Sales\nMy Contoso Energy Ltd -  Nashik, Maharashtra -\nOctober 2015 to Present\n"
    )
    assert (job.company, job.start_date, job.is_current) == ("My Contoso Energy Ltd", date(2015, 10, 1), True)


def test_full_date_ranges_read_the_month_a_day_above_12_tells() -> None:
    from app.parsing.dates import find_full_date_ranges

    (day_first,) = find_full_date_ranges("Asst.Professor  20/07/2015  31/05/2016  10 Months")
    assert (day_first.start, day_first.end) == (date(2015, 7, 1), date(2016, 5, 1))
    (month_first,) = find_full_date_ranges("11/29/2007 - 05/25/2009")
    assert (month_first.start, month_first.end) == (date(2007, 11, 1), date(2009, 5, 1))
    assert find_full_date_ranges("05/06/2015 to 07/08/2016") == []  # either way round: not read


def test_a_form_entry_takes_the_dates_of_the_table_row_naming_its_employer() -> None:
    resume = PARSER.parse(
        "Jane Roe\nAsst.Professor\nSkill Details\nCompany Details\ncompany - Contoso Arts\n"
        "description - - Total Work Experience ( In Months)\n"
        "Sr.  Name of Organization / College  Designation  Working Period  Total Experience\n"
        "No.  ( In Months)\nFrom  To\n"
        "1.  Contoso Arts, Commerce & Science  Asst.Professor  20/07/2015  31/05/2016  10 Months\n"
        "Sr. College, Parola Dist- Jalgaon\n"
    )
    (job,) = [job for job in resume.work_experience if job.company == "Contoso Arts"]
    assert (job.start_date, job.end_date) == (date(2015, 7, 1), date(2016, 5, 1))


def test_a_month_onwards_in_the_details_is_a_start_that_goes_on() -> None:
    (job,) = jobs(
        "Associate Software Engineer\nContoso\n"
        "Associate Software Engineer in Contoso India Pvt Ltd.\n"
        "Experience in Contoso products and automation scripting. (September 2017 onwards)\n"
    )
    assert (job.start_date, job.end_date, job.is_current) == (date(2017, 9, 1), None, True)
