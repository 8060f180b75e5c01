"""The offline parser: headings, regular expressions and the skills catalogue; no network, no model.

Every heuristic here was checked against real resumes (LiveCareer PDFs, the Indeed-style DataTurks
set); ``benchmarks.parsing`` measures it. ``parse`` is pure and never raises on any string.

This module reads a resume's sections and its work history's entries, builds each job (``_job``) and runs the
passes over the job list; the rules it draws on live beside it, lowest layer first: ``header_words`` (what a
fragment's words say), ``header_parts`` (a job header cut into its parts), ``contact``, ``qualifications``,
``job_fields`` (the title and employer slots), ``history_lines`` (where a job's header starts and ends, which
lines belong to it) and ``job_layouts`` (jobs in tables, forms, lists and sentences). Each imports only from
the ones before it.
"""

from __future__ import annotations

import difflib
import itertools
import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from app.parsing import places, vocabulary
from app.parsing import sections as sec
from app.parsing.contact import (
    _EMAIL,
    _FRAGMENT_SPLIT,
    _find_email,
    _find_links,
    _find_location,
    _find_name,
    _find_phone,
    _without_links,
)
from app.parsing.dates import DateRange, find_dates, find_ranges, is_month
from app.parsing.departments import department_of
from app.parsing.header_parts import (
    _SENTENCE_START,
    _SPAN,
    _clean,
    _labelled,
    _Part,
    _parts,
    _strip_single_date,
)
from app.parsing.header_words import (
    _ABBREVIATED_END,
    _BULLET,
    _BULLET_GLYPHS,
    _BUSINESS_RELATION,
    _COMPANY_LABELS,
    _CUT_BEFORE,
    _LOWER_IN_NAMES,
    _TITLE_LABELS,
    _TITLE_WORDS,
    _as_written,
    _capitalised,
    _company_score,
    _folded_name,
    _glue_vocabulary,
    _has_legal_form,
    _in_title_words,
    _is_headerish,
    _is_named,
    _names_a_role,
    _same_employer,
    _tidy,
    _title_heads,
    _title_score,
)
from app.parsing.history_lines import (
    _DATE_LABEL_LINE,
    _DATE_WORDS,
    _DURATION_LINE,
    _TYPED_NAME_NOUNS,
    _WISH,
    _anchors,
    _continues_sentence,
    _dash_line_over_dates,
    _Entry,
    _first_job_header,
    _header_lines_above,
    _is_form_field,
    _joined_ranges,
    _labelled_block_above,
    _lines_of,
    _month_dated_employer,
    _names_an_employer,
    _names_beside_its_dates,
    _read_as_sentence,
    _run_in_header,
    _with_branch_lines_above,
    _with_company_labels,
    _with_europass_rows,
    _with_firm_lines_above,
    _within,
    _without_business_lines,
    _without_repeats,
    _without_restated_dates,
    _wraps_onto,
)
from app.parsing.job_fields import (
    _ACHIEVEMENT,
    _ACTIVITIES,
    _EMPLOYER_PREFIX,
    _FRESHER,
    _JOINING_WORD,
    _LOWER_LEGAL_NAME,
    _NO_EMPLOYER,
    _RANK_INITIALS,
    _SLOT_VERB,
    _TRAILING_DASH,
    _UNTITLED_START,
    _WORKING_AS,
    _YEARS_ONLY,
    _another_jobs_employer,
    _bracketed_qualifier,
    _employer_behind_client,
    _employer_for,
    _employer_line_part,
    _employer_over_client,
    _employer_recruited_by,
    _employer_serving_client,
    _employer_under_dates,
    _employer_worked_with,
    _ends_mid_sentence,
    _ends_on_title_word,
    _export_title_field,
    _in_function_words,
    _indeed_title_line,
    _initials_of,
    _is_practice,
    _name_under_dates,
    _names_a_course,
    _names_a_function,
    _names_a_territory,
    _names_an_event,
    _names_no_one,
    _names_the_employer,
    _only_place_dash_line,
    _qualified_title,
    _repeats_a_duty,
    _role_parts_first,
    _says_the_initials,
    _title_and_employer,
    _title_then_name,
    _title_without_employer,
    _town_named_employer,
    _with_bracketed_initials,
    _with_bracketed_role,
    _without_client,
)
from app.parsing.job_layouts import (
    _DUTY_ORDER,
    _DUTY_PHRASE,
    _FIELD_LABEL,
    _TILL_DATE,
    _before_glued_place,
    _dated_by_its_details,
    _form_jobs,
    _jobs_named_in_sentences,
    _listed_employers_on_dated_jobs,
    _listed_past_employers,
    _lower_case_sentence_jobs,
    _same_organisation,
    _table_columns,
    _text_table_jobs,
    _with_table_jobs,
    _without_own_name,
)
from app.parsing.models import ParsedResume, WorkExperience, current_job
from app.parsing.qualifications import (
    _DEGREE,
    _INSTITUTION,
    _certifications,
    _degree_lines,
    _education,
    _languages,
    _skills,
    _summary,
)
from app.parsing.skills import canonical_skill

logger = logging.getLogger(__name__)

# Longer input is not a resume; the extractor refuses it, and the parser must stay fast on anything.
MAX_TEXT_CHARS = 200_000
_STATED_YEARS = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)(?:\s+and\s+\d{1,2}\s+months?)?"
    r"(?:\s+of)?(?:\s+\w+){0,3}?\s+experience",
    re.IGNORECASE,
)


class RuleBasedResumeParser:
    """Offline parser: sections, regexes and the skills catalogue."""

    name = "rule_based"
    version = "1.0.0"

    async def parse_async(self, text: str) -> ParsedResume:
        """``parse`` for async callers; the work is pure CPU and takes milliseconds, so it runs inline."""
        return self.parse(text)

    def parse(self, text: str) -> ParsedResume:
        """Structured fields of ``text``; pure, never raises (a bug gives a partial result and a log line)."""
        text = (text or "")[:MAX_TEXT_CHARS].replace("\r\n", "\n").replace("\r", "\n")
        try:
            return _parse(text)
        except Exception:  # the worker must survive any input; the log line carries the bug
            logger.exception("rule-based parser failed; returning contact fields only")
            return ParsedResume(email=_find_email(text), links=_find_links(text))


# A page's number alone on its line ("Page 1 of 2", "- 2 -", "Page 3"): a footer a page break leaves inside
# a job, between its title and its dates (LinkedIn's export), no text of the resume.
_PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:page[ \t]+\d{1,2}(?:[ \t]*(?:of|/)[ \t]*\d{1,2})?|-[ \t]*\d{1,2}[ \t]*-)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _parse(text: str) -> ParsedResume:
    # Addresses are read from the raw text; structure and skills are read without them, so an
    # "https://" is not the skill HTTPS and a footer link is not a job header.
    plain = _PAGE_NUMBER.sub("", _without_links(_EMAIL.sub(" ", text)))
    # Plain-text tables of jobs ("Company  Designation  Period" over one job a row) are read row by row;
    # the header-reading pass below sees them blanked out, as it would take a row's cells for headers.
    # Skills are still read from the whole text.
    skill_text = plain
    table_jobs, table_lines = _text_table_jobs(plain.split("\n"))
    if table_lines:
        plain = "\n".join("" if n in table_lines else line for n, line in enumerate(plain.split("\n")))
    header, sections = sec.split_sections(plain)
    by_kind: dict[str, list[sec.Section]] = {}
    for section in sections:
        by_kind.setdefault(section.kind, []).append(section)
    lines = [line.strip() for line in plain.split("\n")]

    # A history written as a form's fields ("company - Contoso Ltd" over "description - ...") is read
    # field by field; the header-reading pass would take its details for headers.
    history = _work_history(sections)
    jobs = _form_jobs(lines) or _without_relisted_jobs(_work_experience(history, table_jobs))
    jobs = _with_table_jobs(table_jobs, jobs)
    jobs = _with_labelled_employer(jobs, plain)
    jobs += _jobs_named_in_sentences(plain, jobs)
    jobs += _lower_case_sentence_jobs(plain, jobs)
    jobs += _listed_past_employers(plain, jobs)
    jobs += _bulleted_organisation_jobs(plain, jobs)
    jobs += _labelled_field_jobs(plain, jobs)
    jobs = _with_sub_roles(plain, jobs)
    jobs = _with_designated_sub_roles(plain, jobs)
    jobs = _with_undated_entries_in_details(jobs)
    jobs += _undated_firm_blocks(history, jobs)
    jobs = _with_undated_anonymised_headers(history, jobs)
    jobs = _with_run_together_employers(jobs, plain)
    jobs = [_with_sentence_in_slot(job) for job in jobs]
    jobs = _with_named_roles(jobs)
    jobs = _without_business_lines(jobs)
    jobs = _without_client_projects(jobs)
    jobs = _with_outsourcing_employers(jobs, plain)
    jobs = [_without_messrs(job) for job in jobs]
    jobs = [_without_district_address(job) for job in jobs]
    jobs = [_without_glued_place(job) for job in jobs]
    jobs = [_with_place_off_legal_form(job) for job in jobs]
    jobs = [_without_sentence_title(job) for job in jobs]
    jobs = [_without_doubled_title(job) for job in jobs]
    jobs = [_without_dangling_relation(job) for job in jobs]
    jobs = [_dated_by_its_details(job) for job in jobs]
    jobs = _listed_employers_on_dated_jobs(jobs)
    jobs = _without_division_twins(jobs, plain)
    jobs = _with_clients_named(jobs, plain)
    jobs = _with_employer_of_served_client(jobs)
    education = _education(_lines_of(by_kind, sec.EDUCATION) or _degree_lines(lines))
    name = _find_name(header or lines[:8])
    jobs = _without_own_name(jobs, name)
    current = current_job(jobs)
    if name and any(job.title and job.title.lower() == name.lower() for job in jobs):
        name = None  # "TABLE GAMES DEALER" heads the page and is a job, not a person
    resume = ParsedResume(
        name=name,
        email=_find_email(text),
        phone=_find_phone(text),
        location=_find_location(header[:12] if header else lines[:12], name),
        links=_find_links(text),
        summary=_summary(by_kind, header),
        current_title=_current_title(current, jobs, _headline_title(header, name)),
        current_company=current.company if current else None,
        work_experience=jobs,
        education=education,
        skills=_skills(skill_text, sections),
        certifications=_certifications(_lines_of(by_kind, sec.CERTIFICATIONS)),
        languages=_languages(_lines_of(by_kind, sec.LANGUAGES), text),
    )
    if resume.total_experience_years is None:
        resume.total_experience_years = _stated_years(text)
    return resume


