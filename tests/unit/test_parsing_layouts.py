"""The offline parser on the layout suite (job headers as people write them, TXT, DOCX, PDF) and its parts."""

from __future__ import annotations

import csv
import dataclasses
import random
import re
from importlib import resources
from pathlib import Path

import pytest

from app.candidates.companies import company_key
from app.errors import Unprocessable
from app.parsing import places
from app.parsing.extract import extract_text, split_columns
from app.parsing.rule_based import RuleBasedResumeParser
from app.parsing.shared_data import shared_data_dir
from app.search.interpret import _skills_named_in_titles, interpret_rules
from tests import parsing_layouts as layouts

PARSER = RuleBasedResumeParser()


# A layout the parser still fails is marked with why (``known_failure``): the suite records it, unhidden.
SUITE = [
    pytest.param(
        layout,
        id=layout.name,
        marks=[pytest.mark.xfail(reason=layout.known_failure, strict=False)] if layout.known_failure else [],
    )
    for layout in layouts.LAYOUTS
]


@pytest.mark.parametrize("layout", SUITE)
def test_every_job_of_a_layout_is_read_right(layout: layouts.Layout) -> None:
    text = layouts.extract_text(layouts.render(layout)).text
    result = layouts.check(layout, PARSER.parse(text))
    assert result.ok, f"{result.problems}\n--- text ---\n{text}"


@pytest.mark.parametrize("layout", SUITE)
def test_every_layout_is_read_right_with_its_employers_typed_in_lower_case(layout: layouts.Layout) -> None:
    # People type a job board's fields as they like: the employers in lower case ("soundcloud", "otto group")
    # must be read from the layout and the words, not from capitals.
    lower = dataclasses.replace(
        layout, jobs=[dataclasses.replace(job, company=job.company.lower()) for job in layout.jobs]
    )
    text = layouts.extract_text(layouts.render(lower)).text
    result = layouts.check(lower, PARSER.parse(text))
    assert result.ok, f"{result.problems}\n--- text ---\n{text}"


def test_the_suite_covers_the_formats_and_enough_layouts() -> None:
    assert len(layouts.LAYOUTS) >= 20
    assert {layout.fmt for layout in layouts.LAYOUTS} == {"txt", "docx", "pdf"}


def test_the_check_catches_a_wrong_company() -> None:
    # The suite must be able to fail: a resume whose employer is the city is marked wrong.
    layout = layouts.LAYOUTS[0]
    text = "\n".join(layouts.resume_lines(layout)).replace("SoundCloud", "Berlin")
    result = layouts.check(layout, PARSER.parse(text))
    assert not result.ok
    assert any(problem.startswith("company") for problem in result.problems)


def test_a_city_goes_to_location_never_into_company() -> None:
    text = "EXPERIENCE\nSenior Backend Engineer, SoundCloud, Berlin\nMar 2019 - Present\n• Built APIs.\n"
    (job,) = PARSER.parse(text).work_experience
    assert (job.title, job.company, job.location) == ("Senior Backend Engineer", "SoundCloud", "Berlin")


