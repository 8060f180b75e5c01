"""The layout suite: hand-written work histories rendered in the job-header layouts people use.

Each ``Layout`` renders one hand-written list of jobs as a TXT, DOCX or PDF resume (generated here, no
shared data), sends the bytes through ``extract_text`` and the offline parser, and checks every job's
company (by ``company_key``), title, location (when the layout shows one) and start month. The
expected jobs are written out by hand below; nothing is derived from the parser's output.
``tests/unit/test_parsing_layouts.py`` runs it, and ``python -m benchmarks.parsing`` reports it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from app.candidates.companies import company_key
from app.parsing.extract import extract_text
from app.parsing.models import ParsedResume, WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser


@dataclass(frozen=True)
class Job:
    """One expected job; ``end`` None means "to the present"."""

    company: str
    title: str
    location: str
    start: tuple[int, int]
    end: tuple[int, int] | None


BERLIN = [
    Job("SoundCloud", "Senior Backend Engineer", "Berlin", (2019, 3), None),
    Job("Otto Group", "Software Engineer", "Hamburg", (2016, 1), (2019, 2)),
    Job("Zalando SE", "Data Analyst", "Berlin", (2014, 6), (2015, 12)),
]
MUNICH = [
    Job("Siemens AG", "Project Manager", "Munich", (2018, 9), None),
    Job("Deloitte", "Senior Consultant", "Frankfurt", (2015, 4), (2018, 8)),
]
CHICAGO = [
    Job("Acme Logistics Inc.", "Operations Manager", "Chicago, IL", (2017, 5), None),
    Job("Blue Apron", "Supply Chain Analyst", "New York, NY", (2013, 10), (2017, 4)),
]
BANGALORE = [
    Job("Infosys Limited", "Systems Engineer", "Bangalore", (2016, 7), None),
    Job("Wipro Technologies", "Test Engineer", "Pune", (2013, 1), (2016, 6)),
]
LONDON = [
    Job("Monzo Bank Ltd", "Product Designer", "London", (2020, 2), None),
    Job("BBC", "UX Designer", "Manchester", (2016, 9), (2020, 1)),
]
LEEDS = [
    Job("Tailspin Toys", "Senior Data Engineer", "Leeds", (2020, 4), None),
    Job("Proseware Ltd", "Data Engineer", "York", (2017, 1), (2020, 3)),
    Job("Wingtip Analytics", "BI Developer", "Hull", (2014, 6), (2016, 12)),
]
PARIS = [
    Job("Ubisoft", "Game Developer", "Paris", (2018, 11), None),
    Job("Capgemini", "Java Developer", "Lyon", (2015, 3), (2018, 10)),
]

# One employer placing its people at clients: the header names the client on Indeed's dash line.
CONSULTING = [
    Job("Fabrikam Consulting", "SDET Automation Engineer", "Chandigarh", (2017, 2), None),
    Job("Fabrikam Consulting", "Test Engineer", "Hyderabad", (2014, 4), (2017, 1)),
]
CLIENTS = {
    "SDET Automation Engineer": "Litware (Capital Group of Companies)",
    "Test Engineer": "Volume Licensing",
}
# Indeed's employer field holding the department first, then the employer after a comma.
UNITS = [
    Job("Fabrikam Bank", "Relationship Manager", "Pune", (2016, 7), None),
    Job("Contoso Finance", "Credit Officer", "Chennai", (2013, 1), (2016, 6)),
]
DEPARTMENTS = {"Relationship Manager": "Retail Assets", "Credit Officer": "Sales"}
# Two roles held at once at one employer, then an earlier job.
CAMPUS = [
    Job("Northwind Health", "Research Assistant", "Boston, MA", (2012, 5), (2012, 7)),
    Job("Northwind Health", "Office Assistant", "Boston, MA", (2012, 5), (2012, 7)),
    Job("Contoso Tutoring", "Mathematics Tutor", "Cambridge, MA", (2010, 10), (2012, 5)),
]

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_FULL_MONTHS = "January February March April May June July August September October November December".split()


def short(month: tuple[int, int] | None) -> str:
    """ "Mar 2019", or "Present"."""
    return f"{_MONTHS[month[1] - 1]} {month[0]}" if month else "Present"


def full(month: tuple[int, int] | None) -> str:
    """ "March 2019", or "Present"."""
    return f"{_FULL_MONTHS[month[1] - 1]} {month[0]}" if month else "Present"


def numeric(month: tuple[int, int] | None) -> str:
    """ "03/2019", or "present"."""
    return f"{month[1]:02d}/{month[0]}" if month else "present"


def year(month: tuple[int, int] | None) -> str:
    """ "2019", or "Present"."""
    return str(month[0]) if month else "Present"


def city(job: Job) -> str:
    return job.location.split(",")[0]


# One header per job: a function from a job to its header lines.
Header = Callable[[Job], list[str]]


def stacked(job: Job) -> list[str]:
    """Title, "company, city" and dates on three lines (the two-column PDFs' experience column)."""
    return [job.title, f"{job.company}, {city(job)}", f"{short(job.start)} - {short(job.end)}"]


@dataclass(frozen=True)
class Layout:
    """A way of writing job headers, the file format it is rendered in, and the jobs it holds."""

    name: str
    fmt: str  # "txt", "docx" or "pdf"
    jobs: list[Job]
    header: Header | None = None
    # Layouts with year-only dates can only be checked to the year.
    month_known: bool = True
    shows_location: bool = True
    # DOCX tables: column names and a function from a job to its cells.
    table: tuple[list[str], Callable[[Job], list[str]]] | None = None
    # PDF with a left sidebar next to the experience column: "sidebar" (one font), "small sidebar"
    # (a smaller font whose long lines run past the gutter in fixed-width text), "band" (name,
    # contact and a summary written across the page above the two columns) or "note" (a note
    # written across the page below them).
    columns: str = ""
    # The experience section's heading as the layout writes it.
    heading: str = "EXPERIENCE"
    # DOCX two-column table of labelled rows (Europass): a function from a job to its (label, value) rows.
    label_rows: Callable[[Job], list[tuple[str, str]]] | None = None
    # Why the parser still fails the layout (the tests mark it xfail); empty when it reads it right.
    known_failure: str = ""
    # Whether each job has a line of details under its header (LinkedIn's roles often have none).
    details: bool = True
    # PDF: the lines repeated at the top of every page after the first (a header line "\f" breaks the page,
    # a "Page n of m" footer at the foot of each page).
    page_top: tuple[str, ...] = ()
    # DOCX: a right-aligned tab stop at the right margin for every paragraph (dates pushed to the right).
    right_tab: bool = False
    # The lines after the experience section (an education section by default).
    closing: tuple[str, ...] = ("EDUCATION", "B.Sc. Computer Science, Technical University of Munich, 2013")
    # The lines between the contact and the experience section (a functional resume's skills first).
    opening: tuple[str, ...] = ()
    # What the headers date: "range" (start and end, or the present when the job's end is None), "start" (the
    # start alone: the end unknown, the job not current) or "none" (no dates: the job's months are unknown).
    dates: str = "range"


LAYOUTS: list[Layout] = [
    Layout(
        "title, company, city / dates next line",
        "txt",
        BERLIN,
        lambda j: [f"{j.title}, {j.company}, {city(j)}", f"{short(j.start)} - {short(j.end)}"],
    ),
    Layout(
        "title - company - city (dates)",
        "txt",
        MUNICH,
        lambda j: [f"{j.title} - {j.company} - {city(j)} ({short(j.start)} - {short(j.end)})"],
    ),
    Layout(
        "title at company, city (years)",
        "txt",
        BERLIN,
        lambda j: [f"{j.title} at {j.company}, {city(j)} ({year(j.start)} - {year(j.end)})"],
        month_known=False,
    ),
    Layout(
        "company line, then title | dates",
        "txt",
        LONDON,
        lambda j: [j.company, f"{j.title} | {short(j.start)} – {short(j.end)}"],
        shows_location=False,
    ),
    Layout(
        "company | title | dates",
        "txt",
        PARIS,
        lambda j: [f"{j.company} | {j.title} | {numeric(j.start)} - {numeric(j.end)}"],
        shows_location=False,
    ),
    Layout(
        "dates first, then title, company",
        "txt",
        BERLIN,
        lambda j: [f"{short(j.start)} – {short(j.end)}", f"{j.title}, {j.company}"],
        shows_location=False,
    ),
    Layout(
        "indeed: title / company - city - / month year to present",
        "txt",
        BANGALORE,
        lambda j: [j.title, f"{j.company} - {city(j)} -", f"{full(j.start)} to {full(j.end)}"],
    ),
    Layout(
        "company - city / title / dates",
        "txt",
        MUNICH,
        lambda j: [f"{j.company} — {city(j)}", j.title, f"{numeric(j.start)} – {numeric(j.end)}"],
    ),
    Layout(
        "title @ company / dates | city",
        "txt",
        PARIS,
        lambda j: [f"{j.title} @ {j.company}", f"{short(j.start)} - {short(j.end)} | {city(j)}"],
    ),
    Layout(
        "tab columns: dates, title, company, city",
        "txt",
        CHICAGO,
        lambda j: [f"{short(j.start)} - {short(j.end)}\t{j.title}\t{j.company}\t{j.location}"],
    ),
    Layout(
        "COMPANY, CITY, STATE / title (dates)",
        "txt",
        CHICAGO,
        lambda j: [f"{j.company.upper()}, {j.location}", f"{j.title} ({short(j.start)} - {short(j.end)})"],
    ),
    Layout(
        "company (city) / title, dates",
        "txt",
        LONDON,
        lambda j: [f"{j.company} ({city(j)})", f"{j.title}, {short(j.start)} - {short(j.end)}"],
    ),
    Layout(
        "dates  company, city / title",
        "txt",
        MUNICH,
        lambda j: [f"{numeric(j.start)} - {numeric(j.end)}  {j.company}, {city(j)}", j.title],
    ),
    Layout(
        "labelled lines",
        "txt",
        BANGALORE,
        lambda j: [
            f"Company: {j.company}",
            f"Designation: {j.title}",
            f"Duration: {short(j.start)} to {short(j.end)}",
        ],
        shows_location=False,
    ),
    Layout(
        "title at company / city · dates",
        "txt",
        LONDON,
        lambda j: [f"{j.title} at {j.company}", f"{city(j)} · {full(j.start)} - {full(j.end)}"],
    ),
    Layout(
        "docx: title | company | city | dates",
        "docx",
        PARIS,
        lambda j: [f"{j.title} | {j.company} | {city(j)} | {short(j.start)} - {short(j.end)}"],
    ),
    Layout(
        "docx: company, city / title (tab) dates",
        "docx",
        BERLIN,
        lambda j: [f"{j.company}, {city(j)}", f"{j.title}\t{short(j.start)} - {short(j.end)}"],
    ),
    Layout(
        "docx table: period | company | role",
        "docx",
        BERLIN,
        table=(
            ["Period", "Company", "Role"],
            lambda j: [f"{numeric(j.start)} - {numeric(j.end)}", j.company, j.title],
        ),
        shows_location=False,
    ),
    Layout(
        "docx table: role | employer | location | dates",
        "docx",
        CHICAGO,
        table=(
            ["Role", "Employer", "Location", "Dates"],
            lambda j: [j.title, j.company, j.location, f"{short(j.start)} - {short(j.end)}"],
        ),
    ),
    Layout(
        "docx table: dates | company | title | description",
        "docx",
        MUNICH,
        table=(
            ["Dates", "Company", "Job Title", "Description"],
            lambda j: [
                f"{short(j.start)} - {short(j.end)}",
                j.company,
                j.title,
                "• Ran the quarterly planning.\n• Hired and coached four people.",
            ],
        ),
        shows_location=False,
    ),
    Layout(
        "indeed: title, employer / client - city - / month year to present",
        "txt",
        CONSULTING,
        lambda j: [
            f"{j.title}, {j.company}",
            f"{CLIENTS[j.title]} -  {city(j)} -",
            f"{full(j.start)} to {full(j.end)}",
        ],
    ),
    Layout(
        "indeed: title / department, company - city - / month year to present",
        "txt",
        UNITS,
        lambda j: [
            j.title,
            f"{DEPARTMENTS[j.title]}, {j.company} -  {city(j)} -",
            f"{full(j.start)} to {full(j.end)}",
        ],
    ),
    Layout(
        "one line a job: title mm/yyyy - mm/yyyy company - city, state (two roles at once)",
        "txt",
        CAMPUS,
        lambda j: [f"{j.title} {numeric(j.start)} - {numeric(j.end)} {j.company} - {j.location}"],
    ),
    Layout(
        "pdf: title, company, city with dates far right",
        "pdf",
        MUNICH,
        lambda j: [f"{j.title}, {j.company}, {city(j)}" + " " * 30 + f"{short(j.start)} - {short(j.end)}"],
    ),
    Layout(
        "pdf: company | title | dates",
        "pdf",
        LONDON,
        lambda j: [f"{j.company} | {j.title} | {short(j.start)} - {short(j.end)}"],
        shows_location=False,
    ),
    Layout(
        "pdf two columns: sidebar left, experience right",
        "pdf",
        BANGALORE,
        stacked,
        columns="sidebar",
    ),
    Layout(
        "pdf two columns: small-font sidebar with long lines",
        "pdf",
        LEEDS,
        stacked,
        columns="small sidebar",
    ),
    Layout(
        "pdf two columns under a summary across the page",
        "pdf",
        LEEDS,
        stacked,
        columns="band",
    ),
    Layout(
        "pdf two columns over a note across the page",
        "pdf",
        LEEDS,
        stacked,
        columns="note",
    ),
    Layout(
        "pdf: dates first then title at company",
        "pdf",
        PARIS,
        lambda j: [f"{short(j.start)} - {short(j.end)}", f"{j.title} at {j.company}, {city(j)}"],
    ),
]

# Session 29: layouts people use a lot that the suite above lacked (invented employers and people).
STOCKHOLM = [
    Job(
        "Fabrikam Robotics",
        "Senior Software Engineer",
        "Stockholm, Stockholm County, Sweden",
        (2019, 3),
        None,
    ),
    Job(
        "Adatum Corporation",
        "Software Engineer",
        "Gothenburg, Västra Götaland County, Sweden",
        (2016, 8),
        (2019, 2),
    ),
    Job("Litware Inc.", "Junior Developer", "Uppsala, Uppsala County, Sweden", (2014, 9), (2016, 7)),
]
# Two roles at one employer, written under one company heading by LinkedIn.
TORONTO = [
    Job("Woodgrove Bank", "Engineering Manager", "Toronto, Ontario, Canada", (2021, 4), None),
    Job("Woodgrove Bank", "Senior Data Engineer", "Toronto, Ontario, Canada", (2018, 1), (2021, 3)),
    Job("Alpine Ski House", "Data Analyst", "Montreal, Quebec, Canada", (2015, 6), (2017, 12)),
]
# Two employers with two roles each, the first one's total span in whole years ("6 years").
DENVER = [
    Job("Contoso Freight", "Operations Director", "Denver, Colorado, United States", (2022, 2), None),
    Job("Contoso Freight", "Logistics Analyst", "Denver, Colorado, United States", (2019, 7), (2022, 1)),
    Job("Tailwind Traders", "Warehouse Supervisor", "Aurora, Colorado, United States", (2016, 3), (2019, 6)),
    Job("Tailwind Traders", "Shift Lead", "Aurora, Colorado, United States", (2015, 1), (2016, 2)),
]
SEATTLE = [
    Job("Contoso Pharmaceuticals", "Senior Software Engineer", "Seattle, WA", (2019, 1), None),
    Job("Adventure Works Cycles", "Software Engineer", "Portland, OR", (2016, 6), (2018, 12)),
    Job("Trey Research", "Research Assistant", "Boise, ID", (2014, 9), (2016, 5)),
]
PORTO = [
    Job("Coho Winery", "Quality Manager", "Porto", (2018, 10), None),
    Job("Lamna Healthcare Company", "Laboratory Technician", "Lisbon", (2014, 2), (2018, 9)),
]
_ADDRESSES = {
    "Porto": "Rua das Flores 12, 4050-262 Porto (Portugal)",
    "Lisbon": "Avenida da Liberdade 40, 1250-145 Lisbon (Portugal)",
}
_SECTORS = {"Porto": "Wine production", "Lisbon": "Clinical laboratories"}
DUBLIN = [
    Job("Northwind Traders", "Staff Engineer", "Dublin", (2021, 9), None),
    Job("Relecloud", "Backend Developer", "Cork", (2019, 3), (2021, 8)),
    Job("VanArsdel Ltd", "Junior Developer", "Galway", (2017, 1), (2019, 2)),
]
VIENNA = [
    Job("Fourth Coffee", "Store Manager", "Vienna", (2020, 5), None),
    Job("Wide World Importers", "Sales Representative", "Graz", (2017, 3), (2020, 4)),
]
# Internships a student lists by season, under a first job written with years only.
GRADUATE = [
    Job("Proseware Ltd", "Data Engineer", "York", (2019, 1), None),
    Job("Tailspin Toys", "Software Engineering Intern", "Leeds", (2018, 6), (2018, 8)),
    Job("Wingtip Analytics", "Data Science Intern", "Hull", (2017, 6), (2017, 8)),
]

# LinkedIn's "Save to PDF" counts a job's months with both ends in, up to the day it was saved.
_SAVED = (2025, 6)


def _months(start: tuple[int, int], end: tuple[int, int] | None) -> int:
    end = end or _SAVED
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


def _duration(months: int) -> str:
    """ "2 years 3 months", "1 year", "11 months", as LinkedIn writes a span."""
    years, rest = divmod(months, 12)
    parts = [f"{years} year{'s' * (years > 1)}"] * bool(years) + [f"{rest} month{'s' * (rest > 1)}"] * bool(
        rest
    )
    return " ".join(parts)


def linkedin(jobs: list[Job]) -> Header:
    """LinkedIn's export: company, title, "March 2019 - Present (6 years 4 months)", location; roles held at
    one employer come under one company line and its total span."""

    def header(job: Job) -> list[str]:
        # Matched by lower case: the suite reruns every layout with its employers typed in lower case.
        same = [other for other in jobs if other.company.lower() == job.company.lower()]
        role = [
            job.title,
            f"{full(job.start)} - {full(job.end)} ({_duration(_months(job.start, job.end))})",
            job.location,
        ]
        if len(same) == 1:
            return [job.company, *role]
        if (job.title, job.start) != (same[0].title, same[0].start):
            return role
        total = _months(min(other.start for other in same), same[0].end)
        return [job.company, _duration(total), *role]

    return header


def europass(job: Job) -> list[tuple[str, str]]:
    """The Europass CV's labelled rows of one job."""
    return [
        ("Dates", f"{full(job.start)} - {full(job.end) if job.end else 'present'}"),
        ("Occupation or position held", job.title),
        ("Main activities and responsibilities", "Ran the quality system and its yearly audits."),
        ("Name and address of employer", f"{job.company}, {_ADDRESSES[city(job)]}"),
        ("Type of business or sector", _SECTORS[city(job)]),
    ]


def iso(month: tuple[int, int] | None, present: str = "present") -> str:
    """ "2019-03", or the present-word."""
    return f"{month[0]}-{month[1]:02d}" if month else present


def dotted(month: tuple[int, int] | None, present: str = "present") -> str:
    """ "03.2019", or the present-word."""
    return f"{month[1]:02d}.{month[0]}" if month else present


def apostrophe(month: tuple[int, int] | None, present: str = "Present") -> str:
    """ "Mar '19", or the present-word."""
    return f"{_MONTHS[month[1] - 1]} '{month[0] % 100:02d}" if month else present


def season(job: Job) -> str:
    """ "Summer 2018" for a summer internship, else "2019 – Present"."""
    if job.end and job.start[0] == job.end[0] and job.start[1] >= 5 and job.end[1] <= 9:
        return f"Summer {job.start[0]}"
    return f"{year(job.start)} – {year(job.end)}"


def linkedin_web(job: Job) -> list[str]:
    """A job copied from a LinkedIn profile page: title, "Company · Full-time", "Jan 2019 - Present · 6 yrs
    6 mos", "City, Region, Country · Hybrid"."""
    months = _months(job.start, job.end)
    span = " ".join([f"{months // 12} yrs"] * bool(months // 12) + [f"{months % 12} mos"] * bool(months % 12))
    return [
        job.title,
        f"{job.company} · Full-time",
        f"{short(job.start)} - {short(job.end)} · {span}",
        f"{job.location} · Hybrid",
    ]


LAYOUTS += [
    Layout(
        "linkedin web copy: title / company · full-time / mon yyyy - present · span / place · hybrid",
        "txt",
        STOCKHOLM,
        linkedin_web,
    ),
    Layout(
        "linkedin pdf: company / title / month year - present (span) / city, region, country",
        "pdf",
        STOCKHOLM,
        linkedin(STOCKHOLM),
        heading="Experience",
    ),
    Layout(
        "linkedin pdf two columns: contact, top skills, languages beside roles under one company",
        "pdf",
        TORONTO,
        linkedin(TORONTO),
        heading="Experience",
        columns="linkedin",
    ),
    Layout(
        "linkedin pdf two columns: two employers' roles, no details under them",
        "pdf",
        DENVER,
        linkedin(DENVER),
        heading="Experience",
        columns="linkedin",
        details=False,
    ),
    Layout(
        "linkedin text: roles under one company and its total span",
        "txt",
        TORONTO,
        linkedin(TORONTO),
        heading="Experience",
    ),
    Layout(
        "europass: labelled rows (dates, occupation, employer and address, sector)",
        "txt",
        PORTO,
        lambda j: [f"{label}\t{value}" for label, value in europass(j)],
        heading="Work experience",
    ),
    Layout(
        "europass docx table: label | value rows",
        "docx",
        PORTO,
        label_rows=europass,
        heading="Work experience",
    ),
    Layout(
        "docx us: company — city, st / title (tab) mon yyyy – present",
        "docx",
        SEATTLE,
        lambda j: [f"{j.company} — {j.location}", f"{j.title}\t{short(j.start)} – {short(j.end)}"],
        heading="PROFESSIONAL EXPERIENCE",
    ),
    Layout(
        "markdown: ### title, company (yyyy–present)",
        "txt",
        DUBLIN,
        lambda j: [f"### {j.title}, {j.company} ({year(j.start)}–{year(j.end).lower()})"],
        heading="## Experience",
        month_known=False,
        shows_location=False,
    ),
    Layout(
        "markdown: **company** — *title* — yyyy-mm to yyyy-mm",
        "txt",
        DUBLIN,
        lambda j: [f"**{j.company}** — *{j.title}* — {iso(j.start)} to {iso(j.end, 'now')}"],
        heading="## Experience",
        shows_location=False,
    ),
    Layout(
        "iso dates: title, company, city / yyyy-mm – current",
        "txt",
        STOCKHOLM,
        lambda j: [f"{j.title}, {j.company}, {city(j)}", f"{iso(j.start)} – {iso(j.end, 'Current')}"],
    ),
    Layout(
        "dotted dates: company, city / title, mm.yyyy – till date",
        "txt",
        VIENNA,
        lambda j: [f"{j.company}, {city(j)}", f"{j.title}, {dotted(j.start)} – {dotted(j.end, 'till date')}"],
    ),
    Layout(
        "two-digit years: title at company, city / mon 'yy – now",
        "txt",
        SEATTLE,
        lambda j: [
            f"{j.title} at {j.company}, {j.location}",
            f"{apostrophe(j.start)} – {apostrophe(j.end, 'Now')}",
        ],
    ),
    Layout(
        "seasonal internships: title, company — city — summer yyyy",
        "txt",
        GRADUATE,
        lambda j: [f"{j.title}, {j.company} — {city(j)} — {season(j)}"],
        month_known=False,
    ),
    Layout(
        "pdf: title / company | city | mm.yyyy - to date",
        "pdf",
        VIENNA,
        lambda j: [j.title, f"{j.company} | {city(j)} | {dotted(j.start)} - {dotted(j.end, 'to date')}"],
    ),
]

# Session 29b: more layouts people use (invented employers and people).
# Three jobs whose second's header ends page 1 of a PDF; its details open page 2 under the name again.
NOTTINGHAM = [
    Job("Margie's Travel", "Travel Consultant", "Nottingham", (2020, 9), None),
    Job("Blue Yonder Airlines", "Customer Service Agent", "Derby", (2017, 4), (2020, 8)),
    Job("Fourth Coffee", "Barista", "Leicester", (2015, 6), (2017, 3)),
]
_PAGE_TOP = ("Priya Rao  -  Curriculum Vitae", "priya.rao@example.com | +49 30 5550 1234")
# LinkedIn: a group of roles under a year ("less than a year"), a role begun the month the PDF was saved.
AUSTIN = [
    Job("Humongous Insurance", "Claims Analyst", "Austin, Texas, United States", (2025, 6), None),
    Job("Lucerne Publishing", "Associate Editor", "Dallas, Texas, United States", (2024, 11), (2025, 5)),
    Job("Lucerne Publishing", "Editorial Assistant", "Dallas, Texas, United States", (2024, 8), (2024, 10)),
    Job("Southridge Video", "Video Producer", "Houston, Texas, United States", (2021, 3), (2024, 7)),
]
# LinkedIn splits a role across a page break: its title on page 1, its dates and place on page 2.
CALGARY = [
    Job("Consolidated Messenger", "Fleet Manager", "Calgary, Alberta, Canada", (2020, 2), None),
    Job("Consolidated Messenger", "Dispatcher", "Calgary, Alberta, Canada", (2017, 5), (2020, 1)),
    Job("City Power & Light", "Field Technician", "Edmonton, Alberta, Canada", (2013, 9), (2017, 4)),
]
# The newer Europass (2013 on): day-first dates in the left margin, the title in bold, "Employer, City
# (Country)" under it; the first day of a month where the job began, the last where it ended.
BRAGA = [
    Job("Coho Winery", "Quality Manager", "Porto", (2019, 3), None),
    Job("Lamna Healthcare Company", "Laboratory Technician", "Braga", (2014, 2), (2019, 2)),
]
_COUNTRY = {"Porto": "Portugal", "Braga": "Portugal"}
_LAST_DAY = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}
# A student's summer internships: "Summer 2018" is June to August.
SUMMERS = [
    Job("Proseware Ltd", "Data Engineer", "York", (2019, 1), None),
    Job("Tailspin Toys", "Software Engineering Intern", "Leeds", (2018, 6), (2018, 8)),
    Job("Wingtip Analytics", "Data Science Intern", "Hull", (2017, 6), (2017, 8)),
]
# The kind of contract written after the title.
CONTRACTS = [
    Job("Trey Research", "Data Analyst", "Cambridge, MA", (2022, 1), None),
    Job("Adventure Works Cycles", "Business Analyst", "Portland, OR", (2019, 5), (2021, 12)),
    Job("Alpine Ski House", "Ski Instructor", "Boise, ID", (2016, 11), (2019, 4)),
]
_CONTRACT = {
    "Data Analyst": " (Contract)",
    "Business Analyst": " – Contract",
    "Ski Instructor": ", Part-time",
}
# An employer renamed or bought since: "(formerly ...)", "(acquired by ...)".
RENAMED = [
    Job("Graphic Design Institute", "Art Director", "Chicago, IL", (2019, 8), None),
    Job("Lucerne Publishing", "Senior Designer", "Milwaukee, WI", (2016, 2), (2019, 7)),
    Job("Best For You Organics", "Designer", "Madison, WI", (2013, 6), (2016, 1)),
]
_RENAMED = {
    "graphic design institute": " (formerly School of Fine Art)",
    "lucerne publishing": " (acquired by Wide World Importers)",
}
# Working for oneself: "Self-employed" and "Freelance" where the employer goes.
OWN = [
    Job("Self-employed", "Web Developer", "Lisbon", (2021, 1), None),
    Job("Adventure Works Cycles", "Frontend Developer", "Porto", (2018, 3), (2020, 12)),
    Job("Freelance", "Photographer", "Faro", (2015, 7), (2018, 2)),
]


def europass_2013(job: Job) -> list[str]:
    """Dates in the margin beside the bold title, "Employer, City (Country)" under it, then a bullet."""
    start = f"01/{job.start[1]:02d}/{job.start[0]}"
    end = f"{_LAST_DAY.get(job.end[1], 31):02d}/{job.end[1]:02d}/{job.end[0]}" if job.end else "Present"
    return [
        f"{start}–{end}\t**{job.title}**",
        f"\t{job.company}, {city(job)} ({_COUNTRY[city(job)]})",
    ]


def page_break_after(header: Header, title: str, at: int) -> Header:
    """``header`` with a page break after its ``at`` first lines for the job titled ``title``."""

    def broken(job: Job) -> list[str]:
        lines = header(job)
        return [*lines[:at], "\f", *lines[at:]] if job.title == title else lines

    return broken


def linkedin_short(jobs: list[Job], saved: tuple[int, int]) -> Header:
    """LinkedIn's export saved in ``saved``: a group's total span under a year is "less than a year"."""

    def span(start: tuple[int, int], end: tuple[int, int] | None) -> int:
        end = end or saved
        return (end[0] - start[0]) * 12 + end[1] - start[1] + 1

    def header(job: Job) -> list[str]:
        same = [other for other in jobs if other.company.lower() == job.company.lower()]
        role = [job.title, f"{full(job.start)} - {full(job.end)} ({_duration(span(job.start, job.end))})"]
        role.append(job.location)
        if len(same) == 1:
            return [job.company, *role]
        if (job.title, job.start) != (same[0].title, same[0].start):
            return role
        total = span(min(other.start for other in same), same[0].end)
        return [job.company, _duration(total) if total >= 12 else "less than a year", *role]

    return header


LAYOUTS += [
    Layout(
        "pdf page break: a job's header ends page 1, its details open page 2 under the name again",
        "pdf",
        NOTTINGHAM,
        page_break_after(
            lambda j: [
                f"{j.company}, {city(j)}",
                f"{j.title}" + " " * 30 + f"{short(j.start)} - {short(j.end)}",
            ],
            "Customer Service Agent",
            2,
        ),
        page_top=_PAGE_TOP,
    ),
    Layout(
        "linkedin pdf: a role split by a page break, its title on page 1, dates and place on page 2",
        "pdf",
        CALGARY,
        page_break_after(linkedin(CALGARY), "Dispatcher", 1),
        heading="Experience",
    ),
    Layout(
        "linkedin pdf: roles under one company and 'less than a year', a role of (1 month)",
        "pdf",
        AUSTIN,
        linkedin_short(AUSTIN, (2025, 6)),
        heading="Experience",
    ),
    Layout(
        "europass 2013: dd/mm/yyyy–present in the margin, bold title, employer, city (country)",
        "pdf",
        BRAGA,
        europass_2013,
        heading="WORK EXPERIENCE",
        columns="margin",
    ),
    Layout(
        "summer internships with months: title, company, city / summer yyyy is june to august",
        "txt",
        SUMMERS,
        lambda j: [
            f"{j.title}, {j.company}, {city(j)}",
            f"Summer {j.start[0]}" if j.end and j.start[1] == 6 else f"{short(j.start)} – {short(j.end)}",
        ],
    ),
    Layout(
        "contract kind after the title: title (contract) / title – contract / title, part-time",
        "txt",
        CONTRACTS,
        lambda j: [
            f"{j.title}{_CONTRACT[j.title]}",
            f"{j.company}, {j.location}",
            f"{short(j.start)} – {short(j.end)}",
        ],
    ),
    Layout(
        "renamed employers: company (formerly x) / company (acquired by y) — city, st / title | dates",
        "txt",
        RENAMED,
        lambda j: [
            f"{j.company}{_RENAMED.get(j.company.lower(), '')} — {j.location}",
            f"{j.title} | {short(j.start)} – {short(j.end)}",
        ],
    ),
    Layout(
        "docx: dates in a left column made with tabs, title, then company, city",
        "docx",
        SEATTLE,
        lambda j: [f"{short(j.start)} – {short(j.end)}\t{j.title}", f"\t{j.company}, {j.location}"],
        heading="PROFESSIONAL EXPERIENCE",
    ),
    Layout(
        "docx: company, city with the dates on a right-aligned tab stop / title",
        "docx",
        LEEDS,
        lambda j: [f"{j.company}, {city(j)}\t{short(j.start)} – {short(j.end)}", j.title],
        right_tab=True,
    ),
    Layout(
        "self-employed and freelance as the employer: title / employer, city / dates",
        "txt",
        OWN,
        stacked,
    ),
    Layout(
        "years in the left margin: yyyy – now, title, company, city",
        "pdf",
        BERLIN,
        lambda j: [
            f"{year(j.start)} – {year(j.end).lower().replace('present', 'now')}\t{j.title}",
            f"\t{j.company}, {city(j)}",
        ],
        month_known=False,
        columns="margin",
    ),
]

_LINKEDIN_EDUCATION = (
    "Education",
    "Technical University of Munich",
    "Master of Science - MS, Computer Science · (2011 - 2013)",
    "University of Calgary",
    "Bachelor of Science - BS, Mathematics · (2007 - 2011)",
)


LAYOUTS += [
    Layout(
        "linkedin pdf: experience, then its education entries · (yyyy - yyyy)",
        "pdf",
        CALGARY,
        linkedin(CALGARY),
        heading="Experience",
        closing=_LINKEDIN_EDUCATION,
    ),
    Layout(
        "pdf harvard: company (left) city, st (right) / title (left) dates (right)",
        "pdf",
        CHICAGO,
        lambda j: [
            f"{j.company.upper()}" + " " * 30 + j.location,
            j.title + " " * 30 + f"{full(j.start)} – {full(j.end)}",
        ],
    ),
    Layout(
        "european: since mm/yyyy for the job that goes on: title, company, city",
        "txt",
        VIENNA,
        lambda j: [
            f"{'since ' + numeric(j.start) if j.end is None else numeric(j.start) + ' – ' + numeric(j.end)}",
            f"{j.title}, {j.company}, {city(j)}",
        ],
    ),
]

_SIDEBAR = [
    "CONTACT",
    "priya.rao@example.com",
    "+49 30 5550 1234",
    "",
    "SKILLS",
    "Python, SQL",
    "Kubernetes, Docker",
    "Leadership",
    "",
    "LANGUAGES",
    "English, German",
]
# Certificates written out in full: in a small font they reach the gutter.
_CERTIFICATES = [
    "",
    "CERTIFICATIONS",
    "AWS Certified Data Analytics Specialty",
    "Google Professional Data Engineer",
    "Databricks Certified Associate Developer",
]
# A degree in the sidebar: read line by line across the page, its years land beside a job.
# A sidebar long enough to run onto page 2 beside the experience there.
_LONG_SIDEBAR = [
    "CONTACT",
    "priya.rao@example.com",
    "+49 30 5550 1234",
    "",
    "SKILLS",
    "Customer onboarding",
    "Account planning",
    "Salesforce, Gainsight",
    "Negotiation",
    "\f",
    "LANGUAGES",
    "English, German",
    "",
    "INTERESTS",
    "Cycling, chess",
]
_SIDEBAR_EDUCATION = ["", "EDUCATION", "BSc Mathematics", "University of Leeds", "2010 - 2014"]
_SUMMARY = [
    "Priya Rao",
    "Data engineer  |  priya.rao@example.com  |  +49 30 5550 1234  |  Berlin, Germany",
    "",
    "SUMMARY",
    "Data engineer with eight years of building batch and streaming pipelines for retail and finance,",
    "from ingestion to the warehouse models analysts use every day; happy to own a platform end to end",
    "and to mentor the engineers who join it.",
]
_NOTE = [
    "REFERENCES",
    "References are available on request from the employers named above and from the Technical",
    "University of Munich, where I studied computer science from 2009 to 2013 and tutored in statistics.",
]
_LINKEDIN_SIDEBAR = [
    "Contact",
    "priya.rao@example.com",
    "www.linkedin.com/in/priya-rao-0a1b2c",
    "(LinkedIn)",
    "",
    "Top Skills",
    "Apache Spark",
    "Data Warehousing",
    "Team Leadership",
    "",
    "Languages",
    "English (Native or Bilingual)",
    "French (Professional Working)",
    "",
    "Certifications",
    "Google Professional Data Engineer",
]
_LINKEDIN_TOP = [
    "Priya Rao",
    "Engineering Manager at Woodgrove Bank",
    "Toronto, Ontario, Canada",
    "",
    "Summary",
    "I lead the data platform team and like building pipelines people trust.",
]
_DESCRIPTION = "• Led a team of four and shipped the features customers asked for most."


def resume_lines(layout: Layout) -> list[str]:
    """The resume as lines (the experience section built from the layout's job headers)."""
    lines = ["Priya Rao", "priya.rao@example.com | +49 30 5550 1234", "", *layout.opening, layout.heading, ""]
    for job in layout.jobs:
        assert layout.header is not None
        head = layout.header(job)
        if head:  # a job written elsewhere (in the closing lines) has no header here
            lines += [*head, *[_DESCRIPTION, ""] * layout.details]
    return [*lines, *layout.closing]


def render(layout: Layout) -> bytes:
    """The resume file of ``layout`` as bytes."""
    if layout.fmt == "txt":
        return "\n".join(resume_lines(layout)).encode()
    if layout.fmt == "docx":
        return _docx(layout)
    return _pdf(layout)


def _docx(layout: Layout) -> bytes:
    import docx

    document = docx.Document()
    if layout.label_rows is not None:
        # Europass: a label column and a value column, a job's rows after the other's, a blank row between.
        for line in ["Priya Rao", "priya.rao@example.com", "", layout.heading]:
            document.add_paragraph(line)
        rows = [row for job in layout.jobs for row in [*layout.label_rows(job), ("", "")]]
        table = document.add_table(rows=len(rows), cols=2)
        for number, (label, value) in enumerate(rows):
            table.rows[number].cells[0].text = label
            table.rows[number].cells[1].text = value
        for line in ["EDUCATION", "B.Sc. Computer Science, Technical University of Munich, 2013"]:
            document.add_paragraph(line)
    elif layout.table is None:
        for line in resume_lines(layout):
            paragraph = document.add_paragraph(line)
            if layout.right_tab:
                from docx.enum.text import WD_TAB_ALIGNMENT
                from docx.shared import Inches

                paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)
    else:
        columns, cells = layout.table
        for line in ["Priya Rao", "priya.rao@example.com", "", "WORK EXPERIENCE"]:
            document.add_paragraph(line)
        table = document.add_table(rows=1 + len(layout.jobs), cols=len(columns))
        for index, name in enumerate(columns):
            table.rows[0].cells[index].text = name
        for row, job in enumerate(layout.jobs, start=1):
            for index, value in enumerate(cells(job)):
                table.rows[row].cells[index].text = value
        for line in ["EDUCATION", "B.Sc. Computer Science, Technical University of Munich, 2013"]:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(layout: Layout) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=True)
    page.setFont("Helvetica", 9)
    top = A4[1] - 50
    if layout.columns == "sidebar":
        # Sidebar at the left margin, experience in a column from x=220: lines of both sit side by side.
        for number, line in enumerate(_SIDEBAR):
            page.drawString(40, top - 40 - 12 * number, line)
        page.drawString(40, top, "Priya Rao")
        for number, line in enumerate(resume_lines(layout)[3:]):
            page.drawString(220, top - 40 - 12 * number, line)
    elif layout.columns == "small sidebar":
        # A 7 pt sidebar beside 11 pt experience from x=185, its last lines beside the last job's.
        page.drawString(40, top, "Priya Rao")
        page.setFont("Helvetica", 7)
        for number, line in enumerate(_SIDEBAR + _CERTIFICATES):
            page.drawString(40, top - 40 - 9 * number, line)
        page.setFont("Helvetica", 11)
        for number, line in enumerate(resume_lines(layout)[3:]):
            page.drawString(185, top - 40 - 15 * number, line)
    elif layout.columns == "note":
        # Sidebar and experience side by side, then a note across the page under both.
        lines = resume_lines(layout)[3:]
        for number, line in enumerate(_SIDEBAR + _SIDEBAR_EDUCATION):
            page.drawString(40, top - 12 * number, line)
        for number, line in enumerate(lines):
            page.drawString(210, top - 12 * number, line)
        for number, line in enumerate(_NOTE):
            page.drawString(40, top - 12 * (len(lines) + 1 + number), line)
    elif layout.columns == "linkedin":
        # LinkedIn's export: Contact, Top Skills and Languages in a sidebar; name, headline, place, summary
        # and the experience in the main column from x=220; the page number at the foot.
        for number, line in enumerate(_LINKEDIN_SIDEBAR):
            page.drawString(40, top - 12 * number, line)
        for number, line in enumerate([*_LINKEDIN_TOP, *resume_lines(layout)[3:]]):
            page.drawString(220, top - 12 * number, line)
        page.drawCentredString(A4[0] / 2, 30, "Page 1 of 1")
    elif layout.columns == "sidebar pages":
        # Sidebar and experience side by side on two pages: both columns break ("\f") onto page 2.
        page.drawString(40, top, "Priya Rao")
        sidebar = "\n".join(_LONG_SIDEBAR).split("\n\f\n")
        experience = "\n".join(resume_lines(layout)[3:]).split("\n\f\n")
        for number, (side, main) in enumerate(zip(sidebar, experience, strict=True)):
            if number:
                page.drawCentredString(A4[0] / 2, 30, f"Page {number} of 2")
                page.showPage()
                page.setFont("Helvetica", 9)
            first = top - 40 if not number else top
            for row, line in enumerate(side.split("\n")):
                page.drawString(40, first - 12 * row, line)
            for row, line in enumerate(main.split("\n")):
                page.drawString(220, first - 12 * row, line)
        page.drawCentredString(A4[0] / 2, 30, "Page 2 of 2")
    elif layout.columns == "band":
        # Name, contact and summary across the page, then sidebar and experience side by side.
        for number, line in enumerate(_SUMMARY):
            page.drawString(40, top - 12 * number, line)
        below = top - 12 * len(_SUMMARY) - 12
        for number, line in enumerate(_SIDEBAR + _SIDEBAR_EDUCATION):
            page.drawString(40, below - 12 * number, line)
        for number, line in enumerate(resume_lines(layout)[3:]):
            page.drawString(210, below - 12 * number, line)
    else:
        lines = resume_lines(layout)
        pages, row = lines.count("\f") + 1, 0
        for line in lines:
            if line == "\f":
                # A page break: the page number at the foot, the name and contact again at the next top.
                page.drawCentredString(A4[0] / 2, 30, f"Page {page.getPageNumber()} of {pages}")
                page.showPage()
                page.setFont("Helvetica", 9)
                for number, repeated in enumerate(layout.page_top):
                    page.drawString(40, top - 12 * number, repeated)
                row = len(layout.page_top) + bool(layout.page_top)
                continue
            y = top - 12 * row
            row += 1
            if layout.columns == "margin":
                # The dates in a left margin, the rest in a column from x=170 ("**title**" in bold).
                left, _, right = line.rpartition("\t") if "\t" in line else ("", "", line)
                page.drawString(40, y, left)
                x = 170 if "\t" in line or line.startswith("•") else 40
                if right.startswith("**"):
                    page.setFont("Helvetica-Bold", 9)
                page.drawString(x, y, right.strip("*"))
                page.setFont("Helvetica", 9)
                continue
            # Runs of spaces mark a right-aligned part ("... Munich        Sep 2018 - Present").
            parts = re.split(r" {5,}", line, maxsplit=1)
            page.drawString(40, y, parts[0])
            if len(parts) > 1:
                page.drawRightString(A4[0] - 40, y, parts[1])
        if pages > 1:
            page.drawCentredString(A4[0] / 2, 30, f"Page {pages} of {pages}")
    page.showPage()
    page.save()
    return out.getvalue()


