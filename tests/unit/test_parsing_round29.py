"""Session 29 (s29-layouts): job headers in layouts people use a lot, read from general rules."""

from datetime import date

from app.parsing.dates import find_dates, parse_date
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def test_a_season_with_its_year_is_a_date() -> None:
    assert parse_date("Summer 2018") == date(2018, 6, 1)
    assert parse_date("Fall '19") == date(2019, 9, 1)
    assert [found for found, _ in find_dates("Data Intern, Summer 2017")] == [date(2017, 6, 1)]
    # A season without its year dates nothing.
    assert find_dates("Summer school on statistics") == []


def test_a_summer_internship_dated_by_its_season_is_a_job() -> None:
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\n"
        "Analyst, Contoso Freight — Denver — 2020 – Present\n• Built reports.\n\n"
        "Marketing Intern, Fabrikam Foods — Boulder — Summer 2019\n• Ran surveys.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.title, job.company) for job in jobs] == [
        ("Analyst", "Contoso Freight"),
        ("Marketing Intern", "Fabrikam Foods"),
    ]
    assert (jobs[1].start_date, jobs[1].is_current) == (date(2019, 6, 1), False)


def test_a_place_alone_under_the_dates_is_where_the_job_was() -> None:
    # LinkedIn's export: employer, title, dates with their span, then the place on a line of its own.
    text = (
        "Jordan Vale\n\nExperience\n\n"
        "Contoso Freight\nLogistics Analyst\nMay 2020 - Present (4 years 2 months)\n"
        "Denver, Colorado, United States\nPlanned the routes of forty trucks.\n\n"
        "Fabrikam Foods\nBuyer\nMarch 2017 - April 2020 (3 years 2 months)\n"
        "Boulder, Colorado, United States\n"
        "Bought the dairy range.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title, job.location) for job in jobs] == [
        ("Contoso Freight", "Logistics Analyst", "Denver, Colorado, United States"),
        ("Fabrikam Foods", "Buyer", "Boulder, Colorado, United States"),
    ]


def test_roles_under_an_employer_and_its_total_span_are_that_employers() -> None:
    text = (
        "Jordan Vale\n\nExperience\n\n"
        "Fabrikam Foods\n5 years 3 months\n"
        "Product Manager\nJanuary 2022 - Present (2 years 6 months)\nBoulder, Colorado, United States\n"
        "Owned the ordering app.\n\n"
        "Associate Product Manager\nApril 2019 - December 2021 (2 years 9 months)\n"
        "Boulder, Colorado, United States\nRan the checkout experiments.\n\n"
        "Contoso Freight\nLogistics Analyst\nMay 2016 - March 2019 (2 years 11 months)\n"
        "Denver, Colorado, United States\n"
        "Planned routes.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title) for job in jobs] == [
        ("Fabrikam Foods", "Product Manager"),
        ("Fabrikam Foods", "Associate Product Manager"),
        ("Contoso Freight", "Logistics Analyst"),
    ]


def test_a_contract_kind_span_and_work_mode_are_no_employer_and_no_place() -> None:
    # A job copied from a LinkedIn profile page, its employer typed in lower case.
    text = (
        "Jordan Vale\n\nExperience\n\n"
        "Data Analyst\nnorthwind traders · Full-time\nJan 2021 - Present · 3 yrs 6 mos\n"
        "Austin, Texas, United States · Remote\nBuilt the sales dashboards.\n"
    )
    (job,) = PARSER.parse(text).work_experience
    assert (job.company, job.title) == ("northwind traders", "Data Analyst")
    assert job.location == "Austin, Texas, United States"


def test_europass_rows_name_the_title_the_employer_and_the_town_of_its_address() -> None:
    # The Europass form's rows as its table reads, one job's rows right after the other's.
    text = (
        "Jordan Vale\n\nWork experience\n\n"
        "Dates  June 2019 - present\n"
        "Occupation or position held  Head Chef\n"
        "Main activities and responsibilities  Wrote the menus and ran the kitchen.\n"
        "Name and address of employer  Fourth Coffee, Via Roma 8, 10121 Turin (Italy)\n"
        "Type of business or sector  Restaurants\n"
        "Dates  March 2015 - May 2019\n"
        "Occupation or position held  Sous Chef\n"
        "Main activities and responsibilities  Ran the pastry section.\n"
        "Name and address of employer  Coho Bistro, Rue du Lac 3, 1003 Lausanne (Switzerland)\n"
        "Type of business or sector  Restaurants\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title, job.location) for job in jobs] == [
        ("Fourth Coffee", "Head Chef", "Turin"),
        ("Coho Bistro", "Sous Chef", "Lausanne"),
    ]
    assert [job.start_date for job in jobs] == [date(2019, 6, 1), date(2015, 3, 1)]


def test_a_place_alone_under_the_dates_ends_the_header_of_a_role_without_details() -> None:
    # LinkedIn's roles listed without details: the line under a role's place is the next employer's name.
    text = (
        "Jordan Vale\n\nExperience\n\n"
        "Contoso Freight\n6 years\n"
        "Operations Director\nFebruary 2022 - Present (3 years 5 months)\nDenver, Colorado, United States\n"
        "Logistics Analyst\nJuly 2019 - January 2022 (2 years 7 months)\nDenver, Colorado, United States\n"
        "Tailwind Traders\nShift Lead\nJanuary 2015 - June 2019 (4 years 6 months)\n"
        "Aurora, Colorado, United States\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title) for job in jobs] == [
        ("Contoso Freight", "Operations Director"),
        ("Contoso Freight", "Logistics Analyst"),
        ("Tailwind Traders", "Shift Lead"),
    ]
