"""Session 29b (s29-layouts2): more job-header layouts people use, read from general rules."""

from datetime import date

from app.parsing.dates import find_full_date_ranges, find_ranges, full_date_order, season_end
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def test_a_season_alone_spans_the_season() -> None:
    assert season_end("Summer 2018") == date(2018, 8, 1)
    assert season_end("Fall '19") == date(2019, 11, 1)
    assert season_end("June 2018") is None
    # A season ending a range ends with its last month.
    (found,) = find_ranges("Spring 2019 - Summer 2020")
    assert (found.start, found.end) == (date(2019, 3, 1), date(2020, 8, 1))


def test_a_summer_internship_runs_june_to_august() -> None:
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\n"
        "Analyst, Contoso Freight, Denver\nJan 2020 – Present\n• Built reports.\n\n"
        "Marketing Intern, Fabrikam Foods, Boulder\nSummer 2019\n• Ran surveys.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.start_date, job.end_date) for job in jobs] == [
        ("Contoso Freight", date(2020, 1, 1), None),
        ("Fabrikam Foods", date(2019, 6, 1), date(2019, 8, 1)),
    ]


def test_roles_under_an_employer_held_less_than_a_year_are_that_employers() -> None:
    # LinkedIn writes a group's total span under a year as "less than a year".
    text = (
        "Jordan Vale\n\nExperience\n\n"
        "Fabrikam Foods\nless than a year\n"
        "Buyer\nMarch 2024 - July 2024 (5 months)\nBoulder, Colorado, United States\nBought dairy.\n\n"
        "Buying Assistant\nJanuary 2024 - February 2024 (2 months)\nBoulder, Colorado, United States\n"
        "Kept the orders.\n\n"
        "Contoso Freight\nLogistics Analyst\nMay 2016 - December 2023 (7 years 8 months)\n"
        "Denver, Colorado, United States\nPlanned routes.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title) for job in jobs] == [
        ("Fabrikam Foods", "Buyer"),
        ("Fabrikam Foods", "Buying Assistant"),
        ("Contoso Freight", "Logistics Analyst"),
    ]


def test_a_page_footer_between_a_roles_title_and_its_dates_is_no_part_of_it() -> None:
    # A PDF's page break inside a LinkedIn group: the title at the foot of page 1, "Page 1 of 2", the dates.
    text = (
        "Jordan Vale\n\nExperience\n\n"
        "Fabrikam Couriers\n6 years 2 months\n"
        "Fleet Manager\nFebruary 2021 - Present (4 years 5 months)\n"
        "Calgary, Alberta, Canada\nRan the fleet.\n\n"
        "Dispatcher\n\nPage 1 of 2\n\n"
        "May 2019 - January 2021 (1 year 9 months)\nCalgary, Alberta, Canada\nPlanned the routes.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title) for job in jobs] == [
        ("Fabrikam Couriers", "Fleet Manager"),
        ("Fabrikam Couriers", "Dispatcher"),
    ]


def test_a_group_employer_named_with_an_occupations_word_is_the_employer() -> None:
    # "Messenger" is an occupation, but over a total span and a role's title the line names the employer.
    text = (
        "Jordan Vale\n\nExperience\n\n"
        "Contoso Messenger\n6 years 2 months\n"
        "Fleet Manager\nFebruary 2021 - Present (4 years 5 months)\n"
        "Calgary, Alberta, Canada\nRan the fleet.\n\n"
        "Dispatcher\nMay 2019 - January 2021 (1 year 9 months)\n"
        "Calgary, Alberta, Canada\nPlanned the routes.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title) for job in jobs] == [
        ("Contoso Messenger", "Fleet Manager"),
        ("Contoso Messenger", "Dispatcher"),
    ]


def test_a_title_with_an_industry_word_beside_its_dates_leaves_the_employer_to_the_next_line() -> None:
    # "Software" is evidence of a firm's name, but a title alone beside its dates names no employer.
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\n"
        "2019 – now  Senior Software Engineer\nFabrikam Couriers, Calgary\nRan the fleet's apps.\n\n"
        "2016 – 2019  Bank Manager\nContoso Savings, Edmonton\nRan the branch.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.title, job.company, job.location) for job in jobs] == [
        ("Senior Software Engineer", "Fabrikam Couriers", "Calgary"),
        ("Bank Manager", "Contoso Savings", "Edmonton"),
    ]


def test_a_note_on_the_employers_other_name_is_no_part_of_the_header() -> None:
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\n"
        "Contoso Media (formerly Fabrikam Press) — Chicago, IL\nEditor | Aug 2019 – Present\n• Edited.\n\n"
        "Northwind Books (acquired by Contoso Media) — Madison, WI\nWriter | Feb 2016 – Jul 2019\n• Wrote.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title, job.location) for job in jobs] == [
        ("Contoso Media", "Editor", "Chicago, IL"),
        ("Northwind Books", "Writer", "Madison, WI"),
    ]


def test_full_dates_to_the_present_are_read_in_the_order_the_resume_tells() -> None:
    assert full_date_order("01/03/2019–Present, 01/02/2014–28/02/2019") is True
    assert full_date_order("11/29/2007") is False
    assert full_date_order("01/03/2019") is None
    (found,) = find_full_date_ranges("01/03/2019–Present", day_first=True)
    assert (found.start, found.end, found.is_current) == (date(2019, 3, 1), None, True)
    # Nothing tells which number is the month: not read.
    assert find_full_date_ranges("01/03/2019–Present") == []


def test_the_newer_europass_dates_title_then_employer_city_country() -> None:
    text = (
        "Jordan Vale\n\nWORK EXPERIENCE\n\n"
        "01/04/2020–Present  Head Chef\nFabrikam Bistro, Lisbon (Portugal)\n• Ran the kitchen.\n\n"
        "15/09/2016–31/03/2020  Sous Chef\nContoso Hotels, Porto (Portugal)\n• Planned the menus.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.title, job.company, job.location, job.start_date, job.end_date) for job in jobs] == [
        ("Head Chef", "Fabrikam Bistro", "Lisbon (Portugal)", date(2020, 4, 1), None),
        ("Sous Chef", "Contoso Hotels", "Porto (Portugal)", date(2016, 9, 1), date(2020, 3, 1)),
    ]


def test_a_firm_named_best_something_before_its_place_is_the_employer() -> None:
    # "Best ..." opens awards ("Best Performer"), but before the place on an employer line it is a name;
    # and "for" inside a name ("... For You ...") names no client.
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\n"
        "Best For You Bakeries — Madison, WI\nBaker | Feb 2016 – Jul 2019\n• Baked.\n\n"
        "Best Performer — Pune\nSales Associate | Jun 2013 – Jan 2016\n• Sold.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title, job.location) for job in jobs] == [
        ("Best For You Bakeries", "Baker", "Madison, WI"),
        (None, "Sales Associate", "Pune"),
    ]


def test_since_a_date_on_a_header_line_is_a_job_that_goes_on() -> None:
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\n"
        "since 04/2021\nStore Manager, Fabrikam Foods, Graz\n• Ran the store.\n\n"
        "03/2017 – 03/2021\nSales Assistant, Contoso Shoes, Vienna\n• Sold shoes.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.start_date, job.end_date, job.is_current) for job in jobs] == [
        ("Fabrikam Foods", date(2021, 4, 1), None, True),
        ("Contoso Shoes", date(2017, 3, 1), date(2021, 3, 1), False),
    ]
    # In a sentence of the details "since" dates nothing new.
    assert len(PARSER.parse(text + "Worked in retail since 2012 and loved it.\n").work_experience) == 2