@dataclass
class LayoutResult:
    """What one layout got right."""

    layout: Layout
    checks: int = 0
    passed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.checks == self.passed


def check(layout: Layout, parsed: ParsedResume) -> LayoutResult:
    """Compare the parsed jobs with the expected ones, field by field."""
    result = LayoutResult(layout)
    jobs = parsed.work_experience

    def expect(ok: bool, problem: str) -> None:
        result.checks += 1
        result.passed += ok
        if not ok:
            result.problems.append(problem)

    expect(len(jobs) == len(layout.jobs), f"{len(jobs)} jobs instead of {len(layout.jobs)}")
    for wanted, got in zip(layout.jobs, jobs + [WorkExperience()] * len(layout.jobs), strict=False):
        expect(company_key(got.company) == company_key(wanted.company), f"company {got.company!r}")
        expect(_norm(got.title) == _norm(wanted.title), f"title {got.title!r}")
        if layout.shows_location:
            expect(
                bool(got.location) and city(wanted).lower() in (got.location or "").lower(),
                f"location {got.location!r}",
            )
        wanted_start = _date(wanted.start) if layout.dates != "none" else None
        expect(_month(got.start_date, layout) == _month(wanted_start, layout), f"start {got.start_date}")
        wanted_end = _date(wanted.end) if wanted.end and layout.dates == "range" else None
        expect(
            _month(got.end_date, layout) == _month(wanted_end, layout)
            and got.is_current == (wanted.end is None and layout.dates == "range"),
            f"end {got.end_date} current={got.is_current}",
        )
    return result


