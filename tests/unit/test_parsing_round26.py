"""Round 26 (s23-prec): parsed values with no partner in the gold, dropped from the resume's own evidence."""

from app.parsing.models import WorkExperience
from app.parsing.rule_based import (
    _without_district_address,
    _without_glued_place,
    _without_sentence_title,
)
from tests.resume_samples import titles_and_employers


def test_an_address_ending_in_its_district_is_no_employer() -> None:
    text = (
        "Jane Tailspin\n\nWork Experience\n\n"
        "Lecturer\n"
        "company - Contoso Nagar, Tal- Fabrikam Dist\n"
        "description - Taught physics\n"
    )
    assert all(company != "Contoso Nagar, Tal- Fabrikam Dist" for _, company in titles_and_employers(text))
    kept = WorkExperience(title="Lecturer", company="Northwind Distributors, Fabrikam")
    assert _without_district_address(kept).company == "Northwind Distributors, Fabrikam"


def test_a_place_glued_without_its_spaces_is_no_employer() -> None:
    assert _without_glued_place(WorkExperience(title="Cashier", company="UnitedArabEmirates")).company is None
    assert _without_glued_place(WorkExperience(title="Cashier", company="NewZealand")).company is None
    kept = WorkExperience(title="Cashier", company="ContosoMarkets")
    assert _without_glued_place(kept).company == "ContosoMarkets"


def test_a_sentence_is_no_title() -> None:
    sentence = WorkExperience(title="the company is working as a partner of Contoso", company="Fabrikam")
    assert _without_sentence_title(sentence).title is None
    counted = WorkExperience(
        title="placements for more than 30 students as Placement Coordinator", company="Fabrikam"
    )
    assert _without_sentence_title(counted).title is None
    kept = WorkExperience(title="IS Auditor", company="Northwind Traders")
    assert _without_sentence_title(kept).title == "IS Auditor"


def test_a_division_in_brackets_after_the_firm_is_no_second_job() -> None:
    text = (
        "Jane Tailspin\n\nWORK EXPERIENCE\n\nSales Manager\n\nContoso Group (Fabrikam Oils) -\n\n"
        "July 2014 to Present\n\n"
        "July'14 - Till Date with CONTOSO - Saudi Arabia as Sales Manager"
        " ( Fabrikam Oils - Industrial\nSales)\n\n"
        "Sales Executive\n\nNorthwind Holdings Pvt. Ltd. - Pune, Maharashtra\n\nNovember 2010 to June 2012\n"
    )
    assert [company for _, company in titles_and_employers(text)] == [
        "Contoso Group",
        "Northwind Holdings Pvt. Ltd.",
    ]