def _without_relisted_jobs(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Drop a job listed again further down (LiveCareer's "Experience" then "Work History" with the same
    jobs): the same title, employer, start and end as an earlier job, and the same first words of details,
    is the earlier one written twice, not a second job."""
    seen: set[tuple[str, str, object, object, str]] = set()
    kept = []
    for job in jobs:
        details = " ".join(re.findall(r"[a-z]+", (job.description or "").lower())[:8])
        key = (_folded_name(job.title), _folded_name(job.company), job.start_date, job.end_date, details)
        if job.title and job.company and job.start_date and details and key in seen:
            continue
        seen.add(key)
        kept.append(job)
    return kept


# "Client: Contoso", "Client Description: Contoso Corporation is ...", "Client Contoso Inc." opening a line
# of a job's details; the name may be on the line under a label alone.
_CLIENT_LABEL = re.compile(r"^\W*client(?:\s+(?:name|description))?\s*[:\-–]?\s*(?P<rest>.*)$", re.IGNORECASE)


def _calls_its_employer_a_client(job: WorkExperience) -> bool:
    """Whether the first lines of a job's details call the name in its employer slot a client."""
    if not job.company or not job.description:
        return False
    lines = [line for line in job.description.split("\n") if line.strip()][:6]
    folded = _folded_name(job.company)
    for number, line in enumerate(lines):
        match = _CLIENT_LABEL.match(line.strip())
        if match is None:
            continue
        named = match["rest"] or (lines[number + 1] if number + 1 < len(lines) else "")
        if folded and _folded_name(named).startswith(folded):
            return True
    return False


# A project's record opening an entry's details: "Project Contoso ERP 2016", "Customer Fabrikam (USA)",
# "Description Retail Business", "Environment: Java", "Team Size: 6", or "The project involves ...".
_PROJECT_RECORD = re.compile(
    r"^\W*(?:(?:project|customer|description|environment|team\s+size)\b(?!\s+(?:manager|lead|engineer))"
    r"|(?:the|this)\s+(?:project|application|poc)\b)",
    re.IGNORECASE,
)


def _client_names(text: str) -> list[str]:
    """The folded names the resume calls a client anywhere: "Client: Contoso Corporation." or "CLIENT
    Contoso" (the name may be on the line under a label alone)."""
    lines = [line.strip() for line in text.split("\n")]
    names: list[str] = []
    for number, line in enumerate(lines):
        match = _CLIENT_LABEL.match(line)
        if match is None:
            continue
        named = match["rest"] or next((later for later in lines[number + 1 : number + 3] if later), "")
        folded = _folded_name(named)
        if folded:
            names.append(folded)
    return names


def _with_clients_named(jobs: list[WorkExperience], text: str) -> list[WorkExperience]:
    """Jobs whose employer slot holds a name the resume calls a client ("ORACLE -" over the dates and
    "Client: ORACLE" under them, or under another job): the name is the job's client, not its employer
    (guideline v1: a client is no employer). The job keeps its title and dates."""
    names = _client_names(text)
    if not names:
        return jobs
    kept: list[WorkExperience] = []
    for job in jobs:
        folded = _folded_name(job.company)
        if folded and any(name == folded or name.startswith(folded + " ") for name in names):
            # "Employer: Contoso Ltd" among the first lines of the details names who employed the writer.
            details = [line for line in (job.description or "").split("\n") if line.strip()][:6]
            employer = _labelled(details, _COMPANY_LABELS - {"client"})
            if employer and _same_employer(employer, job.company):
                employer = None
            job = job.model_copy(update={"company": employer, "client": job.company})
        kept.append(job)
    return kept


def _reads_as_a_name(text: str) -> bool:
    """Whether what stood in an employer slot reads as a firm's name, to be kept as a client: it opens on a
    letter or digit and runs six words at most, not a sentence's piece read into the slot (". Managed daily
    routine for all aspects of administrative support")."""
    return text[:1].isalnum() and len(text.split()) <= 6


def _with_employer_of_served_client(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs whose employer slot holds a name another job's details call the client its employer served
    ("Microsoft -" twice, the second job's details "at Contoso Pvt. Ltd. for MICROSOFT Enterprise Support"):
    the same name over a job whose details say nothing of it is that client again, served by the same
    employer. Only when the resume pairs the client with one employer, and the job is undated or its dates
    meet that employer's job for the client (a job at the client itself years before or after stays); a
    name with a legal form stays."""
    served: dict[str, list[WorkExperience]] = {}
    for job in jobs:
        if job.client and job.company:
            served.setdefault(_folded_name(job.client), []).append(job)
    if not served:
        return jobs
    kept: list[WorkExperience] = []
    for job in jobs:
        serving = served.get(_folded_name(job.company)) if job.company and not job.client else None
        employers = {other.company for other in serving or []}
        if (
            serving
            and len(employers) == 1
            and not _has_legal_form(job.company or "")
            and (job.start_date is None or any(_spans_meet(job, other) for other in serving))
        ):
            job = job.model_copy(update={"company": serving[0].company, "client": job.company})
        kept.append(job)
    return kept


def _spans_meet(one: WorkExperience, other: WorkExperience) -> bool:
    """Whether two dated jobs overlap or follow each other within about a month (an open end is today)."""
    if one.start_date is None or other.start_date is None:
        return False
    today = date.today()
    one_end, other_end = one.end_date or today, other.end_date or today
    return (one.start_date - other_end).days <= 62 and (other.start_date - one_end).days <= 62


def _describes_a_project(job: WorkExperience) -> bool:
    """Whether an untitled entry's first lines of details are a project's record rather than a job's."""
    if job.title or not job.company or not job.description:
        return False
    lines = [line for line in job.description.split("\n") if line.strip()][:3]
    return any(_PROJECT_RECORD.match(line.strip()) for line in lines)


def _names_only_a_client(job: WorkExperience) -> bool:
    """Whether an entry's header names a client and no employer ("Client: Fabrikam Bank" over "Duration: Jan
    2017 - Present" and "Role: Lead"): a project's record when another job's dates hold it."""
    return job.company is None and job.client is not None


def _one_year_written(job: WorkExperience) -> bool:
    """Whether the entry's dates read as one year alone ("2002 to 2002" is January to January)."""
    return job.start_date is not None and job.start_date == job.end_date and job.start_date.month == 1


def _without_client_projects(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Without the entries that are another job's projects: "Contoso Corporation -" over dates and "Client
    Description: Contoso Corporation is ..." (the entry names its client where Indeed puts the employer)
    within the dates of a job at another employer (guideline v1: a job's project is no job of its own)."""

    def within(inner: WorkExperience, outer: WorkExperience) -> bool:
        if inner.start_date is None or outer.start_date is None:
            return False
        if _one_year_written(inner) and outer.start_date.year <= inner.start_date.year:
            # "2002 to 2002": the year alone, within a job begun that year or before it
            end, year = outer.end_date, inner.start_date.year
            return (end is None and outer.is_current) or (end is not None and end.year >= year)
        if outer.start_date > inner.start_date:
            return False
        if outer.end_date is None:
            return outer.is_current or inner.end_date == inner.start_date
        return inner.end_date is not None and inner.end_date <= outer.end_date

    return [
        job
        for job in jobs
        if not (
            (_calls_its_employer_a_client(job) or _describes_a_project(job) or _names_only_a_client(job))
            and any(
                other is not job
                and other.company
                and not _same_employer(other.company, job.company)
                and not _calls_its_employer_a_client(other)
                and not _describes_a_project(other)
                and within(job, other)
                for other in jobs
            )
        )
    ]


# "Outsourced employee of Contoso Consultants (Nov 2009 - Sep 2011)": who employed someone placed at the
# firm the header names. Not "on the payroll of": the completed gold keeps the header's firm for that.
_OUTSOURCED = (
    r"\b(?:outsourced|contract(?:ual)?|third[- ]party)\s+(?:employee|staff|resource)\s+(?:of|from)\s+"
)
_OUTSOURCER_WORDS = (
    r"(?:\s+(?!(?:and|or|for|in|at|on|from|to|with|through|since|till|until|as)\b)[A-Za-z][\w&.'-]*){0,5}"
)
_OUTSOURCED_BY = re.compile(rf"{_OUTSOURCED}(?P<name>(?-i:[A-Z])[\w&.'-]*{_OUTSOURCER_WORDS})", re.IGNORECASE)
# The same, its name in any case when a bracket opens right after it ("outsourced employee of fabrikam (Nov
# 2009 - Sep 2011)"): the bracket's dates, not the capitals, end the name.
_OUTSOURCED_BY_DATED = re.compile(
    rf"{_OUTSOURCED}(?P<name>[A-Za-z][\w&.'-]*{_OUTSOURCER_WORDS})(?=\s*\()", re.IGNORECASE
)


def _with_outsourcing_employers(jobs: list[WorkExperience], text: str) -> list[WorkExperience]:
    """Jobs whose own dated line under the header says who employed the writer there: "SKF Contoso Ltd -" over
    "November 2009 to September 2011" over "Chennai (Outsourced employee of Fabrikam Consultants (Nov 2009 -
    Sep 2011) ...)" is a job at Fabrikam Consultants for its client; the line read as a job of its own (no
    employer, the same dates) goes."""
    kept: list[WorkExperience] = []
    for job in jobs:
        previous = kept[-1] if kept else None
        name = None
        if job.company is None:
            match = _OUTSOURCED_BY.search(job.title or "")
            # The line's words may not read as a title ("Chennai (Outsourced employee of Fabrikam (Nov 2009"):
            # the sentence that dates the outsourcer as this job is dated names it all the same.
            if match:
                name = match["name"]
            elif job.title is None:
                name = _outsourcer_dated_as(job, text)
        if (
            name
            and previous is not None
            and previous.company
            and previous.start_date == job.start_date
            and previous.end_date == job.end_date
            and not _same_employer(previous.company, name)
        ):
            update = {"company": name.rstrip(".")}
            if previous.client is None:
                update["client"] = previous.company  # the header's firm: the client the writer was placed at
            kept[-1] = previous.model_copy(update=update)
            continue
        kept.append(job)
    return kept


def _outsourcer_dated_as(job: WorkExperience, text: str) -> str | None:
    """The firm an "Outsourced employee of Fabrikam (Nov 2009 - Sep 2011)" names when the bracket after its
    name opens on the job's own start month; None when no such sentence dates it so."""
    if job.start_date is None:
        return None
    for match in _OUTSOURCED_BY_DATED.finditer(text):
        ranges = find_ranges(text[match.end() : match.end() + 40])
        start = ranges[0].start if ranges else None
        if start is not None and (start.year, start.month) == (job.start_date.year, job.start_date.month):
            return match["name"]
    return None


# Headings of unpaid service and student activities: what follows them is no work history, even when it is
# written in a job's shape ("Volunteer" over "National Service Scheme (NSS) -" and dates). LinkedIn's
# "Volunteer Experience" after the jobs too: a recruiter counts employers and years of employment, and a
# mentor's or a treasurer's unpaid role at a charity is neither.
_SERVICE_HEADING = re.compile(
    r"^(?:volunteer(?:ing)?(?: work| activities| experience)?|community service|social service"
    r"|(?:extra|co) ?curricular activities)$"
)


def _work_history(sections: list[sec.Section]) -> list[str]:
    """The experience sections' lines, and the jobs a stray heading cut off from them.

    "TECHNICAL SKILL SET", "Declaration" or "Project Description:" between two of Indeed's job
    headers starts a new section, but a header there (a dash-ended employer line over a bare date
    range) is still a job; it and everything after it in that section are read as work history.
    Education sections are left alone: their entries have the same shape. Only an education section right
    after the work history may still hold a job: under a heading taken for education by one word
    ("Educational Technologies:", not a listed name) when its header's title line reads as a title, and
    under any education heading when its employer line names no school and months date it (``_month_dated
    _employer``; "EDUCATIONAL QUALIFICATION:" typed between two jobs).
    """
    lines: list[str] = []
    previous: sec.Section | None = None
    for section in sections:
        if _SERVICE_HEADING.match(sec.normalise_heading(section.heading)):
            pass  # "Volunteer" over "National Service Scheme (NSS) -" and dates: service, no job
        elif section.kind == sec.EXPERIENCE:
            lines += section.lines
        elif section.kind != sec.EDUCATION:
            start = _first_job_header(section.lines)
            if start is not None:
                lines += section.lines[start:]
        elif previous is not None and previous.kind == sec.EXPERIENCE:
            start = _first_job_header(section.lines)
            if (
                start is not None
                and not _DEGREE.search(section.lines[start])
                and (
                    (_title_score(section.lines[start]) and not sec.listed_heading(section.heading))
                    or _month_dated_employer(section.lines, start)
                )
            ):
                lines += section.lines[start:]
        previous = section
    return lines


def _group_employer(lines: list[str], anchor: int, before: list[str], boundary: int) -> int | None:
    """The index of the employer line over a total span and one role's title right above its dates (the
    span line claimed as a header line or not): a name, neither a title, a place nor a date."""
    if not before or _title_score(before[-1]) == 0:
        return None
    span = anchor - 2
    # The total span of the roles held there, alone on its line: "7 years 2 months", "less than a year".
    if span - 1 < boundary or not _SPAN.fullmatch(lines[span].strip()) or len(before) > 2:
        return None
    if len(before) == 2 and before[0] != lines[span]:
        return None
    name = lines[span - 1].strip()
    # A name with an occupation's word in it ("Contoso Couriers", "Fabrikam Messenger") still names the
    # employer: in this pattern the role's title is the line under the span, never the line over it.
    if not _is_headerish(name) or find_dates(name) or places.is_place(name):
        return None
    return span - 1


def _with_group_employer(
    jobs: list[tuple[_Entry, WorkExperience | None]],
) -> list[tuple[_Entry, WorkExperience | None]]:
    """The roles under an employer's line and total span (``_group_employer``) that name no employer of
    their own, given that one; a job naming its own employer ends the group."""
    out = list(jobs)
    current: str | None = None
    for index, (entry, job) in enumerate(out):
        if job is None:
            continue
        if entry.group:
            current = job.company or entry.group.strip()
            if not job.company:
                # The employer line read as a second title ("Contoso Messenger" over "Fleet Manager").
                out[index] = (entry, job.model_copy(update={"company": current}))
        elif job.company:
            current = None
        elif current and len(entry.before) <= 1:
            out[index] = (entry, job.model_copy(update={"company": current}))
    return out


# How the job was worked, after its place: "Berlin, Germany · Hybrid", "Toronto · On-site".
_WORK_MODE = re.compile(r"\s*[·•|-]\s*(?:hybrid|remote|on-?site)\s*$", re.IGNORECASE)


def _place_line(line: str) -> bool:
    """A line that is a place and nothing else, a work mode after it allowed ("Toronto, Ontario, Canada",
    "Austin, Texas · Remote")."""
    return places.is_place(_WORK_MODE.sub("", line))


def _title_over_firm_and_place(line: str, before: list[str]) -> bool:
    """Whether ``line`` is the title over a firm's line and a line holding only the place, right above the
    dates ("Software Engineer" over "Contoso GmbH", "Berlin, Germany" and "Mar 2019 - Present"): three header
    lines, not two, when the second of them is a place alone."""
    return (
        len(before) == 2
        and _place_line(before[1])
        and not _place_line(before[0])
        and not _title_score(before[0])
        and _title_score(line) > 0
    )


# A line that opens on LiveCareer's anonymised employer, its place after it ("Company Name - City , State").
_ANONYMISED_EMPLOYER_LINE = re.compile(r"^\s*Company Name\s*(?:[-–—,]\s*)?City\b")
# A title, then LiveCareer's anonymised employer and place ("Line Cook Company Name - City , State").
_TITLE_OVER_ANONYMISED = re.compile(r"^\s*[A-Za-z][^.;:]{1,80}?\s+Company Name\s*(?:[-–—,]\s*)?City\b")
# The same header with the title before the employer or after its place ("Company Name - City , State Nurse").
_WHOLE_ANONYMISED_HEADER = re.compile(
    _TITLE_OVER_ANONYMISED.pattern + r"|^\s*Company Name\s*(?:[-–—,]\s*)?City\s*,\s*State\s+[A-Za-z]"
)


def _work_experience(lines: list[str], enclosing: Sequence[WorkExperience] = ()) -> list[WorkExperience]:
    """Jobs anchored on their date (or employer) lines, with title/company from the lines around it."""
    lines = _with_company_labels(
        _joined_ranges(_with_europass_rows([line for line in lines if line.strip()]))
    )
    anchors = _without_restated_dates(lines, _anchors(lines))
    entries: list[_Entry] = []
    boundary = 0  # first line the next entry may claim as its header
    claimed = 0  # after a dated employer line over its title: the first line the next one may claim
    for number, anchor in enumerate(anchors):
        entry = _Entry(dates=anchor.dates, single_date=anchor.single)
        stop = anchors[number + 1].index if number + 1 < len(anchors) else len(lines)
        # An employer line ending with a dash right above the next bare date line (Indeed's layout) and
        # the title above it are the next job's header, not the rest of this one's.
        header_limit = stop - _header_lines_above(lines, anchors[number + 1]) if stop < len(lines) else stop
        if (
            anchor.dates
            and _names_beside_its_dates(lines[anchor.index], anchor.dates.span)
            and anchor.index + 1 < header_limit
            and _is_headerish(lines[anchor.index + 1])
        ):
            boundary = max(boundary, claimed)  # this dated line has its own header line under it
        cursor = anchor.index - 1
        block = _labelled_block_above(lines, anchor.index, boundary) if not anchor.labelled else None
        if block is not None:
            entry.before = lines[block : anchor.index]
            cursor = block - 1
        # LiveCareer's "Customer Care Representative 03/2017 to 04/2019" over "Company Name - City , State":
        # title and dates, the employer's line under them; the line above is the last job's last duty
        # ("Perform other duties when assigned"), not this one's employer.
        # Under bare dates, "Line Cook Company Name - City , State" is the whole header (title, employer,
        # place): the line above ("Owner of catering business") ends the last job, it is not this one's title.
        below = lines[anchor.index + 1] if anchor.dates and anchor.index + 1 < header_limit else ""
        start, end = anchor.dates.span if anchor.dates else (0, 0)
        bare_dates = not re.search(
            r"[A-Za-z]", _DATE_WORDS.sub(" ", lines[anchor.index][:start] + lines[anchor.index][end:])
        )
        employer_below = bool(
            (
                anchor.dates
                and _names_beside_its_dates(lines[anchor.index], anchor.dates.span)
                and _ANONYMISED_EMPLOYER_LINE.match(below)
            )
            or (bare_dates and _TITLE_OVER_ANONYMISED.match(below))
        )
        # LiveCareer's "January 1997 to May 1997 Company Name - City , State" under its title line: the dates
        # line names employer and place, so the header above is the title alone (in any words: "Clinical
        # Teaching Residency"), and the line above that ends the last job ("Builds, tracks and reports ...").
        dated_employer = bool(
            anchor.dates
            and not lines[anchor.index][:start].strip()
            and _ANONYMISED_EMPLOYER_LINE.match(lines[anchor.index][end:])
        )
        while (
            block is None
            and not employer_below
            and not (dated_employer and entry.before)
            and not anchor.labelled
            and cursor >= boundary
            and (len(entry.before) < 2 or _title_over_firm_and_place(lines[cursor], entry.before))
            and (_is_headerish(lines[cursor]) or _dash_line_over_dates(lines, cursor, anchor))
            and not _DURATION_LINE.match(lines[cursor])  # "One year" under the last job's dates
            and not _continues_sentence(lines, cursor)
        ):
            entry.before.insert(0, lines[cursor])
            cursor -= 1
        claimed_lines = len(entry.before)
        if len(entry.before) == 2 and cursor >= boundary and _wraps_onto(lines[cursor], entry.before):
            entry.before[0] = f"{lines[cursor].strip()} {entry.before[0].strip()}"
            claimed_lines += 1
        elif (employer := _group_employer(lines, anchor.index, entry.before, boundary)) is not None:
            # LinkedIn's roles at one employer: "Contoso" over its total span ("7 years 2 months"), then each
            # role's title and dates. The employer line is this role's, and the roles under it inherit it.
            entry.before = [lines[employer], entry.before[-1]]
            entry.group = lines[employer]
            claimed_lines = anchor.index - employer
        if entries and entry.before:
            # Lines claimed as this header no longer belong to the previous job's description.
            previous = entries[-1]
            previous.body = previous.body[: max(0, len(previous.body) - claimed_lines)]
        line = lines[anchor.index]
        above = lines[anchor.index - 1] if anchor.index else ""
        # "• Worked as ... in Contoso Ltd. (North Zone) Haryana" / "Circle from Aug '2012 to July '2015."
        wrapped = _BULLET.match(above.strip()) and not find_ranges(above) and not _BULLET.match(line.strip())
        entry.line = f"{above.strip()} {line.strip()}" if wrapped else line
        if anchor.dates:
            start, end = anchor.dates.span
            entry.anchor = line[:start] + "  " + line[end:]
            entry.bare = not re.search(r"[A-Za-z]", entry.anchor)
        elif anchor.single:
            entry.anchor = _strip_single_date(line)
        else:
            entry.anchor = line
        entry.anchor = _DATE_WORDS.sub("  ", entry.anchor)
        after = anchor.index + 1
        # Indeed's employer line left empty ("-" alone): the lines under the dates are the description.
        unnamed = bool(entry.before) and entry.before[-1].strip() in ("-", "–")
        while (
            not unnamed
            and not (dated_employer and entry.before)  # the title above, the employer on the dates line
            and after < header_limit
            and after <= anchor.index + 2
            and _is_headerish(lines[after])
            and not _is_form_field(lines[after])
            and not entry.complete()
            and not (entry.before and entry.after and _place_line(entry.after[-1]))
            # "Vice President ... Mortgage Manager Company Name - City , State": LiveCareer's whole header,
            # however long its title; the line under it is the job's details.
            and not (entry.after and _WHOLE_ANONYMISED_HEADER.match(entry.after[-1]))
        ):
            entry.after.append(lines[after])
            after += 1
        if (
            not unnamed
            and entry.complete()
            and after < header_limit
            and after <= anchor.index + 2
            and _place_line(lines[after])
            and not any(part.place for part in _parts([*entry.before, entry.anchor, *entry.after]))
        ):
            # LinkedIn writes where the job was on a line of its own under the dates ("Toronto, Ontario,
            # Canada", "Stockholm, Sweden · Hybrid"): the header's place, not its description.
            entry.after.append(lines[after])
            after += 1
        body_start = lines[after:stop]
        run_in = _run_in_header(lines[after]) if after < header_limit else None
        if entry.bare and not entry.after and run_in:
            # LiveCareer's "Chef Company Name - City , State Line chef in a busy kitchen." under bare dates:
            # the header, then the first sentence on the same line. It names title and employer, so
            # lines claimed above the dates are the previous job's description after all.
            head, rest = run_in
            entry.after.append(head)
            if entries and entry.before:
                entries[-1].body = [*entries[-1].body, *entry.before]
            entry.before = []
            body_start = [rest, *lines[after + 1 : stop]] if rest else lines[after + 1 : stop]
        entry.body = body_start
        # Bare dates with nothing above them have their header below ("03/2007 to 04/2010" over "Dietary
        # Manager Company Name - City , State"): the next job may not claim those lines as its own header.
        boundary = anchor.index + 1 + (len(entry.after) if entry.bare and not entry.before else 0)
        if entry.before and entry.after and _place_line(entry.after[-1]):
            # A place alone under the dates ends this header (LinkedIn's title, dates, place): the next role,
            # listed without details, starts under it.
            boundary = anchor.index + 1 + len(entry.after)
        # "Contoso Ltd (Jan 2016 - Present)" over "Software Engineer", then "Fabrikam Ltd (Jan 2015 - Dec
        # 2015)" over its own title: the line under one employer's dates is that job's title, not the header
        # of the next dated employer line.
        claimed = anchor.index + 1 + len(entry.after) if not entry.bare and not entry.before else boundary
        entries.append(entry)
    history = "\n".join(lines)
    jobs = [(entry, _job(entry, history)) for entry in entries]
    jobs = _with_group_employer(jobs)
    jobs = _with_branch_lines_above(jobs)
    jobs = _with_firm_lines_above(jobs)
    jobs = _without_dated_promotions(jobs)
    jobs = _without_practice_projects(jobs, enclosing)
    jobs = _without_unnamed_projects(jobs, enclosing)
    jobs = _without_volunteering(jobs)
    return _without_repeats(
        [_with_sentence_in_slot(_read_as_sentence(entry.line, job)) for entry, job in jobs if job is not None]
    )[:50]


# A firm's name may open on "Best" as an award does ("Best Performer"): capitalised words, no "award"; or
# every word typed in lower (upper) case, as a job board's field may be.
_NAMED_BEST = re.compile(
    r"Best(?:\s+(?:[A-Z][\w'&-]*|for|of|and))+|best(?:\s+[a-z][\w'&-]*)+|BEST(?:\s+[A-Z][A-Z'&-]*)+"
)


def _named_before_a_place(part: _Part, parts: list[_Part]) -> bool:
    """Whether a part opening on "Best" is a firm's name: capitalised words ("Best For You Organics") right
    before the place on its line ("— Madison, WI"), as an employer line writes them (an award has no place),
    or alone on the header's first line over a title."""
    after = [other for other in parts if other.line == part.line and parts.index(other) > parts.index(part)]
    named = _NAMED_BEST.fullmatch(part.text) and not re.search(r"\bawards?\b", part.text, re.IGNORECASE)
    if (
        named
        and part.line == 0
        and not _title_score(part.text)
        and [p for p in parts if p.line == 0] == [part]
    ):
        # "Best Buy" alone on the header's first line over "Sales Associate | ...": an employer line, as the
        # header's first line is; an award is written under the job it was won in, and reads as no title.
        return any(other.line == 1 and _title_score(other.text) for other in parts)
    return bool(named and after and after[0].place)


def _earned(part: _Part, parts: list[_Part]) -> bool:
    """Whether a header part says what the job earned ("Best Performer", "Topped in Mumbai"), not a name."""
    return bool(_ACHIEVEMENT.search(part.text)) and not _named_before_a_place(part, parts)


# "Promoted as Area Sales Manager in April 2006", "Elevated to Team Lead from Jan 2012": when a job changed.
_PROMOTION_LEAD = re.compile(
    r"^\W*(?:was\s+|got\s+)?(?:promoted|elevated|re-?designated|upgraded)\b.*\b(?:in|on|from|since|wef|w\.e\.f\.?)\s*$",
    re.IGNORECASE,
)


def _without_dated_promotions(
    jobs: list[tuple[_Entry, WorkExperience | None]],
) -> list[tuple[_Entry, WorkExperience | None]]:
    """Without the entries anchored on a sentence that dates a promotion ("Promoted as Area Sales Manager in
    April 2006") inside the dates of the job above it: a step within that job, not a job (its "employer"
    would be a details line above the sentence)."""
    out: list[tuple[_Entry, WorkExperience | None]] = []
    enclosing: DateRange | None = None
    for entry, job in jobs:
        found = find_dates(entry.line)
        if job is not None and job.start_date and found and enclosing is not None and enclosing.start:
            within = enclosing.start <= job.start_date <= (enclosing.end or job.start_date)
            if within and _PROMOTION_LEAD.match(entry.line[: found[0][1][0]]):
                continue
        out.append((entry, job))
        if job is not None and job.company and entry.dates is not None and entry.before:
            enclosing = entry.dates
    return out


def _without_practice_projects(
    jobs: list[tuple[_Entry, WorkExperience | None]], enclosing: Sequence[WorkExperience]
) -> list[tuple[_Entry, WorkExperience | None]]:
    """Without the entries whose employer slot names only an SAP practice ("Consultant" / "SAP ABAP -" /
    dates) and whose dates lie within a job at a named employer, in this history or the resume's job table:
    guideline v1 reads such entries beside "Contoso India Pvt. Ltd." as that job's projects, not jobs."""
    named = [job for _, job in jobs if job is not None and job.company]
    named += [job for job in enclosing if job.company]
    out: list[tuple[_Entry, WorkExperience | None]] = []
    for entry, job in jobs:
        slots = [_BULLET.sub("", line).split(" - ")[0].strip(" -–") for line in [*entry.before, *entry.after]]
        if (
            job is not None
            and job.company is None
            and entry.dates is not None
            and any(_is_practice(slot) for slot in slots)
            and any(
                other.start_date is not None
                and (other.end_date is not None or other.is_current)
                and _within(
                    entry.dates,
                    DateRange(other.start_date, other.end_date, other.is_current, (0, 0)),
                )
                for other in named
            )
        ):
            continue
        out.append((entry, job))
    return out


# "This project involved ...", "In this project ...", "Project Description:": a project's record opening the
# details.
_PROJECT_DETAIL = re.compile(
    r"^\W*(?:in\s+)?(?:the|this)\s+project\b|^\W*project\s+(?:description|details?)\b", re.IGNORECASE
)


def _without_unnamed_projects(
    jobs: list[tuple[_Entry, WorkExperience | None]], enclosing: Sequence[WorkExperience]
) -> list[tuple[_Entry, WorkExperience | None]]:
    """Without the entries that name a role but no employer and whose details open on a project's record
    ("ROLE / Developer / PERIOD / dates" over "This project involved ..."), in a history that names its
    employers elsewhere: guideline v1 reads "Project Description" entries as a job's projects, not jobs."""
    named = any(job is not None and job.company for _, job in jobs) or any(job.company for job in enclosing)
    if not named:
        return jobs
    out: list[tuple[_Entry, WorkExperience | None]] = []
    for entry, job in jobs:
        details = [line for line in entry.body if line.strip()][:2]
        if (
            job is not None
            and job.company is None
            and job.title
            and any(_PROJECT_DETAIL.match(line.strip()) for line in details)
        ):
            continue
        out.append((entry, job))
    return out


# "Volunteer" alone on Indeed's title line, "Volunteered for the hospitality team": unpaid service, no job.
_VOLUNTEER_LINE = re.compile(r"^\W*volunteer(?:ing)?(?:\s+(?:work|experience|service))?\W*$", re.IGNORECASE)
_VOLUNTEERED = re.compile(r"^\W*volunteer(?:ed|ing)\b", re.IGNORECASE)


def _without_volunteering(
    jobs: list[tuple[_Entry, WorkExperience | None]],
) -> list[tuple[_Entry, WorkExperience | None]]:
    """Without the entries that are volunteer service, not employment: "Volunteer" alone on Indeed's title
    line, or a title line opening on "Volunteered for ..." / "Volunteering at ..."."""
    return [
        (entry, job)
        for entry, job in jobs
        if job is None
        or not (
            _VOLUNTEERED.match(job.title or "")
            or any(
                _VOLUNTEER_LINE.match(line) for line in [text for text in entry.before if text.strip()][:1]
            )
        )
    ]


# A line that opens on one word and a lower-case one before its dates ("Circle from", "Zone since") and closes
# with a full stop right after them: the end of a sentence wrapped from the line above.
_WRAPPED_SENTENCE_LEAD = re.compile(r"\s*[A-Z][\w'.&-]*\s+[a-z]+\s*")


def _job(entry: _Entry, history: str = "") -> WorkExperience | None:
    typed = [*entry.before, entry.anchor, *entry.after]
    if any(_capitalised(line) != line for line in typed):
        # Fields typed in lower case are read capitalised (``_capitalised``), their values kept as typed.
        job = _job(
            replace(
                entry,
                before=[_capitalised(line) for line in entry.before],
                anchor=_capitalised(entry.anchor),
                after=[_capitalised(line) for line in entry.after],
            ),
            history,
        )
        if job is not None:
            job.company = _as_written(job.company, typed)
            job.title = _as_written(job.title, typed)
            job.location = _as_written(job.location, typed)
        return job
    header = [*entry.before, entry.anchor, *entry.after]
    parts = _parts(header)
    if not any(_title_score(part.text) for part in parts if not part.place):
        for part in parts:
            if part.place and part.text.lower().strip(".") in _title_heads():
                part.place = False  # "Officer - Publishing": the gazetteer's town Officer, here the title
    for part in parts:
        if _town_named_employer(part, parts, header):
            part.place = False  # "Google -" under "Senior Analyst": the employer, though a town is so named
    early_body = entry.body[:8]
    title = _labelled(header, _TITLE_LABELS)
    # "Company: Contoso Ltd" beside "Client: Fabrikam Bank": the labelled employer, not its customer; a
    # "Client:" line over "Developer at Contoso Ltd" names the customer, the "at" part the employer.
    company = _labelled(header, _COMPANY_LABELS - {"client"})
    if title is None:
        title = next((part.text for part in parts if part.label == "title"), None)
    if title is None and not any(_title_score(part.text) for part in parts if not part.place):
        # "Position: Network Engineer" in the details names the title when the header does not;
        # under "Network Ops Associate" it belongs to an earlier job the details tell about.
        title = _labelled(early_body, _TITLE_LABELS)
    # A labelled employer, or the one named after "at"/"@", is the employer whatever the words say.
    if company is None:
        named = next((part for part in parts if part.label == "company" or part.after_at), None)
        company = named.text if named else None
        if named is not None and named.label != "company" and not _has_legal_form(named.text):
            # "Test Analyst at Contoso" over "Fabrikam Ltd -  Hyderabad -" and the dates: the dash line
            # with a legal form is the employer of these dates; the line above restates another job, as it
            # does when Contoso is typed alone as another job's employer, whatever the dash line's words.
            dash_line = _employer_line_part(parts, header, len(entry.before), title, history)
            if (
                dash_line
                and (_has_legal_form(dash_line) or _another_jobs_employer(named.text, history))
                and not any(part.text == dash_line and part.line == named.line for part in parts)
            ):
                company = dash_line
        elif (
            named is not None
            and named.after_at
            and named.line > len(entry.before)
            and any(_TRAILING_DASH.search(line.strip()) for line in entry.before)
            and (
                dash_line := _employer_line_part(
                    [part for part in parts if part.line < named.line],
                    header,
                    len(entry.before),
                    title,
                    history,
                )
            )
            and _company_score(dash_line)
        ):
            # "Contoso technology (Pune) -  Pune -" over the dates, "Designation: System Engg at Fabrikam Ltd"
            # under them: Indeed's employer line names the employer; the line under restates the title.
            company = dash_line
            split = _title_and_employer(title) if title else None
            title = split[0] if split else title
    if company is None:
        company = _employer_line_part(parts, header, len(entry.before), title, history)
    if company is None:
        # "Company: Acme" in the details; a "Client:" there is the employer's customer, not the
        # employer, so it only counts when the header names no one (below).
        company = _labelled(early_body, _COMPANY_LABELS - {"client"})
    candidates = [part for part in parts if part.text not in (title, company)]
    places_found = [part for part in candidates if part.place and _company_score(part.text) == 0]
    # A place is where the job was; the last one wins ("Sutherland - Hyderabad": the first may be a name),
    # but a work mode after a town says how, not where ("Berlin, Germany · Hybrid").
    located = [part for part in places_found if not places.is_work_mode(part.text)] or places_found
    location_part = located[-1] if located else None
    others = [part for part in candidates if part is not location_part]
    if title is None:
        scored = _role_parts_first([part for part in others if _title_score(part.text) and not part.place])
        if scored:
            best = max(scored, key=lambda part: (_title_score(part.text), -part.line))
            title = best.text
            others = [part for part in others if part is not best]
    if company is None:
        # "Program Manager (Software Delivery) -" typed in the employer's field under the employer: a note in
        # brackets after a title, in words titles are made of, qualifies it and names no employer.
        others = [part for part in others if not _bracketed_qualifier(part, parts, header)]
        scored = [part for part in others if _company_score(part.text) and _is_named(part.text)]
        # Without a telling word the employer is a part that reads neither as a title ("Architect")
        # nor as a place, unless a place is all there is ("Sutherland - Hyderabad").
        rest = [
            part
            for part in others
            if not part.place and not _title_score(part.text) and not _earned(part, parts)
        ]
        if not rest and not any(_only_place_dash_line(line) for line in header):
            # "Mumbai, Maharashtra -" alone on Indeed's employer line is where the job was: the employer
            # was left blank.
            rest = [part for part in others if part.place and not _title_score(part.text)]
        # Over Indeed's lone dash (a blank employer) a part after a title on its line is the title's
        # qualifier ("Software Engineer - Automation & Testing"), unless "in"/"at" puts it there.
        if any(line.strip() in ("-", "–") for line in header):
            titled = {part.line for part in parts if _title_score(part.text)}
            rest = [part for part in rest if part.line not in titled or _JOINING_WORD.match(part.text)]
        elif any(_only_place_dash_line(line) for line in header):
            # Over a dash line that holds only the place ("Pune, Maharashtra -": the employer left blank)
            # the title line's words are no employer ("Asst. Manager - Sales"); a name there may be one.
            rest = [part for part in rest if not _in_title_words(part.text)]
        if scored:
            company = max(scored, key=lambda part: _company_score(part.text)).text
        elif rest:
            # An employer is a name: "supplier data management" after a title's dash is not one.
            # A name on a line of its own right under the title's ("Assistant Manager - Outbound Sales" over
            # "Fabrikam") comes before the title line's other words: Indeed's title line, then its employer's.
            title_lines = {part.line for part in parts if part.text == title and _title_score(part.text)}
            alone = {part.line for part in parts if [other.line for other in parts].count(part.line) == 1}
            picked = max(
                rest,
                key=lambda part: (
                    _is_named(part.text),
                    part.line - 1 in title_lines
                    and part.line in alone
                    and part.line <= len(entry.before)
                    and _reads_as_a_name(part.text),
                ),
            )
            if title is None and _over_blank_employer(picked, header):
                # Indeed's title field over its employer field left blank: the line says what the job was
                # ("Manager Handling and Taking" over "Thane, Maharashtra -"), or names nothing it can.
                title = picked.text if _names_a_role(picked.text) else None
                others = [part for part in others if part is not picked]
            else:
                company = picked.text
        else:
            company = _labelled(early_body, {"client"})
        others = [part for part in others if part.text != company]
    if title is None:
        # Without title words, a part may still be the title ("Mail Room Boy"), but not one that opens on a
        # number ("5.3 years", "2012 pass out ...") or on a joining word ("as designation", "with Contoso").
        rest = [
            part
            for part in others
            if not part.place and not _UNTITLED_START.match(part.text) and not _ACHIEVEMENT.search(part.text)
        ]
        title = max(rest, key=lambda part: _is_named(part.text)).text if rest else None
    if _names_a_course(header[0] if entry.before else entry.anchor):
        return None  # "Software Testing Training at Contoso", "Java Workshop": a course, no job
    if _names_an_event(title) or _names_an_event(company):
        return None  # "Volunteer Contestant", "Co-coordinator of Code Hunt" at "CGC FEST": no job
    if company and _ACTIVITIES.search(company):
        return None  # a college post under "CO-CURRICULAR'S -", where Indeed puts the employer: no job
    if not (title and _title_score(title)) and any(
        _WISH.match(_clean(line)) for line in [*entry.after, *entry.body[:2]]
    ):
        return None  # "I want full time jobs" under "Contoso -" and the dates: a wish, not a job
    if title is None and company is None and not (entry.dates and entry.bare and entry.body):
        # A bare range over a description ("May 2016 to July 2018", then a line that runs title and
        # first sentence together) is still a job: its dates count towards the experience.
        return None
    if (
        entry.dates
        and not (entry.before or entry.after or title)
        and _WRAPPED_SENTENCE_LEAD.fullmatch(entry.line[: entry.dates.span[0]])
        and entry.line[entry.dates.span[1] :].strip() == "."
    ):
        return None  # "Circle from Aug '2015 to Apr '2016.": a sentence's wrapped end, its word no employer
    dates = entry.dates
    start = dates.start if dates else entry.single_date
    end = dates.end if dates else entry.single_date
    description = "\n".join(_clean(line) for line in entry.body if line.strip()).strip() or None
    company = _EMPLOYER_PREFIX.sub("", company) if company else company
    company = _JOINING_WORD.sub("", company) if company else company
    served = None  # the employer slot's name when the job's own lines name another firm employing for it
    if (
        company
        and not _has_legal_form(company)
        and (employer := _employer_behind_client(company, early_body))
    ):
        # "Cisco -" over "associated with Cisco on the roles of Contoso Pvt. Ltd."
        served, company = company, employer
    elif company and (employer := _employer_serving_client(company, early_body)):
        # "Fabrikam -" over "Working for Contoso, client Fabrikam, on ..."
        served, company = company, employer
    elif company and (employer := _employer_recruited_by(company, early_body)):
        company = employer  # "Rewards services -" over "Recruited by Contoso Group, ...": Contoso's
    elif company and (employer := _employer_worked_with(company, entry.body)):
        company = employer  # "Modern Trade Mumbai -" over details that say "Worked With Contoso India."
    company = _without_client(company) if company else company
    if (
        company
        and dates
        and not _has_legal_form(company)
        and any(_TRAILING_DASH.search(line.strip()) for line in header)
        and entry.body
        and (under := _employer_under_dates(entry.body[0]))
    ):
        company = under  # "Bancassurance -" over the dates, "Contoso GIC Ltd" under them: the employer
    if (
        company
        and title
        and entry.body
        and _initials_of(title) == company.strip(" .-").upper()
        and (under_initials := _name_under_dates(entry.body[0]))
    ):
        company = under_initials  # "SDM -" under "Sales Development Manager", "Contoso Life" under the dates
    if company and _folded_name(company) in _NO_EMPLOYER:
        company = None  # "SELF EMPLOYED -": nobody employed them, and no two such people are colleagues
    if company and not _has_legal_form(company) and _repeats_a_duty(company, entry.body):
        company = None  # "Correspondence through Email -" over "a. Correspondence through Email.": a duty
    if company and _table_columns(f"{company} Company Designation") == ["number", "company", "title"]:
        company = None  # "Sr.No -": a job table's column name in the employer slot; the table names it
    if company and _is_practice(company):
        company = None  # "SAP ABAP -": the consultant's practice, named where Indeed puts the employer
    if company and _names_a_territory(company):
        company = None  # "Ghatkopar to Badlapur -", "Thane Ghodbunder Road -": where the job was, no employer
    if (
        company
        and _ACHIEVEMENT.search(company)
        and not _has_legal_form(company)
        and not any(part.text == company and _named_before_a_place(part, parts) for part in parts)
    ):
        company = None  # "Topped in Mumbai -": what the job earned, typed where Indeed puts the employer
    if company and title and _names_a_function(company):
        company = None  # "Retail Sales -", "Security Department -": a function in the employer slot, no name
    elif company and title and _in_function_words(company) and _title_and_employer(title):
        # "Recruitment -", "Operations -" under "HR Executive in Contoso": the line above names the employer.
        company = None
    elif company and title and (split := _employer_over_client(title, company)):
        served = company
        title, company = split  # "Sales Associate in Contoso" over "Fabrikam -": Contoso's, for Fabrikam
    if title and company and _says_the_initials(company, title):
        company = _employer_for(parts, title)  # "Month as T.S.E -" under "(Territory Sales Executive) for X"
    if title and places.is_state(title):
        title = None  # "Tamil Nadu" over "Contoso Ltd -": the territory the job covered, no title
    if title and _has_legal_form(title) and not _title_score(title) and not _has_legal_form(company or ""):
        # "Worked for Lighting Products" over "Contoso Ltd -": a firm with its legal form is no title, it is
        # the employer; the other line is what the job sold.
        title, company = (company if company and _title_score(company) else None), title
    if company and (split := _title_and_employer(company)):
        title, company = split  # "Jr. Developer in Northwind Traders" over "-": the line holds both
    elif title and company is None and (split := _title_and_employer(title)):
        title, company = split  # "Consultant in Contoso" over "SAP FICO -"
    elif (
        title
        and company is None
        and any(line.strip() in ("-", "–") for line in header)
        and (split := _title_then_name(title))
    ):
        title, company = split  # "Area Sales Manager Contoso labs" over Indeed's empty employer line
    if title is None and company:
        # "Working in Contoso as a developer" over "Contoso -": the sentence names this job's title.
        for line in entry.before:
            match = _WORKING_AS.match(_clean(line))
            if match and _names_the_employer(match["who"], company) and _title_score(match["title"]):
                title = match["title"]
    designated = _labelled(entry.body[:3], {"designation"})
    if designated and _title_score(designated) and designated != title:
        # "Designation: Presales Consultant" right under the dates says what the job was called, whatever
        # Indeed's title line holds ("Indian Business Partner").
        title = designated
    if title and company:
        title = _title_without_employer(title, company)
    if title:
        title = (
            (_export_title_field(title, parts) if company == _ANONYMISED_EMPLOYER else None)
            or _qualified_title(title, parts, header, company)
            or _indeed_title_line(title, parts, header, company)
            or _with_bracketed_role(title, parts, header)
            or _with_bracketed_initials(title, parts, header)
            or title
        )
        # "Fresher" says someone is new to work, not what they did ("Php developer freshers").
        title = _FRESHER.sub("", title).strip(" ,-") or None
    if title and not _title_score(title) and _repeats_a_duty(title, entry.body):
        title = None  # "Lead Generation through various activities", repeated in its list of duties: a duty
    if title and _ends_mid_sentence(title):
        title = None  # "key member of the executive team charged": a sentence wrapped onto the title line
    if (
        not (title and _names_a_role(title))
        and company
        and _INSTITUTION.search(company)
        and dates
        and _YEARS_ONLY.fullmatch(entry.line[slice(*dates.span)].strip())
    ):
        # "Contoso University -  Pune -" over "2001 to 2001": a school entry, its years alone, under no title
        # or a line that names no role ("IT SKILLS Digital Marketing, ERP")
        return None
    client = _labelled(header, {"client"})
    if client and company and _same_employer(client, company):
        company = None  # read from the "Client:" line itself: the job's client, no employer named
    if (
        client is None
        and served
        and company
        and _reads_as_a_name(served)
        and not _same_employer(served, company)
    ):
        client = served
    return WorkExperience(
        company=_tidy(company),
        title=_tidy(title if title is None or _ABBREVIATED_END.search(title) else title.rstrip(".")),
        client=_tidy(client) if client else None,
        department=department_of(header, entry.body, company),
        location=location_part.text if location_part else None,
        start_date=start,
        end_date=end,
        is_current=bool(dates and dates.is_current),
        description=description[:5000] if description else None,
    )


def _current_title(
    current: WorkExperience | None, jobs: list[WorkExperience], headline: str | None
) -> str | None:
    """The current job's title; failing that, the line under the name when the resume has no work history
    or when a job of its history has that title too ("MECHANICAL ENGINEERING INTERN" over an untitled
    current job and a past "Mechanical Engineering Intern", as LiveCareer's resumes open). A headline no
    job holds is how the person sells themselves ("Regional Head", "Chief Coordinator of LEAR"), no title."""
    if current and current.title:
        return current.title
    if headline is None or not jobs:
        return headline
    # Compared without case or punctuation ("Engineering assistant" is "ENGINEERING ASSISTANT").
    held = {_folded_name(job.title) for job in jobs if job.title}
    return headline if _folded_name(headline) in held else None


def _headline_title(header: Sequence[str], name: str | None) -> str | None:
    """The job title many resumes put under the name ("Senior Software Engineer", "ACCOUNTANT"); the
    current title only as `_current_title` says."""
    for line in [_clean(line) for line in header[:4] if line.strip()]:
        if name and line.lower().startswith(name.lower()):
            continue
        fragment = _FRAGMENT_SPLIT.split(line)[0].strip()
        if _names_an_event(line):
            continue  # "Co-coordinator of Code Hunt at CGC FEST": a contest's post, as in a job header
        if _title_score(fragment) and len(fragment.split()) <= 8:
            return fragment.title() if fragment.isupper() else fragment
    return None


def _stated_years(text: str) -> float | None:
    match = _STATED_YEARS.search(text[:5000])
    if match:
        years = float(match.group(1))
        return years if 0 < years < 60 else None
    return None


# "Organization: Contoso India Pvt Ltd", "ORGANISATION Contoso Ltd" in a project block: the label with a
# colon, or in capitals before a capitalised name.
_ORGANISATION_LABEL = re.compile(
    r"^(?:(?i:organi[sz]ation|employer|company)\s*[:\-–]\s*|(?:ORGANI[SZ]ATION|EMPLOYER|COMPANY)\s+"
    # "ORGANISATION hcl technologies ltd": typed in lower case, the name ends on its legal form.
    rf"(?=[A-Z]|(?i:{_LOWER_LEGAL_NAME})\s*$))"
    r"(?P<name>[^\n]{2,80})$"
)


# A line worth cleaning and matching against the label: most lines of a resume do not hold its word.
_ORGANISATION_WORD = re.compile(r"organi[sz]ation|employer|company", re.IGNORECASE)


def _with_labelled_employer(jobs: list[WorkExperience], text: str) -> list[WorkExperience]:
    """The jobs whose header names no employer, with the one employer the resume labels elsewhere
    ("Organization: Contoso Ltd" in the project blocks under ADDITIONAL INFORMATION). Two labelled
    organisations leave them as they are: which one a job was at is not said."""
    organisations: list[str] = []
    for line in text.split("\n"):
        match = _ORGANISATION_WORD.search(line) and _ORGANISATION_LABEL.match(_clean(line))
        # "company - Technology - Dot Net": a form's field holding another label, no organisation.
        name = _label_value(match["name"]) if match and not _FIELD_LABEL.match(match["name"]) else None
        if name and not any(_same_organisation(name, known) for known in organisations):
            organisations.append(name)
    if len(organisations) != 1:
        return jobs
    (employer,) = organisations
    if any(_same_organisation(employer, job.company or "") for job in jobs):
        return jobs  # a label some job's header already reads is that job's own ("Company: Contoso")
    return [job.model_copy(update={"company": employer}) if job.company is None else job for job in jobs]


# "• Organization: Contoso Infotech, Noida" / "➢ Organisation: Contoso KPO Services": a listed employer field.
_BULLETED_ORGANISATION = re.compile(
    rf"^\s*[{_BULLET_GLYPHS}]+\s*(?i:organi[sz]ation|employer)\s*:\s*(?P<name>[A-Za-z][^\n]{{1,80}})$"
)
_TRAILING_PLACE = re.compile(r"^(?P<name>.+?),\s*(?P<place>[A-Z][A-Za-z ]+)$")


def _bulleted_organisation_jobs(text: str, jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs at the employers a bulleted field names ("• Organization: Contoso Infotech, Noida" over "•
    Duration: 6 Months"; "➢ Organization: Contoso KPO Services" in another job's details) that no job reads:
    an employer the resume names as one, without dates or a title of its own."""
    added: list[WorkExperience] = []
    for line in text.split("\n"):
        match = _BULLETED_ORGANISATION.match(line) if _ORGANISATION_WORD.search(line) else None
        name = _label_value(match["name"]) if match else None
        if name and (split := _TRAILING_PLACE.match(name)) and places.is_place(split["place"]):
            name = split["name"]  # "Contoso Infotech, Noida": the employer without its town
        if not name or any(_same_organisation(name, job.company or "") for job in [*jobs, *added]):
            continue
        added.append(WorkExperience(company=name))
    return added


# "Organization: Contoso Foods Pvt Ltd" / "Designation: Sales Manager" / "DURATION: Nov 2016 TO May 2018".
_JOB_FIELD = re.compile(
    rf"^\s*[{_BULLET_GLYPHS}]*\s*(?P<label>organi[sz]ation|designation|duration|period)\s*:+\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
# A job block's labels where a project's details follow the employer: "Company name: Contoso Contracting Co
# LLC Dubai, UAE" over "Consultancy: ...", "Client: ...", "Project Name: ..." and "Position: QA/QC Engineer."
_COMPANY_NAME_FIELD = re.compile(
    rf"^\s*[{_BULLET_GLYPHS}]*\s*(?:company|employer)(?:'?s)?\s+name\s*:+\s*(?P<value>\S.*)$", re.IGNORECASE
)
_BLOCK_TITLE_FIELD = re.compile(
    rf"^\s*[{_BULLET_GLYPHS}]*\s*(?:designation|position|role)\s*:+\s*(?P<value>[^\[(]+?)\.?\s*$",
    re.IGNORECASE,
)


def _labelled_field_jobs(text: str, jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs written as labelled fields wherever they stand (a summary's "Organization: Contoso Foods Pvt
    Ltd" / "Designation: Sales Manager" / "Duration: Nov 2016 TO May 2018" above the WORK EXPERIENCE
    heading): the employer, the title the next line labels, and the range a following "Duration" or "Period"
    line gives. A job the history already has (the same employer and title) is not added again."""
    lines = text.split("\n")
    added: list[WorkExperience] = []
    for number, line in enumerate(lines):
        if named := _company_name_block_job(lines, number, [*jobs, *added]):
            added.append(named)
            continue
        match = _JOB_FIELD.match(line)
        if not match or not match["label"].lower().startswith("organi"):
            continue
        name = _label_value(match["value"])
        fields = [field for field in map(_JOB_FIELD.match, lines[number + 1 : number + 3]) if field]
        titles = [field["value"].strip() for field in fields if field["label"].lower() == "designation"]
        if not name or not titles or not _title_score(titles[0]):
            continue
        title = titles[0]
        if any(
            _same_organisation(name, job.company or "") and _folded_name(job.title) == _folded_name(title)
            for job in [*jobs, *added]
        ):
            continue
        spans = [field["value"] for field in fields if field["label"].lower() in {"duration", "period"}]
        dates = next(iter(find_ranges(_TILL_DATE.sub(" to present", spans[0]))), None) if spans else None
        added.append(
            WorkExperience(
                company=name,
                title=_tidy(title),
                start_date=dates.start if dates else None,
                end_date=dates.end if dates else None,
                is_current=bool(dates and dates.is_current),
            )
        )
    return added


# A listed line: a glyph of any kind, then a space ("• Led ...", "♣ Designed ...", "➢ Handled ...").
_LISTED_LINE = re.compile(r"^\s*[^\w\s\"'‘’“”(\[]\s*\S")
# Where a sub-role's heading line runs on past its title: a spaced dash, a comma, a cell.
_SUB_ROLE_CUT = re.compile(r"\s+[-–—]\s+|\s*,\s+|\s+\|\s+")


def _names_a_person(word: str) -> bool:
    """Whether a title's last word names the person holding it: the parser's title words ("Head", "Lead"),
    or an O*NET head that is an agent noun ("Leader", "Specialist"); not "Control" or "Management"."""
    if word in _TITLE_WORDS:
        return True
    return word in vocabulary.title_heads() and bool(
        re.search(r"(?:er|or|ist|ant|ent|ive|ian|ate|ee)$", word)
    )


def _with_sub_roles(text: str, jobs: list[WorkExperience]) -> list[WorkExperience]:
    """A second role inside one job's entry, with a heading line of its own (guideline v1): "Business
    Development Head - Contoso" or "Team Lead, Global Support | Contoso Inc." standing alone after a blank
    line, inside a dated job's details, with a list of duties under it. It is a job at that job's employer,
    without dates of its own. A heading that restates the job's own title, ends on a colon or a full stop,
    holds a date or scores no title before its dash or comma is no role."""
    lines = text.split("\n")
    result = list(jobs)
    for number, line in enumerate(lines):
        heading = line.strip()
        if (
            not heading
            or number == 0
            or lines[number - 1].strip()
            or _LISTED_LINE.match(heading)
            or heading.endswith((":", ".", ";"))
            or len(re.findall(r"\w+", heading)) > 10
            or find_dates(heading)
        ):
            continue
        below = lines[number + 1 : number + 3]
        if any(other and not other.strip() for other in below):
            # A page's footer between a heading and its duties (Indeed's page breaks leave the resume's web
            # address alone on a line, blank lines round it; `_without_links` leaves a space where it stood)
            # is no text of the resume.
            below = lines[number + 1 : number + 6]
        following = next((other.strip() for other in below if other.strip()), "")
        if not _LISTED_LINE.match(following):
            continue
        title = re.split(r"\s+\|\s+", heading)[0].strip()
        # "Store Manager (On roll)": a note in brackets after the role is no part of its words.
        head = _SUB_ROLE_CUT.split(re.sub(r"\s*\([^()]*\)$", "", title))[0]
        words = head.split()
        # The role's own words: capitalised, ending on an O*NET head ("Business Development Head", "Team
        # Lead"), opening on neither a label ("Role ..."), a joining word ("to ...") nor a place ("Pune ...").
        if (
            len(words) < 2
            or not words[0][0].isupper()
            or ":" in heading
            or not _names_a_person(words[-1].lower().strip(".,()"))
            or words[0].lower() in _TITLE_LABELS | {"role", "to", "as"}
            or places.is_place(words[0])
            or re.search(r"\bproject\b", title, re.IGNORECASE)
            or _title_score(head) < 3
        ):
            continue
        owners = [job for job, _ in _dated_jobs_holding(result, heading)]
        if len(owners) != 1:
            continue
        owner = owners[0]
        if any(
            job.title
            and (
                _folded_name(head) in _folded_name(job.title)
                or _folded_name(title).startswith(_folded_name(job.title))
            )
            for job in result
        ):
            continue  # "Marketing Specialist - Programs Lead" under "Marketing Specialist": read already
        _insert_sub_role(result, owner, title)
    return result


def _dated_jobs_holding(jobs: list[WorkExperience], line: str) -> list[tuple[WorkExperience, int]]:
    """The dated jobs at a named employer whose details hold the line as a row of its own, each with the
    row's number there."""
    found = []
    for job in jobs:
        if job.company and (job.start_date or job.is_current) and job.description:
            rows = [_BULLET.sub("", row).strip() for row in job.description.split("\n")]
            if line in rows:
                found.append((job, rows.index(line)))
    return found


def _insert_sub_role(jobs: list[WorkExperience], owner: WorkExperience, title: str) -> None:
    """A role inside the owner's details as an undated job at its employer, after the sub-roles already
    read, in reading order."""
    at = jobs.index(owner) + 1
    while at < len(jobs) and jobs[at].company == owner.company and not jobs[at].start_date:
        at += 1
    jobs.insert(at, WorkExperience(company=owner.company, title=_tidy(title)))


# A role labelled as the job's designation: "Designation:- Non-Calling Agent", "DESIGNATION: Team Leader".
_DESIGNATION_LINE = re.compile(r"designation\s*[:\-]+\s*(?P<title>\S.*)", re.IGNORECASE)


def _with_designated_sub_roles(text: str, jobs: list[WorkExperience]) -> list[WorkExperience]:
    """A second role inside one job's details given by a label of its own, as `_with_sub_roles` reads one
    given by a heading: "Designation:- Non-Calling Agent" standing alone after a blank line, further down a
    dated job's details, with its duties (a list, or a label opening one: "Key Accomplishments:") under it.
    It is a job at that job's employer, without dates; a designation that restates a title already read
    ("Designation: Associate Consultant" under "Associate consultant") or names no role is none."""
    lines = text.split("\n")
    result = list(jobs)
    for number, line in enumerate(lines):
        match = _DESIGNATION_LINE.fullmatch(_BULLET.sub("", line).strip())
        if not match or number == 0 or lines[number - 1].strip():
            continue
        title = match["title"].strip(" .")
        following = next((other.strip() for other in lines[number + 1 : number + 3] if other.strip()), "")
        if not (_LISTED_LINE.match(following) or following.endswith(":")) or not _names_a_role(title):
            continue
        owners = [job for job, row in _dated_jobs_holding(result, line.strip()) if row > 1]
        if len(owners) != 1 or any(
            job.title
            and (
                _folded_name(title) in _folded_name(job.title)
                or _folded_name(job.title) in _folded_name(title)
            )
            for job in result
        ):
            continue
        _insert_sub_role(result, owners[0], title)
    return result


def _same_or_misspelt(name: str, other: str) -> bool:
    """Whether two employer names are one organisation, or one written with a slip ("Stromfur Technologies
    LLP" under "Stormfur Technologies LLP")."""
    if _same_organisation(name, other):
        return True
    first, second = _folded_name(name), _folded_name(other)
    return bool(first and second) and difflib.SequenceMatcher(None, first, second).ratio() >= 0.85


# Words that say which of the person's firms a line means without naming it ("PREVIOUS COMPANY").
_WHICH_FIRM = frozenset(
    {"previous", "present", "current", "last", "former", "past", "same", "my", "our", "this"}
)


def _says_which_firm(named: list[str]) -> bool:
    """Whether a name made of a legal-form word ("Company", "Ltd") and such words only ("PREVIOUS COMPANY",
    "Present Company") points at a firm without naming it."""
    stem = [
        word.strip(".,:").lower() for word in named if not vocabulary.legal_form(word.strip(".,:").lower())
    ]
    return all(word in _WHICH_FIRM for word in stem)


def _with_undated_entries_in_details(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """An undated entry that Indeed's export runs into the job before's details: a title line ("Area sales
    manager", ending on a person's role) right over an employer line with a legal form and no dash
    ("Contoso Ltd", "Fabrikam technology pvt ltd"), another employer than the job's. It is a job of its own,
    without dates."""
    result = list(jobs)
    for job in jobs:
        if not (job.start_date or job.is_current) or not job.description:
            continue
        rows = [row.strip() for row in job.description.split("\n")]
        at = result.index(job) + 1
        for title, name in itertools.pairwise(rows):
            words, named = title.split(), name.split()
            if (
                not 2 <= len(words) <= 6
                or not 1 <= len(named) <= 6
                or find_dates(title)
                or find_dates(name)
                or not vocabulary.legal_form(named[-1].strip(".,"))
                or not _names_a_person(words[-1].lower().strip(".,"))
                or _title_score(title) < 3
                or any(word.lower() in _LOWER_IN_NAMES for word in named)
                or _says_which_firm(named)
                or any(_same_or_misspelt(name, other.company or "") for other in result)
            ):
                continue
            result.insert(at, WorkExperience(company=_tidy(name), title=_tidy(title)))
            at += 1
    return result


# A line holding a firm's name alone, ending on its legal form: "Contoso Industries Pvt. Ltd.", "Fabrikam
# India Pvt Ltd:", "❖ Tailspin Broadcasting Corporation Ltd. (Northwind News Channel)".
_FIRM_ALONE = re.compile(
    rf"^[\s{_BULLET_GLYPHS}]*(?P<name>[A-Z][\w&.'-]*(?:\s+(?:of|and|&|[A-Z(][\w&.'()-]*)){{1,6}}?)\s*:?"
    r"(?:\s*\([^()\n]{1,60}\))?\s*:?\s*$"
)


def _undated_firm_blocks(history: list[str], jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs at a firm the work history names on a line of its own, capitalised and with its legal form,
    that no job reads ("Contoso Industries Pvt. Ltd." over a line about it and "Executive Marketing" after
    the last dated job; "Fabrikam India Pvt Ltd:" over bullets): a job without dates, its title the next
    line or the one after when that reads as one. A firm in a list (a line above ending on ":", or a firm
    line beside it) is a client or a past employer's list, not a job."""
    added: list[WorkExperience] = []
    lines = [line.strip() for line in history]
    for index, line in enumerate(lines):
        if (pair := _firm_and_title_cells(line)) and not any(
            _same_organisation(pair[0], job.company or "") for job in [*jobs, *added]
        ):
            added.append(WorkExperience(company=pair[0], title=pair[1]))
            continue
        name = _firm_line_name(line)
        if name is None:
            continue
        above = next((lines[k] for k in range(index - 1, -1, -1) if lines[k]), "")
        below = [lines[k] for k in range(index + 1, min(len(lines), index + 4)) if lines[k]]
        if above.endswith(":") or _firm_line_name(above) or (below and _firm_line_name(below[0])):
            continue
        if _SENTENCE_START.match(name) or not _names_an_employer(name):
            continue  # "Handled Contoso Pvt Ltd": a duty naming a client
        if any(_same_organisation(name, job.company or "") for job in [*jobs, *added]):
            continue
        words = name.lower().split()
        if words[0] in _glue_vocabulary() or words[0] in _TITLE_WORDS:
            continue  # "Customer Contoso Organics Ltd", "Channel Partner of Contoso Ltd": a relation
        stem = [w for w in name.split() if not vocabulary.legal_form(w.strip(",.()").lower())]
        if words[-1].strip(".") == "company" or not stem or all(places.is_place(w) for w in stem):
            continue  # "PREVIOUS COMPANY" over a job; "India Pvt Ltd." ending a wrapped list of clients
        title = next((line for line in below[:2] if _title_score(line)), None)
        if title is None and not (line.endswith(":") and below and _BULLET.match(below[0])):
            continue  # a firm over a job's title, or a block of bullets under its name and a colon
        if title and any(title == job.title for job in jobs):
            title = None  # the title another job already reads
        added.append(WorkExperience(company=name, title=_tidy(title)))
    return added


# LiveCareer's whole header with no date: a title, its anonymised employer, the place or not ("Banking Officer
# Company Name City , State", "Intern , Company Name – City , State", "Owner - Operator Company Name").
_UNDATED_ANONYMISED_HEADER = re.compile(
    r"^(?P<title>[A-Za-z][^.;:]{1,80}?)\s*,?\s+Company Name"
    r"(?:\s*[-–—,]?\s*(?P<place>City\s*,\s*State|State|City))?$"
)


def _lone_date(line: str) -> date | None:
    """The date a line holds and nothing else ("01/2014", "July 2013"): a job's start written alone."""
    found = find_dates(line)
    if len(found) != 1 or find_ranges(line):
        return None
    when, (start, end) = found[0]
    return when if not re.search(r"\w", line[:start] + line[end:]) else None


def _with_undated_anonymised_headers(history: list[str], jobs: list[WorkExperience]) -> list[WorkExperience]:
    """A job for each of LiveCareer's whole headers that no range dates, which no job reads: the export writes
    the start alone on the line above when the person gave no end ("01/2014" over "Civic Engagement Intern
    Company Name - City , State"), and nothing when they gave no dates; such a header opens no job (a history
    of them reads as none), or sits in the details of the job above it. The job takes the date alone as its
    start and the lines under its header up to the next header as its details; a job whose details held it
    loses them."""
    lines = [line.strip() for line in history]
    written = [number for number, line in enumerate(lines) if line]
    headers: dict[int, tuple[re.Match[str], date | None]] = {}
    for before, number in zip([None, *written], written, strict=False):
        match = _UNDATED_ANONYMISED_HEADER.match(lines[number])
        if match is None:
            continue
        above = lines[before] if before is not None else ""
        start = _lone_date(above)
        if (
            find_dates(lines[number])
            or (find_dates(above) and start is None)  # "01/2016 to 11/2016" over it: a dated job's header
            or re.search(r"\b(?:current|present)\b", lines[number], re.IGNORECASE)
            or _SENTENCE_START.match(match["title"])
            or not _title_score(match["title"])
            or not _tidy(match["title"])
        ):
            continue
        headers[number] = (match, start)
    read = [((job.title or "").lower(), job.start_date) for job in jobs]
    result = list(jobs)
    for number, (match, start) in headers.items():
        title = _tidy(match["title"]) or ""
        if any(held == title.lower() and (start is None or when in (None, start)) for held, when in read):
            continue  # a header some job reads, or the same header listed again
        read.append((title.lower(), start))
        details: list[str] = []
        for line in lines[number + 1 :]:
            if _UNDATED_ANONYMISED_HEADER.match(line) or find_ranges(line) or _lone_date(line):
                break
            details.append(line)
        job = WorkExperience(
            company="Company Name",
            title=title,
            location=re.sub(r"\s*,\s*", ", ", match["place"]) if match["place"] else None,
            start_date=start,
            description="\n".join(details).strip()[:5000] or None,
        )
        holder = next(
            (
                index
                for index, other in enumerate(result)
                if other.description and lines[number] in other.description
            ),
            None,
        )
        if holder is None:
            result.append(job)
            continue
        above_job = result[holder]
        kept = (above_job.description or "").split(lines[number])[0].strip()
        result[holder] = above_job.model_copy(update={"description": kept or None})
        result.insert(holder + 1, job)
    return result


# A firm named by its web address: "Contoso.in", "fabrikam.com".
_DOMAIN_NAME = re.compile(r"[A-Za-z][\w-]{1,40}\.(?:com|in|net|org|io|co\.in)")


def _firm_and_title_cells(line: str) -> tuple[str, str] | None:
    """A line of two cells, a firm (its legal form or web address) and a title: "Contoso.in | Assistant
    Manager", "Fabrikam Ltd | Sales Executive"; the firm, then the title."""
    cells = [cell.strip() for cell in line.split(" | ")]
    if len(cells) != 2 or not all(cells):
        return None
    for firm, title in (cells, cells[::-1]):
        named = _has_legal_form(firm) or _DOMAIN_NAME.fullmatch(firm)
        if named and _title_score(title) and not _title_score(firm) and len(title.split()) <= 6:
            return firm, title
    return None


def _firm_line_name(line: str) -> str | None:
    """The firm a line names alone with its legal form ("Contoso Industries Pvt. Ltd.", "Fabrikam Ltd:")."""
    match = _FIRM_ALONE.match(line)
    name = match["name"].rstrip(" :") if match else ""
    return name if _has_legal_form(name) else None


def _company_name_block_job(
    lines: list[str], number: int, jobs: list[WorkExperience]
) -> WorkExperience | None:
    """The job a "Company name:" line opens when a "Position:", "Designation:" or "Role:" line follows it
    within five lines (after the block's "Consultancy:", "Client:", "Project Name:"), dated by a range on
    the line above it ("Career Progression: March 2016 to Still on going"): a job written inside another
    entry's details. An employer some job already has is left to that job."""
    match = _COMPANY_NAME_FIELD.match(lines[number])
    name = _label_value(_before_place(match["value"].strip(" ."))) if match else None
    if not name or any(_same_organisation(name, job.company or "") for job in jobs):
        return None
    below = [field for field in map(_BLOCK_TITLE_FIELD.match, lines[number + 1 : number + 6]) if field]
    title = below[0]["value"].strip() if below else ""
    if not _title_score(title):
        return None
    above = [line for line in lines[max(0, number - 3) : number] if line.strip()][-1:]
    dates = next(iter(find_ranges(above[0])), None) if above else None
    return WorkExperience(
        company=name,
        title=_tidy(title),
        start_date=dates.start if dates else None,
        end_date=dates.end if dates else None,
        is_current=bool(dates and dates.is_current),
    )


def _before_place(name: str) -> str:
    """An employer without the place written after its legal form ("Contoso Co LLC Dubai, UAE")."""
    words = name.split()
    for index in range(len(words) - 1, 0, -1):
        tail = " ".join(words[index:]).strip(" ,.")
        if vocabulary.legal_form(words[index - 1].strip(",.")) and places.is_place(tail):
            return " ".join(words[:index]).rstrip(",")
    return name


def _label_value(value: str) -> str | None:
    """A labelled organisation's name, up to the next cell or sentence, when it reads as one."""
    name = re.split(r"\s+\|\s+|\s{2,}|\t|\s+[-–—]\s+|\.\s", value.strip())[0].strip(" .,;:")
    named = _is_named(name) or re.fullmatch(_LOWER_LEGAL_NAME, name, re.IGNORECASE) or _typed_name(name)
    return name if named and _names_an_employer(name) else None


def _typed_name(value: str) -> bool:
    """Whether a labelled value typed in lower case is a name: an organisation's or institution's noun
    closes it ("contoso infotech", "fabrikam consultancy services, Noida"), the label saying one follows."""
    words = value.split(",")[0].split()
    return len(words) >= 2 and " ".join(words).islower() and words[-1] in _TYPED_NAME_NOUNS


# A field of an employer's grading scheme written into the title: "Band-Sub band", "Designation U4", "Grade
# M2", "Level 3".
_GRADE_LABEL = re.compile(r"(?:band|sub[- ]?band|grade|level|designation)\b", re.IGNORECASE)


def _after_grade_labels(title: str) -> str | None:
    """The role after the grading fields a title lists before it, slash after slash ("Band-Sub band/
    Designation U4 / DevOps Consultant" -> "DevOps Consultant"), when what follows them names a role."""
    parts = [part.strip() for part in title.split("/")]
    labelled = [number for number, part in enumerate(parts) if _GRADE_LABEL.match(part)]
    if not labelled or labelled[-1] == len(parts) - 1:
        return None
    role = " / ".join(parts[labelled[-1] + 1 :])
    return role if _names_a_role(role) else None


def _a_unit_of_its_place(title: str, location: str | None) -> bool:
    """Whether a title is the job's business unit at its own town, no role: "Mumbai General Medicine" where
    the job was at "Mumbai, Maharashtra", its last word naming no one ("Mumbai Branch Manager" does)."""
    town = (location or "").split(",")[0].strip()
    words = title.split()
    return bool(
        town
        and len(words) > len(town.split())
        and title.lower().startswith(town.lower() + " ")
        and not _names_a_person(words[-1].lower().strip(".,()"))
    )


def _with_named_roles(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs whose titles name a role: a title without one word of the title vocabulary ("Inventory
    Management", "Sales and Distribution", "Location USA") is a duty, a function or a form field read
    where the title goes, so the job keeps its employer and dates without it; a job left with neither
    title, employer nor a start is dropped."""
    kept = []
    for job in jobs:
        if job.title and (role := _after_grade_labels(job.title)):
            # "Band-Sub band/ Designation U4 / DevOps Consultant" -> "DevOps Consultant"
            job = job.model_copy(update={"title": role})
        if job.title and (
            (not _names_a_role(job.title) and not _anonymised_export_title(job))
            or _a_unit_of_its_place(job.title, job.location)
        ):
            job = job.model_copy(update={"title": None})
        cut = {
            field: None
            for field in ("title", "company")
            if _CUT_OFF.search(getattr(job, field) or "") or _only_a_date(getattr(job, field) or "")
        }
        if job.company and (name := _name_before_relation(job.company)):
            job = job.model_copy(update={"company": name})  # "Contoso- Woodland Distributor": Contoso
        if job.company and _not_an_employer(job.company):
            cut["company"] = None  # "Masters of Management Studies", "One & Half Year of Direct Operation"
        if job.company and job.title and _initials_of(job.title) == job.company.strip(" .").upper():
            cut["company"] = None  # "SDM" beside "Sales Development Manager": the title's initials
        if job.company and _CUT_BEFORE.match(job.company):
            cut["company"] = (
                None  # "and Cochin Dry Docks" (of "Haldia, and Cochin Dry Docks -"): a list's end
            )
        if job.company and _names_no_one(job.company):
            cut["company"] = None  # "Company", "Sr.GM": a placeholder or a grade where the employer goes
            if job.title is None and _RANK_INITIALS.fullmatch(job.company.strip()):
                job = job.model_copy(update={"title": job.company.strip()})  # "Sales" over "Sr.GM -"
        if cut:
            job = job.model_copy(update=cut)  # "Carpenter and", "Arabization Jobs and": a fragment cut off
        if job.title is None and job.company is None and job.start_date is None:
            continue
        kept.append(job)
    return kept


# LiveCareer's export writes every employer as "Company Name"; a title read beside it is its title field,
# short words in capitals, whatever the words ("Sales", "Security", "Senior HR", "Business Development").
_ANONYMISED_EMPLOYER = "Company Name"
_FIELD_TITLE = re.compile(r"^[A-Z][\w'&/,+-]*(?:\s+(?:[A-Z][\w'&/,+-]*|&|and|of|in|for|the|/|-)){0,6}$")


def _anonymised_export_title(job: WorkExperience) -> bool:
    """Whether a job's title sits beside LiveCareer's anonymised employer as a field typed in capitals: kept
    though no role word names it (before: "Sales" over "Company Name - City , State" was dropped)."""
    title = (job.title or "").strip()
    return (
        job.company == _ANONYMISED_EMPLOYER
        and bool(_FIELD_TITLE.fullmatch(title))
        and not _DUTY_HEADING.fullmatch(title)
    )


# Headings and duty words a title slot may catch that are no title.
_DUTY_HEADING = re.compile(
    r"(?i)(?:duties|responsibilities|accomplishments|achievements|summary|highlights|skills|details|"
    r"description|job description|key responsibilities|(?:academic\s+)?projects?|tasks|overview|awards?|"
    r"honou?rs|employee of the month|memberships?(?:\s+and\s+affiliations)?|affiliations)"
)


# "Rajkot Worked as Sale Executive" (from "Based at Rajkot Worked as Sale Executive"): where, then as what.
_PLACE_WORKED_AS = re.compile(
    r"^(?P<place>[A-Z][A-Za-z]+(?:\s[A-Z][a-z]+)?)\s+(?:worked|working)\s+as\s+(?:an?\s+)?(?P<title>.{3,60})$",
    re.IGNORECASE,
)


def _with_sentence_in_slot(job: WorkExperience) -> WorkExperience:
    """A job whose employer slot holds a sentence, not a name: "Rajkot Worked as Sale Executive" (a title
    line "Based at Rajkot Worked as ..." cut at "at") gives the title and no employer; "RAJKOT have developed
    Industries" (a verb in lower case) gives no employer."""
    company = (job.company or "").strip()
    match = _PLACE_WORKED_AS.match(company)
    if match and places.is_place(match["place"]) and _title_score(match["title"]):
        kept = job.title if job.title and _names_a_role(job.title) else None  # "Based" (at Rajkot)
        return job.model_copy(update={"company": None, "title": kept or _tidy(match["title"])})
    if _SLOT_VERB.search(company) and not _has_legal_form(company):
        return job.model_copy(update={"company": None})
    return job


def _with_run_together_employers(jobs: list[WorkExperience], text: str) -> list[WorkExperience]:
    """Jobs whose title ran into the employer before it on one line ("3. Contoso Pharma HR Executive
    September2016 - April 2017", as numbered histories write a job), split where the evidence says the
    name ends: a legal form ("Fabrikam Ltd Sales Manager"), or a name the resume gives elsewhere as an
    employer (another job's, or after "at", "@" or "joined"). Words alone do not say it: "SAP ABAP
    Consultant" and "Java Developer" open on a practice or a skill as often as on a name."""
    known = {_folded_name(job.company) for job in jobs if job.company}
    split = []
    for job in jobs:
        words = (job.title or "").split()
        if job.company is None and len(words) >= 3:
            # The longest name first: "Contoso Pharma", not "Contoso".
            for cut in range(len(words) - 1, 0, -1):
                name, title = " ".join(words[:cut]), " ".join(words[cut:])
                if not _ends_on_title_word(title) or _title_score(name) or canonical_skill(name):
                    continue
                if title.split()[0].lower() in ("a", "an"):
                    continue  # "To keep Team As a Trade Sales Executive": "as a", no legal form "AS"
                folded = _folded_name(name)
                mentioned = re.search(rf"\b(?:at|@|joined)\s+{re.escape(name)}\b", text, re.IGNORECASE)
                if _has_legal_form(name) or folded in known or mentioned:
                    job = job.model_copy(update={"company": name, "title": title})
                    break
        words = (job.company or "").split()
        if job.title is None and len(words) >= 3:
            # The other order in the employer's slot: "AREA SALES MANAGER- CONTOSO FINANCE -", where another
            # job of the resume names "Contoso Finance Ltd".
            others = {name for name in known if name != _folded_name(job.company)}
            for cut in range(1, len(words)):
                title, name = " ".join(words[:cut]).rstrip("-–— "), " ".join(words[cut:])
                folded = _folded_name(name)
                if not (_ends_on_title_word(title) and folded) or _title_score(name):
                    continue
                if any(other == folded or other.startswith(folded + " ") for other in others):
                    job = job.model_copy(update={"company": name, "title": title})
                    break
        split.append(job)
    return split


def _only_a_date(value: str) -> bool:
    """ "September 6th", "Mar '05", "Duration AUGUST/2004--APRIL/2005": a date read where a name goes."""
    for found in reversed(find_ranges(value)):
        value = value[: found.span[0]] + " " + value[found.span[1] :]
        if not _DATE_LABEL_LINE.sub("", value).strip(" :-–"):
            return True
    words = re.findall(r"[A-Za-z]+|\d+", value)
    return (
        bool(words)
        and any(is_month(word) for word in words)
        and all(
            is_month(word) or word.isdigit() or word.lower() in ("st", "nd", "rd", "th") for word in words
        )
    )


# How long a job lasted, read where the employer goes: "One & Half Year of Direct Operation", "2 Years".
_LENGTH_WORDS = re.compile(
    r"\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|half)\b.*\b(?:years?|yrs|months?)\b",
    re.IGNORECASE,
)


_DASHED_PARTS = re.compile(r"^(?P<name>.+?)\s*[-–]\s+(?P<relation>.+)$")


def _name_before_relation(company: str) -> str | None:
    """The firm's name when the employer slot adds, after a dash, what the firm is to a brand:
    "ContosoAssociates- Woodland Distributor" -> "ContosoAssociates". None when there is no such relation or
    the part before the dash is no name (a relation too, a title, a place)."""
    match = _DASHED_PARTS.match(company.strip())
    if not match or not _BUSINESS_RELATION.match(match["relation"]):
        return None
    name = match["name"].strip(" ,")
    if (
        not name[:1].isupper()
        or _BUSINESS_RELATION.match(name)
        or _title_score(name)
        or places.is_place(name)
    ):
        return None
    return name


def _not_an_employer(company: str) -> bool:
    """Whether the employer slot holds a degree ("Masters of Management Studies", "MBA") or a length of time
    ("One & Half Year of Direct Operation"); a name with a legal form stays."""
    if _has_legal_form(company):
        return False
    return bool(
        _DEGREE.fullmatch(company.strip(" .,"))
        or _LENGTH_WORDS.search(company)
        # "Dealer of Fabrikam Two Wheeler Vehicles": what the employer is to a brand, not its name.
        or _BUSINESS_RELATION.match(company)
    )


_CUT_OFF = re.compile(r"(?:^|\s)(?:and|or|of|for|in|with|the|to|at|on|by|from|&)\W*$", re.IGNORECASE)


def _without_messrs(job: WorkExperience) -> WorkExperience:
    """The job with its employer's name as the firm writes it, without the "M/s" put before it."""
    if job.company and vocabulary.MESSRS.match(job.company):
        return job.model_copy(update={"company": vocabulary.MESSRS.sub("", job.company)})
    return job


# An Indian postal address's district, abbreviated at its end ("Contoso Nagar, Tal- Fabrikam Dist"): the
# slot holds where the job was, not a firm.
_DISTRICT_ADDRESS = re.compile(r",.*\b(?:dist|distt)\.?\s*$", re.IGNORECASE)


def _without_district_address(job: WorkExperience) -> WorkExperience:
    """The job without an employer that is an address ending in its district's abbreviation."""
    if job.company and _DISTRICT_ADDRESS.search(job.company):
        return job.model_copy(update={"company": None})
    return job


# A place whose words a text extraction glued together ("NewZealand", "UnitedArabEmirates").
_GLUED_WORDS = re.compile(r"^(?:[A-Z][a-z]+){2,}$")


def _without_glued_place(job: WorkExperience) -> WorkExperience:
    """The job without an employer that is a place written without its spaces: it says where, not who."""
    company = (job.company or "").strip(" .,")
    if _GLUED_WORDS.match(company) and places.is_place(" ".join(re.findall(r"[A-Z][a-z]+", company))):
        return job.model_copy(update={"company": None})
    return job


def _with_place_off_legal_form(job: WorkExperience) -> WorkExperience:
    """The job's employer without a place typed on after its legal form with no comma or dash ("Contoso Pvt
    Ltd Chakan"): the place says where, and is the job's location when it has none."""
    company = _before_glued_place(job.company or "")
    if not job.company or company == job.company:
        return job
    tail = job.company[len(company) :].strip(" ,")
    place = tail if places.is_place(tail) else tail.split(",")[0].split()[0]
    return job.model_copy(update={"company": company, "location": job.location or place})


# A sentence in the title slot: a finite "to be" in lower case ("the company is working as ...") or a count
# compared ("placements for more than 30 students"). Lower case only, so "IS Auditor" stays a title.
_SENTENCE_TITLE = re.compile(r"\b(?:is|are|was|were)\b|\b(?:more|less|fewer) than \d")


def _without_sentence_title(job: WorkExperience) -> WorkExperience:
    """The job without a title that is a sentence or a duty: a finite verb, a compared count, an action
    named as a noun ("Coordination of seminars") or put as an order ("Provide legal assistance") names no
    role."""
    if job.title and (
        _SENTENCE_TITLE.search(job.title) or _DUTY_PHRASE.match(job.title) or _DUTY_ORDER.match(job.title)
    ):
        return job.model_copy(update={"title": None})
    return job


def _without_doubled_title(job: WorkExperience) -> WorkExperience:
    """The job's title written once where the export typed it twice in a row ("FRONT DESK MANAGER FRONT DESK
    MANAGER", LiveCareer's title field and its heading both kept)."""
    words = (job.title or "").split()
    half = len(words) // 2
    if (
        half >= 2
        and len(words) % 2 == 0
        and [w.lower() for w in words[:half]] == [w.lower() for w in words[half:]]
    ):
        return job.model_copy(update={"title": " ".join(words[:half])})
    return job


def _without_division_twins(jobs: list[WorkExperience], text: str) -> list[WorkExperience]:
    """A job that repeats another's title and dates at a name the text puts in brackets after that job's
    employer ("Contoso Group (Fabrikam Oils)") is the same job at the firm's division: one job."""
    result = []
    for job in jobs:
        twin = next(
            (
                other
                for other in jobs
                if other is not job
                and job.company
                and other.company
                and job.start_date
                and (job.title, job.start_date, job.end_date, job.is_current)
                == (other.title, other.start_date, other.end_date, other.is_current)
                and re.search(
                    rf"(?<!\w){re.escape(other.company.strip())}\s*\(\s*{re.escape(job.company.strip())}\s*\)",
                    text,
                    re.IGNORECASE,
                )
            ),
            None,
        )
        if twin is None:
            result.append(job)
    return result


# A relation to another firm whose name the line does not hold, left at an employer's end: "Contoso Pvt.
# Ltd. Now" (its later name cut off) or "Contoso Life Sciences a Division" (of a parent not named).
_DANGLING_RELATION = re.compile(
    r"(?:(?<=[.,)])|(?<=\b(?:ltd|llc|inc|pvt))|(?<=\blimited))\s*\(?\s*(?:now|formerly|earlier|previously)\W*$"
    r"|\s+an?\s+(?:division|unit|subsidiary|part|group\s+company|sister\s+concern)(?:\s+of)?\W*$"
    # "Contoso Ltd as" (of "1) Contoso Ltd as Software Engineer (June 2014 - Present)"): the role follows "as"
    r"|\s+as\s*$",
    re.IGNORECASE,
)


def _without_dangling_relation(job: WorkExperience) -> WorkExperience:
    """The job with its employer's name without a relation to a firm the line does not name."""
    if job.company:
        kept = _DANGLING_RELATION.sub("", job.company).strip()
        if kept and kept != job.company:
            return job.model_copy(update={"company": kept})
    return job


def _over_blank_employer(part: _Part, header: list[str]) -> bool:
    """Whether ``part`` is the whole line right above Indeed's employer line left blank ("-" alone, or the
    place alone before its dash): Indeed's title field, which the form fills before the employer's."""
    line = part.line
    return (
        line + 1 < len(header)
        and (header[line + 1].strip() in ("-", "–") or _only_place_dash_line(header[line + 1]))
        and header[line].strip(" -–") == part.text.strip()
    )