def _norm(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (text or "").lower()).split())


def _date(month: tuple[int, int]) -> date:
    return date(month[0], month[1], 1)


def _month(value: date | None, layout: Layout) -> tuple[int, int] | None:
    if value is None:
        return None
    return (value.year, value.month) if layout.month_known else (value.year, 0)


def run() -> list[LayoutResult]:
    """Every layout rendered, extracted, parsed and checked."""
    parser = RuleBasedResumeParser()
    return [check(layout, parser.parse(extract_text(render(layout)).text)) for layout in LAYOUTS]


# Session 29c: more layouts people use (invented employers and people, and "Best Buy": a real firm's name
# that opens on an award's word).
# Customer success people in a two-column PDF whose sidebar runs onto page 2 beside the third job.
SUCCESS = [
    Job("Contoso Ltd", "Customer Success Manager", "Leeds", (2020, 4), None),
    Job("Proseware Ltd", "Account Manager", "York", (2017, 1), (2020, 3)),
    Job("Wingtip Analytics", "Sales Representative", "Hull", (2014, 6), (2016, 12)),
]
# A narrow column wraps a long "title, company" header onto two lines.
NARROW = [
    Job("Contoso Ltd", "Senior Customer Success Manager", "Leeds", (2020, 4), None),
    Job("Fabrikam Robotics", "Customer Success Team Lead", "York", (2017, 1), (2020, 3)),
]
# Where a role was done: remote, a city "(remote)", a move from one city to another in one role.
REMOTE = [
    Job("Tailspin Toys", "Staff Engineer", "Remote", (2021, 9), None),
    Job("Relecloud", "Backend Developer", "Berlin", (2019, 3), (2021, 8)),
    Job("VanArsdel Ltd", "Software Engineer", "Hamburg", (2016, 1), (2019, 2)),
]
_WHERE = {"Berlin": "Berlin (remote)", "Hamburg": "Hamburg / Munich"}
_VOLUNTEERING = (
    "Volunteer Experience",
    "Mentor",
    "Code Club",
    "January 2019 - Present (6 years 6 months)",
    "Children",
    "Treasurer",
    "Berlin Food Bank",
    "March 2016 - December 2018 (2 years 10 months)",
    "Social Services",
    "",
    "Education",
    "Technical University of Munich",
    "Master of Science - MS, Computer Science · (2011 - 2013)",
)
# The 2013 Europass with the employer's street address on its line.
ADDRESSED = [
    Job("Contoso Ltd", "Quality Manager", "Porto", (2019, 3), None),
    Job("Lamna Healthcare Company", "Laboratory Technician", "Braga", (2014, 2), (2019, 2)),
]
_STREETS = {"Porto": "12 High Street, 4050-262 Porto", "Braga": "Rua do Souto 40, 4700-329 Braga"}
# A student's internships in their own section after the experience.
INTERNED = [
    Job("Proseware Ltd", "Data Engineer", "York", (2019, 9), None),
    Job("Tailspin Toys", "Data Analyst", "Leeds", (2018, 1), (2019, 8)),
]
_INTERNSHIPS = (
    "INTERNSHIPS",
    "",
    "Software Engineering Intern, Wingtip Analytics, Hull",
    "Jun 2017 – Aug 2017",
    "• Wrote the nightly data checks.",
    "",
    "Marketing Intern, Fourth Coffee, Leeds",
    "Jul 2016 – Sep 2016",
    "• Ran the shop's social media.",
    "",
    "EDUCATION",
    "B.Sc. Computer Science, University of Leeds, 2018",
)
INTERNED_ALL = [
    *INTERNED,
    Job("Wingtip Analytics", "Software Engineering Intern", "Hull", (2017, 6), (2017, 8)),
    Job("Fourth Coffee", "Marketing Intern", "Leeds", (2016, 7), (2016, 9)),
]
# A functional resume: skills first, then a short employment list, one line a job, years only.
FUNCTIONAL = [
    Job("Contoso Ltd", "Store Manager", "", (2019, 1), None),
    Job("Fourth Coffee", "Sales Associate", "", (2016, 1), (2019, 1)),
    Job("Wide World Importers", "Cashier", "", (2013, 1), (2016, 1)),
]
_SKILLS_FIRST = (
    "SUMMARY OF QUALIFICATIONS",
    "Retail manager with ten years on the shop floor.",
    "",
    "SALES AND CUSTOMER SERVICE",
    "• Raised the store's yearly sales by 12% with a loyalty programme.",
    "• Handled returns and complaints for a store of 4,000 customers a week.",
    "",
    "LEADERSHIP",
    "• Hired, trained and scheduled a team of fourteen.",
    "",
)
# "Best Buy" on its own line: a firm's name opening on an award's word.
RETAIL = [
    Job("Best Buy", "Sales Associate", "Columbus, OH", (2018, 6), None),
    Job("Fourth Coffee", "Barista", "Dayton, OH", (2015, 3), (2018, 5)),
]
# A plain-text resume typed in capitals: headings and employers.
CAPITALS = [
    Job("Northwind Traders", "Staff Engineer", "Dublin", (2021, 9), None),
    Job("Relecloud", "Backend Developer", "Cork", (2019, 3), (2021, 8)),
    Job("VanArsdel Ltd", "Junior Developer", "Galway", (2017, 1), (2019, 2)),
]


