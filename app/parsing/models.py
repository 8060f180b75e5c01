"""The structured resume both parsers produce, and the date-range arithmetic behind total experience."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from app.parsing.dates import months_between, names_the_present, parse_date

_YEAR_MONTH = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?\s*$")
_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[-/.](\d{4})\s*$")


# The years a resume's dates may name: those the offline parser reads (app/parsing/dates.py). A date out of
# them (Claude's "1000-01-01") is none: it made a thousand years of experience.
EARLIEST_YEAR, LATEST_YEAR = 1950, 2049
# Years of experience a resume may state: a working life (the search asks for no more either).
MAX_EXPERIENCE_YEARS = 80
_ABSENT = frozenset({"null", "none", "n/a", "unknown"})
# A year as written among other words ("May 2012", "2012 (expected)").
_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A number as written among other words ("5+ years", "about 7.5").
_A_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# What pydantic reads as a yes or a no; any other word for is_current ("N/A", "unknown") is a no.
_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "y", "n", "t", "f", "1", "0", "on", "off"})


def _coerce_date(value: object) -> object:
    """Accept the partial dates people and models write: "2019", "2019-03", "03/2019" (day 1 assumed), and
    the dates resumes write ("Jan 2019", "Summer 2018"); a date none of these reads is left out (None): one
    such date of Claude's failed the whole resume."""
    day = _read_date(value)
    if isinstance(day, date) and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        return None
    return day


def _read_date(value: object) -> object:
    """The date a value writes, of any year; the value itself when it writes none pydantic could read."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, int) and 1900 <= value <= 2100:
        return date(value, 1, 1)
    if isinstance(value, str):
        text = value.strip()
        if not text or names_the_present(text) or text.lower() in _ABSENT:
            return None
        match = _YEAR_MONTH.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2) or 1)
            if year == 0:  # no date has it ("0000-00-00")
                return None
            return date(year, month, 1) if 1 <= month <= 12 else date(year, 1, 1)
        match = _MONTH_YEAR.match(text)
        if match and 1 <= int(match.group(1)) <= 12:
            return date(int(match.group(2)), int(match.group(1)), 1)
        return parse_date(text)
    return value


class _Model(BaseModel):
    """Shared config: strip strings, ignore unknown keys (model output may carry extras)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")


class WorkExperience(_Model):
    """One job. Dates are the first of the month when only month and year are known."""

    company: str | None = Field(default=None, description="Employer name as written.")
    title: str | None = Field(default=None, description="Job title / designation.")
    department: str | None = None
    client: str | None = Field(
        default=None,
        description='The client the job served, when the resume calls it one ("Client: ...");'
        " not the employer.",
    )
    location: str | None = Field(default=None, description="City, region or country of the job.")
    start_date: date | None = Field(
        default=None, description="YYYY-MM-DD; day 01 when only month/year known."
    )
    end_date: date | None = Field(default=None, description="YYYY-MM-DD; null when the job is current.")
    is_current: bool = Field(default=False, description="True when the resume says present/current.")
    description: str | None = Field(default=None, description="Responsibilities and achievements.")

    @model_validator(mode="before")
    @classmethod
    def _current_when_present(cls, data: object) -> object:
        # An end date of "Present" ("Present Day", "till now", "Currently") is a current job, whether or not
        # is_current says so.
        end = data.get("end_date") if isinstance(data, dict) else None
        if isinstance(end, str) and names_the_present(end):
            return {**data, "is_current": True}  # type: ignore[dict-item]
        return data

    @field_validator("is_current", mode="before")
    @classmethod
    def _yes_or_no(cls, value: object) -> object:
        # Claude's null or "N/A" for it failed the whole resume ("Input should be a valid boolean").
        if value is None:
            return False
        if isinstance(value, str) and value.strip().lower() not in _BOOLEAN_WORDS:
            return names_the_present(value)
        return value

    @field_validator("start_date", "end_date", mode="before")
    @classmethod
    def _partial_dates(cls, value: object) -> object:
        return _coerce_date(value)

    @model_validator(mode="after")
    def _in_order(self) -> WorkExperience:
        # Dates written the wrong way round (Claude's "2020" to "2010") are the job's span: the record
        # stores them swapped (app/candidates/ingest.py), and the years count it so too.
        if self.start_date and self.end_date and self.start_date > self.end_date:
            self.start_date, self.end_date = self.end_date, self.start_date
        return self


