"""Session 29c (s29-layouts3): more job-header layouts people use, read from general rules."""

from datetime import date

from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def test_from_or_onwards_around_a_header_lines_one_date_is_a_job_that_goes_on() -> None:
    for dates in ("from 04/2021", "From April 2021", "04/2021 onwards", "April 2021 onward"):
        text = (
            "Jordan Vale\n\nEXPERIENCE\n\n"
            f"Buyer, Fabrikam Foods, Denver\n{dates}\n• Bought dairy.\n\n"
            "Buying Assistant, Contoso Freight, Boulder\n02/2018 – 03/2021\n• Kept the orders.\n"
        )
        jobs = PARSER.parse(text).work_experience
        assert [(job.company, job.start_date, job.end_date, job.is_current) for job in jobs] == [
            ("Fabrikam Foods", date(2021, 4, 1), None, True),
            ("Contoso Freight", date(2018, 2, 1), date(2021, 3, 1), False),
        ], dates


def test_from_over_a_range_from_the_same_month_is_a_note_not_the_job_that_goes_on() -> None:
    # "Buyer from sep 2017" over the employer line and "September 2017 to Present": the range dates the job,
    # the note is read as it was before "from" meant anything (a line with one date).
    text = (
        "Jordan Vale\n\nWORK EXPERIENCE\n\nBuyer {}sep 2017\n\nFabrikam Foods Ltd As Buyer -\n\n"
        "September 2017 to Present\n\nBuying Assistant\n\nContoso Freight Ltd -\n\nJuly 2016 to August 2017\n"
    )
    noted, plain = (PARSER.parse(text.format(word)).work_experience for word in ("from ", ""))
    assert noted == plain
    assert [(job.start_date, job.is_current) for job in noted if job.company] == [
        (date(2017, 9, 1), True),
        (date(2016, 7, 1), False),
    ]


def test_volunteer_experience_after_the_jobs_holds_no_job() -> None:
    # A recruiter counts employers and years of employment: an unpaid role at a charity is neither.
    text = (
        "Jordan Vale\n\nExperience\n\nFabrikam Foods\nBuyer\nMarch 2020 - Present (5 years 4 months)\n"
        "Denver, Colorado, United States\n\nVolunteer Experience\nTreasurer\nDenver Soup Kitchen\n"
        "March 2016 - December 2018 (2 years 10 months)\nSocial Services\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title) for job in jobs] == [("Fabrikam Foods", "Buyer")]


def test_places_a_role_moved_between_are_its_location() -> None:
    for where in ("Leeds / Manchester", "Leeds and Manchester", "Leeds → Manchester"):
        text = (
            "Jordan Vale\n\nEXPERIENCE\n\n"
            f"Buyer, Fabrikam Foods\n{where} | Jan 2016 – Feb 2019\n• Bought dairy.\n"
        )
        (job,) = PARSER.parse(text).work_experience
        assert (job.company, job.title, job.location) == ("Fabrikam Foods", "Buyer", where)
    # Words that are no places stay out: "Sales / Marketing" is no location.
    text = "Jordan Vale\n\nEXPERIENCE\n\nBuyer, Fabrikam Foods\nSales / Marketing | Jan 2016 – Feb 2019\n"
    (job,) = PARSER.parse(text).work_experience
    assert job.location is None


def test_the_town_after_a_street_and_a_postcode_is_the_location() -> None:
    text = (
        "Jordan Vale\n\nWORK EXPERIENCE\n\n"
        "Buyer, Fabrikam Foods, 8 Mill Lane, 10115 Berlin (Germany)\nMar 2019 - Present\n• Bought dairy.\n"
    )
    (job,) = PARSER.parse(text).work_experience
    assert (job.company, job.title) == ("Fabrikam Foods", "Buyer")
    assert job.location is not None and job.location.startswith("Berlin")


def test_a_title_wrapped_by_a_narrow_column_is_joined_back() -> None:
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\nSenior Account\nManager, Fabrikam Foods\nDenver | Mar 2019 - Present\n"
        "• Kept the accounts.\n"
    )
    (job,) = PARSER.parse(text).work_experience
    assert (job.title, job.company, job.location) == ("Senior Account Manager", "Fabrikam Foods", "Denver")
    # An employer's name over a title line stays the employer: its first word is no title word.
    text = "Jordan Vale\n\nEXPERIENCE\n\nWestwind Orchards\nManager, Sales\nMar 2019 - Present\n• Sold.\n"
    (job,) = PARSER.parse(text).work_experience
    assert job.company == "Westwind Orchards"