def wrapped(width: int) -> Header:
    """ "Title, Company" wrapped at ``width`` characters as a narrow column wraps it, then city and dates."""
    import textwrap

    def header(job: Job) -> list[str]:
        return [
            *textwrap.wrap(f"{job.title}, {job.company}", width),
            f"{city(job)} | {short(job.start)} - {short(job.end)}",
        ]

    return header


def europass_street(job: Job) -> list[str]:
    """The 2013 Europass with the employer's street address ("Contoso Ltd, 12 High Street, 4050-262 Porto
    (Portugal)")."""
    start = f"01/{job.start[1]:02d}/{job.start[0]}"
    end = f"{_LAST_DAY.get(job.end[1], 31):02d}/{job.end[1]:02d}/{job.end[0]}" if job.end else "Present"
    return [
        f"{start}–{end}\t**{job.title}**",
        f"\t{job.company}, {_STREETS[city(job)]} (Portugal)",
    ]


LAYOUTS += [
    Layout(
        "pdf two columns: the sidebar runs onto page 2 beside the last job",
        "pdf",
        SUCCESS,
        page_break_after(stacked, "Sales Representative", 0),
        columns="sidebar pages",
    ),
    Layout(
        "pdf narrow column: 'title, company' wrapped onto two lines / city | dates",
        "pdf",
        NARROW,
        wrapped(24),
        columns="sidebar",
    ),
    Layout(
        "where the work was: remote, city (remote), city / city in one role",
        "txt",
        REMOTE,
        lambda j: [
            f"{j.title}, {j.company}",
            f"{_WHERE.get(j.location, j.location)} | {short(j.start)} – {short(j.end)}",
        ],
    ),
    Layout(
        "linkedin pdf: experience, then volunteer experience (not jobs)",
        "pdf",
        CALGARY,
        linkedin(CALGARY),
        heading="Experience",
        closing=_VOLUNTEERING,
    ),
    Layout(
        "europass 2013: employer, street, postcode city (country) under the title",
        "pdf",
        ADDRESSED,
        europass_street,
        heading="WORK EXPERIENCE",
        columns="margin",
    ),
    Layout(
        "open-ended dates: from mm/yyyy for the current job, title, company, city",
        "txt",
        VIENNA,
        lambda j: [
            f"{j.title}, {j.company}, {city(j)}",
            f"from {numeric(j.start)}" if j.end is None else f"{numeric(j.start)} – {numeric(j.end)}",
        ],
    ),
    Layout(
        "open-ended dates: mm/yyyy onwards for the current job, company, city / title",
        "txt",
        MUNICH,
        lambda j: [
            f"{j.company}, {city(j)}",
            j.title,
            f"{numeric(j.start)} onwards" if j.end is None else f"{numeric(j.start)} – {numeric(j.end)}",
        ],
    ),
    Layout(
        "open-ended dates: yyyy to date, title | company | city",
        "txt",
        BERLIN,
        lambda j: [
            f"{j.title} | {j.company} | {city(j)}",
            f"{year(j.start)} to date" if j.end is None else f"{year(j.start)} – {year(j.end)}",
        ],
        month_known=False,
    ),
    Layout(
        "internships in their own section after the experience",
        "txt",
        INTERNED_ALL,
        lambda j: (
            [f"{j.title}, {j.company}, {city(j)}", f"{short(j.start)} – {short(j.end)}"]
            * (not j.title.endswith("Intern"))
        ),
        closing=_INTERNSHIPS,
    ),
    Layout(
        "functional resume: skills first, then employment history, company — title — yyyy–yyyy",
        "txt",
        FUNCTIONAL,
        lambda j: [f"{j.company} — {j.title} — {year(j.start)}–{year(j.end)}"],
        heading="EMPLOYMENT HISTORY",
        month_known=False,
        shows_location=False,
        details=False,
        opening=_SKILLS_FIRST,
    ),
    Layout(
        "best buy alone on a line as the employer / title | city | dates",
        "txt",
        RETAIL,
        lambda j: [j.company, f"{j.title} | {j.location} | {short(j.start)} – {short(j.end)}"],
    ),
    Layout(
        "plain text in capitals: HEADINGS, EMPLOYER, CITY / title / dates",
        "txt",
        CAPITALS,
        lambda j: [f"{j.company.upper()}, {city(j).upper()}", j.title, f"{short(j.start)} - {short(j.end)}"],
        heading="PROFESSIONAL EXPERIENCE",
        closing=("EDUCATION", "B.SC. COMPUTER SCIENCE, UNIVERSITY COLLEGE CORK, 2016"),
    ),
]

