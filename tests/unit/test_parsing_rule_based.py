"""The offline parser on real labelled resumes, on a hand-written one, and on arbitrary text."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.parsing.contact import normalise_link
from app.parsing.dates import find_ranges
from app.parsing.models import ParsedResume, experience_years
from app.parsing.rule_based import RuleBasedResumeParser
from app.parsing.sections import heading_kind, split_sections
from app.parsing.shared_data import shared_data_dir

DATATURKS = shared_data_dir() / "resumes" / "dataturks" / "testdata.json"
PARSER = RuleBasedResumeParser()

HAND_WRITTEN = """\
Maria Gonzalez
Senior Data Engineer
Austin, Texas | maria.gonzalez@example.com | (512) 555-0142 | linkedin.com/in/maria-gonzalez

SUMMARY
Data engineer who builds reliable streaming pipelines and mentors teams.

WORK EXPERIENCE
Senior Data Engineer
Globex Corporation - Austin, Texas
Jan 2019 - Present
• Built streaming pipelines with Apache Kafka on AWS.

Data Engineer
Initech LLC - Dallas, Texas
October 2014 to December 2018
• Moved reporting from cron jobs to Airflow.

Software Developer | Hooli Inc | 05/2014 to 04/2016
• Wrote C++ services.

Freelance Consultant, 2019 - Present
Acme Analytics Group
• Dashboards for small businesses.

EDUCATION
Master of Science in Computer Science
University of Texas at Austin, 2015 – 2017
Bachelor of Engineering in Information Technology
Pune University 2010 - 2014

SKILLS
Python, SQL, Kafka, k8s, Go, PostgreSQL, C++, Leadership

CERTIFICATIONS
AWS Certified Solutions Architect – Associate