def test_a_name_opening_on_best_alone_over_a_title_is_the_employer() -> None:
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\nBest Harvest\nSales Associate | Toledo, OH | Jun 2018 – Present\n"
        "• Sold bikes.\n\nFabrikam Foods\nBuyer | Akron, OH | Mar 2015 – May 2018\n• Bought dairy.\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title) for job in jobs] == [
        ("Best Harvest", "Sales Associate"),
        ("Fabrikam Foods", "Buyer"),
    ]
    # An award under the title is still no employer.
    text = (
        "Jordan Vale\n\nEXPERIENCE\n\nSales Executive\nBest Sales Linearity\nFabrikam Foods -  Pune -\n"
        "January 2018 to Present\n• Sold.\n"
    )
    (job,) = PARSER.parse(text).work_experience
    assert job.company == "Fabrikam Foods"


def _two_page_pdf(second_page: list[tuple[str, str]]) -> bytes:
    """Page 1: a sidebar at x=40 beside an experience column at x=220; page 2: (left, right) lines there."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=True)
    page.setFont("Helvetica", 9)
    side = [
        "CONTACT",
        "jordan.vale@example.com",
        "+1 303 555 0100",
        "",
        "SKILLS",
        "Negotiation",
        "Forecasting",
    ]
    side += ["Cold calling", "Account planning", "Pricing"]
    main = [
        "EXPERIENCE",
        "Account Manager",
        "Fabrikam Foods, Denver",
        "Mar 2019 - Present",
        "Kept the largest accounts and grew them every year.",
        "Sales Associate",
        "Contoso Freight, Boulder",
        "Jan 2016 - Feb 2019",
        "Sold freight to grocers across the state and kept their orders.",
        "Trained the two sales people who joined after me.",
    ]
    for rows, x in ((side, 40), (main, 220)):
        for row, line in enumerate(rows):
            page.drawString(x, 780 - 12 * row, line)
    page.showPage()
    page.setFont("Helvetica", 9)
    for row, (left, right) in enumerate(second_page):
        page.drawString(40, 780 - 12 * row, left)
        page.drawString(220, 780 - 12 * row, right)
    page.showPage()
    page.save()
    return out.getvalue()


def test_a_sidebar_running_onto_page_two_is_split_at_page_ones_gutter() -> None:
    from app.parsing.extract import extract_text

    text = extract_text(
        _two_page_pdf(
            [
                ("LANGUAGES", "Sold freight contracts to regional grocers."),
                ("English, Spanish", "Opened eleven new accounts."),
                ("INTERESTS", ""),
                ("Hiking", ""),
            ]
        )
    ).text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # Page 2's right column goes on from page 1's experience column, page 2's sidebar lines after it.
    assert lines.index("Opened eleven new accounts.") < lines.index("LANGUAGES")
    assert [job.company for job in PARSER.parse(text).work_experience] == [
        "Fabrikam Foods",
        "Contoso Freight",
    ]


def test_a_page_two_written_across_the_page_is_not_split_at_page_ones_gutter() -> None:
    from app.parsing.extract import extract_text

    across = "Sold freight contracts to regional grocers and opened eleven new accounts in two years."
    text = extract_text(_two_page_pdf([(across, ""), ("Hiking", "Chess"), ("Cycling", "Running")])).text
    assert across in text


def test_colorados_code_after_a_town_is_a_place_not_a_legal_form() -> None:
    text = "Jordan Vale\n\nEXPERIENCE\n\nBuyer, Fabrikam Foods, Pueblo, CO\nMar 2015 – May 2018\n• Bought.\n"
    (job,) = PARSER.parse(text).work_experience
    assert (job.title, job.company, job.location) == ("Buyer", "Fabrikam Foods", "Pueblo, CO")