# Found while writing the "Best" test: Colorado's code is a legal form's abbreviation ("Co").
COLORADO = [
    Job("Contoso Freight", "Operations Director", "Denver, CO", (2019, 7), None),
    Job("Tailwind Traders", "Warehouse Supervisor", "Aurora, CO", (2015, 1), (2019, 6)),
]
LAYOUTS += [
    Layout(
        "company / title | city, CO | dates (Colorado's code, a legal form's abbreviation)",
        "txt",
        COLORADO,
        lambda j: [j.company, f"{j.title} | {j.location} | {short(j.start)} – {short(j.end)}"],
    ),
]

# Session 33: labelled lines naming the client the employer placed its people at, between the employer
# and the role (common in IT services resumes); the client is no employer.
PLACED = {"Systems Engineer": "Fabrikam Bank", "Test Engineer": "Northwind Traders"}
LAYOUTS += [
    Layout(
        "labelled lines with a client: company / client / designation / location / duration",
        "txt",
        BANGALORE,
        lambda j: [
            f"Company: {j.company}",
            f"Client: {PLACED[j.title]}",
            f"Designation: {j.title}",
            f"Location: {city(j)}",
            f"Duration: {short(j.start)} to {short(j.end)}",
        ],
    ),
    Layout(
        "labelled lines: company name / designation / location / period",
        "txt",
        MUNICH,
        lambda j: [
            f"Company Name: {j.company}",
            f"Designation: {j.title}",
            f"Location: {city(j)}",
            f"Period: {numeric(j.start)} - {numeric(j.end)}",
        ],
    ),
    Layout(
        "client line over title at company, city / dates",
        "txt",
        BANGALORE,
        lambda j: [
            f"Client: {PLACED[j.title]}",
            f"{j.title} at {j.company}, {city(j)}",
            f"{short(j.start)} - {short(j.end)}",
        ],
    ),
]

# Session 33: the place on a line of its own between the employer and the dates (LiveCareer's and many
# templates' stacked header): the title is the third line above the dates.
LAYOUTS += [
    Layout(
        "title / company / city, country / dates, four lines",
        "txt",
        BERLIN,
        lambda j: [j.title, j.company, f"{city(j)}, Germany", f"{full(j.start)} - {full(j.end)}"],
    ),
]

# Session 33: plain-text tables under a header row naming the columns, typed with pipes between the cells,
# or with the dates in "From" and "To" columns of their own.
LAYOUTS += [
    Layout(
        "text table with pipes: organization | designation | duration",
        "txt",
        BANGALORE,
        lambda j: (
            (["Organization | Designation | Duration"] if j.title == BANGALORE[0].title else [])
            + [f"{j.company} | {j.title} | {short(j.start)} - {short(j.end)}"]
        ),
        details=False,
        shows_location=False,
    ),
    Layout(
        "text table with tabs: s.no. / organization / designation / from / to",
        "txt",
        BANGALORE,
        lambda j: (
            (["S.No.\tOrganization\tDesignation\tFrom\tTo"] if j.title == BANGALORE[0].title else [])
            + [
                f"{[job.title for job in BANGALORE].index(j.title) + 1}\t{j.company}\t{j.title}"
                f"\t{short(j.start)}\t{short(j.end)}"
            ]
        ),
        details=False,
        shows_location=False,
    ),
]

# Session 33: DOCX tables with the range's two ends in columns of their own.
LAYOUTS += [
    Layout(
        "docx table: employer | position | location | from | to",
        "docx",
        CHICAGO,
        table=(
            ["Employer", "Position", "Location", "From", "To"],
            lambda j: [j.company, j.title, j.location, numeric(j.start), numeric(j.end)],
        ),
    ),
    Layout(
        "docx table: s.no | organisation | designation | start date | end date",
        "docx",
        BANGALORE,
        table=(
            ["S.No", "Organisation", "Designation", "Start Date", "End Date"],
            lambda j: [
                str([job.title for job in BANGALORE].index(j.title) + 1),
                j.company,
                j.title,
                short(j.start),
                short(j.end),
            ],
        ),
        shows_location=False,
    ),
]