LANGUAGES
English, Spanish (fluent)
"""


def _dataturks_rows() -> list[dict[str, object]]:
    if not DATATURKS.exists():
        pytest.skip("shared data not available")
    return [json.loads(line) for line in DATATURKS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _labels(row: dict[str, object], label: str) -> list[str]:
    content = str(row["content"])
    spans = []
    for annotation in row.get("annotation") or []:  # type: ignore[attr-defined]
        if label in annotation["label"]:
            spans += [content[p["start"] : p["end"] + 1].strip() for p in annotation["points"]]
    return spans


def test_parser_identity() -> None:
    assert PARSER.name == "rule_based" and PARSER.version


def test_hand_written_resume() -> None:
    resume = PARSER.parse(HAND_WRITTEN)
    assert resume.name == "Maria Gonzalez"
    assert resume.email == "maria.gonzalez@example.com"
    assert resume.phone == "(512) 555-0142"
    assert resume.location == "Austin, Texas"
    assert resume.links == ["linkedin.com/in/maria-gonzalez"]
    assert resume.summary and resume.summary.startswith("Data engineer")
    assert (resume.current_title, resume.current_company) == ("Senior Data Engineer", "Globex Corporation")
    jobs = [(j.title, j.company, j.start_date, j.end_date, j.is_current) for j in resume.work_experience]
    assert jobs == [
        ("Senior Data Engineer", "Globex Corporation", date(2019, 1, 1), None, True),
        ("Data Engineer", "Initech LLC", date(2014, 10, 1), date(2018, 12, 1), False),
        ("Software Developer", "Hooli Inc", date(2014, 5, 1), date(2016, 4, 1), False),
        ("Freelance Consultant", "Acme Analytics Group", date(2019, 1, 1), None, True),
    ]
    assert resume.work_experience[1].location == "Dallas, Texas"
    assert resume.work_experience[0].description == "Built streaming pipelines with Apache Kafka on AWS."
    # Overlapping jobs are counted once: May 2014 onwards without gaps.
    assert resume.total_experience_years == experience_years(resume.work_experience)
    assert resume.total_experience_years == round(
        ((date.today().year - 2014) * 12 + date.today().month - 5 + 1) / 12, 1
    )
    education = [(e.degree, e.field, e.institution, e.graduation_year) for e in resume.education]
    assert education == [
        ("Master of Science", "Computer Science", "University of Texas at Austin", 2017),
        ("Bachelor of Engineering", "Information Technology", "Pune University", 2014),
    ]
    assert resume.skills == [
        "Python",
        "SQL",
        "Apache Kafka",
        "Kubernetes",
        "Go",
        "PostgreSQL",
        "C++",
        "Leadership",
    ]
    assert resume.certifications == ["AWS Certified Solutions Architect – Associate"]
    assert resume.languages == ["English", "Spanish"]


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("05/2014 to 04/2016", date(2014, 5, 1), date(2016, 4, 1), False),
        ("October 2014 to Current", date(2014, 10, 1), None, True),
        ("Jan 2019 - Present", date(2019, 1, 1), None, True),
        ("2019 - Present", date(2019, 1, 1), None, True),
        ("2015 – 2017", date(2015, 1, 1), date(2017, 1, 1), False),
        ("Sept. 2015 — Mar 2017", date(2015, 9, 1), date(2017, 3, 1), False),
        ("Jun '15 - till date", date(2015, 6, 1), None, True),
        ("16th Jan 2017 to till 30th Aug 2018", date(2017, 1, 1), date(2018, 8, 1), False),
        ("May/2008 - May/2016", date(2008, 5, 1), date(2016, 5, 1), False),
    ],
)
def test_date_range_forms(text: str, start: date, end: date | None, current: bool) -> None:
    (found,) = find_ranges(f"Engineer, {text}, Acme")
    assert (found.start, found.end, found.is_current) == (start, end, current)


def test_dates_that_are_not_ranges() -> None:
    assert find_ranges("Call 9876543210 or 2014 2016") == []
    assert find_ranges("2018 - 2016") == []  # ends before it starts


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("WORK EXPERIENCE", "experience"),
        ("Work History", "experience"),
        ("Professional Experience:", "experience"),
        ("EDUCATION", "education"),
        ("Educational Qualifications", "education"),
        ("Skill Highlights", "skills"),
        ("TECHNICAL SKILLS & TOOLS", "skills"),
        ("Core Competencies", "skills"),
        ("Career Objective", "summary"),
        ("Executive Profile", "summary"),
        ("CERTIFICATIONS/LICENSES", "certifications"),
        ("Languages Known", "languages"),
        ("ADDITIONAL INFORMATION", "other"),
    ],
)
def test_section_headings(line: str, kind: str) -> None:
    found = heading_kind(line)
    assert found is not None and found[0] == kind


def test_not_headings() -> None:
    assert heading_kind("Skills Trainer") is None
    assert heading_kind("Responsible for the experience of 40 customers every day.") is None
    header, sections = split_sections("Jane Doe\nSkills: Python, SQL\nMore")
    assert header == ["Jane Doe"]
    assert sections[0].kind == "skills" and sections[0].lines == ["Python, SQL", "More"]


def test_dataturks_examples() -> None:
    rows = _dataturks_rows()
    contacts = names = 0
    for row in rows:
        resume = PARSER.parse(str(row["content"]))
        gold_contacts = {
            normalise_link("".join(t.split()).removeprefix("Indeed:")) for t in _labels(row, "Email Address")
        }
        found = {normalise_link(link) for link in resume.links} | {resume.email or ""}
        contacts += bool(gold_contacts & found)
        gold_names = _labels(row, "Name")
        names += bool(gold_names and resume.name and resume.name.lower() == gold_names[0].lower())
    assert contacts >= 0.9 * sum(bool(_labels(row, "Email Address")) for row in rows)
    assert names >= 0.8 * len(rows)


def test_first_dataturks_resume_in_detail() -> None:
    row = _dataturks_rows()[0]
    resume = PARSER.parse(str(row["content"]))
    assert resume.name == _labels(row, "Name")[0]
    assert resume.work_experience and resume.work_experience[0].title
    assert resume.skills


def test_a_heading_where_the_name_would_be_is_no_name() -> None:
    # LiveCareer's anonymised resumes open with a heading; 46 of the 2,483 were named "Career Focus".
    for heading in ("Career Focus", "Core Strengths", "Core Accomplishments", "Business Development"):
        assert PARSER.parse(f"{heading}\nDedicated accountant with 8 years in audit.\n").name is None
    assert PARSER.parse("Jane Roe\nCareer Focus\nDedicated accountant.\n").name == "Jane Roe"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("José García", "José García"),
        ("Zoë Müller-Łukasiewicz", "Zoë Müller-Łukasiewicz"),
        ("Björn Åström", "Björn Åström"),
        ("SØREN KIERKEGAARD", "Søren Kierkegaard"),
    ],
)
def test_a_name_with_letters_beyond_ascii_is_a_name(written: str, name: str) -> None:
    # Before, one accented letter anywhere in the line meant no name at all.
    text = f"{written}\n{written.split()[0].lower()}@example.org\nSKILLS\nPython, Kubernetes\n"
    assert PARSER.parse(text).name == name


@pytest.mark.parametrize(
    "header",
    [
        "Jane Roe | jane@example.org | +1 512 555 0142 | Austin, Texas",
        "Jane Roe | Austin, Texas",
        "Jane Roe • jane@example.org • Austin, Texas",
    ],
)
def test_a_place_on_the_names_own_line_is_the_location(header: str) -> None:
    # Before, the line that held the name was never read for a place.
    text = f"{header}\n\nEXPERIENCE\nData Engineer\nGlobex Corp, Dallas\nJan 2019 - Present\n"
    resume = PARSER.parse(text)
    assert (resume.name, resume.location) == ("Jane Roe", "Austin, Texas")


@pytest.mark.parametrize(
    ("line", "institution"),
    [
        ("B.Sc. Informatics, University of Hamburg, 2015", "University of Hamburg"),
        ("M.Sc. Computer Science, Technische Universität München, 2015", "Technische Universität München"),
        ("BA Economics, Universidad de Buenos Aires, 2010", "Universidad de Buenos Aires"),
        ("Bachelor of Science : Biology, 1985 The University of Alabama", "The University of Alabama"),
        ("MBA - University of Texas, Austin - 2012", "University of Texas, Austin"),
    ],
)
def test_an_institution_after_a_comma_on_the_degree_line_is_found(line: str, institution: str) -> None:
    # Before, "Degree Field, University, Year" (the commonest one-line form) had no institution.
    text = f"Jane Roe\njane@example.org\n\nEDUCATION\n{line}\n"
    (education,) = PARSER.parse(text).education
    assert education.institution == institution


def test_indeeds_years_of_use_are_no_skill() -> None:
    # Indeed's exports note how long each skill was used; "Less" is also the CSS language's name.
    text = (
        "Jane Roe\nSKILLS\nJava (Less than 1 year), SQL (10+ years), Less (3 years), problem solving (Less\n"
        "than 1 year)\n"
    )
    skills = PARSER.parse(text).skills
    assert skills[:3] == ["Java", "SQL", "Less"] and skills.count("Less") == 1
    assert PARSER.parse("Jane Roe\nSKILLS\nJava (Less than 1 year), Excel (1 year)\n").skills == [
        "Java",
        "Microsoft Excel",
    ]


def test_everyday_words_that_name_products_are_no_skill_in_prose() -> None:
    # Each word is also a product in the catalogue: Cerner ProFile, Act! (a CRM), Adobe Director, ...
    text = (
        "SALES MANAGER\nProfile\nSales lead with ten years in retail banking, trained on the Bank Secrecy "
        "Act and the Patriot Act. Ran the checkout lanes of our San Diego store and the presentation of new "
        "labels.\nExperience\nDirector of Sales, 2015 to 2020, Contoso Bank\n"
        "Directed the channel programme in New Jersey.\n"
    )
    assert PARSER.parse(text).skills == []


def test_products_named_like_everyday_words_still_count_where_they_are_meant() -> None:
    listed = PARSER.parse("Jane Roe\nSKILLS\nProFile, Act!, Director, Presentation, SAN, Java\n").skills
    assert listed == ["ProFile", "Act!", "Director", "Presentation", "SAN", "Java"]
    assert PARSER.parse("Jane Roe\nSUMMARY\nCharted in Cerner ProFile for six years.\n").skills == ["ProFile"]
    # A "Profile:" label inside the skills section is still no product.
    labelled = PARSER.parse("Jane Roe\nSKILLS\nJava, SQL, PROFILE: high profile events\n").skills
    assert labelled == ["Java", "SQL"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_text_parses(text: str) -> None:
    assert isinstance(PARSER.parse(text), ParsedResume)


resume_like = st.lists(
    st.one_of(
        st.sampled_from(["EXPERIENCE", "Education", "Skills:", "SUMMARY", "Languages", "-", "•", "", " "]),
        st.from_regex(
            r"[A-Z][a-z]{2,9} (?:[A-Z][a-z]{2,9} )?(?:Engineer|Manager|Inc|LLC|University)", fullmatch=True
        ),
        st.from_regex(
            r"(?:Jan|May|Oct|0[1-9]/)?\s?(?:19|20)\d\d\s?(?:-|to|–)\s?(?:Present|(?:19|20)\d\d)",
            fullmatch=True,
        ),
        st.from_regex(r"[\w.+-]{1,10}@[\w-]{1,10}\.[a-z]{2,4}", fullmatch=True),
        st.text(max_size=80),
    ),
    max_size=60,
).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resume_like)
def test_resume_shaped_text_parses(text: str) -> None:
    resume = PARSER.parse(text)
    assert resume.total_experience_years is None or resume.total_experience_years >= 0


def test_hostile_shapes_stay_fast() -> None:
    """No pattern backtracks without bound on a hostile upload: each shape parses in seconds of this
    process's CPU (about 1 s each when quiet), counted as CPU time so that a busy machine (a wall-clock
    read of 12 s once, under five other processes on two cores) does not fail it."""
    for text in ("1" * 50_000, "(1)-" * 20_000, "a@" * 50_000, "Bachelor of " * 20_000, "\n" * 200_000):
        started = time.process_time()
        PARSER.parse(text)
        assert time.process_time() - started < 5


async def test_async_parse_matches_sync() -> None:
    assert await PARSER.parse_async(HAND_WRITTEN) == PARSER.parse(HAND_WRITTEN)


def test_a_range_with_both_ends_labelled() -> None:
    # "From: Jan 2015 To: Present": the colon after "To" is the label's, the separator is still "to".
    (labelled,) = find_ranges("From: Jan 2015 To: Present")
    assert (labelled.start, labelled.end, labelled.is_current) == (date(2015, 1, 1), None, True)
    (spaced,) = find_ranges("From : June 2014 To : May 2016")
    assert (spaced.start, spaced.end) == (date(2014, 6, 1), date(2016, 5, 1))
    (continuing,) = find_ranges("April 2016 - Continuing")
    assert continuing.is_current


def test_a_job_dated_by_labelled_from_and_to() -> None:
    text = (
        "Jane Roe\n\nWORK EXPERIENCE\nEmployer: Contoso Technologies Pvt Ltd\n"
        "Designation: Senior Analyst\nFrom: Jan 2015 To: Present\n"
    )
    (job,) = RuleBasedResumeParser().parse(text).work_experience
    assert (job.company, job.title, job.start_date, job.is_current) == (
        "Contoso Technologies Pvt Ltd",
        "Senior Analyst",
        date(2015, 1, 1),
        True,
    )
