"""The offline parser reads a job's department where the resume states one (the same-department search
found nobody among resumes it had parsed: it never filled the field). Forms from real resumes of
/work/shared/data; names invented."""

from __future__ import annotations

from app.parsing.departments import department_of
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def _jobs(*entries: str) -> list[tuple[str | None, str | None, str | None]]:
    history = "\n\n".join(entries)
    parsed = PARSER.parse(
        f"Jane Roe\njane@example.com\n\nEXPERIENCE\n{history}\n\nEDUCATION\nB.Sc. Physics, 2010\n"
    )
    return [(job.title, job.company, job.department) for job in parsed.work_experience]


def test_a_department_label_under_the_dates_is_read_and_the_title_and_employer_stay() -> None:
    # Indeed's "Department: Plant Engineering" under the dates, and a "Dept.:" written short.
    assert _jobs(
        "Senior Accountant\nAcme Corp, Berlin\nJan 2019 - Present\nDepartment: Finance\nPrepared reports.",
        "Accountant\nGlobex Inc, Munich\nMar 2015 - Dec 2018\nDept.: Accounts Payable\nHandled invoices.",
    ) == [
        ("Senior Accountant", "Acme Corp", "Finance"),
        ("Accountant", "Globex Inc", "Accounts Payable"),
    ]


def test_a_department_beside_the_title_is_read_in_one_plain_form() -> None:
    # "Finance Department", "Department: Finance" and "Finance team" are one department to compare.
    jobs = _jobs(
        "Radiographer, Dept. of Radiology\nSt Mary's Hospital, London\n2012 - 2018\nTook x-rays.",
        "Software Engineer, Platform Engineering team\nHooli, Berlin\n2010 - 2012\nBuilt things.",
    )
    assert [department for _, _, department in jobs] == ["Radiology", "Platform Engineering"]
    assert [title for title, _, _ in jobs] == ["Radiographer", "Software Engineer"]


def test_a_department_line_of_its_own_in_the_details() -> None:
    jobs = _jobs("Payroll Clerk\nInitech GmbH, Hamburg\n2016 - 2019\nFinance Department\nRan the payroll.")
    assert jobs == [("Payroll Clerk", "Initech GmbH", "Finance")]


def test_an_employer_named_department_is_no_department_of_itself() -> None:
    # "Department of Transportation" is the employer (LiveCareer's government jobs), not a part of it.
    assert (
        department_of(["Civil Engineer", "Department of Transportation"], [], "Department of Transportation")
        is None
    )


def test_sentences_and_columns_are_no_department() -> None:
    # Duties that mention a department say whom one worked with; a second column is no part of a name.
    assert department_of([], ["Supervised two employees for the Accounting Department"], None) is None
    assert department_of([], ["Worked closely with the accounting department."], None) is None
    assert department_of([], ["management of a specific department"], None) is None
    header = ["Teaching Assistant, Department of Chemistry and Biochemistry    Company Name City"]
    assert department_of(header, [], "Company Name") == "Chemistry and Biochemistry"
    assert department_of(["Department: CMIP (IP Provisioning)"], [], None) == "CMIP (IP Provisioning)"
    assert department_of(["Department of Public Safety (Rota, M.P., 96951)"], [], None) == "Public Safety"
    # In the duties, "Sales team" is whom one worked with, not where.
    assert department_of(["Analyst"], ["Sales team"], None) is None