def test_a_table_header_row_names_the_columns_and_is_not_a_job() -> None:
    layout = next(layout for layout in layouts.LAYOUTS if layout.name.startswith("docx table: period"))
    parsed = PARSER.parse(layouts.extract_text(layouts.render(layout)).text)
    assert [job.company for job in parsed.work_experience] == ["SoundCloud", "Otto Group", "Zalando SE"]


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["Otto Group, Hamburg", "OTTO GROUP", "Otto Group GmbH", "Otto Group GmbH & Co. KG"], "otto group"),
        (["Infosys Pvt. Ltd.", "Infosys - Pune", "INFOSYS LIMITED"], "infosys"),
        (["Zalando SE, Berlin, Germany", "zalando se"], "zalando"),
        (["Bank of America"], "bank of america"),
        (["Chicago Tribune"], "chicago tribune"),  # a city inside the name is part of it
        (["Riya Tours Private Limited", "Riya Tours Pvt. Ltd.", "RIYA TOURS"], "riya tours"),
        (["Infosys Hyderabad", "Infosys Ltd, Hyderabad", "Infosys Ltd Hyderabad"], "infosys"),
        (["Bank of Baroda"], "bank of baroda"),  # a city after "of" is part of the name
        (["Star India"], "star india"),  # a country is part of a one-word ordinary name
        (["Air India Limited", "AIR INDIA"], "air india"),
        (["Oracle India Ltd", "oracle India Limited", "Oracle"], "oracle"),  # a branch in a country
        (["IBM India Pvt. Ltd.", "IBM UK", "IBM United Kingdom"], "ibm"),
        (["State Bank of India"], "state bank of india"),  # a country after "of" is part of the name
        (["Butterball Turkey"], "butterball turkey"),  # a country that is also a word
        (
            ["M/s Contoso Traders Pvt. Ltd.", "M/S. CONTOSO TRADERS", "Messrs Contoso Traders"],
            "contoso traders",
        ),
    ],
)
def test_company_key_folds_case_punctuation_legal_forms_and_a_trailing_place(
    names: list[str], key: str
) -> None:
    assert {company_key(name) for name in names} == {key}


@pytest.mark.parametrize(
    "name", ["Company Name", "Company Name, City, State", "CONFIDENTIAL", "Self-employed", "N/A", "Freelance"]
)
def test_a_placeholder_for_an_employer_gets_no_company_key(name: str) -> None:
    # Everyone whose resume says "Company Name" would otherwise be everyone else's colleague.
    assert company_key(name) is None


def test_gazetteer_knows_places_not_employers() -> None:
    assert places.is_place("Berlin") and places.is_place("Chicago, IL") and places.is_place("Bengaluru")
    assert places.is_place("Bangalore, Karnataka") and places.is_place("City, State")
    assert (
        not places.is_place("SoundCloud") and not places.is_place("BBC") and not places.is_place("Otto Group")
    )


def test_two_column_page_is_read_column_by_column() -> None:
    left = ["CONTACT", "jo@example.com", "SKILLS", "Python, SQL", "Docker", "LANGUAGES", "English"]
    right = [
        "EXPERIENCE",
        "Systems Engineer",
        "Infosys Limited, Bangalore",
        "Jul 2016 - Present",
        "Kept the billing platform running through three migrations.",
        "Test Engineer",
        "Wipro Technologies, Pune",
    ]
    page = "\n".join(f"{a:<40}{b}" for a, b in zip(left, right, strict=True))
    assert split_columns(page).split() == " ".join(left + right).split()


def test_a_right_aligned_date_column_stays_on_its_line() -> None:
    rows = [
        ("Senior Engineer, Acme Corporation, Austin", "Jan 2019 - Present"),
        ("Built a billing platform used by forty teams", ""),
        ("Engineer, Initech LLC, Dallas", "Oct 2014 - Dec 2018"),
        ("Moved reporting from cron jobs to Airflow", ""),
        ("Analyst, Globex Inc., Houston", "Jun 2012 - Sep 2014"),
        ("Intern, Hooli, Boston", "Jan 2012 - May 2012"),
        ("Support Engineer, Vandelay, Miami", "2010 - 2011"),
    ]
    page = "\n".join(f"{a:<60}{b}" for a, b in rows)
    assert split_columns(page) == page