# Session 34: the form export of `updated_resume_dataset.csv` ("company - X" over "description - ..."), as
# people fill such a form in: the company field holding the department (or the site), the firm named on the
# description's first line with "M/s" and its place; or the firm with its locality or department behind it.
WORKS = [
    Job("Contoso Engineering Ltd", "Proposal Engineer", "Pune", (2018, 7), None),
    Job("Fabrikam Valves Pvt. Ltd", "Design Engineer", "Thane", (2015, 2), (2018, 6)),
]
FORM_FIELDS = {
    "Proposal Engineer": "Proposal & Estimation",
    "Design Engineer": "Design & Proposal Engineering",
}
FORM_TAILS = {"Proposal Engineer": ", Ranjangaon MIDC", "Design Engineer": " - Customer Services"}
LAYOUTS += [
    Layout(
        "form export: company - department / description - M/s firm, place / dates / designation",
        "txt",
        WORKS,
        lambda j: [
            f"company - {FORM_FIELDS[j.title]}",
            f"description - M/s {j.company}, {city(j)}, MIDC",
            f"{short(j.start)} - {short(j.end)}",
            f"Designation - {j.title}",
        ],
        heading="Company Details",
        shows_location=False,
    ),
    Layout(
        "form export: company - firm ltd, locality or department / description - dates / designation",
        "txt",
        WORKS,
        lambda j: [
            f"company - {j.company}{FORM_TAILS[j.title]}",
            f"description - {short(j.start)} - {short(j.end)}",
            f"Designation - {j.title}",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34: a history written one sentence a job, "working experience at" the employer.
SITES = [
    Job("Contoso Construction", "Site Engineer", "Mumbai", (2017, 1), (2018, 4)),
    Job("Fabrikam Builders", "Civil Engineer", "Thane", (2014, 6), (2016, 12)),
]
LAYOUTS += [
    Layout(
        "sentences: n) working experience at company as title from month year to month year",
        "txt",
        SITES,
        lambda j: [
            f"{[job.title for job in SITES].index(j.title) + 1}) Working experience at {j.company} "
            f"as {j.title} from {full(j.start)} to {full(j.end)}."
        ],
        shows_location=False,
    ),
]

# Session 34: the same form, each entry's title in a sentence of its description, written short with a dot.
DEPUTIES = [
    Job("Contoso Foods Pvt. Ltd", "Asst. Sales Manager", "Pune", (2019, 4), None),
    Job("Fabrikam Sugars Ltd", "Dy. Manager", "Satara", (2015, 1), (2019, 3)),
]
LAYOUTS += [
    Layout(
        "form export: company - firm / description - worked as abbreviated title from dates",
        "txt",
        DEPUTIES,
        lambda j: [
            f"company - {j.company}",
            f"description - Worked as {j.title} from {short(j.start)} to {short(j.end)} in the plant.",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34b: the same form, the company field holding the project, the description opening with the job's
# own header: "At" the firm, its city and the dates, over the title alone.
PROJECT_FIELDS = {
    "Software Developer": "ERP System, CRM for Real Estate Company",
    "Web Developer": "Company portal for employee management",
}
AT_HEADERS = [
    Job("Contoso Infrastructure", "Software Developer", "Bangalore", (2015, 9), (2016, 10)),
    Job("Fabrikam Telecom Limited", "Web Developer", "Ranchi", (2013, 11), (2014, 9)),
]
LAYOUTS += [
    Layout(
        "form export: company - project / description - at firm city dates / title",
        "txt",
        AT_HEADERS,
        lambda j: [
            f"company - {PROJECT_FIELDS[j.title]}",
            f"description - • At {j.company} {city(j)}  {short(j.start)}- {short(j.end)}",
            j.title,
            f"• {PROJECT_FIELDS[j.title]}.",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34b: the same form, a later job written inside an entry's description as labelled fields: the
# range on a line of its own above "Company name:", the project's consultancy and client, then "Position:".
EMBEDDED = [
    Job("Fabrikam Engineering Limited", "Site Engineer", "Mumbai", (2012, 6), (2016, 2)),
    Job("Contoso Contracting Co LLC", "QA/QC Engineer", "Dubai", (2016, 3), None),
]
LAYOUTS += [
    Layout(
        "form export: a job inside an entry's description: dates / company name: firm city / position:",
        "txt",
        EMBEDDED,
        lambda j: (
            [
                f"company - {j.company}",
                f"description - {short(j.start)} - {short(j.end)}",
                f"Position: {j.title}.",
                "Duties & Responsibilities:",
                "•  Site inspection and daily reports.",
                "",
            ]
            if j.end
            else [
                f"Career Progression: {full(j.start)} to Still on going",
                "",
                f"Company name: {j.company} {city(j)}, UAE",
                "Consultancy: Tailspin Architectural Consultants",
                "Client: Wide World Importers, UAE",
                "Project Name: 2B + G + 19 Building",
                f"Position: {j.title}.",
            ]
        ),
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34b: the same form with an entry left unfilled, "company - No", after the jobs.
UNFILLED = [
    Job("Contoso Foods Pvt. Ltd", "Sales Officer", "Pune", (2017, 6), None),
    Job("Fabrikam Dairy Ltd", "Sales Trainee", "Satara", (2015, 1), (2017, 5)),
]
LAYOUTS += [
    Layout(
        "form export: company - firm / description - dates / designation, then company - no",
        "txt",
        UNFILLED,
        lambda j: [
            f"company - {j.company}",
            f"description - {short(j.start)} - {short(j.end)}",
            f"Designation - {j.title}",
            *(
                ["company - No", "description - English, Hindi, Marathi"]
                if j.title == UNFILLED[-1].title
                else []
            ),
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34b: the same form, the role typed into the company field before the firm, with no separator.
RUN_TOGETHER = [
    Job("Contoso Enterprise Limited", "Area Business Owner", "Pune", (2018, 4), None),
    Job("Fabrikam Infotech Pvt Ltd", "Senior Software Engineer", "Nagpur", (2014, 7), (2018, 3)),
]
LAYOUTS += [
    Layout(
        "form export: company - title firm ltd (run together) / description - dates",
        "txt",
        RUN_TOGETHER,
        lambda j: [
            f"company - {j.title} {j.company}",
            f"description - {short(j.start)} - {short(j.end)}",
            "• Business strategy, promotion and analytics.",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34b: the same form's two lines above "Skill Details": the title the resume seeks, then the current
# job's (the first entry's, which states none).
CURRENT_LINE = [
    Job("Contoso Analytics Pvt Ltd", "Machine Learning Engineer", "Pune", (2019, 1), None),
    Job("Fabrikam Insights Ltd", "Data Analyst", "Mumbai", (2016, 5), (2018, 12)),
]
LAYOUTS += [
    Layout(
        "form export: sought title / current title above skill details, the first entry titled by the second",
        "txt",
        CURRENT_LINE,
        lambda j: [
            f"company - {j.company}",
            f"description - {short(j.start)} - {short(j.end)}",
            *([f"Designation - {j.title}"] if j.end else []),
        ],
        heading="Company Details",
        opening=(
            "Education Details",
            "June 2015 B.E. Computer Science Pune University",
            "Data Science Consultant",
            "",
            "Machine Learning Engineer",
            "Skill Details",
            "PYTHON- Experience - 24 months",
        ),
        shows_location=False,
    ),
]

# Session 34b: the same form, firms whose names end on a title's head word ("Advisor", "Consultant").
ADVISORS = [
    Job("Contoso Business Advisor", "Solar Technician", "Bhopal", (2019, 7), None),
    Job("Fabrikam Tax Consultant", "Accounts Assistant", "Indore", (2016, 2), (2019, 6)),
]
LAYOUTS += [
    Layout(
        "form export: company - firm named like a role / description - dates / designation",
        "txt",
        ADVISORS,
        lambda j: [
            f"company - {j.company}",
            f"description - {short(j.start)} - {short(j.end)}",
            f"Designation - {j.title}",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34b: the same form, the description opening with a duty named as a noun ("Execution of ..."),
# the designation under it.
DUTIES = [
    Job("Contoso Nirmiti Properties", "Site Engineer", "Baramati", (2017, 3), None),
    Job("Fabrikam Housing Company", "Junior Engineer", "Pune", (2014, 6), (2017, 2)),
]
DUTY_LINES = {
    "Site Engineer": "Execution of all civil work",
    "Junior Engineer": "Preparation of bar bending schedules",
}
LAYOUTS += [
    Layout(
        "form export: company - firm / description - duty phrase / designation / dates",
        "txt",
        DUTIES,
        lambda j: [
            f"company - {j.company}",
            f"description - {DUTY_LINES[j.title]}",
            f"Designation - {j.title}",
            f"{short(j.start)} - {short(j.end)}",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34b: the same form, the first (current) entry's company field left empty, its title the headline's.
UNNAMED = [
    Job("", "Blockchain Developer", "Pune", (2019, 2), None),
    Job("Fabrikam Ledger Pvt Ltd", "Java Developer", "Nashik", (2017, 1), (2019, 1)),
]
LAYOUTS += [
    Layout(
        "form export: headline / company - (empty) / description - dates, then a filled entry",
        "txt",
        UNNAMED,
        lambda j: [
            f"company - {j.company}",
            f"description - {short(j.start)} - {short(j.end)}",
            *([f"Designation - {j.title}"] if j.company else []),
        ],
        heading="Company Details",
        opening=(
            "Education Details",
            "June 2016 B.E. Computer Engineering Pune University",
            "Blockchain Developer",
            "Skill Details",
            "SOLIDITY- Experience - 12 months",
        ),
        shows_location=False,
    ),
]

# Session 34b: the same form, an earlier job told in a sentence inside the current entry, what was done there
# in words no title has ("Database Support").
EARLIER = [
    Job("Fabrikam Broking Ltd", "Production Engineer", "Mumbai", (2013, 3), None),
    Job("Contoso Fintech Pvt Ltd", "", "Sanpada", (2008, 9), (2013, 2)),
]
LAYOUTS += [
    Layout(
        "form export: company - firm / dates / designation / earlier worked as duty at firm, city from dates",
        "txt",
        EARLIER,
        lambda j: (
            [
                f"company - {j.company}",
                f"description - {short(j.start)} - {short(j.end)}",
                f"Designation - {j.title}",
            ]
            if j.title
            else [
                f"Earlier worked as Database Support at {j.company}, {j.location} "
                f"from {short(j.start)} to {short(j.end)}."
            ]
        ),
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34b: the same form, dates written year first ("2013 Feb - 2016 Mar").
YEAR_FIRST = [
    Job("Contoso Fintech Pvt Ltd", "Database Administrator", "Pune", (2016, 4), None),
    Job("Fabrikam Broking Ltd", "Database Support Engineer", "Mumbai", (2013, 2), (2016, 3)),
]
LAYOUTS += [
    Layout(
        "form export: company - firm / description - year month - year month / designation",
        "txt",
        YEAR_FIRST,
        lambda j: [
            f"company - {j.company}",
            f"description - {j.start[0]} {_MONTHS[j.start[1] - 1]} - "
            + (f"{j.end[0]} {_MONTHS[j.end[1] - 1]}" if j.end else "Present"),
            f"Designation - {j.title}",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 34c: LiveCareer's export (its PDFs write every employer as "Company Name" and every place as "City ,
# State"; the header lambdas write them so whatever the job's case). A title typed as a field name, words no
# role has ("Sales", "Security", "Senior Payroll"), beside the dates over the employer's line.
_ANONYMISED = "Company Name - City , State"
FIELD_TITLES = [
    Job("Company Name", "Sales", "City, State", (2015, 10), (2015, 11)),
    Job("Company Name", "Security", "City, State", (2003, 2), (2003, 7)),
    Job("Company Name", "Senior Payroll", "City, State", (1999, 1), (2002, 12)),
]
LAYOUTS += [
    Layout(
        "livecareer: title mm/yyyy to mm/yyyy / Company Name - City , State, a title in no role's words",
        "pdf",
        FIELD_TITLES,
        lambda j: [f"{j.title} {numeric(j.start)} to {numeric(j.end)}", _ANONYMISED],
        heading="Experience",
        shows_location=False,
    ),
]

# Session 34c: the same export, each job's last duty typed without a full stop right above the next job's
# title and dates: a duty, not the next job's employer.
DUTY_ABOVE = [
    Job("Company Name", "Member Support Advocate", "City, State", (2019, 4), None),
    Job("Company Name", "Member Support Representative", "City, State", (2017, 3), (2019, 4)),
    Job("Company Name", "Bridal Stylist", "City, State", (2013, 3), (2014, 7)),
]
LAYOUTS += [
    Layout(
        "livecareer: title mm/yyyy to mm/yyyy / Company Name - City , State / duties, the last unstopped",
        "pdf",
        DUTY_ABOVE,
        lambda j: [
            f"{j.title} {numeric(j.start)} to {numeric(j.end) if j.end else 'Current'}",
            _ANONYMISED,
            "Answered the calls members and providers made.",
            "Handle other tasks the lead hands out",
        ],
        heading="Experience",
        shows_location=False,
        details=False,
    ),
]

# Session 34c: the same export under bare dates, the title after the employer and its place, long.
LONG_TITLES = [
    Job(
        "Company Name",
        "Crisis Line and Mobile Outreach Response Team Supervisor for Two Counties",
        "City, State",
        (2002, 7),
        None,
    ),
    Job("Company Name", "Clinical Teaching Faculty", "City, State", (1992, 5), (1996, 8)),
]
LAYOUTS += [
    Layout(
        "livecareer: mm/yyyy - mm/yyyy / Company Name - City , State long title",
        "pdf",
        LONG_TITLES,
        lambda j: [
            f"{numeric(j.start)} - {numeric(j.end) if j.end else 'Current'}",
            f"{_ANONYMISED} {j.title}",
        ],
        heading="Experience",
        shows_location=False,
    ),
]

# Session 34c: the same export with the place "City" alone (no state), between the employer and the title.
CITY_ALONE = [
    Job("Company Name", "Field Research Assistant", "City, State", (2013, 1), (2016, 4)),
    Job("Company Name", "Soil Sampling Officer", "City", (2011, 10), (2012, 12)),
]
LAYOUTS += [
    Layout(
        "livecareer: Company Name City[ , State] TITLE mm/yyyy to mm/yyyy",
        "pdf",
        CITY_ALONE,
        lambda j: [
            f"Company Name {'City , State' if ',' in j.location else 'City'} {j.title.upper()} "
            f"{numeric(j.start)} to {numeric(j.end)}"
        ],
        heading="Experience",
        shows_location=False,
    ),
]

# Session 34c: the same export under bare dates, "Title Company Name - City , State" under them (a long title
# too), each job's details one line that reads as a role ("Trainer of new kitchen staff"): the last job's
# details, not the title of the dates under them.
ROLE_DETAILS = [
    Job("Company Name", "Owner", "City, State", (2000, 1), (2003, 1)),
    Job("Company Name", "Line Cook", "City, State", (1999, 1), (2000, 1)),
    Job(
        "Company Name",
        "Senior Vice President Commercial Lending Officer and Regional Branch Manager",
        "City, State",
        (1992, 6),
        (1999, 1),
    ),
]
LAYOUTS += [
    Layout(
        "livecareer: mm/yyyy to mm/yyyy / Title Company Name - City , State / one line of details, a role",
        "pdf",
        ROLE_DETAILS,
        lambda j: [
            f"{numeric(j.start)} to {numeric(j.end)}",
            f"{j.title} {_ANONYMISED}",
            "Trainer of new kitchen staff",
        ],
        heading="Experience",
        shows_location=False,
        details=False,
    ),
]

# Session 34c: the same export listing the jobs twice, under "Experience" and again under "Work History".
RELISTED = [
    Job("Company Name", "Member Support Advocate", "City, State", (2019, 4), None),
    Job("Company Name", "Bridal Stylist", "City, State", (2013, 3), (2014, 7)),
]


def _livecareer_header(job: Job) -> list[str]:
    return [f"{job.title} {numeric(job.start)} to {numeric(job.end) if job.end else 'Current'}", _ANONYMISED]


LAYOUTS += [
    Layout(
        "livecareer: the jobs under Experience, listed again under Work History",
        "pdf",
        RELISTED,
        _livecareer_header,
        heading="Experience",
        shows_location=False,
        closing=(
            "Work History",
            *[line for job in RELISTED for line in [*_livecareer_header(job), _DESCRIPTION]],
            "EDUCATION",
            "B.Sc. Computer Science, Technical University of Munich, 2013",
        ),
    ),
]

# Session 35b: the form export of `updated_resume_dataset.csv` again, the firm's city typed on after its legal
# form with no comma or dash, and more behind it (the firm's short name, the state).
GLUED_PLACES = [
    Job("Contoso Systems Pvt. Ltd", "Test Engineer", "Pune", (2017, 10), None),
    Job("Fabrikam Analytics Private Limited", "Data Engineer", "Nagpur", (2014, 3), (2017, 9)),
]
GLUED_TAILS = {"Test Engineer": ", Contoso", "Data Engineer": " Maharashtra"}
LAYOUTS += [
    Layout(
        "form export: company - firm ltd city (no separator), more / description - dates / designation",
        "txt",
        GLUED_PLACES,
        lambda j: [
            f"company - {j.company} {city(j)}{GLUED_TAILS[j.title]}",
            f"description - {short(j.start)} - {short(j.end)}",
            f"Designation - {j.title}",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 35b: the same form with a student's events after the jobs, each in an entry of its own ("company -
# <event>" over "description - conducted by <institute>", "... in project competition").
EVENTS = [
    Job("Contoso Motors Pvt Ltd", "Design Engineer", "Pune", (2018, 7), None),
    Job("Fabrikam Auto Components", "Graduate Engineer Trainee", "Chakan", (2017, 6), (2018, 6)),
]
LAYOUTS += [
    Layout(
        "form export: company - firm / description - dates / title, then events (conducted by, a contest)",
        "txt",
        EVENTS,
        lambda j: [
            f"company - {j.company}",
            f"description - {short(j.start)} - {short(j.end)}",
            f"Designation - {j.title}",
            *(
                [
                    "company - Tailspin Kart Challenge",
                    "description - conducted by Northwind Institute of",
                    "Technology.",
                    "",
                    "•  Worked as a Captain of the Automotive Students' Club.",
                    "company - WINGTIP",
                    "description - Co-ordinator in project competition.",
                ]
                if j.title == EVENTS[-1].title
                else []
            ),
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 35b: the same form, the role typed into the company field before the firm with "in", "at" or "@".
ROLE_IN_FIRM = [
    Job("Contoso Market Technologies Ltd", "DBA", "Mumbai", (2017, 2), None),
    Job("Fabrikam Infosystems Pvt Ltd", "Senior Developer", "Pune", (2013, 8), (2017, 1)),
]
ROLE_JOINERS = {"DBA": "in", "Senior Developer": "at"}
LAYOUTS += [
    Layout(
        "form export: company - title in / at firm ltd / description - dates",
        "txt",
        ROLE_IN_FIRM,
        lambda j: [
            f"company - {j.title} {ROLE_JOINERS[j.title]} {j.company}",
            f"description - Duration: {short(j.start)} - {short(j.end)}",
            "Project Title: Trading systems, market data feeds",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 35b: the same form, the description opening with a duty put as an order ("Provide legal assistance
# ..."), the designation under it.
ORDERS = [
    Job("Contoso Legal Associates", "Legal Assistant", "Solapur", (2018, 6), None),
    Job("Fabrikam Realty Pvt Ltd", "Documentation Executive", "Pune", (2016, 1), (2018, 5)),
]
ORDER_LINES = {
    "Legal Assistant": "Provide legal assistance in property work",
    "Documentation Executive": "Maintain sale deeds and agreements",
}
LAYOUTS += [
    Layout(
        "form export: company - firm / description - duty as an order / designation / dates",
        "txt",
        ORDERS,
        lambda j: [
            f"company - {j.company}",
            f"description - {ORDER_LINES[j.title]}",
            f"Designation - {j.title}",
            f"{short(j.start)} - {short(j.end)}",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 35b: job headers (not the form) whose employer line types the city right after the legal form, with
# no comma or dash: "Contoso Auto Parts Pvt Ltd Chakan" over the title and the dates.
GLUED_CITIES = [
    Job("Contoso Auto Parts Pvt Ltd", "Quality Engineer", "Chakan", (2016, 4), None),
    Job("Fabrikam Textiles Ltd", "Production Supervisor", "Tirupur", (2012, 9), (2016, 3)),
]
LAYOUTS += [
    Layout(
        "company ltd city (no separator) / title / dates",
        "txt",
        GLUED_CITIES,
        lambda j: [f"{j.company} {city(j)}", j.title, f"{short(j.start)} - {short(j.end)}"],
    ),
]

# Session 35b: the form export, a label and its value typed into the company field ("Technology - Dot Net",
# "Domain - Retail"), the employer named by the description's sentence, the designation labelled under it.
LABELLED_FIELDS = [
    Job("Contoso ERP Solutions Pvt Ltd", "Software Developer", "Pune", (2016, 1), (2016, 12)),
    Job("Fabrikam Retail Systems Ltd", "Junior Developer", "Pune", (2014, 6), (2015, 11)),
]
FIELD_LABELS = {
    "Software Developer": "Technology - Dot Net",
    "Junior Developer": "Domain- Retail and Billing",
}
LAYOUTS += [
    Layout(
        "form export: company - label - value / description - worked in firm from dates / designation",
        "txt",
        LABELLED_FIELDS,
        lambda j: [
            f"company - {FIELD_LABELS[j.title]}",
            f"description - • Worked in {j.company} From {full(j.start)} To {full(j.end)}.",
            "",
            f"• Designation - {j.title}.",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 35b: the form export, a later entry's company field left empty and the firm's name alone on the
# description's first line, the duties under it.
NAMED_BELOW = [
    Job("Contoso Wellness Pvt Ltd", "Nutrition Coach", "Bengaluru", (2017, 5), None),
    Job("Fabrikam Health Marketing Pvt Ltd", "Diet Counsellor", "Mysore", (2015, 2), (2017, 4)),
]
LAYOUTS += [
    Layout(
        "form export: company - (empty) / description - firm name alone / designation / dates",
        "txt",
        NAMED_BELOW,
        lambda j: [
            "company -" if j.end else f"company - {j.company}",
            f"description - {j.company}" if j.end else "description - Coaching clients on diet.",
            "",
            f"Designation - {j.title}",
            f"{short(j.start)} - {short(j.end)}",
            "• Counselling camps with practising doctors.",
        ],
        heading="Company Details",
        shows_location=False,
    ),
]

# Session 35: the same export, a title field that holds a comma ("Director, Field Operations", "Claims
# Analyst, Vice President", "Line Cook, Prep Cook"), in the export's three header forms: the field is whole.
COMMA_TITLES = [
    Job("Company Name", "Director, Field Operations", "City, State", (2014, 10), None),
    Job("Company Name", "Claims Analyst, Vice President", "City, State", (2007, 1), (2014, 9)),
    Job("Company Name", "Line Cook, Prep Cook", "City, State", (2000, 1), (2006, 12)),
]
LAYOUTS += [
    Layout(
        "livecareer: a title field with a comma, over or beside the dates and Company Name",
        "pdf",
        COMMA_TITLES,
        lambda j: (
            [j.title, f"{full(j.start)} to {full(j.end) if j.end else 'Current'} {_ANONYMISED}"]
            if j.end is None
            else [f"{j.title} {numeric(j.start)} to {numeric(j.end)} Company Name City , State"]
            if j.start[0] > 2000
            else [f"{j.title} , {numeric(j.start)} to {numeric(j.end)}", "Company Name – City , State"]
        ),
        heading="Experience",
        shows_location=False,
    ),
]

# Session 35: the same export with the title on a line of its own over "Month Year to Month Year Company
# Name - City , State", in words no role has; each job's details open on a role-like line ("Mentor for ...")
# and end on a duty without a full stop; two roles with the same dates. The title line alone is the header.
TITLE_OVER_DATED_EMPLOYER = [
    Job("Company Name", "Regional Accounts and Partnerships", "City, State", (2012, 12), (2014, 8)),
    Job("Company Name", "Clinical Teaching Residency", "City, State", (1997, 1), (1997, 5)),
    Job("Company Name", "Clinical Teaching Practicum", "City, State", (1997, 1), (1997, 5)),
]
LAYOUTS += [
    Layout(
        "livecareer: a title in no role's words / Month yyyy to Month yyyy Company Name - City , State",
        "pdf",
        TITLE_OVER_DATED_EMPLOYER,
        lambda j: [
            j.title,
            f"{full(j.start)} to {full(j.end)} {_ANONYMISED}",
            "Mentor for junior staff and new volunteers",
            "Builds, tracks and reports the monthly forecasts",
        ],
        heading="Experience",
        shows_location=False,
        details=False,
    ),
]

# Session 36: a history under a heading with a qualifier before it, in title case ("Relevant Professional
# Experience", "Additional Experience"), after a skills list; the second heading opens the older jobs.
QUALIFIED_HEADINGS = [
    Job("Contoso Learning", "Substitute Teacher", "Richmond", (2015, 10), None),
    Job("Fabrikam Memorials", "Digital Media Specialist", "Wilmington", (2013, 7), (2015, 6)),
    Job("Northwind Resorts", "Room Attendant", "Wilmington", (2012, 3), (2013, 7)),
]
LAYOUTS += [
    Layout(
        "title month yyyy to month yyyy / company - city, under Relevant Professional Experience",
        "txt",
        QUALIFIED_HEADINGS,
        lambda j: [
            *(["Additional Experience"] if j.start < (2013, 1) else []),
            f"{j.title} {short(j.start)} to {short(j.end) if j.end else 'Current'}",
            f"{j.company} - {city(j)}",
        ],
        heading="Relevant Professional Experience",
        opening=("Highlights", "Traditional fine art skills", "Photo enhancing", ""),
    ),
]

# Session 36: LiveCareer's export when the person gave no dates: the whole header on one line ("Banking
# Officer Company Name City , State"), and nothing dated in the history.
UNDATED_HEADERS = [
    Job("Company Name", "Manager of Golf Operations", "City, State", (2013, 1), None),
    Job("Company Name", "Banking Officer", "City, State", (2010, 1), None),
    Job("Company Name", "Manager", "City, State", (2008, 1), None),
]
LAYOUTS += [
    Layout(
        "livecareer: undated title Company Name City , State",
        "pdf",
        UNDATED_HEADERS,
        lambda j: [f"{j.title} Company Name City , State"],
        heading="Professional Experience",
        shows_location=False,
        dates="none",
    ),
]

# Session 36: LiveCareer's export when the person gave a start alone: the date on a line of its own over the
# whole header ("01/2014" over "Civic Engagement Intern Company Name - City , State").
START_ALONE = [
    Job("Company Name", "Civic Engagement Intern", "City, State", (2014, 1), None),
    Job("Company Name", "Promotions Intern", "City, State", (2013, 7), None),
    Job("Company Name", "Medical Assistant", "City, State", (2012, 1), None),
]
LAYOUTS += [
    Layout(
        "livecareer: mm/yyyy alone / title Company Name - City , State",
        "pdf",
        START_ALONE,
        lambda j: [numeric(j.start), f"{j.title} {_ANONYMISED}"],
        heading="Experience",
        shows_location=False,
        dates="start",
    ),
]

# Session 36: a job's details that open on a duty's verb and "as a" ("Participate as a treatment team
# member.", "Serve as a liaison to families."): duties, not jobs at an employer named "Participate".
DUTIES_AS = [
    Job("Company Name", "Mental Health Worker II", "City, State", (2008, 1), (2009, 3)),
    Job("Company Name", "Developmentalist", "City, State", (2007, 7), (2007, 12)),
]
LAYOUTS += [
    Layout(
        "livecareer: title month yyyy to month yyyy / Company Name - City , State / duty as a role",
        "pdf",
        DUTIES_AS,
        lambda j: [
            f"{j.title} {short(j.start)} to {short(j.end)}",
            _ANONYMISED,
            "Participate as a treatment team member."
            if j.start > (2008, 0)
            else "Serve as a liaison to families.",
        ],
        heading="Experience",
        shows_location=False,
        details=False,
    ),
]

# Session 36: LiveCareer's export typing the title field twice, in capitals, before the employer
# ("FRONT DESK MANAGER FRONT DESK MANAGER Company Name - City , State" under the dates).
DOUBLED_TITLES = [
    Job("Company Name", "Front Desk Manager", "City, State", (2001, 4), (2008, 7)),
    Job("Company Name", "Night Auditor", "City, State", (1999, 2), (2001, 3)),
]
LAYOUTS += [
    Layout(
        "livecareer: mm/yyyy to mm/yyyy / TITLE TITLE Company Name - City , State",
        "pdf",
        DOUBLED_TITLES,
        lambda j: [
            f"{numeric(j.start)} to {numeric(j.end)}",
            f"{j.title.upper()} {j.title.upper()} {_ANONYMISED}",
        ],
        heading="Experience",
        shows_location=False,
    ),
]

# Session 38: Indeed's export with the client typed where the employer goes ("Fabrikam -  Pune -"), the
# job's first line of details naming the employer without a legal form, working at it for that client
# ("as Escalation Engineer at Tailspin Toys, Pune for Fabrikam Enterprise Support").
OUTSOURCED = [
    Job("Tailspin Toys", "Escalation Engineer", "Pune", (2017, 5), None),
    Job("Wingtip Analytics", "Support Engineer", "Hyderabad", (2014, 2), (2017, 4)),
]
# Each job's client, and its employer as the details write it (capitalised, as prose is, whatever the form's
# employer field holds).
OUTSOURCED_FOR = {
    "Escalation Engineer": ("Fabrikam", "Tailspin Toys"),
    "Support Engineer": ("Litware", "Wingtip Analytics"),
}
LAYOUTS += [
    Layout(
        "indeed: title / client - city - / month year to present / details: at employer, city for client",
        "txt",
        OUTSOURCED,
        lambda j: [
            j.title,
            f"{OUTSOURCED_FOR[j.title][0]} -  {city(j)} -",
            f"{full(j.start)} to {full(j.end)}",
            f"As {j.title} at {OUTSOURCED_FOR[j.title][1]}, {city(j)} for {OUTSOURCED_FOR[j.title][0]}"
            " Enterprise Support.",
        ],
        details=False,
    ),
]

# Session 38: Indeed's export at one employer placing its staff with clients, each job's employer line naming
# the client, then the employer, neither with a legal form ("Litware - Northwind -", "Fabrikam, Northwind -",
# "Proseware- Northwind -"); the first job's line names the employer alone.
STAFFED = [
    Job("Northwind", "PMO Lead", "Bengaluru", (2019, 6), None),
    Job("Northwind", "PMO Analyst", "Bengaluru", (2016, 10), (2019, 5)),
    Job("Northwind", "Process Specialist", "Chennai", (2013, 6), (2016, 9)),
    Job("Northwind", "Process Associate", "Chennai", (2010, 4), (2013, 5)),
]
STAFFED_AT = {
    "PMO Lead": "",
    "PMO Analyst": "Litware - ",
    "Process Specialist": "Fabrikam, ",
    "Process Associate": "Proseware- ",
}
LAYOUTS += [
    Layout(
        "indeed: title / client - employer - city - (and client, employer; client- employer) / month year",
        "txt",
        STAFFED,
        lambda j: [
            j.title,
            f"{STAFFED_AT[j.title]}{j.company} -  {city(j)} -",
            f"{full(j.start)} to {full(j.end)}",
        ],
    ),
]

# Session 38: Indeed's employer line naming the office first ("Head quarters of Contoso Travels -  Mysore -",
# "Head Office of ..."): "Head" is a title's word, but the words before "of" say the employer's name follows.
OFFICES = [
    Job("Contoso Travels", "Travel Consultant", "Mysore", (2015, 3), (2016, 1)),
    Job("Fabrikam Tours", "Ticketing Executive", "Chennai", (2012, 6), (2015, 2)),
]
OFFICE_OF = {"Travel Consultant": "Head quarters of", "Ticketing Executive": "Head Office of"}
LAYOUTS += [
    Layout(
        "indeed: title / head quarters of company - city - / month year to month year",
        "txt",
        OFFICES,
        lambda j: [
            j.title,
            f"{OFFICE_OF[j.title]} {j.company} -  {city(j)} -",
            f"{full(j.start)} to {full(j.end)}",
        ],
    ),
]

# Session 39: Indeed's employer line of an Indian resume with the state and country as the place ("Northwind -
# Gujarat, IN -"), the state named again under the dates (the territory the job covered); the employer's name
# has no legal form, so only the gazetteer says which of the two parts is the place.
TERRITORIES = [
    Job("Northwind", "Sales Engineer", "Gujarat, IN", (2015, 9), None),
    Job("Adatum", "Area Sales Manager", "Haryana, IN", (2012, 4), (2015, 8)),
]
LAYOUTS += [
    Layout(
        "indeed: title / company -  state, IN - / month year to month year / state",
        "txt",
        TERRITORIES,
        lambda j: [
            j.title,
            f"{j.company} -  {j.location} -",
            f"{full(j.start)} to {full(j.end)}",
            city(j),
        ],
        shows_location=False,
    ),
]

# Session 39: a title with what the role dealt with after a dash ("Assistant Manager - Outbound Sales"), the
# employer's name alone on the next line without a legal form, then the dates: the name on a line of its
# own under the title line is the employer, not the title line's last words.
QUALIFIED = [
    Job("Northwind", "Assistant Manager - Outbound Sales", "", (2015, 9), None),
    Job("Adatum", "Team Leader - Corporate Sales", "", (2012, 4), (2015, 8)),
    Job("Litware", "Sales Officer - Retail Banking", "", (2010, 1), (2012, 3)),
]
LAYOUTS += [
    Layout(
        "title - what it dealt with / company / month year to month year",
        "txt",
        QUALIFIED,
        lambda j: [j.title, j.company, f"{full(j.start)} to {full(j.end)}"],
        shows_location=False,
    ),
]

# Session 39: jobs told in sentences by someone an agency placed at a client ("Working as Software Engineer
# for Fabrikam Systems India Private Ltd under Northwind.. From May 2017 till now"): the agency after "under"
# is the employer, its name without a legal form; the dates the sentence gives after it say it is one.
AGENCY_PLACED = [
    Job("Northwind", "Software Engineer", "", (2017, 5), None),
    Job("Adatum", "Software Engineer", "", (2014, 12), (2017, 4)),
]
LAYOUTS += [
    Layout(
        "sentences: working as title for client under agency.. from month year till ...",
        "txt",
        AGENCY_PLACED,
        lambda j: [
            f"• Working as {j.title} for Fabrikam Systems India Private Ltd under {j.company}.. "
            f"From {full(j.start)} till {full(j.end) if j.end else 'now'}"
        ],
        shows_location=False,
        details=False,
    ),
]

# Session 39: Indeed's export with the client typed where the employer goes, the job's first line of details
# saying who employed the writer in words, the employer's name without a legal form ("Associated with Fabrikam
# on the role of Northwind.", "Working as ... with a Litware client in Adatum from ...").
ON_ROLES = [
    Job("Northwind", "Network Engineer", "Mumbai", (2017, 2), None),
    Job("Adatum", "Software Engineer", "Pune", (2014, 6), (2017, 1)),
]
# Each job's client, and its first line of details (the employer capitalised, as prose is).
ON_ROLES_FOR = {
    "Network Engineer": ("Fabrikam", "Associated with Fabrikam on the role of Northwind."),
    "Software Engineer": (
        "Litware",
        "Working as software engineer with a Litware client in Adatum since 2014.",
    ),
}
LAYOUTS += [
    Layout(
        "indeed: title / client - city - / month year / details: on the role of employer, client in employer",
        "txt",
        ON_ROLES,
        lambda j: [
            j.title,
            f"{ON_ROLES_FOR[j.title][0]} -  {city(j)} -",
            f"{full(j.start)} to {full(j.end)}",
            ON_ROLES_FOR[j.title][1],
        ],
        details=False,
    ),
]

# Session 39: Indeed's export with a note on the employer that wrapped under the dates, its opening bracket
# lost ("Channel Partner Of Fabrikam Telecom Ltd)"): the end of a note, not a firm of its own, though it has
# the legal form the employer's bare name lacks.
PARTNERS = [
    Job("Northwind", "Sales Team Leader", "Mumbai", (2005, 4), (2007, 3)),
    Job("Adatum", "Corporate Sales Executive", "Pune", (2003, 6), (2005, 3)),
]
LAYOUTS += [
    Layout(
        "indeed: title / company - city - / month year to month year / note's end: partner of firm ltd)",
        "txt",
        PARTNERS,
        lambda j: [
            j.title,
            f"{j.company} -  {city(j)} -",
            f"{full(j.start)} to {full(j.end)}",
            "Channel Partner Of Fabrikam Telecom Ltd)",
        ],
    ),
]

# Session 40: Indeed's export whose employers' names hold words titles are made of ("Consultant Hub",
# "General Ferroworks") under a plain title line, the place typed after the name: the form's employer field,
# read as the employer whatever words the name is made of, unless it ends on a title's head word.
TITLE_WORDED = [
    Job("Consultant Hub", "Senior Analyst", "Pune", (2016, 8), None),
    Job("General Ferroworks", "Software Engineer", "Mumbai", (2013, 2), (2016, 7)),
    Job("Designer Looms", "Team Lead", "Chennai", (2010, 5), (2013, 1)),
]
LAYOUTS += [
    Layout(
        "indeed: title / company with title words - city - / month year to month year",
        "txt",
        TITLE_WORDED,
        lambda j: [j.title, f"{j.company} -  {city(j)} -", f"{full(j.start)} to {full(j.end)}"],
    ),
]

# Session 40: Indeed's export with the employer typed alone before the dash, no place, its name one the
# gazetteer also holds for a town ("Kalyani -", "Terminus -" under the title): the form's employer field, not
# a place; Indeed types a blank employer's place as "City, State -", and a large city alone stays the place.
TOWN_NAMED = [
    Job("Kalyani", "Quality Engineer", "", (2017, 3), None),
    Job("Terminus", "Sales Executive", "", (2014, 1), (2017, 2)),
]
LAYOUTS += [
    Layout(
        "indeed: title / company named as a town - / month year to month year",
        "txt",
        TOWN_NAMED,
        lambda j: [j.title, f"{j.company} -", f"{full(j.start)} to {full(j.end)}"],
        shows_location=False,
    ),
]

# Session 41: Indeed's export whose writer typed the headline ("Test Analyst at Adatum, Hyderabad") in an
# earlier job's title field, over that job's own employer line: Adatum is typed alone as the current job's
# employer, so the "at" names where the writer works now, and the dash line the employer of these dates.
RESTATED = [
    Job("Adatum", "QA Analyst", "Hyderabad", (2016, 3), None),
    Job("Northwind", "Test Analyst", "Hyderabad", (2011, 11), (2016, 2)),
]
LAYOUTS += [
    Layout(
        "indeed: title at current employer, city / company - city - / month year to month year",
        "txt",
        RESTATED,
        lambda j: [
            j.title if j.end is None else f"{j.title} at {RESTATED[0].company}, {city(j)}",
            f"{j.company} -  {city(j)} -",
            f"{full(j.start)} to {full(j.end)}",
        ],
    ),
]

# Session 41: Indeed's export of a writer placed at a client by an outsourcer: the client in the employer
# field, and under the dates the place and "(Outsourced employee of Adatum (Nov 2009 - Sep 2011))", the
# outsourcer's name made of words that read neither as a title nor as a firm's: the outsourcer employed them.
OUTSOURCED = [
    Job("Adatum", "Administrative and HR Executive", "Chennai", (2009, 11), (2011, 9)),
    Job("Northwind Traders", "Junior Processor", "Chennai", (2005, 2), (2009, 10)),
]
LAYOUTS += [
    Layout(
        "indeed: title / client ltd - city - / month year to month year / city (outsourced employee of firm)",
        "txt",
        OUTSOURCED,
        lambda j: (
            [
                j.title,
                f"Litware India Limited -  {city(j)}, Tamil Nadu -",
                f"{full(j.start)} to {full(j.end)}",
                f"{city(j)} (Outsourced employee of {j.company} ({short(j.start)} - {short(j.end)}))",
            ]
            if j.company == OUTSOURCED[0].company or j.company == OUTSOURCED[0].company.lower()
            else [j.title, f"{j.company} -  {city(j)}, Tamil Nadu -", f"{full(j.start)} to {full(j.end)}"]
        ),
    ),
]

# Session 42: Indeed's export whose employer opens on an honorific, typed alone before the dash ("Dr. Vaidya's
# -", "Mr Tanner -" under the title): a person's name or a firm named after one, never a title, though O*NET's
# head words hold "dr" ("Doctor (Dr)") and trades people are named after ("tanner", "miller").
HONORIFIC = [
    Job("Dr. Vaidya's", "Senior Analyst", "", (2017, 3), None),
    Job("Mr Tanner", "Sales Executive", "", (2014, 1), (2017, 2)),
    Job("Dr. Lal Kalbaum", "Quality Engineer", "", (2011, 6), (2013, 12)),
]
LAYOUTS += [
    Layout(
        "indeed: title / company opening on an honorific - / month year to month year",
        "txt",
        HONORIFIC,
        lambda j: [j.title, f"{j.company} -", f"{full(j.start)} to {full(j.end)}"],
        shows_location=False,
    ),
]
