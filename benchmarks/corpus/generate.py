"""Synthetic but realistic candidates, a pure function of (seed, size): the same seed gives the same corpus.

Names, cities and company names come from Faker (seeded); occupations, job titles and the skills that go
together from O*NET (see `benchmarks.corpus.onet`). Each candidate has a career of one to seven dated jobs
at companies drawn from one shared pool (a few large employers, a long tail of small ones), in
departments that follow the occupation, so real colleague and same-department overlaps exist. Company
names are written the way people write them ("Acme", "Acme Inc.", "ACME, LLC"), all with one company key.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from faker import Faker
from faker.providers.person.en_US import Provider as PersonProvider

from app.candidates.companies import LEGAL_SUFFIXES, company_key
from app.parsing.models import merge_date_ranges
from benchmarks.corpus.onet import DEPARTMENTS, GROUP_WEIGHTS, Occupation

# The day the corpus is "as of": fixed, so a seed gives the same careers whenever it runs.
AS_OF = date(2026, 11, 1)
# One employer per this many candidates (at least MIN_COMPANIES): a 10k corpus has 250 companies.
CANDIDATES_PER_COMPANY = 25
MIN_COMPANIES = 40
# Company sizes follow Zipf's law with this exponent: a few large employers, a long tail.
COMPANY_ZIPF = 0.8
LOCATIONS = 300
INSTITUTIONS = 400
# Career length in years: exponential around this mean (many juniors, a long senior tail), capped.
MEAN_CAREER_YEARS = 9.0
MAX_CAREER_YEARS = 40.0
# Years at one employer: uniform in this range.
TENURE_YEARS = (1.5, 6.0)
MAX_JOBS = 8
# Share of candidates whose latest job is still current.
CURRENT_SHARE = 0.85
# Share of earlier jobs taken in a neighbouring occupation of the same SOC minor group.
NEIGHBOUR_JOB_SHARE = 0.2
# Skills per candidate, drawn from the occupation's O*NET technologies (hot ones more often).
MIN_SKILLS, MAX_SKILLS = 5, 14
# Share of jobs titled with the occupation's own name rather than one of its alternate titles.
MAIN_TITLE_SHARE = 0.4

LEGAL_FORMS = ("", "", "", " Inc.", " Inc", ", Inc.", " LLC", " Ltd", " Corp.", " Corporation", " Co.")
DEGREES = {
    "doctorate": ("PhD", "Doctor of Philosophy"),
    "master": ("Master of Science", "MBA", "Master of Arts", "M.Sc."),
    "bachelor": ("Bachelor of Science", "Bachelor of Arts", "B.Sc.", "BA"),
    "associate": ("Associate of Applied Science", "Associate of Arts"),
    "high_school": ("High School Diploma", "GED"),
}
# Chance of each highest degree per SOC major group family: professional, skilled office, trades.
DEGREE_ODDS = {
    "professional": (("doctorate", 0.06), ("master", 0.3), ("bachelor", 0.54), ("associate", 0.1)),
    "office": (("master", 0.15), ("bachelor", 0.55), ("associate", 0.2), ("high_school", 0.1)),
    "trades": (("bachelor", 0.1), ("associate", 0.35), ("high_school", 0.55)),
}
PROFESSIONAL = {"15", "17", "19", "23", "25", "29"}
TRADES = {"31", "33", "35", "37", "39", "45", "47", "49", "51", "53"}
FIELDS = {
    "11": ("Business Administration", "Management"),
    "13": ("Accounting", "Finance", "Economics", "Human Resources"),
    "15": ("Computer Science", "Software Engineering", "Mathematics", "Information Systems"),
    "17": ("Mechanical Engineering", "Electrical Engineering", "Civil Engineering"),
    "19": ("Biology", "Chemistry", "Physics", "Environmental Science"),
    "21": ("Social Work", "Psychology"),
    "23": ("Law", "Legal Studies"),
    "25": ("Education", "English", "History"),
    "27": ("Graphic Design", "Communications", "Journalism", "Fine Arts"),
    "29": ("Nursing", "Health Sciences", "Pharmacy"),
    "41": ("Marketing", "Business Administration"),
    "43": ("Business Administration", "Office Administration"),
}
VERBS = ("Used", "Worked daily with", "Built and maintained work in", "Introduced", "Trained colleagues on")


@dataclass
class Company:
    name: str
    key: str
    location: str


@dataclass
class Job:
    company: str
    company_key: str
    department: str
    title: str
    location: str
    start: date
    end: date | None
    is_current: bool
    description: str
    skills: list[str]


@dataclass
class School:
    institution: str
    degree: str
    field: str | None
    start: date
    end: date


@dataclass
class Candidate:
    id: uuid.UUID
    full_name: str
    email: str
    phone: str
    location: str
    occupation: str
    jobs: list[Job]
    schools: list[School]
    # Skill name -> (years of use, last used).
    skills: dict[str, tuple[float, date]]
    summary: str
    updated_at: datetime
    total_years: float = 0.0
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def current_title(self) -> str:
        return self.jobs[-1].title

    @property
    def current_company(self) -> str | None:
        return self.jobs[-1].company if self.jobs[-1].is_current else None


def _months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class World:
    """Everything candidates share: occupations, companies, places and schools, drawn once per seed."""

    def __init__(self, occupations: list[Occupation], seed: int, candidates: int) -> None:
        self.seed = seed
        faker = Faker("en_US")
        faker.seed_instance(seed)
        rng = random.Random(f"world-{seed}")
        self.occupations = occupations
        self.occupation_weights = list(
            accumulate(GROUP_WEIGHTS.get(o.group, 1.0) * len(o.skills) ** 0.5 for o in occupations)
        )
        self.neighbours: dict[str, list[Occupation]] = {}
        for occupation in occupations:
            self.neighbours.setdefault(occupation.minor_group, []).append(occupation)
        self.skill_weights = {o.code: list(accumulate(o.skill_weights)) for o in occupations}
        self.locations = sorted({f"{faker.city()}, {faker.state_abbr()}" for _ in range(LOCATIONS)})
        rng.shuffle(self.locations)
        # Faker's own name lists, drawn with our seeded generator: a million faker.name() calls are slow.
        self.first_names = sorted(
            set(PersonProvider.first_names_female) | set(PersonProvider.first_names_male)
        )
        self.last_names = sorted(set(PersonProvider.last_names))
        wanted = max(MIN_COMPANIES, candidates // CANDIDATES_PER_COMPANY)
        companies: dict[str, Company] = {}
        while len(companies) < wanted:
            brand = _brand(faker.company())
            key = company_key(brand)
            if key and key not in companies:
                companies[key] = Company(brand, key, rng.choice(self.locations))
        self.companies = list(companies.values())
        self.keys: dict[str, str] = {}
        rng.shuffle(self.companies)
        self.company_weights = list(
            accumulate(1.0 / (rank + 1) ** COMPANY_ZIPF for rank in range(len(self.companies)))
        )
        institutions: set[str] = set()
        while len(institutions) < INSTITUTIONS:
            city = faker.city()
            institutions.add(
                rng.choice((f"University of {city}", f"{city} State University", f"{city} Community College",
                            f"{faker.last_name()} College", f"{faker.last_name()} University"))
            )  # fmt: skip
        self.institutions = sorted(institutions)

    def candidate(self, index: int) -> Candidate:
        """The index-th candidate: a pure function of (seed, index), so chunks can be made independently."""
        rng = random.Random(self.seed * 1_000_003 + index)
        occupation = rng.choices(self.occupations, cum_weights=self.occupation_weights)[0]
        first, last = rng.choice(self.first_names), rng.choice(self.last_names)
        location = rng.choice(self.locations)
        skills = self._skills(rng, occupation)
        jobs = self._career(rng, occupation, skills, location)
        spans = merge_date_ranges((job.start, job.end or AS_OF) for job in jobs)
        total_months = sum((e.year - s.year) * 12 + e.month - s.month for s, e in spans)
        usage: dict[str, tuple[float, date]] = {}
        for skill in skills:
            months = 0
            last_used: date | None = None
            for job in jobs:
                if skill in job.skills:
                    end = job.end or AS_OF
                    months += (end.year - job.start.year) * 12 + end.month - job.start.month
                    last_used = end if last_used is None else max(last_used, end)
            usage[skill] = (round(months / 12, 1), last_used or jobs[-1].end or AS_OF)
        schools = self._education(rng, occupation, jobs[0].start)
        total_years = round(total_months / 12, 1)
        shown = ", ".join(skills[:3])
        first_sentence = occupation.description.split(". ")[0].rstrip(".")
        summary = (
            f"{jobs[-1].title} with {total_years:g} years of experience in "
            f"{jobs[-1].department.lower()}. {first_sentence}. Skilled in {shown}."
        )
        domain = ("example.com", "example.org", "example.net")[index % 3]
        return Candidate(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            full_name=f"{first} {last}",
            email=f"{first}.{last}.{index}@{domain}".lower(),
            phone=f"({rng.randint(201, 989)}) 555-{rng.randint(100, 199):03d}{rng.randint(0, 9)}",
            location=location,
            occupation=occupation.code,
            jobs=jobs,
            schools=schools,
            skills=usage,
            summary=summary,
            updated_at=datetime.combine(AS_OF, datetime.min.time(), UTC)
            - timedelta(days=rng.uniform(0, 1000)),
            total_years=total_years,
        )

    def _key(self, written: str) -> str:
        key = self.keys.get(written)
        if key is None:
            key = self.keys[written] = company_key(written) or written.lower()
        return key

    def candidates(self, start: int, stop: int) -> Iterator[Candidate]:
        for index in range(start, stop):
            yield self.candidate(index)

    def _skills(self, rng: random.Random, occupation: Occupation) -> list[str]:
        wanted = min(len(occupation.skills), rng.randint(MIN_SKILLS, MAX_SKILLS))
        chosen: dict[str, None] = {}
        weights = self.skill_weights[occupation.code]
        while len(chosen) < wanted:
            chosen[rng.choices(occupation.skills, cum_weights=weights)[0]] = None
        return list(chosen)

    def _career(
        self, rng: random.Random, occupation: Occupation, skills: list[str], location: str
    ) -> list[Job]:
        years = min(MAX_CAREER_YEARS, 0.3 + rng.expovariate(1 / MEAN_CAREER_YEARS))
        span_months = max(3, int(years * 12))
        count = min(MAX_JOBS, 1 + int(span_months / (12 * rng.uniform(*TENURE_YEARS))))
        current = rng.random() < CURRENT_SHARE
        end_of_career = AS_OF if current else _months(AS_OF, -rng.randint(1, 18))
        cursor = _months(end_of_career, -span_months)
        cuts = (
            sorted(rng.sample(range(1, span_months), count - 1)) if count > 1 and span_months > count else []
        )
        bounds = [0, *cuts, span_months]
        jobs: list[Job] = []
        previous: Company | None = None
        for position in range(len(bounds) - 1):
            start = _months(cursor, bounds[position])
            last = position == len(bounds) - 2
            gap = 0 if last else rng.choice((0, 0, 1, 2, 3))
            end = _months(cursor, max(bounds[position] + 1, bounds[position + 1] - gap))
            job_occupation = occupation
            if not last and rng.random() < NEIGHBOUR_JOB_SHARE:
                job_occupation = rng.choice(self.neighbours[occupation.minor_group])
            company = rng.choices(self.companies, cum_weights=self.company_weights)[0]
            while company is previous and len(self.companies) > 1:
                company = rng.choices(self.companies, cum_weights=self.company_weights)[0]
            previous = company
            if rng.random() < MAIN_TITLE_SHARE:
                title = job_occupation.titles[0]
            else:
                title = rng.choice(job_occupation.titles)
            used = rng.sample(skills, k=min(len(skills), rng.randint(2, 5)))
            verb = rng.choice(VERBS)
            task = job_occupation.description.split(". ")[0].rstrip(".")
            description = f"{task}. {verb} {', '.join(used[:-1])} and {used[-1]}." if len(used) > 1 else task
            is_current = last and end_of_career == AS_OF
            written = company.name + rng.choice(LEGAL_FORMS)
            jobs.append(
                Job(
                    company=written,
                    # What the ingest stores: the key of the name as written, the same for every variant.
                    company_key=self._key(written),
                    department=rng.choice(DEPARTMENTS[job_occupation.group]),
                    title=title,
                    location=company.location if rng.random() < 0.7 else location,
                    start=start,
                    end=None if is_current else end,
                    is_current=is_current,
                    description=description,
                    skills=used,
                )
            )
        return jobs

    def _education(self, rng: random.Random, occupation: Occupation, career_start: date) -> list[School]:
        family = (
            "professional"
            if occupation.group in PROFESSIONAL
            else "trades"
            if occupation.group in TRADES
            else "office"
        )
        levels, odds = zip(*DEGREE_ODDS[family], strict=True)
        level = rng.choices(levels, weights=odds)[0]
        field = rng.choice(FIELDS.get(occupation.group, ("General Studies",)))
        years = {"doctorate": 5, "master": 2, "bachelor": 4, "associate": 2, "high_school": 4}[level]
        end = date(career_start.year - rng.choice((0, 0, 1)), rng.choice((5, 6, 12)), 1)
        schools = [
            School(
                institution=rng.choice(self.institutions),
                degree=rng.choice(DEGREES[level]),
                field=None if level == "high_school" else field,
                start=date(end.year - years, 9, 1),
                end=end,
            )
        ]
        if level in ("master", "doctorate"):
            earlier = date(end.year - years, 6, 1)
            schools.append(
                School(
                    institution=rng.choice(self.institutions),
                    degree=rng.choice(DEGREES["bachelor"]),
                    field=field,
                    start=date(earlier.year - 4, 9, 1),
                    end=earlier,
                )
            )
        return schools


def _brand(name: str) -> str:
    """Faker's company name without its legal form: the form is added per resume, the way people vary it."""
    words = name.replace(",", "").split()
    while len(words) > 1 and words[-1].lower().rstrip(".") in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def resume_text(candidate: Candidate) -> str:
    """The candidate as the plain text a resume of theirs would extract to."""
    lines = [
        candidate.full_name,
        candidate.current_title,
        candidate.location,
        candidate.email,
        candidate.phone,
    ]
    lines += ["", "SUMMARY", candidate.summary, "", "EXPERIENCE"]
    # Title, employer, then place and dates: the layout the offline parser reads best (98% of jobs).
    for job in reversed(candidate.jobs):
        until = "Present" if job.is_current else f"{job.end:%m/%Y}" if job.end else ""
        lines += [
            job.title,
            job.company,
            f"{job.location} | {job.start:%m/%Y} - {until}",
            job.description,
            "",
        ]
    lines += ["EDUCATION"]
    for school in candidate.schools:
        degree = f"{school.degree} in {school.field}" if school.field else school.degree
        lines += [f"{degree}, {school.institution}, {school.end.year}"]
    lines += ["", "SKILLS", ", ".join(candidate.skills)]
    return "\n".join(lines) + "\n"


def parsed_data(candidate: Candidate) -> dict[str, Any]:
    """What a parser would have stored in resumes.parsed_data for this candidate (ParsedResume's shape)."""
    return {
        "name": candidate.full_name,
        "email": candidate.email,
        "phone": candidate.phone,
        "location": candidate.location,
        "summary": candidate.summary,
        "current_title": candidate.current_title,
        "current_company": candidate.current_company,
        "total_experience_years": candidate.total_years,
        "work_experience": [
            {
                "company": job.company,
                "title": job.title,
                "department": job.department,
                "location": job.location,
                "start_date": job.start.isoformat(),
                "end_date": job.end.isoformat() if job.end else None,
                "is_current": job.is_current,
                "description": job.description,
            }
            for job in reversed(candidate.jobs)
        ],
        "education": [
            {
                "institution": school.institution,
                "degree": school.degree,
                "field": school.field,
                "start_date": school.start.isoformat(),
                "end_date": school.end.isoformat(),
                "graduation_year": school.end.year,
            }
            for school in candidate.schools
        ],
        "skills": list(candidate.skills),
    }


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