def _pdf(draw: list[tuple[float, float, str, float]]) -> bytes:
    """A one-page PDF with each (x, y, text, font size) drawn as one string."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=True)
    for x, y, text, size in draw:
        page.setFont("Helvetica", size)
        if x < 0:  # right-aligned at the right margin
            page.drawRightString(A4[0] + x, y, text)
        else:
            page.drawString(x, y, text)
    page.showPage()
    page.save()
    return out.getvalue()


_SIDE = ["CONTACT", "noor.haddad@example.com", "+1 555 0100", "SKILLS", "Excel, SQL", "Tableau", "EDUCATION"]
_SIDE += ["BA Economics", "Ridgeview College", "2011 - 2015"]
_MAIN = [
    "EXPERIENCE",
    "Pricing Analyst",
    "Fourth Coffee, Denver",
    "Sep 2018 - Present",
    "Set prices for 900 stores.",
]
_MAIN += ["Junior Analyst", "Litware Inc, Boulder", "Jun 2015 - Aug 2018", "Built the weekly sales report."]


def _lines(data: bytes) -> list[str]:
    return [line.strip() for line in extract_text(data).text.split("\n") if line.strip()]


def test_a_page_without_columns_reads_as_pypdfs_layout_mode() -> None:
    # The column reading redoes layout mode's steps; without columns its text is pypdf's own.
    import io

    from pypdf import PdfReader

    from app.parsing.extract import _layout_text

    data = _pdf([(40, 750 - 12 * n, line, 9) for n, line in enumerate(_SIDE + _MAIN)])
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert _layout_text(page) == (page.extract_text(extraction_mode="layout"), False)


def test_columns_under_a_summary_across_the_page_are_read_one_after_the_other() -> None:
    summary = [
        "Noor Haddad  |  Pricing analyst  |  noor.haddad@example.com  |  Denver, Colorado, United States",
        "Pricing analyst with seven years of retail experience, from store-level price tests to the models",
        "that set prices for a whole chain; at home with SQL, Excel and the people who run the stores.",
    ]
    draw = [(40, 800 - 12 * n, line, 9) for n, line in enumerate(summary)]
    draw += [(40, 750 - 12 * n, line, 9) for n, line in enumerate(_SIDE)]
    draw += [(210, 750 - 12 * n, line, 9) for n, line in enumerate(_MAIN)]
    lines = _lines(_pdf(draw))
    assert lines == [*summary, *_SIDE, *_MAIN]


def test_a_note_across_the_page_below_the_columns_leaves_them_columns() -> None:
    note = [
        "REFERENCES",
        "References are available on request from both employers named above and from Ridgeview College,",
        "where I studied economics between 2011 and 2015 and tutored first-year students in statistics.",
    ]
    draw = [(40, 750 - 12 * n, line, 9) for n, line in enumerate(_SIDE)]
    draw += [(210, 750 - 12 * n, line, 9) for n, line in enumerate(_MAIN)]
    draw += [(40, 600 - 12 * n, line, 9) for n, line in enumerate(note)]
    lines = _lines(_pdf(draw))
    assert lines == [*_SIDE, *note, *_MAIN]


def test_a_small_font_sidebar_line_never_takes_the_dates_beside_it() -> None:
    side = [*_SIDE, "CERTIFICATES", "Certified Pricing Professional", "Advanced Tableau Desktop Specialist"]
    side += ["Google Professional Data Engineer", "Databricks Certified Associate Developer"]
    main = [*_MAIN[:4], "Set the prices of 900 stores and ran the price tests that decided them."]
    main += [*_MAIN[5:8], "Built the weekly sales report that the regional managers read first."]
    # 7 pt lines 7.5 pt apart beside 11 pt lines 15 pt apart: the last sidebar line, the longest,
    # sits level with the second job's dates.
    draw = [(40, 750 - 7.5 * n, line, 7) for n, line in enumerate(side)]
    draw += [(185, 750 - 15 * n, line, 11) for n, line in enumerate(main)]
    lines = _lines(_pdf(draw))
    assert lines == [*side, *main]


def test_a_one_column_page_with_right_aligned_dates_keeps_each_date_on_its_line() -> None:
    rows = [
        ("Pricing Analyst, Fourth Coffee, Denver", "Sep 2018 - Present"),
        ("Set prices for 900 stores and ran the price tests.", ""),
        ("Junior Analyst, Litware Inc, Boulder", "Jun 2015 - Aug 2018"),
        ("Built the weekly sales report.", ""),
        ("Sales Assistant, Adatum Stores, Boulder", "Jun 2013 - May 2015"),
        ("Intern, Proseware, Denver", "Jan 2013 - May 2013"),
        ("Cashier, Northwind Market, Aurora", "Jun 2011 - Dec 2012"),
    ]
    draw = []
    for n, (text, dates) in enumerate(rows):
        draw.append((40, 750 - 12 * n, text, 9))
        if dates:
            draw.append((-40, 750 - 12 * n, dates, 9))
    lines = _lines(_pdf(draw))
    assert [" ".join(line.split()) for line in lines] == [" ".join(f"{a} {b}".split()) for a, b in rows]


def test_side_by_side_lines_above_full_width_text_are_not_columns() -> None:
    # A skills list in two columns, then paragraphs across the page: one column with a small table.
    skills = [
        ("Excel", "Tableau"),
        ("SQL", "Power BI"),
        ("Python", "Looker"),
        ("R", "dbt"),
        ("SAS", "Alteryx"),
    ]
    prose = [
        f"Paragraph {n} about pricing work that runs across the whole width of the page, as prose does."
        for n in range(8)
    ]
    draw = []
    for n, (a, b) in enumerate(skills):
        draw += [(40, 800 - 12 * n, a, 9), (300, 800 - 12 * n, b, 9)]
    draw += [(40, 730 - 12 * n, line, 9) for n, line in enumerate(prose)]
    lines = _lines(_pdf(draw))
    assert [line.split() for line in lines[:5]] == [[a, *b.split()] for a, b in skills]


def test_smart_search_keeps_the_words_it_does_not_map() -> None:
    request = interpret_rules("senior platform engineer with k8s in Berlin", limit=10)
    # The skill stays a word too: it ranks, and nobody whose parsed skills miss it is filtered out.
    assert request.query == "platform engineer k8s"
    assert request.skills == ["Kubernetes"]
    assert request.locations == ["Berlin"]
    assert request.min_experience_years == 5


@pytest.mark.parametrize(
    ("text", "query", "low", "high"),
    [
        ("python developer between 2 and 5 years", "python developer", 2, 5),
        ("accountant 3 to 6 years experience", "accountant", 3, 6),
        ("between 10 and 2 years python", "python", 2, 10),
        ("analyst with 2.5 years", "analyst", 2.5, None),
        ("junior data analyst under 2 years", "data analyst", None, 2),
        ("nurse with 10+ yrs", "nurse", 10, None),
        ("Sr. Data Scientist", "data scientist", 5, None),  # seniority as postings abbreviate it
        ("jr data analyst", "data analyst", None, 3),
    ],
)
def test_smart_search_reads_the_years_asked(text: str, query: str | None, low: float, high: float) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.min_experience_years, request.max_experience_years) == (query, low, high)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # O*NET alternate titles whose seniority-looking word ranks nothing, and a pasted posting's verb.
        ("Order Entry Clerk", "order entry clerk"),
        ("Junior High School Teacher", "junior high school teacher"),
        ("high school teacher", "high school teacher"),  # a teacher, not someone whose degree is high school
        ("Staff Nurse", "staff nurse"),
        ("Staff Accountant", "staff accountant"),
        ("Medical Staff Physician", "medical staff physician"),
        ("School Principal", "school principal"),
        ("Vice Principal", "vice principal"),
        ("Lead Abatement Worker", "lead abatement worker"),
        ("lead generation specialist", "lead generation specialist"),
        ("Lead the analysis of current and future requirements", "lead analysis current future requirements"),
        ("mid-market account executive", "mid-market account executive"),
    ],
)
def test_smart_search_reads_no_seniority_into_titles_that_have_none(text: str, query: str) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.min_experience_years, request.max_experience_years, request.education_level) == (
        None,
        None,
        None,
    )
    assert request.query == query  # the words stay what is searched for


@pytest.mark.parametrize(
    ("text", "query", "low", "high"),
    [
        ("entry level data analyst", "data analyst", None, 2),
        ("Staff BI and Data Engineer", "bi data engineer", 8, None),
        ("principal consultant", "consultant", 10, None),
        ("tech lead", "tech", 7, None),
        ("cashier with a high school diploma", "cashier", None, None),
    ],
)
def test_smart_search_reads_seniority_where_it_ranks_the_role(
    text: str, query: str, low: float | None, high: float | None
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.min_experience_years, request.max_experience_years) == (query, low, high)


def test_posting_titles_with_a_seniority_word_read_as_seniority_and_onet_entry_clerks_do_not() -> None:
    # Every distinct Glassdoor posting title with a seniority word ("Sr. Data Scientist II", "Staff Data
    # Scientist - Pricing", "Lead Data Scientist") asks for years; no O*NET title with "Entry" in it but not
    # "Entry Level" ("Data Entry Keyer", "Customs Entry Clerk") does.
    postings = shared_data_dir() / "jobs" / "glassdoor_data_science_jobs.csv"
    with postings.open(newline="", encoding="utf-8") as handle:
        titles = {row["Job Title"] for row in csv.DictReader(handle)}
    ranked = [t for t in titles if re.search(r"\b(senior|sr|jr|junior|lead|staff|principal)\b", t, re.I)]
    read = [interpret_rules(t, limit=10) for t in ranked]
    unread = [
        t for t, r in zip(ranked, read, strict=True) if r.min_experience_years == r.max_experience_years
    ]
    assert len(ranked) >= 40 and unread == []
    onet = shared_data_dir() / "skills" / "onet" / "alternate_titles.tsv"
    with onet.open(newline="", encoding="utf-8") as handle:
        entries = {
            row["Alternate Title"]
            for row in csv.DictReader(handle, delimiter="\t")
            if re.search(r"\bentry\b(?![\s-]+level)", row["Alternate Title"], re.I)
        }
    aged = [t for t in entries if interpret_rules(t, limit=10).max_experience_years is not None]
    assert len(entries) >= 20 and aged == []


def test_job_titles_name_no_place() -> None:
    # O*NET's 46,000 alternate titles, typed as searches: "Pet Groomer", "Deli Team Member" (GeoNames
    # lists "Pet" and "Deli" among big cities' other names), "Pharmacist in Charge", "Hand Drawer-in Helper"
    # asked for a place in 167 of them; 25 are left ("Deputy United States Marshal", "Vine Pruner"), and two
    # more since a large city first or last is a place without "in" ("Boston Cutter": "boston nurse").
    onet = shared_data_dir() / "skills" / "onet" / "alternate_titles.tsv"
    with onet.open(newline="", encoding="utf-8") as handle:
        titles = {row["Alternate Title"] for row in csv.DictReader(handle, delimiter="\t")}
    placed = [title for title in titles if interpret_rules(title, limit=10).locations]
    assert len(titles) > 40_000 and len(placed) <= 30, placed[:40]
    for text, place in [
        ("java dev in Reading", "Reading"),
        ("nurse in Mobile", "Mobile"),
        ("pet groomer in Austin, TX", "Austin, TX"),
        ("java developer munich", "munich"),
    ]:
        assert interpret_rules(text, limit=10).locations == [place]


@pytest.mark.parametrize(
    ("text", "query", "companies", "skills", "locations"),
    [
        ("project manager at Google or Amazon", "project manager", ["Google", "Amazon"], [], []),
        ("devops engineer at Siemens in Munich", "devops engineer", ["Siemens"], ["DevOps"], ["Munich"]),
        (
            "engineer @ Zalando, Otto Group and Delivery Hero",
            "engineer",
            ["Zalando", "Otto Group", "Delivery Hero"],
            [],
            [],
        ),
        ("java engineer, at least 7 years", "java engineer", [], ["Java"], []),
        ("java engineer, at Least 7 years", "java engineer", [], ["Java"], []),
        ("data scientist at a startup", "data scientist startup", [], [], []),
        ("someone who worked at Acme Corp", None, ["Acme Corp"], [], []),
    ],
)
def test_smart_search_takes_employers_after_at(
    text: str, query: str, companies: list[str], skills: list[str], locations: list[str]
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.companies, request.skills, request.locations) == (
        query,
        companies,
        skills,
        locations,
    )


@pytest.mark.parametrize(
    ("text", "query", "skills", "locations"),
    [
        # A place in lower case is still a place, and its words are not skills ("SAN" of "san francisco").
        ("python developer in san francisco", "python developer", ["Python"], ["san francisco"]),
        ("java developer in boston, ma", "java developer", ["Java"], ["boston, ma"]),
        ("looking for people from texas", None, [], ["texas"]),
        ("java dev munich", "java dev", ["Java"], ["munich"]),  # a large city named alone
        ("nurse in Kreuzberg", "nurse", [], ["Kreuzberg"]),  # capitalised words after "in", as written
        # A place not wanted is neither a filter nor search text.
        ("data engineer not in Berlin", "data engineer", [], []),
        ("data engineer outside London", "data engineer", [], []),
        # A skill or a word of a request that is also a town's name stays what it is.
        ("engineer with experience in rust", "engineer rust", ["Rust"], []),
        ("nurse in home care", "nurse home care", [], []),
    ],
)
def test_smart_search_reads_places(
    text: str, query: str | None, skills: list[str], locations: list[str]
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.skills, request.locations) == (query, skills, locations)


@pytest.mark.parametrize(
    ("text", "query", "locations"),
    [
        # A place first or last in the request is one without "in" (before, only after "in" or "from").
        ("accountant CPA new york", "accountant cpa", ["new york"]),
        ("accountant CPA New York", "accountant cpa", ["New York"]),
        ("new york accountant", "accountant", ["new york"]),
        ("boston nurse", "nurse", ["boston"]),
        ("nurse boston with 3 years experience", "nurse", ["boston"]),  # years and framing words aside
        ("senior accountant new york, 5+ years", "accountant", ["new york"]),
        ("developer austin, tx", "developer", ["austin, tx"]),
        ("accountant california", "accountant", ["california"]),
        ("project manager denver", "project manager", ["denver"]),
        # ... but not a town named like a word, a state's two letters, a title's word or recruiters' slang.
        ("teacher Reading", "teacher reading", []),
        ("mobile developer", "mobile developer", []),
        ("nurse phoenix", "nurse phoenix", []),
        ("physician assistant PA", "physician assistant pa", []),
        ("developer split", "developer split", []),
        ("teacher tours", "teacher tours", []),
        ("sales manager surprise", "sales manager surprise", []),
        ("java developer perm", "java developer perm", []),
        ("pet groomer", "pet groomer", []),
        ("Ship Harbor Pilot", "ship harbor pilot", []),
        ("Home Office Claims Examiner", "home office claims examiner", []),
        ("Intelligence Officer, Basic", "intelligence officer basic", []),
        ("U.S. Revenue Officer", "u.s revenue officer", []),
        # Nor one in the middle unless it is a large city or a country (as before).
        ("nurse boston pediatrics", "nurse boston pediatrics", []),
    ],
)
def test_smart_search_reads_a_place_at_either_end_without_in(
    text: str, query: str, locations: list[str]
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.locations) == (query, locations)


@pytest.mark.parametrize(
    ("text", "query", "level"),
    [
        ("teacher with a masters degree", "teacher", "master"),
        ("accountant, MBA", "accountant", "master"),
        ("phd chemist", "chemist", "doctorate"),
        ("bachelor's in computer science", "computer science", "bachelor"),
        ("scrum master", "scrum master", None),  # a role, not a degree
        ("sales associate", "sales associate", None),
    ],
)
def test_smart_search_reads_the_degree_asked(text: str, query: str, level: str | None) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.education_level) == (query, level)


def test_smart_search_reads_a_role_named_after_a_product_as_the_role() -> None:
    # "SQL Developer" is also Oracle's tool; a recruiter asking for one wants a developer who knows SQL.
    request = interpret_rules("sql developer 5 years", limit=10)
    assert (request.query, request.skills, request.min_experience_years) == ("sql developer", ["SQL"], 5)
    product = interpret_rules("rational application developer", limit=10)
    assert (product.query, product.skills) == (
        "rational application developer",
        ["Rational Application Developer"],
    )


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # O*NET titles whose word is also a product's name: the job, not Cisco's ICE, Yarn or Apache Pig.
        ("Ice Cream Shop Associate", "ice cream shop associate"),
        ("Yarn Hauler", "yarn hauler"),
        ("Pig Iron Loader", "pig iron loader"),
        ("Spring Repairer", "spring repairer"),
        ("Flask Fitter", "flask fitter"),
        ("Sea Shell Gatherer", "sea shell gatherer"),
        ("Bank Secrecy Act Officer", "bank secrecy act officer"),
        ("Blender Operator", "blender operator"),
    ],
)
def test_smart_search_reads_a_products_name_in_a_job_title_as_the_job(text: str, query: str) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.skills, request.query) == ([], query)  # searched for as words, nobody filtered out


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("java spring developer", "Spring"),
        ("python flask developer", "Flask"),
        ("yarn", "Yarn"),
        ("blender 3d artist", "Blender"),
        ("apache pig and hive", "Apache Pig"),
        ("data analyst with strong communication skills", "Communication"),  # postings' words, not a title
        ("Bank Secrecy Act Officer with ACT!", "Act!"),
    ],
)
def test_smart_search_still_reads_the_same_words_as_skills_elsewhere(text: str, skill: str) -> None:
    assert skill in interpret_rules(text, limit=10).skills


def test_job_titles_name_fewer_skills_their_occupation_does_not_use_and_postings_keep_theirs() -> None:
    # O*NET's 46,621 distinct titles typed as searches gave 1,988 skill filters their occupation does not
    # use as a technology (Assembly 106, Tax 67, Yarn 37, Spring 36, ICE 35) beside 281 it does; the title
    # pairs (`data/skill_words_in_titles.json`) leave 755 (multi-word ones such as "Quality Control" kept)
    # and 278. No distinct Glassdoor posting title loses a skill.
    from app.search.build_vocabulary import occupation_technologies, titles

    onet = shared_data_dir() / "skills" / "onet"
    technologies = occupation_technologies(onet)
    used = unused = 0
    by_title = {title: code for code, title in titles(onet)}
    for title, code in by_title.items():
        for skill in interpret_rules(title, limit=10).skills:
            if skill in technologies.get(code, ()):
                used += 1
            else:
                unused += 1
    assert len(by_title) > 40_000 and unused <= 800 and used >= 275, (unused, used)
    postings = shared_data_dir() / "jobs" / "glassdoor_data_science_jobs.csv"
    with postings.open(newline="", encoding="utf-8") as handle:
        posted = {row["Job Title"] for row in csv.DictReader(handle)}
    lost = [t for t in posted if _skills_named_in_titles(t)]
    assert len(posted) > 150 and lost == []


def test_the_shipped_title_pairs_are_what_the_builder_writes(tmp_path: Path) -> None:
    # The pairs depend on the skills catalogue: a catalogue change without a rebuild would leave them stale.
    from app.search import build_vocabulary

    assert build_vocabulary.main(["--out-dir", str(tmp_path)]) == 0
    shipped = resources.files("app.search").joinpath("data/skill_words_in_titles.json").read_text("utf-8")
    assert (tmp_path / "skill_words_in_titles.json").read_text("utf-8") == shipped


def test_smart_search_reads_employers_and_places_as_real_postings_name_them() -> None:
    # "<title> at <employer> in <place>" from the Glassdoor postings in ../shared/data: employers of any
    # shape ("Booz Allen Hamilton Inc.", "The Buffalo Group", "iRobot", "Metronome, LLC", "Bank of ...").
    postings = shared_data_dir() / "jobs" / "glassdoor_data_science_jobs.csv"
    if not postings.exists():
        pytest.skip("shared data not available")
    with postings.open(newline="", encoding="utf-8") as handle:
        rows = [
            row for row in csv.DictReader(handle) if row["Location"].strip().lower() not in ("", "remote")
        ]
    sample = random.Random(3).sample(rows, 120)
    companies = places_right = 0
    for row in sample:
        employer, place = row["Company Name"].split("\n")[0].strip(), row["Location"].strip()
        request = interpret_rules(f"{row['Job Title'].strip()} at {employer} in {place}", limit=10)
        companies += request.companies == [employer]
        places_right += request.locations == [place]
    assert companies >= 114 and places_right >= 114, (companies, places_right)


@pytest.mark.parametrize(
    ("text", "query", "skills"),
    [
        # The role: chefs, not users of the Chef tool (as a skill it filtered every chef out).
        ("pastry chef", "pastry chef", []),
        ("executive chef", "executive chef", []),
        ("illustrator", "illustrator", []),
        # Beside another role it is the skill.
        ("devops engineer with chef and puppet", "devops engineer chef puppet", ["DevOps", "Chef", "Puppet"]),
        ("graphic designer with illustrator", "graphic designer illustrator", ["Illustrator"]),
    ],
)
def test_smart_search_reads_a_skill_named_like_a_role_by_the_company_it_keeps(
    text: str, query: str, skills: list[str]
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.skills) == (query, skills)


def test_smart_search_refuses_years_no_career_has_naming_the_query() -> None:
    with pytest.raises(Unprocessable) as refused:
        interpret_rules("engineers with 999999999999 years of experience", limit=10)
    assert refused.value.details == [
        {"field": "query", "problem": "asks for 999,999,999,999 years of experience; at most 80"}
    ]


def test_smart_search_text_never_carries_contact_details() -> None:
    request = interpret_rules("python engineer like jo@example.com, call +49 30 5550 1234", limit=10)
    assert request.query == "python engineer"


def test_livecareer_placeholders_split_from_the_title() -> None:
    text = (
        "Experience\nMarch 2014 to August 2014\nCompany Name City , State Business Development Consultant\n"
    )
    (job,) = PARSER.parse(text).work_experience
    assert (job.title, job.company, job.location) == (
        "Business Development Consultant",
        "Company Name",
        "City, State",
    )


def test_responsibilities_under_a_job_do_not_end_the_work_history() -> None:
    text = (
        "WORK EXPERIENCE\nAssociate Consultant\nOracle Corporation -\nJune 2011 to Present\n"
        "Responsibilities: Development, Testing and support.\n"
        "Team Lead\nState Street -  Bangalore, Karnataka -\nMay 2010 to June 2011\n"
        "EDUCATION\nB.E. in Computer Science, 2010\n"
    )
    jobs = PARSER.parse(text).work_experience
    assert [(job.company, job.title, job.location) for job in jobs] == [
        ("Oracle Corporation", "Associate Consultant", None),
        ("State Street", "Team Lead", "Bangalore, Karnataka"),
    ]


def test_a_work_history_without_dates_still_names_the_job() -> None:
    text = "EXPERIENCE\nSoftware Development Engineer\nAmazon\n• Migrated a blog platform.\n"
    (job,) = PARSER.parse(text).work_experience
    assert (job.title, job.company, job.start_date) == ("Software Development Engineer", "Amazon", None)