class Education(_Model):
    """One degree or school."""

    institution: str | None = None
    degree: str | None = Field(
        default=None, description='Degree as written, e.g. "B.E", "Master of Science".'
    )
    field: str | None = Field(default=None, description='Field of study, e.g. "Computer Science".')
    start_date: date | None = None
    end_date: date | None = None
    graduation_year: int | None = Field(default=None, ge=EARLIEST_YEAR, le=LATEST_YEAR)

    @field_validator("start_date", "end_date", mode="before")
    @classmethod
    def _partial_dates(cls, value: object) -> object:
        return _coerce_date(value)

    @field_validator("graduation_year", mode="before")
    @classmethod
    def _year_of_a_life(cls, value: object) -> object:
        # Claude's "May 2012" failed the whole resume ("Input should be a valid integer"): the year it names.
        if isinstance(value, str):
            years = _A_YEAR.findall(value)
            value = int(years[-1]) if years else None
        # Out of the years a resume names it is none, not a failed resume.
        if isinstance(value, int | float) and not EARLIEST_YEAR <= value <= LATEST_YEAR:
            return None
        return value


class ParsedResume(_Model):
    """Everything search needs from one resume; any field may be missing."""

    # What the reader wants the resume's record to say about this reading (not part of Claude's tool).
    _note: str | None = PrivateAttr(default=None)

    name: str | None = Field(default=None, description="The candidate's full name.")
    email: str | None = None
    phone: str | None = None
    location: str | None = Field(default=None, description="Where the candidate lives (city, region).")
    links: list[str] = Field(default_factory=list, description="Profile and portfolio URLs.")
    summary: str | None = Field(default=None, description="Summary or objective section, as written.")
    current_title: str | None = None
    current_company: str | None = None
    total_experience_years: float | None = Field(
        default=None,
        ge=0,
        le=MAX_EXPERIENCE_YEARS,
        description="Years of work, overlapping jobs counted once; computed from jobs.",
    )
    work_experience: list[WorkExperience] = Field(default_factory=list, description="Most recent first.")
    education: list[Education] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list, description="Skills, one name each, no duplicates.")
    certifications: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list, description="Spoken languages (not programming).")

    @property
    def note(self) -> str | None:
        """What the resume's record says about this reading, beside the fields (None: nothing)."""
        return self._note

    def with_note(self, note: str) -> ParsedResume:
        noted = self.model_copy()
        noted._note = note
        return noted

    @field_validator(
        "links", "work_experience", "education", "skills", "certifications", "languages", mode="before"
    )
    @classmethod
    def _absent_list(cls, value: object) -> object:
        # Claude writes null for a list the resume has nothing for, as its prompt allows.
        return [] if value is None else value

    @field_validator("total_experience_years", mode="before")
    @classmethod
    def _years_of_a_life(cls, value: object) -> object:
        # Claude's "5+ years" failed the whole resume ("Input should be a valid number"): the number it names.
        if isinstance(value, str):
            number = _A_NUMBER.search(value)
            value = float(number.group()) if number else None
        # Claude's "200" stood as written; out of a working life it is none.
        if isinstance(value, int | float) and not 0 <= value <= MAX_EXPERIENCE_YEARS:
            return None
        return value

    @model_validator(mode="after")
    def _experience_from_jobs(self) -> ParsedResume:
        # Dated jobs are the evidence; a stated total is only kept when no job carries dates.
        years = experience_years(self.work_experience)
        if years is not None:
            self.total_experience_years = years
        return self


def current_job(jobs: list[WorkExperience]) -> WorkExperience | None:
    """The job a record's current title and employer come from: the latest one held now, else the most
    recent dated one, else the first listed."""
    current = [job for job in jobs if job.is_current]
    if current:
        return max(current, key=lambda job: job.start_date or date.min)
    dated = [job for job in jobs if job.start_date]
    if dated:
        return max(
            dated, key=lambda job: (job.end_date or job.start_date or date.min, job.start_date or date.min)
        )
    return jobs[0] if jobs else None


def merge_date_ranges(ranges: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Union of closed date ranges, sorted: overlapping or touching ranges become one."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted((s, e) for s, e in ranges if s <= e):
        if merged and start <= merged[-1][1]:
            last_start, last_end = merged[-1]
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def experience_years(jobs: Iterable[WorkExperience], today: date | None = None) -> float | None:
    """Years covered by the jobs' merged date ranges (current jobs run to ``today``); None if undated."""
    today = today or date.today()
    ranges: list[tuple[date, date]] = []
    for job in jobs:
        # Not begun yet (an offer accepted, a year mistyped "2029"): no experience. Cut to today it was a
        # month of it.
        if job.start_date is None or job.start_date > today:
            continue
        end = job.end_date or (today if job.is_current else None)
        if end is None:
            continue
        start, end = min(job.start_date, today), min(end, today)
        # Month granularity: a range is the set of months it touches.
        ranges.append((start.replace(day=1), end.replace(day=1)))
    if not ranges:
        return None
    # Inclusive of the end month: "Jan 2019 - Dec 2019" is 12 months, as people count it.
    months = sum(months_between(start, end, inclusive=True) for start, end in merge_date_ranges(ranges))
    return round(months / 12, 1)
