"""The offline parser: headings, regular expressions and the skills catalogue; no network, no model.

Every heuristic here was checked against real resumes (LiveCareer PDFs, the Indeed-style DataTurks
set); ``benchmarks.parsing`` measures it. ``parse`` is pure and never raises on any string.
"""

from __future__ import annotations

import difflib
import itertools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

from app.parsing import places, vocabulary
from app.parsing import sections as sec
from app.parsing.dates import DateRange, find_dates, find_full_date_ranges, find_ranges, is_month
from app.parsing.models import Education, ParsedResume, WorkExperience
from app.parsing.skills import canonical_skill, find_skill_mentions

logger = logging.getLogger(__name__)

# Longer input is not a resume; the extractor refuses it, and the parser must stay fast on anything.
MAX_TEXT_CHARS = 200_000

_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,5}\.[A-Za-z]{2,12}"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()\"'|,]{3,300}"
    r"|(?<![\w.@/])(?:[a-z]{2,3}\.)?(?:linkedin\.com|github\.com|gitlab\.com|indeed\.com|behance\.net"
    r"|dribbble\.com|stackoverflow\.com|medium\.com|kaggle\.com)/[^\s<>()\"'|,]{1,300}",
    re.IGNORECASE,
)
# A firm named by its web address on Indeed's employer line ("www.contoso.com -  Mumbai, Maharashtra -"):
# a bare domain, no path, then the line's dash.
_EMPLOYER_DOMAIN = re.compile(r"(?i:www\.)[a-z0-9-]{2,40}(?:\.[a-z]{2,6}){1,2}(?=\s+-(?:\s|$))")


def _without_links(text: str) -> str:
    """The text with its links blanked, all but a web address that names an employer on its own line."""
    return _URL.sub(lambda link: link[0] if _names_employer_line(text, link) else " ", text)


def _names_employer_line(text: str, link: re.Match[str]) -> bool:
    """Whether a link is a bare domain opening its line before a dash: "www.contoso.com -  Pune -"."""
    start = text.rfind("\n", 0, link.start()) + 1
    domain = _EMPLOYER_DOMAIN.match(text, link.start())
    return not text[start : link.start()].strip() and domain is not None and domain.end() == link.end()


_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d{1,4}\)?(?:[ .\-\u2013]?\(?\d{1,5}\)?){1,5}(?!\w)")
# The glyphs a list item may open with.
_BULLET_GLYPHS = r"•●▪■◦‣∙·*►➢✓✔❖◆◇○➤→»\-–"
_BULLET = re.compile(rf"^[\s{_BULLET_GLYPHS}]+")
_STATED_YEARS = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)(?:\s+and\s+\d{1,2}\s+months?)?"
    r"(?:\s+of)?(?:\s+\w+){0,3}?\s+experience",
    re.IGNORECASE,
)
# Splits a header line into its parts: "Oracle - Bangalore, Karnataka -", "Acme | Engineer", "A  B".
# LiveCareer's anonymised "Company Name" often sits between title and place with single spaces.
_FRAGMENT_SPLIT = re.compile(
    r"\s+[-–—|•·]+\s*|\s*[|•·]\s*|\s{2,}|\s*[-–—]\s*$|\s*\t\s*|\s+at\s+(?=[A-Z])"
    r"|\s+(?=Company Name\b)|(?<=Company Name)\s+"
)
_LOCATION = re.compile(
    r"^[A-Z][A-Za-z.'\- ]{1,40}\s*,\s*[A-Z][A-Za-z.'\- ]{1,40}(?:\s*,\s*[A-Z][A-Za-z.' ]{1,40})?$"
)

# Last words of job titles ("Senior Software Engineer", "Head Chef", "Sales Associate").
_TITLE_WORDS = set(
    """
    engineer engineers developer developers manager consultant analyst accountant director assistant
    specialist intern lead architect administrator officer coordinator executive associate teacher chef
    nurse technician representative supervisor clerk designer programmer tester trainee head president
    vp ceo cto cfo coo founder cofounder owner advisor adviser instructor professor lecturer scientist
    researcher writer editor agent operator driver cook server cashier receptionist secretary auditor
    controller bookkeeper recruiter therapist pharmacist physician doctor attorney lawyer paralegal
    advocate counsel mechanic electrician plumber welder carpenter pilot attendant mentor tutor trainer
    coach apprentice fellow foreman superintendent inspector planner buyer merchandiser stylist artist
    photographer producer strategist marketer salesperson generalist partner principal dba sde qa sdet
    expert professional worker handler clinician counselor counsellor dietitian nutritionist aide helper
    hostess host bartender barista dispatcher estimator surveyor draftsman draughtsman machinist
    technologist hygienist practitioner paramedic medic educator facilitator liaison ambassador steward
    stewardess concierge dealer waiter waitress rep reps busser dishwasher porter valet greeter runner
    banker broker underwriter teller investigator detective guard caretaker custodian janitor
    housekeeper nanny assistant-manager sous crew captain sergeant lieutenant commander soldier
    officer-in-charge incharge in-charge chairman chairperson secretary-general treasurer trustee fellow
    resident associate-director coordinator-manager specialist-i analyst-ii volunteer
    engg engr mgr asst exec
    """.split()
)
# Words in employer names ("Cloud Lending Solutions", "Infosys Ltd", "Company Name").
_COMPANY_WORDS = set(
    """
    inc inc. llc llp ltd ltd. limited corp corp. corporation co co. company pvt pvt. private plc gmbh ag sa
    technologies technology tech solutions services systems group bank university college school hospital
    consulting consultancy consultants labs lab software infotech infosystems global international industries
    enterprises partners associates agency foundation institute academy clinic center centre firm studios
    studio networks communications media holdings ventures capital insurance healthcare pharmaceuticals
    pharma motors airlines bancorp trust department ministry council government authority board
    """.split()
)
_DEGREE = re.compile(
    r"(?<![\w.])(?:"
    r"bachelor(?:'?s)?(?:\s+of\s+[A-Za-z]+(?:\s+(?!in\b|from\b|at\b|with\b|and\b)[A-Za-z]+){0,2}?)?"
    r"|master(?:'?s)?(?:\s+of\s+[A-Za-z]+(?:\s+(?!in\b|from\b|at\b|with\b|and\b)[A-Za-z]+){0,2}?)?"
    r"|associate(?:'?s)?\s+(?:of|in|degree)(?:\s+\w+){0,2}|doctor(?:ate)?\s+of(?:\s+\w+){1,2}"
    r"|ph\.?\s?d\.?|m\.?\s?b\.?\s?a\.?|b\.?\s?tech\.?|m\.?\s?tech\.?|b\.?\s?e\.?(?=\s|$|\()|m\.?\s?e\.?(?=\s|$|\()"
    r"|b\.?\s?sc\.?|m\.?\s?sc\.?|b\.?\s?com\.?|m\.?\s?com\.?|b\.?\s?c\.?\s?a\.?|m\.?\s?c\.?\s?a\.?"
    r"|b\.?\s?b\.?\s?a\.?|b\.?\s?a\.?(?=\s|$|\(|,)|m\.?\s?a\.?(?=\s|$|\(|,)|b\.?\s?s\.?(?=\s|$|\(|,)|m\.?\s?s\.?(?=\s|$|\(|,)"
    r"|pgdm|pgdba|pgdca|llb|ll\.b|llm|mbbs|b\.?\s?pharm|m\.?\s?pharm|b\.?\s?ed|m\.?\s?ed|diploma|high\s+school(?:\s+diploma)?"
    r"|ged|hsc|ssc|s\.s\.c|h\.s\.c|intermediate|secondary\s+school|senior\s+secondary|higher\s+secondary"
    r"|class\s+(?:x|xii|10|12)(?:th)?|(?:10|12)th|a\s?levels?|o\s?levels?|certificate\s+(?:in|of)"
    r")(?![\w])",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"\b(?:university|universit[a-z]+|college|institute|institution|school|academy|polytechnic|iit|nit|iim"
    r"|vidyalaya|vidyapeeth|vidyapith|vidyapitha|bidyapitha|bidyapith|mahavidyalaya|board"
    # School boards by their initials: "C.H.S.E", "CBSE", "ICSE", "H.S.C", "S.S.C".
    r"|c\.?b\.?s\.?e|i\.?c\.?s\.?e|c\.?h\.?s\.?e|h\.?s\.?c|s\.?s\.?c)\b",
    re.IGNORECASE,
)
_YEARS = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
# Institution lines split on dashes, bars and column gaps only: "University of Texas at Austin" stays whole.
_INSTITUTION_SPLIT = re.compile(r"\s+[-–—|•·]+\s*|\s*[|•·]\s*|\s{2,}|\s*\t\s*")
_SKILL_LABEL = re.compile(
    r"^(?:technical\s+skills?|skills?|languages?|programming\s+languages?|tools?|technologies|frameworks?"
    r"|databases?|operating\s+systems?|os|software|web\s+technologies|ide'?s?|platforms?|libraries"
    r"|scripting(?:\s+languages?)?|cloud|devops|methodologies|testing\s+tools|version\s+control|servers?"
    r"|big\s+data|packages|environment|expertise|proficient\s+in|familiar\s+with|knowledge\s+of"
    r"|technical\s+proficiency|core\s+competencies|skill\s+set|key\s+skills)\s*[:\-–]",
    re.IGNORECASE,
)
_HUMAN_LANGUAGES = set(
    """
    english hindi spanish french german italian portuguese russian chinese mandarin cantonese japanese
    korean arabic bengali bangla urdu punjabi marathi tamil telugu kannada malayalam gujarati odia oriya
    assamese nepali sinhala sanskrit konkani tulu persian farsi turkish dutch swedish norwegian danish
    finnish polish czech slovak hungarian romanian bulgarian greek hebrew thai vietnamese indonesian
    malay tagalog filipino swahili amharic yoruba igbo hausa zulu afrikaans ukrainian serbian croatian
    bosnian slovenian albanian lithuanian latvian estonian icelandic irish welsh catalan basque galician
    haitian creole latin khmer lao burmese mongolian kazakh uzbek pashto dari kurdish somali
    """.split()
)
_NAME_STOPWORDS = {
    "resume", "curriculum", "vitae", "cv", "profile", "summary", "objective", "contact", "address", "email",
    "phone", "mobile", "page", "confidential", "biodata", "bio", "data", "details", "name",
}  # fmt: skip


@dataclass
class _Entry:
    """Lines of one job while its fields are worked out."""

    before: list[str] = field(default_factory=list)
    anchor: str = ""
    after: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    dates: DateRange | None = None
    single_date: date | None = None
    bare: bool = False  # the anchor line holds the date range and nothing else
    line: str = ""  # the anchor line as written, after the line above when it wraps a sentence onto it

    def complete(self) -> bool:
        """Whether the header lines so far already name both a title and an employer."""
        return _header_is_complete([*self.before, self.anchor, *self.after])


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


def _parse(text: str) -> ParsedResume:
    # Addresses are read from the raw text; structure and skills are read without them, so an
    # "https://" is not the skill HTTPS and a footer link is not a job header.
    plain = _without_links(_EMAIL.sub(" ", text))
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
    jobs = _form_jobs(lines) or _work_experience(_work_history(sections), table_jobs)
    jobs = _with_table_jobs(table_jobs, jobs)
    jobs = _with_labelled_employer(jobs, plain)
    jobs += _jobs_named_in_sentences(plain, jobs)
    jobs += _lower_case_sentence_jobs(plain, jobs)
    jobs += _listed_past_employers(plain, jobs)
    jobs += _bulleted_organisation_jobs(plain, jobs)
    jobs += _labelled_field_jobs(plain, jobs)
    jobs = _with_sub_roles(plain, jobs)
    jobs = _with_undated_entries_in_details(jobs)
    jobs += _undated_firm_blocks(_work_history(sections), jobs)
    jobs = _with_run_together_employers(jobs, plain)
    jobs = [_with_sentence_in_slot(job) for job in jobs]
    jobs = _with_named_roles(jobs)
    jobs = _without_business_lines(jobs)
    jobs = _without_client_projects(jobs)
    jobs = _with_outsourcing_employers(jobs)
    jobs = [_without_messrs(job) for job in jobs]
    jobs = [_without_dangling_relation(job) for job in jobs]
    jobs = [_dated_by_its_details(job) for job in jobs]
    jobs = _listed_employers_on_dated_jobs(jobs)
    education = _education(_lines_of(by_kind, sec.EDUCATION) or _degree_lines(lines))
    jobs = _without_own_name(jobs, _find_name(header or lines[:8]))
    current = _current_job(jobs)
    name = _find_name(header or lines[:8])
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


def _describes_a_project(job: WorkExperience) -> bool:
    """Whether an untitled entry's first lines of details are a project's record rather than a job's."""
    if job.title or not job.company or not job.description:
        return False
    lines = [line for line in job.description.split("\n") if line.strip()][:3]
    return any(_PROJECT_RECORD.match(line.strip()) for line in lines)


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
            (_calls_its_employer_a_client(job) or _describes_a_project(job))
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
_OUTSOURCED_BY = re.compile(
    r"\b(?:outsourced|contract(?:ual)?|third[- ]party)\s+(?:employee|staff|resource)\s+(?:of|from)\s+"
    r"(?P<name>(?-i:[A-Z])[\w&.'-]*"
    r"(?:\s+(?!(?:and|or|for|in|at|on|from|to|with|through|since|till|until|as)\b)[A-Za-z][\w&.'-]*){0,5})",
    re.IGNORECASE,
)


def _with_outsourcing_employers(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs whose own dated line under the header says who employed the writer there: "SKF Contoso Ltd -" over
    "November 2009 to September 2011" over "Chennai (Outsourced employee of Fabrikam Consultants (Nov 2009 -
    Sep 2011) ...)" is a job at Fabrikam Consultants for its client; the line read as a job of its own (no
    employer, the same dates) goes."""
    kept: list[WorkExperience] = []
    for job in jobs:
        previous = kept[-1] if kept else None
        match = _OUTSOURCED_BY.search(job.title or "") if job.company is None else None
        if (
            match
            and previous is not None
            and previous.company
            and previous.start_date == job.start_date
            and previous.end_date == job.end_date
            and not _same_employer(previous.company, match["name"])
        ):
            kept[-1] = previous.model_copy(update={"company": match["name"].rstrip(".")})
            continue
        kept.append(job)
    return kept


# Headings of unpaid service and student activities: what follows them is no work history, even when it is
# written in a job's shape ("Volunteer" over "National Service Scheme (NSS) -" and dates).
_SERVICE_HEADING = re.compile(
    r"^(?:volunteer(?:ing)?(?: work| activities)?|community service|social service"
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
        if section.kind == sec.EXPERIENCE:
            lines += section.lines
        elif _SERVICE_HEADING.match(sec.normalise_heading(section.heading)):
            pass  # "Volunteer" over "National Service Scheme (NSS) -" and dates: service, no job
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


def _month_dated_employer(lines: list[str], start: int) -> bool:
    """Whether the header at ``start`` is a job's, not a school's, though its title line does not read as a
    title: its dash-ended line names no school or degree and the range under it has months ("July 2011 to
    January 2012"); Indeed writes a school's years alone ("2008 to 2011") and its place without the dash."""
    filled = [line.strip() for line in lines[start : start + 6] if line.strip()][:3]
    for line, following in pairwise(filled):
        if _TRAILING_DASH.search(line) and _is_bare_range(following):
            named = not (_INSTITUTION.search(line) or _DEGREE.search(line))
            return named and bool(_MONTH_WORD.search(following[slice(*find_ranges(following)[0].span)]))
    return False


# A month in a range, by name or by number: "July 2011", "07/2011".
_MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d/\d", re.I)


def _first_job_header(lines: list[str]) -> int | None:
    """Where the first Indeed job header of ``lines`` starts (its title line), if there is one."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    for position, index in enumerate(filled[:-1]):
        line, following = lines[index].strip(), lines[filled[position + 1]].strip()
        above = filled[position - 1] if position else None
        # Indeed writes a blank employer as a lone dash; the title line above must then read as one.
        blank_employer = (
            line in ("-", "–")
            and above is not None
            and _title_score(re.split(r"\s+[-–—|]\s+|\s*,\s*", lines[above].strip())[0]) > 0
        )
        if not blank_employer and (
            not _TRAILING_DASH.search(line) or not _is_headerish(line) or _DEGREE.search(line)
        ):
            continue
        if not _is_bare_range(following):
            continue
        if above is not None and _is_headerish(lines[above]) and not _DEGREE.search(lines[above]):
            return above
        return index
    return None


def _is_bare_range(line: str) -> bool:
    """Whether a line holds a date range and nothing but date words ("March 2014 to Present")."""
    ranges = find_ranges(line)
    if not ranges:
        return False
    start, end = ranges[0].span
    return not re.search(r"[A-Za-z]{2}", _DATE_WORDS.sub(" ", line[:start] + " " + line[end:]))


def _lines_of(by_kind: dict[str, list[sec.Section]], kind: str) -> list[str]:
    return [line for section in by_kind.get(kind, []) for line in section.lines]


def _clean(line: str) -> str:
    return " ".join(_BULLET.sub("", line).split())


# --- contact fields -------------------------------------------------------------------------------


def _find_email(text: str) -> str | None:
    match = _EMAIL.search(text)
    return match.group().rstrip(".").lower() if match else None


def _find_phone(text: str) -> str | None:
    for match in _PHONE.finditer(text[:20_000]):
        candidate = match.group().strip(" .-–")
        digits = re.sub(r"\D", "", candidate)
        if not 10 <= len(digits) <= 15:
            continue
        # Date ranges and years glued together ("2014-2016 2017") are not phone numbers.
        if find_ranges(candidate) or re.fullmatch(r"(?:(?:19|20)\d\d[\s.\-–]*)+", candidate):
            continue
        return candidate
    return None


def _find_links(text: str) -> list[str]:
    """Profile and web addresses, deduplicated (a tracking query string does not make a new link)."""
    seen: dict[str, str] = {}
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?)]}'\"")
        if "@" in url.split("/")[0]:
            continue
        key = normalise_link(url)
        if key and key not in seen:
            seen[key] = url
    # A link wrapped over two lines is found again whole elsewhere; drop the cut-off copy.
    keys = list(seen)
    kept = [k for k in keys if not any(other != k and other.startswith(k) for other in keys)]
    return [seen[k] for k in kept][:20]


def normalise_link(url: str) -> str:
    """A link's identity: no scheme, no "www.", no query or fragment, no trailing slash, lower case."""
    url = re.sub(r"^[a-z]+://", "", url.strip().lower())
    url = re.sub(r"^www\.", "", url)
    return re.split(r"[?#]", url, maxsplit=1)[0].rstrip("/")


def _find_name(lines: Sequence[str]) -> str | None:
    """The first early line that reads like a person's name: 2-4 capitalised words, no digits."""
    candidates = [_clean(line) for line in lines[:8] if line.strip()]
    for line in candidates[:5]:
        line = re.sub(r"^(?:name\s*[:\-]\s*)", "", line, flags=re.IGNORECASE)
        line = _FRAGMENT_SPLIT.split(line)[0].strip(" ,")
        words = line.split()
        if not 2 <= len(words) <= 4 or len(line) > 40:
            continue
        if not all(re.fullmatch(r"[A-Za-z][A-Za-z'.\-]*", word) for word in words):
            continue
        lowered = [word.lower().strip(".") for word in words]
        if any(word in _NAME_STOPWORDS or word in _TITLE_WORDS or word in _COMPANY_WORDS for word in lowered):
            continue
        if sec.heading_kind(line) is not None:
            continue
        # A name is capitalised word by word (initials allowed) or written in capitals.
        if words[0][0].isupper() and (line.isupper() or sum(w[0].isupper() for w in words) >= len(words) - 1):
            return line.title() if line.isupper() else line
    return None


def _find_location(lines: Sequence[str], name: str | None) -> str | None:
    """A "City, Region" fragment in the contact block."""
    for line in lines:
        if not line or (name and name.lower() in line.lower()) or (_EMAIL.search(line) and "," not in line):
            continue
        for fragment in _FRAGMENT_SPLIT.split(_clean(line)):
            fragment = fragment.strip(" ,")
            if _is_location(fragment):
                return fragment
    return None


def _is_location(fragment: str) -> bool:
    if not _LOCATION.match(fragment) or len(fragment.split()) > 6:
        return False
    words = {word.lower().strip(".,") for word in fragment.split()}
    return not (words & _TITLE_WORDS or words & _COMPANY_WORDS) or fragment.replace(" ", "") == "City,State"


# --- work experience ------------------------------------------------------------------------------


_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z /&]{1,25}?)\s*:\s*(.*)$")
_COMPANY_LABELS = {"company", "employer", "organization", "organisation", "client", "company name", "firm"}
_TITLE_LABELS = {"designation", "role", "title", "position", "job title", "current designation", "post"}
_PLACE_LABELS = {"location", "city", "place", "based in"}
_DATE_LABELS = {"period", "dates", "date", "duration", "from", "tenure", "years", "time"}
# "Company Name" alone is LiveCareer's anonymised employer, not a label.
_HEADER_LABELS = (_COMPANY_LABELS | _TITLE_LABELS | _PLACE_LABELS | _DATE_LABELS) - {"company name"}
# A fragment opening like a sentence ("Worked as ...", "I have ...") is description, not a header.
_SENTENCE_START = re.compile(
    # "I" the pronoun, not the "I" of "I Phone Solution Consultant" or "I.T. Support Technician".
    r"^(?:worked|working|work|was|were|is|am|are|have|has|had|i(?!\.|\s+(?-i:[A-Z]))|we|he|she|my|our|"
    r"responsible|searching|reporting\s+to|reports\s+to|"
    r"currently|presently|previously|earlier|formerly|recently|associated|involved|handling|handled|managing|managed|developed|served|joined|looking|seeking|"
    # A past-tense action verb opens a description bullet that lost its bullet ("Deployed chef for ...").
    r"deployed|implemented|designed|created|built|configured|installed|maintained|performed|provided|"
    r"supported|prepared|automated|migrated|monitored|executed|analy[sz]ed|achieved|completed|conducted|"
    r"resolved|ensured|participated|contributed|assisted|delivered|improved|reduced|increased)\b",
    re.IGNORECASE,
)
# A few words open titles as well as sentences: "Managing Consultant", "Work Flow Coordinator", "Working
# Foreman" (capitalised words ending on a title head) are titles, "Managing client accounts" is a sentence.
_SENTENCE_WORD_TITLE = re.compile(r"^(?i:managing|working|work)(?:\s+[A-Z][\w.&-]*){1,3}$")
_DATE_WORDS = re.compile(
    r"\b(?:from|since|to|till|until|present|current|dated?|duration|period|tenure)\b", re.I
)


# A header line may end with an abbreviation's dot: a legal form ("Acme Pvt. Ltd."), or a title word
# written short ("Server Support Engg.", "Sales Mgr.", "Admin. Asst.").
_ABBREVIATED_END = re.compile(
    r"\b(?:inc|ltd|co|corp|pvt|llc|jr|sr|engg|engr|mgr|asst|exec|admin|dept|assoc|coord|supvr|spl)\.$", re.I
)


def _is_headerish(line: str) -> bool:
    """Short, unpunctuated, not a bullet: a title, employer or place line rather than a description."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or (_BULLET.match(stripped) and not stripped.startswith("-")):
        return False
    if stripped.endswith((".", ";")) and not _ABBREVIATED_END.search(stripped):
        return False
    label = _LABEL.match(stripped)
    if label and label.group(1).lower() not in _COMPANY_LABELS | _TITLE_LABELS:
        return False  # "Environment: Splunk" is detail, not a header
    if stripped.endswith(":") and stripped[:-1].strip().lower() not in _HEADER_LABELS:
        return False  # "Highlights across Career Path:" heads the details under it
    if sec.normalise_heading(stripped) in sec.JOB_SUBHEADINGS | _DETAIL_HEADINGS:
        return False  # "ROLES AND RESPONSIBILITIES", "Key Achievements" under a job head its details
    return len(stripped.split()) <= 12


# Headings of a job's details that are no section's ("Achievements" alone would end the work history).
_DETAIL_HEADINGS = frozenset(
    {
        "key achievements",
        "major achievements",
        "achievements",
        "notable attainments",
        "key result areas",
        "key accountabilities",
        "accountabilities",
        "highlights",
        "highlight",
    }
)


_VALID_UNTIL = re.compile(r"\bvalid\s+(?:till|until|upto|up\s+to|through|thru)\b", re.IGNORECASE)


@dataclass
class _Anchor:
    """Where a job starts: its date line, or (undated) its employer line."""

    index: int
    dates: DateRange | None = None
    single: date | None = None
    labelled: bool = False  # an undated "Organisation:" line, the first of its entry's lines


# "F.Y. of 2012-2013", "in the financial year 2005-06", "in the year of 2009-2010": a year an achievement
# is counted in, not a job's dates.
_COUNTING_YEAR = re.compile(
    r"(?:\bf\.?\s?y\.?|\b(?:financial|fiscal|academic)\s+year|\byear)\s*(?:of\s+)?$", re.IGNORECASE
)


def _wraps_sentence(above: str, line: str, span: tuple[int, int]) -> bool:
    """A range opening a line of prose under a long line that stops mid-sentence ("... given by the
    company in" / "2007-2008 and had done 150% of my target"): the sentence wrapped, no job's dates."""
    above, rest = above.strip(), line[span[1] :].strip()
    return (
        not line[: span[0]].strip()
        and len(above) >= 60
        and not above.endswith((".", ":", ";", "-", "–"))
        and len(rest) >= 20
        and rest[:1].islower()
    )


# A line that opens on what a job earned, not on a header: "Awarded as second fastest growing area between
# 1995 to 1997", "Achieved ... with a CAGR of 15%from 1992 to 1994" (not "Best", which opens firms' names).
_EARNED = re.compile(r"^(?:awarded|achieved|received|maintained|ranked|topped|won)\b", re.IGNORECASE)


def _range_in_prose(lines: list[str], index: int, span: tuple[int, int]) -> bool:
    """A range inside a sentence, not a job's dates: after "between"/"from"/"during"/"in" on a line that opens
    on an achievement's verb, or on a line that opens in lower case under a long line stopping mid-sentence
    ("... setting up field execution team from" / "scratch (2008 - 2010)")."""
    line = lines[index]
    before = line[: span[0]]
    opening = _BULLET.sub("", line).strip()
    # The sentence runs into the range through a preposition or a bracket: "between 1995 to 1997", "(2008".
    joined = re.search(r"(?:\b(?:between|from|during|in)\s*\(?|\()\s*$", before, re.IGNORECASE)
    if _EARNED.match(opening) and len(before.split()) >= 4 and joined:
        return True
    # "• From Jan '17 to Mar '17, set up and did a pilot for ...": a sentence opens on when it happened.
    if re.fullmatch(r"(?:from|between|during|in|since)\s*", _BULLET.sub("", before).strip() + " ", re.I) and (
        re.match(r"\s*,\s*[a-z]", line[span[1] :])
    ):
        return True
    above = lines[index - 1].strip() if index else ""
    return bool(
        opening[:1].islower()
        and joined
        and len(above) >= 60
        and not above.endswith((".", ":", ";", "-", "–"))
    )


def _anchors(lines: list[str]) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    for index, line in enumerate(lines):
        ranges = [
            found
            for found in find_ranges(line)
            if not _COUNTING_YEAR.search(line[: found.span[0]])
            and not (index and _wraps_sentence(lines[index - 1], line, found.span))
            and not _range_in_prose(lines, index, found.span)
        ]
        if ranges:
            anchors.append(_Anchor(index, dates=ranges[0]))
        elif (
            _is_headerish(line)
            and len(line) < 80
            and re.search(r"[A-Za-z]{3}", line)
            and not _VALID_UNTIL.search(line)  # "(Certification Valid till Jan 2020)": an expiry
        ):
            # "Network Engineer Intern , 10/2015": one month/year on a short header line.
            singles = [
                found
                for found in find_dates(line)
                if re.search(r"[a-z]{3}|/|-", line[found[1][0] : found[1][1]], re.IGNORECASE)
            ]
            if len(singles) == 1:
                anchors.append(_Anchor(index, single=singles[0][0]))
    dated = {anchor.index for anchor in anchors}
    for index in range(1, len(lines) - 1):
        # Undated Indeed-style job: "Team Member" then "Cisco -" (employer line ends with a dash),
        # not followed by a date line (then the date is the anchor). Without dates Indeed writes no dash
        # after the place either: "Key Accounts Manager" over "Contoso Limited -  Mumbai, Maharashtra".
        if (
            (lines[index].rstrip().endswith(("-", "–")) or _ends_on_a_dashed_place(lines[index]))
            and _is_headerish(lines[index])
            and _title_score(lines[index - 1]) > 0
            and _is_headerish(lines[index - 1])
            and not ({index - 1, index, index + 1} & dated)
        ):
            anchors.append(_Anchor(index))
    for index in range(len(lines) - 1):
        # An undated labelled entry: "2) Organisation: Contoso Ltd." over "Position: Network Engineer".
        if (
            _labelled(lines[index : index + 1], _COMPANY_LABELS - {"client"})
            and _labelled(lines[index + 1 : index + 3], _TITLE_LABELS)
            and not any(index - 2 <= other <= index + 3 for other in dated)  # a dated entry's header
        ):
            anchors.append(_Anchor(index, labelled=True))
    # A job without a single date: "Software Development Engineer" then "Amazon", alone or above the
    # first dated job (and its header lines).
    first_header = len(lines)
    if anchors:
        first_dated = min(anchor.index for anchor in anchors)
        first_header = first_dated
        while first_header > max(0, first_dated - 2) and _is_headerish(lines[first_header - 1]):
            first_header -= 1
    undated = _undated_job(lines[:first_header])
    if undated is not None:
        anchors.append(_Anchor(undated))
    taken = {index for anchor in anchors for index in range(anchor.index - 2, anchor.index + 3)}
    for index in range(max(first_header, 1), len(lines) - 2):
        # An undated job between two descriptions: "Dynamics AX Consultant" over "Fabrikam Services",
        # a sentence above the pair and one under it.
        above = lines[index - 1].strip()
        # "+1 year" under the pair is how long the job lasted, as a description would follow it.
        below = lines[index + 2]
        if {index, index + 1} & taken or (_is_headerish(below) and not _DURATION_LINE.match(below)):
            continue
        if _is_headerish(above) and not above[:1].islower():  # "company requirement": a sentence's tail
            continue
        name = lines[index + 1].strip()
        # Typed in lower case, a name is one when it ends on an organisation's word ("fabrikam technology
        # services"); otherwise a line opening on a lower-case word is a phrase.
        named = _is_named(name) or name.split()[-1].lower().strip(".,") in _COMPANY_WORDS
        if _undated_job(lines[index : index + 2]) == 1 and named:
            if not places.is_place(name) and len(name.split()) <= 6:
                anchors.append(_Anchor(index + 1))
                taken |= set(range(index - 1, index + 4))
    return sorted(anchors, key=lambda anchor: anchor.index)


# A dash after a title's words, spaced on one side at least ("Senior Manager- Ad Sales") or run between two
# words ("Head-Business Unit"): what follows qualifies the title.
_TITLE_DASH = re.compile(r"\s*[-–—]\s+|\s+[-–—]\s*|(?<=[a-z])-(?=[A-Z])")


# Indeed's employer line with its place and without dates: "Contoso Limited -  Mumbai, Maharashtra".
_DASHED_PLACE = re.compile(r"^\s*(?P<name>\S.*?)\s+[-–]\s+(?P<place>[^-–]+?)\s*$")


def _ends_on_a_dashed_place(line: str) -> bool:
    """ "Contoso Limited -  Mumbai, Maharashtra": a name, a dash and a place the gazetteer knows, without
    Indeed's last dash (as Indeed writes an undated job's employer line); the title line above it must read
    as a title (``_anchors``)."""
    match = _DASHED_PLACE.match(line)
    if not (match and places.is_place(match["place"])):
        return False
    # A plain name ("Barclaycard") too, not a title ("Sales Manager -  Pune": the employer left out).
    return bool(_company_score(match["name"]) or not _title_score(match["name"]))


# A job's length on a line of its own: "+1 year", "3 Years", "2.5 yrs", "6 months".
_DURATION_LINE = re.compile(
    r"^\s*\+?(?:\d{1,2}(?:\.\d{1,2})?|one|two|three|four|five|six|seven|eight|nine|ten)\+?\s*"
    r"(?:years?|yrs?|months?)\s*$",
    re.IGNORECASE,
)


def _undated_job(lines: list[str]) -> int | None:
    """The employer line of the first title-then-employer pair of header lines, if there is one."""
    for index in range(len(lines) - 1):
        first, second = lines[index], lines[index + 1]
        if (
            _is_headerish(first)
            and _is_headerish(second)
            # "Assistant Manager - Outbound Sales": a title, then what the role dealt with.
            and (_title_score(first) or _title_score(re.split(r"\s+[-–—]\s+", first.strip())[0]))
            # "Neudesic (Vendor @ Contoso)": the name before its note decides, not the note's words.
            and not _title_score(re.split(r"\s*[(\[|,]\s*|\s+[-–—]\s+", second.strip())[0])
        ):
            return index + 1
    return None


def _wraps_onto(upper: str, before: list[str]) -> bool:
    """Indeed's title line wrapped in two: "Assistant Manager -Sales & Marketing, Account Management,
    Customer" over "Service Operations", then the employer's line ending on a dash. The upper line names a
    role and ends mid-phrase; the line under it names none, no employer and no place."""
    top, employer_line = before[0].strip(), before[1].strip()
    upper = upper.strip()
    return bool(
        _TRAILING_DASH.search(employer_line)
        and _is_headerish(upper)
        and upper[-1:].isalpha()
        and _names_a_role(upper)
        and top[:1].isupper()
        and len(top.split()) <= 4
        and not find_dates(top)
        and not _names_a_role(top)
        and not _company_score(top)
        and not places.is_place(top)
    )


def _work_experience(lines: list[str], enclosing: Sequence[WorkExperience] = ()) -> list[WorkExperience]:
    """Jobs anchored on their date (or employer) lines, with title/company from the lines around it."""
    lines = _with_company_labels(_joined_ranges([line for line in lines if line.strip()]))
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
        while (
            not anchor.labelled
            and cursor >= boundary
            and len(entry.before) < 2
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
            and after < header_limit
            and after <= anchor.index + 2
            and _is_headerish(lines[after])
            and not _is_form_field(lines[after])
            and not entry.complete()
        ):
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
        # "Contoso Ltd (Jan 2016 - Present)" over "Software Engineer", then "Fabrikam Ltd (Jan 2015 - Dec
        # 2015)" over its own title: the line under one employer's dates is that job's title, not the header
        # of the next dated employer line.
        claimed = anchor.index + 1 + len(entry.after) if not entry.bare and not entry.before else boundary
        entries.append(entry)
    history = "\n".join(lines)
    jobs = [(entry, _job(entry, history)) for entry in entries]
    jobs = _with_branch_lines_above(jobs)
    jobs = _with_firm_lines_above(jobs)
    jobs = _without_dated_duties(jobs)
    jobs = _without_dated_promotions(jobs)
    jobs = _without_practice_projects(jobs, enclosing)
    jobs = _without_unnamed_projects(jobs, enclosing)
    jobs = _without_volunteering(jobs)
    return _without_repeats(
        [_with_sentence_in_slot(_read_as_sentence(entry.line, job)) for entry, job in jobs if job is not None]
    )[:50]


# "• From Jun '16 to Mar '17, managed and drove ...": a duty in a job's details, dated by a bullet sentence.
_DATED_DUTY_LEAD = re.compile(r"^(?:from|in|during|between|since)?$", re.IGNORECASE)
_DATED_DUTY_TAIL = re.compile(r"^\s*(?:,\s*)?(?-i:[a-z])")


def _without_dated_duties(
    jobs: list[tuple[_Entry, WorkExperience | None]],
) -> list[tuple[_Entry, WorkExperience | None]]:
    """Without the entries anchored on a bulleted sentence that only dates a duty ("• From Jan '17 to Mar
    '17, set up a pilot ...") inside the dates of the job above it: no header line above, nothing but
    "From" before the dates and a sentence running on after them. Such a line is that job's detail, not a
    job (its "employer" would be the words the sentence wraps onto)."""
    out: list[tuple[_Entry, WorkExperience | None]] = []
    enclosing: DateRange | None = None
    for entry, job in jobs:
        line = entry.line.strip()
        if (
            job is not None
            and entry.dates is not None
            and enclosing is not None
            and not entry.before
            and _BULLET.match(line)
            and not line.startswith(("-", "–"))
        ):
            start, end = entry.dates.span
            lead = _BULLET.sub("", entry.line[:start]).strip()
            if (
                _DATED_DUTY_LEAD.match(lead)
                and _DATED_DUTY_TAIL.match(entry.line[end:])
                and _within(entry.dates, enclosing)
            ):
                continue
        out.append((entry, job))
        if job is not None and job.company and entry.dates is not None and entry.before:
            enclosing = entry.dates
    return out


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


# "➢ CONTOSO HOUSING FINANCE LTD, Pune Branch": a bulleted employer and the branch the job was at, on the
# line above a job's title.
_BRANCH_LINE = re.compile(
    r"^(?P<name>[^,]{2,80}?)\s*,\s*(?P<place>[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?)\s+(?i:branch)$"
)


def _with_branch_lines_above(
    jobs: list[tuple[_Entry, WorkExperience | None]],
) -> list[tuple[_Entry, WorkExperience | None]]:
    """Jobs whose employer slot was left empty, given the employer a bulleted line right above their header
    names with the branch they worked at ("➢ Contoso Finance Ltd, Pune Branch" over "Customer Manager", "-"
    and the dates). That line ends the job before's details; the place must be one the gazetteer knows, and
    the name capitalised, so "Handled the team, Pune branch" names no one."""
    out = list(jobs)
    for index in range(1, len(out)):
        entry, job = out[index]
        if job is None or job.company:
            continue
        body = [line.strip() for line in out[index - 1][0].body if line.strip()]
        if not body or not _BULLET.match(body[-1]) or body[-1].startswith(("-", "–")):
            continue
        match = _BRANCH_LINE.match(_BULLET.sub("", body[-1]).strip())
        if not match or not places.is_place(match["place"]):
            continue
        name = match["name"].strip()
        if not all(word[:1].isupper() or word.lower() in _NAME_JOINERS for word in name.split()):
            continue
        if _title_score(name) or places.is_place(name):
            continue
        out[index] = (entry, job.model_copy(update={"company": name}))
    return out


# "2. Contoso Consultants Pvt. Ltd., Mumbai, Maharashtra, India.", "CONTOSO LTD.": a firm and its places
# alone on a line, maybe numbered.
_FIRM_LINE = re.compile(
    r"^(?P<number>\d{1,2}[.)]\s*)?(?P<name>[^,]{2,80}?)(?P<places>(?:\s*,\s*[^,]{2,30}?)*)\s*\.?$"
)


def _with_firm_lines_above(
    jobs: list[tuple[_Entry, WorkExperience | None]],
) -> list[tuple[_Entry, WorkExperience | None]]:
    """Jobs whose employer slot is empty, given the employer a line among the last three of the job before's
    details names alone, capitalised, with its legal form and only places after it ("CONTOSO LTD." over
    "Growth Path:" and the title): a history that names the firm above its entries. Numbered ("2. Contoso
    Consultants Pvt. Ltd., Mumbai, India."), the line also overrides a slot with no evidence of a firm (no
    legal form, no organisation's word: "Corporate Quality Competitions -"). A name another job already has
    as its employer is left alone; "Company" is no legal form here ("PREVIOUS COMPANY")."""
    out = list(jobs)
    for index in range(1, len(out)):
        entry, job = out[index]
        if job is None or (job.company and (_has_legal_form(job.company) or _company_score(job.company))):
            continue
        body = [line.strip() for line in out[index - 1][0].body if line.strip()][-3:]
        for line in reversed(body):
            match = _FIRM_LINE.match(_BULLET.sub("", line).strip())
            if match is None or (job.company and not match["number"]):
                continue
            name = match["name"].strip()
            where = match["places"].strip(" ,.")
            if not (
                _has_legal_form(name)
                and name.split()[-1].lower().strip(".") not in ("company", "co")
                and all(word[:1].isupper() or word.lower() in _NAME_JOINERS for word in name.split())
                and len(name.split()) <= 7
                and (not where or places.is_place(where) or places.is_place(where.rsplit(",", 1)[0]))
                and not _title_score(name)
            ):
                continue
            name = name.rstrip(".") if name.endswith("..") else name
            if not any(other and other.company and _same_employer(other.company, name) for _, other in out):
                out[index] = (entry, job.model_copy(update={"company": name}))
            break
    return out


# "Company Contoso Group- Mumbai,": an employer label typed without its colon.
_BARE_COMPANY_LABEL = re.compile(r"^(\s*)(company|organi[sz]ation|employer)\s+(?=[A-Z])(.+)$", re.IGNORECASE)


def _with_company_labels(lines: list[str]) -> list[str]:
    """``lines`` with an employer label typed without its colon ("Company Contoso Group of Publications-
    Mumbai,") written with it, when a title label follows within two lines ("Duration 3 Years",
    "Designation: Deputy Manager"): the entry is the labelled kind, its employer the label's value."""
    out = list(lines)
    for index, line in enumerate(lines):
        match = _BARE_COMPANY_LABEL.match(line)
        if (
            match
            and not _LABEL.match(match[3])  # "Company Name: Contoso": the label is there
            and _labelled(lines[index + 1 : index + 3], _TITLE_LABELS)
        ):
            name = match[3].strip().rstrip(",.")
            place = _DASHED_TOWN.search(name)
            if place and places.is_place(place["town"]):
                name = name[: place.start()]  # "Contoso Group- Mumbai": where, not who
            out[index] = f"{match[1]}{match[2]}: {name}"
    return out


# A town glued to a name by a dash at its end: "Contoso Group- Mumbai", "Contoso Ltd-Mumbai".
_DASHED_TOWN = re.compile(r"\s*[-–]\s*(?P<town>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)$")


def _names_beside_its_dates(line: str, span: tuple[int, int]) -> bool:
    """Whether a dated line names one thing besides its dates ("Contoso Ltd (Jan 2016 - Present)"), not a
    whole header (a title and an employer)."""
    rest = _DATE_WORDS.sub(" ", line[: span[0]] + " " + line[span[1] :])
    return bool(re.search(r"[A-Za-z]{2}", rest)) and not _header_is_complete([rest])


# A project form's field under a job's dates, its label typed without a colon: "Description Jewelry Business",
# "Customer City Flower", "Location USA", "Project Dynamics NAV 2016".
_FORM_FIELD = re.compile(
    r"^(?:description|customer|client|location|project|environment|platform|team\s+size|technolog(?:y|ies))"
    r"(?:\s*[:\-–]\s*|\s+)\S",
    re.IGNORECASE,
)


# A title, LiveCareer's anonymised employer and its place, then the job's first sentence on the same line.
_RUN_IN_HEADER = re.compile(
    r"^(?P<head>(?P<title>[^.;:]{2,90}?)\s+Company Name(?:\s*[-–—,]?\s*(?:City\s*,\s*State|State|City)\b)?)"
    r"\s*(?P<rest>.*)$"
)


def _run_in_header(line: str) -> tuple[str, str] | None:
    """(header, first sentence) of a line that runs a job's header into its description; None when the line
    opens on no title."""
    match = _RUN_IN_HEADER.match(line.strip())
    if match is None or _SENTENCE_START.match(match["title"]):
        return None
    if not any(_title_score(piece) for piece in re.split(r"\s*[,–—]\s*|\s+-\s+", match["title"])):
        return None  # "Client Solution Architect, IBM Software Group" has one, "Duties" none
    return match["head"], match["rest"].strip()


def _is_form_field(line: str) -> bool:
    """A labelled field of the project or job described under the dates, not a header line: a title there
    ("Project Manager", "Location Head") has title words, a field's value ("Jewelry Business") has none."""
    line = _clean(line)
    first = re.split(r"\s+[-–—|]\s+|\s*[|,]\s*|\s{2,}", line)[0]  # "Project Controls Manager Contoso - Pune"
    if not _FORM_FIELD.match(line) or line.split()[0].isupper():
        return False  # "PROJECT CO-COORDINATOR Company Name - City , State": a title line in capitals
    return not (_title_score(line) or _title_score(first))


def _read_as_sentence(line: str, job: WorkExperience) -> WorkExperience:
    """A dated line that is a sentence ("• Worked as Channel Sales Manager in Contoso Ltd. (North Zone)
    Haryana Circle from Aug '2012 to July '2015"): its title and employer are the sentence's, not the
    header parts the line cuts into ("Circle")."""
    sentence = _clean(line)
    if not (_BULLET.match(line.strip()) or re.match(r"(?:worked|working|served|serving)\b", sentence, re.I)):
        return job
    match = _WORKED_AS.search(sentence)
    if match is None or match["title"] is None or not _title_score(match["title"]):
        return job
    who = re.sub(r"\s+\([^()]*\)$", "", match["who"]).strip(" .,'\"‘’")
    named = re.split(r"\s*\(", who)[0].strip(" .,")  # "Contoso Ltd. (North Zone) Haryana Circle"
    if _has_legal_form(named):
        who = named
    if not _names_an_employer(who) or canonical_skill(who):
        return job
    return job.model_copy(update={"company": who, "title": _tidy(match["title"].strip())})


# A first-person wish where a job's details would be: "I want full time jobs", "i need a online job".
_WISH = re.compile(
    r"^(?:i|we)\s+(?:want|need|wish|would\s+like|am\s+looking|am\s+searching)\b"
    r"|^(?:need|want)\s+(?:an?\s+)?(?:\w+\s+)?jobs?\b",
    re.IGNORECASE,
)


# A job's details restating its dates: "Duration: Sep 2012 - Till date", "Period Jan-2014 to Jun-2015".
_DATE_LABEL_LINE = re.compile(r"^\s*(?:duration|period|tenure|from)\b\s*:?", re.IGNORECASE)


def _without_restated_dates(lines: list[str], anchors: list[_Anchor]) -> list[_Anchor]:
    """Drop an anchor that restates the start of the job above it, on a labelled date line or as a bare
    range right under that job's dates: the line is that job's detail (a "Role ..." or "Client: ..."
    line under it names no new job)."""
    kept: list[_Anchor] = []
    for anchor in anchors:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and anchor.dates is not None
            and previous.dates is not None
            and anchor.dates.start == previous.dates.start
            and (
                _DATE_LABEL_LINE.match(lines[anchor.index])
                # A bare copy right under the dates; a line with words of its own is the next job
                # ("Office Assistant 05/2012 - 07/2012" under "Research Assistant 05/2012 - 07/2012").
                or (anchor.index == previous.index + 1 and _is_bare_range(lines[anchor.index]))
            )
        ):
            continue
        if (
            previous is not None
            and anchor.dates is not None
            and previous.dates is not None
            and anchor.index - previous.index <= 4
            and _DATE_LABEL_LINE.match(lines[anchor.index])
            and _within(anchor.dates, previous.dates)
        ):
            continue  # "Duration Oct2012 - Oct2015" a few lines under "June 2012 to October 2015"
        if previous is not None and previous.dates is not None and _restates_its_job(lines, anchor, previous):
            continue
        kept.append(anchor)
    return kept


def _restates_its_job(lines: list[str], anchor: _Anchor, previous: _Anchor) -> bool:
    """A line a few lines under a job's dates that says that job's place and dates again ("Pune India June 11
    - Mar 2015" under "June 2011 to March 2015") or ends a sentence about it with them ("... Real Estate" /
    "Consulting from January 2018 to August 2018."): that job's detail, no job of its own."""
    assert previous.dates is not None
    if not 0 < anchor.index - previous.index <= 6:
        return False
    line = lines[anchor.index].strip()
    if anchor.dates is not None:
        if anchor.dates.start != previous.dates.start or anchor.dates.end != previous.dates.end:
            return False
        before = line[: anchor.dates.span[0]]
        return bool(re.search(r"\bfrom\s*$", before, re.IGNORECASE)) and line.endswith(".")
    if anchor.single is None or not _within(
        DateRange(anchor.single, anchor.single, False, (0, 0)), previous.dates
    ):
        return False  # a job's own month on a header line ("Network Engineer Intern , 10/2015")
    words = [word for word in re.findall(r"[A-Za-z]+", line) if not is_month(word)]
    place = " ".join(words)
    return bool(words) and (places.is_place(place) or places.is_place(", ".join(place.rsplit(" ", 1))))


def _within(inner: DateRange, outer: DateRange) -> bool:
    """Whether ``inner`` lies inside ``outer`` (an open end holds any later month)."""
    if inner.start < outer.start:
        return False
    if outer.end is None or outer.is_current:
        return True
    return inner.end is not None and inner.end <= outer.end


_RANGE_JOINER = re.compile(r"(?:to|till|until|through|[-–—])", re.IGNORECASE)


_MONTH_AT_END = re.compile(
    r"\s((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?),?$", re.IGNORECASE
)


def _joined_ranges(lines: list[str]) -> list[str]:
    """ "May 2016" / "to" / "July 2018" (or "Current"), a range broken over three lines, as one line."""
    joined: list[str] = []
    index = 0
    while index < len(lines):
        window = [line.strip() for line in lines[index : index + 3]]
        if (
            len(window) == 3
            and _RANGE_JOINER.fullmatch(window[1])
            and len(window[0]) <= 20
            and len(window[2]) <= 20
            and find_ranges(" to ".join((window[0], window[2])))
        ):
            joined.append(f"{window[0]} to {window[2]}")
            index += 3
        elif (
            len(window) >= 2
            and (month := _MONTH_AT_END.search(window[0]))
            and re.match(r"(?:19|20)\d\d\b", window[1])
            and find_ranges(window[1])
        ):
            # "... (Admin Process) Oct," / "2013 to Nov, 2014": the start's month wrapped away from its year.
            joined.extend((window[0][: month.start()].rstrip(), f"{month.group(1)} {window[1]}"))
            index += 2
        else:
            joined.append(lines[index])
            index += 1
    return joined


def _continues_sentence(lines: list[str], index: int) -> bool:
    """ "environment" under a long line that stops mid-sentence is that sentence wrapped, not a header.

    A line in title words right above Indeed's employer line ("contoso -", a dash at its end, or the dash
    alone of an employer left empty) or a date line opens a job header whatever its case: a job board's
    fields are typed as people like ("senior consultant"); "environment" over "Contoso Corporation -" is
    still the sentence's last word.
    """
    line, above = lines[index].strip(), lines[index - 1].strip() if index else ""
    below = lines[index + 1].strip() if index + 1 < len(lines) else ""
    # Indeed writes an employer left empty as a dash alone: "process executive infosys" / "-" / dates.
    # "jr. developer (intern) in softech infosys": a title, then where, on the line of the job's header.
    titled = _title_score(line) or _title_score(re.split(r"\s+(?:at|in|@)\s+", line)[0])
    if (_TRAILING_DASH.search(below) or below in ("-", "–") or find_ranges(below)) and titled:
        return False
    named = [word for word in line.rstrip(" -–—").split() if not vocabulary.legal_form(word)]
    if _TRAILING_DASH.search(line) and _is_bare_range(below) and named:
        # "data comp services -" over "August 2004 to April 2005": Indeed's employer line ("private.ltd -",
        # a legal form alone, is still the end of a name wrapped from the line above).
        return False
    return bool(line[:1].islower() and len(above) >= 60 and not above.endswith((".", ":", ";", "-", "–")))


def _header_lines_above(lines: list[str], anchor: _Anchor) -> int:
    """How many header lines (up to two) sit right above a bare date line under a dash-ended employer line."""
    if (
        anchor.dates is None
        or anchor.index == 0
        or not _TRAILING_DASH.search(lines[anchor.index - 1].strip())
        or not _is_bare_range(lines[anchor.index])
    ):
        return 0
    count = 0
    while count < 2 and anchor.index - count - 1 >= 0:
        if not (
            _is_headerish(lines[anchor.index - count - 1])
            or _dash_line_over_dates(lines, anchor.index - count - 1, anchor)
        ):
            break
        count += 1
    return count


def _dash_line_over_dates(lines: list[str], index: int, anchor: _Anchor) -> bool:
    """Whether ``lines[index]`` is Indeed's employer line right over its bare dates, counted without the
    dashes and ampersands that stand alone and are no words: "Retail Sales & Distribution Handling in
    Telecom & Lighting -  Rohtak, Haryana -" is eleven words, within a header line's twelve. Not a list
    ("EPG, Default Channel, B Mail, Loading Screen Ect -  Bihar -": products sold, no employer)."""
    line = lines[index]
    return (
        index == anchor.index - 1
        and anchor.dates is not None
        and _is_bare_range(lines[anchor.index])
        and bool(_TRAILING_DASH.search(line.strip()))
        and "," not in re.split(r"\s[-–—]\s", line.strip())[0]
        and _is_headerish(" ".join(word for word in line.split() if word not in ("-", "–", "—", "&")))
    )


def _without_repeats(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Drop a job that repeats the one before it: the same dates again in its details ("Duration: ...")
    with no title or no employer of its own, or the same employer and dates written twice."""
    kept: list[WorkExperience] = []
    for job in jobs:
        previous = kept[-1] if kept else None
        same_dates = previous is not None and (previous.start_date, previous.end_date) == (
            job.start_date,
            job.end_date,
        )
        # Two titles that both read as titles are two roles held at once ("Research Assistant" and
        # "Office Assistant", 05/2012 - 07/2012, at one employer), not one header written twice; a
        # "title" with a legal form in it is a sentence restating the job ("Worked in Acme Inc as ...").
        two_roles = bool(
            previous is not None
            and previous.title
            and job.title
            and _folded_name(previous.title) != _folded_name(job.title)
            and all(
                _title_score(title) and not _names_legal_form(title) for title in (previous.title, job.title)
            )
        )
        if previous is not None and same_dates and job.start_date is not None and not two_roles:
            if job.title is None or job.company is None or _same_employer(previous.company, job.company):
                # Indeed's export may repeat a header, the copy carrying the title the first lacks.
                kept[-1] = _completed(previous, job)
                continue
        # "Hyderabad from Nov 2011 to Feb17 2016" in the details: the start again, half read, no title.
        if (
            previous is not None
            and job.title is None
            and job.start_date
            and job.start_date == previous.start_date
        ):
            continue
        kept.append(job)
    return kept


def _names_legal_form(text: str) -> bool:
    return any(vocabulary.legal_form(word) for word in text.split())


def _completed(job: WorkExperience, repeat: WorkExperience) -> WorkExperience:
    """``job`` with what its repeat adds: a missing title, employer or place, or a title for a phrase
    that reads as none ("under the payroll of GoldStone Technologies")."""
    update: dict[str, str] = {}
    if repeat.title and (job.title is None or (not _title_score(job.title) and _title_score(repeat.title))):
        update["title"] = repeat.title
    if repeat.company and job.company is None:
        update["company"] = repeat.company
    if repeat.location and job.location is None:
        update["location"] = repeat.location
    return job.model_copy(update=update) if update else job


def _folded_name(name: str | None) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", (name or "").lower()).split())


def _same_employer(first: str | None, second: str | None) -> bool:
    """ "Infosys Ltd" and "Infosys Ltd." (or "Infosys") written twice for one job."""
    a, b = _folded_name(first), _folded_name(second)
    return bool(a and b) and (a == b or a.startswith(b + " ") or b.startswith(a + " "))


_SINGLE_DATE = re.compile(r"(?:\b(?P<word>[A-Za-z]{3,9}\.?)\s*,?\s*)?(?:\d{1,2}\s*[/.-]\s*)?(?:19|20)\d\d")


def _strip_single_date(line: str) -> str:
    """The line without its date; a word before the year goes with it only when it names a month, so
    "Floral Designer 08/2017" keeps its title ("Designer" is no month)."""

    def blank(match: re.Match[str]) -> str:
        word = match["word"]
        return "  " if word is None or is_month(word) else f"{word}  "

    return _SINGLE_DATE.sub(blank, line)


# Separators between the parts of a job header. "at"/"@" also say which side is the employer.
# LiveCareer's anonymised "Company Name" and "City , State" often sit between other parts with
# single spaces ("Company Name City , State Business Development Consultant").
_PART_SEPARATOR = re.compile(
    r"(\s*\t\s*|\s{2,}|\s+[|•·–—-]+\s+|\s*[|•·]\s*|\s+at\s+(?=[A-Z0-9])|\s*@\s*|\s*[()\[\]]\s*|\s*,\s*"
    r"|\s+[-–—]\s*$|\s+(?=Company Name\b)|(?<=Company Name)\s+|(?<=City , State)\s+|(?<=City, State)\s+)"
)
# A dash glued to the word before it, then a space and a name: "UBS- Infosys BPO Ltd", "UBS- infosys bpo
# ltd" (typed in lower case; the legal form ``_client_dash_spaced`` asks for is the evidence, not a capital).
_GLUED_DASH = re.compile(r"(?<=[A-Za-z])[-–—]\s+(?=[A-Za-z])")
_PART_END = re.compile(r"\s+[-–—|]\s|\s*[,|]|\s+[-–—]\s*$")


def _client_dash_spaced(line: str) -> str:
    """ "UBS- Infosys BPO Ltd" -> "UBS - Infosys BPO Ltd": a glued dash separates a client from the
    employer when what follows it ends in a legal form; elsewhere ("Team Lead- Sr. Analyst",
    "LPN- Woundcare Nurse") it joins the parts of one title."""
    for match in reversed(list(_GLUED_DASH.finditer(line))):
        rest = line[match.end() :]
        following = _PART_END.split(rest, maxsplit=1)[0]
        if _has_legal_form(following.strip()):
            line = f"{line[: match.start()]} - {rest}"
    return line


_AT = re.compile(r"^\s*(?:at|@)\s*$")
# A list number before a header ("8 Federal Mogul -", "3. Senior Analyst"), not part of the name.
_LIST_NUMBER = re.compile(r"^\d{1,2}[.)]?\s+(?=[A-Z])")
# What is left of a date the range reader could not take: "Feb17", "Sept'16", "Mar 2".
_DATE_FRAGMENT = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]{0,6}\.?\s*['’]?\d{1,4}", re.IGNORECASE
)


@dataclass
class _Part:
    """One piece of a job header ("Senior Engineer", "Otto Group GmbH", "Hamburg") and its evidence."""

    text: str
    line: int
    after_at: bool = False  # "Engineer at SoundCloud": the employer follows "at"
    comma_after: bool = False
    place: bool = False
    label: str | None = None  # "title" or "company" when the header says so ("Role: ...", a table column)


def _initials_naming_a_firm(text: str) -> bool:
    """Whether a fragment that opens on a sentence word is a firm's name: initials in capitals that spell one
    ("AM", "IS", "WE") before capitalised words with an organisation noun or a legal form ("AM CONSULTANTS
    MUMBAI", "WE Care Services Pvt Ltd"), not "AM RESPONSIBLE FOR CONTOSO BANK"."""
    words = text.split()
    return (
        len(words) >= 2
        and 2 <= len(words[0]) <= 3
        and words[0].isupper()
        and all(word[:1].isupper() for word in words[1:])
        and not _SENTENCE_START.match(" ".join(words[1:]))
        and _company_score(text) > 0
    )


def _possessive_firm_name(text: str) -> bool:
    """Whether a fragment opening on "My"/"Our" is a firm's name: capitalised words ending on a legal form
    ("My Contoso Energy Ltd"), not "My role at Contoso Ltd"."""
    words = text.split()
    return (
        len(words) >= 3
        and words[0] in ("My", "Our", "MY", "OUR")
        and all(word[:1].isupper() or not word[:1].isalpha() for word in words[1:])
        and _has_legal_form(text)
    )


def _parts(header: Iterable[str]) -> list[_Part]:
    """The header lines cut at separators, legal forms and regions joined back to what they belong to."""
    parts: list[_Part] = []
    pending: str | None = None  # "ROLE" alone on a line labels the line after it
    for number, line in enumerate(header):
        bare = line.strip().rstrip(":").strip()
        if bare.lower() in _HEADER_LABELS:
            pending = _label_kind(bare)
            continue
        pieces = _PART_SEPARATOR.split(
            " ".join(
                _client_dash_spaced(_bracketed_name(_BULLET.sub("", line))).replace("\t", "  ").split(" ")
            )
        )
        after_at = False
        bracketed = False  # "Neudesic (Vendor @ Contoso)": an "@" in a note names a client, not the employer
        # A title line may be worded as a sentence; a bullet or a line with a year is a job's details.
        worded_title = not _BULLET.match(line.strip()) and not _YEARS.search(line)
        for index in range(0, len(pieces), 2):
            text = _without_list_number(pieces[index].strip(" ,;:-–()").translate(_UNGUARD_BRACKETS))
            separator = pieces[index + 1] if index + 1 < len(pieces) else ""
            kind, pending = pending, None
            if label := _LABEL.match(text):
                kind, text = _label_kind(label.group(1)), label.group(2).strip(" ,;:-–()")
            elif (
                (employer := _WORKING_WITH.sub("", text)) != text
                and not _title_score(employer)
                and not re.search(r"\sas\s", employer)  # "Worked with X as Y": a sentence job (below)
                # "Working with Law Offices on Subpoena Requests": a duty, not an employer's name
                and not any(word.islower() and word not in _NAME_JOINERS for word in employer.split())
            ):
                kind, text = "company", employer  # "Working with Contoso (Admin Process)": the employer
            if worded_title:
                text = _without_place_as(_without_work_verb(text))
            if (
                text
                and len(text) > 1
                and not re.fullmatch(r"[\W\d]+", text)
                and not (
                    _SENTENCE_START.match(text)
                    and not _is_worded_as_title(text)
                    and not _initials_naming_a_firm(text)
                    and not _possessive_firm_name(text)
                )
                and not _DATE_FRAGMENT.fullmatch(text)
            ):
                text = " ".join(text.split())
                previous = parts[-1] if parts and parts[-1].line == number else None
                if previous is not None and previous.comma_after and _joins_previous(previous, text):
                    previous.text = f"{previous.text}, {text}"
                    previous.place = previous.place or places.is_place(previous.text)
                    previous.comma_after = separator.strip() == ","
                elif kind == "client" and previous is not None:
                    pass  # "Contoso Ltd (Client: Fabrikam Bank)": the employer's customer, after the employer
                elif kind != "date":
                    parts.append(
                        _Part(
                            text,
                            number,
                            after_at=after_at,
                            comma_after=separator.strip() == ",",
                            place=kind == "place"
                            or (
                                not after_at
                                and not kind
                                and (places.is_place(text) or bool(_SITE.match(text)))
                            ),
                            label=kind if kind in ("title", "company") else None,
                        )
                    )
            if "(" in separator or ")" in separator:
                bracketed = separator.rfind("(") > separator.rfind(")")
            after_at = bool(_AT.match(separator)) and not bracketed
    return parts


# "Mead Johnson Nutrition (India) Pvt Ltd": a place in brackets right before a legal form is part of the
# name. Its brackets are guarded from the part separator while the line is cut, then given back.
_NOTE_BEFORE_LEGAL_FORM = re.compile(r"(?<=\w)\s*\(([\w .&'-]{1,30})\)\s+(?=(\S+))")
_GUARD_BRACKETS = str.maketrans("()", "\u2985\u2986")
_UNGUARD_BRACKETS = str.maketrans("\u2985\u2986", "()")


def _single_initial(note: str, before: str) -> bool:
    """Whether a bracketed note is one capital letter ("(I)", "(P)") standing for a word of the name, the
    name before it in capitalised words ("... workshop organized by Contoso (P) Ltd" is a sentence)."""
    name = re.split(r"\s+[-–|]\s+|,|\t|\s{2,}", before)[-1].split()
    return bool(
        re.fullmatch(r"[A-Z]", note.strip())
        and name
        and all(word[:1].isupper() or word in ("&", "and", "of") for word in name)
    )


def _bracketed_name(line: str) -> str:
    """ "Contoso (India) Pvt Ltd -  Pune -" with the brackets of "(India)" guarded (see above)."""

    def guard(match: re.Match[str]) -> str:
        legal = match.group(2)  # written with a capital: "as" is a word, "AS" a Norwegian company
        # A place ("(India)"), or one capital alone ("Contoso Ideas (I) Pvt. Ltd", "Fabrikam (P) Ltd"): an
        # abbreviation inside the name, not a note after it.
        note = places.is_place(match.group(1)) or _single_initial(
            match.group(1), match.string[: match.start()]
        )
        if not legal[:1].isupper() or not vocabulary.legal_form(legal) or not note:
            return match.group(0)
        return " " + f"({match.group(1)})".translate(_GUARD_BRACKETS) + " "

    return _NOTE_BEFORE_LEGAL_FORM.sub(guard, line) if "(" in line else line


# "Working as Sales Consultant", "Have worked as a Support Engineer": the title a header line words as a
# sentence.
_WORK_VERB_AS = re.compile(
    r"^(?:(?:have|has|had|am|is|was)\s+)?(?:(?:currently|presently|previously|earlier|formerly)\s+)?"
    r"(?:working|worked|serving|served|designated|appointed|promoted)\s+as\s+(?:an?\s+)?",
    re.IGNORECASE,
)
# "Stationery products. As Sr. Executive": a sentence's tail, then the title held.
_SENTENCE_TAIL_AS = re.compile(r"^.*[.;]\s+as\s+(?:an?\s+)?", re.IGNORECASE)


def _is_worded_as_title(text: str) -> bool:
    """ "Managing Consultant", "Work Flow Coordinator": a title that opens on a word sentences open on too."""
    return bool(_SENTENCE_WORD_TITLE.match(text)) and text.split()[-1].lower().strip(".") in _title_heads()


def _without_work_verb(text: str) -> str:
    """ "Working as Sales Consultant" -> "Sales Consultant", when what follows "as" reads as a title; a
    sentence that names the employer before "as" ("Worked with Contoso Ltd. as ...") is read whole."""
    rest = _WORK_VERB_AS.sub("", text)
    if rest == text and not _SENTENCE_START.match(text):
        rest = _SENTENCE_TAIL_AS.sub("", text)
    return rest if rest != text and _title_score(rest) else text


# "(India) as Sales Executive", "Saudi Arabia as Sales Manager": where, then the title held there.
_PLACE_AS = re.compile(r"^(?:(?P<place>[A-Z][\w .,'-]*?)\s+)?as\s+(?P<title>\S.*)$")


def _without_place_as(text: str) -> str:
    """ "Goa as Sales Officer" -> "Sales Officer", when what comes before "as" is a place or a state
    ("Jharkhand as Territory Sales Manager") or nothing
    and what follows reads as a title; the place is in the header's other parts or nowhere."""
    match = _PLACE_AS.match(text)
    if match is None or not _title_score(match["title"]):
        return text
    where = match["place"]
    return match["title"] if where is None or places.is_place(where) or places.is_state(where) else text


def _without_list_number(text: str) -> str:
    """ "8 Federal Mogul" -> "Federal Mogul"; "[24]7 Inc" keeps its number, a legal form is no name."""
    rest = _LIST_NUMBER.sub("", text)
    return rest if not all(vocabulary.legal_form(word) for word in rest.split()) else text


def _label_kind(label: str) -> str | None:
    """ "title", "company", "place" or "date" for a header label ("Role", "Employer", "City", "Period")."""
    label = label.lower().strip()
    if label in _TITLE_LABELS:
        return "title"
    if label == "client":
        return "client"  # "Contoso Ltd (Client: Fabrikam Bank)": the employer's customer, not the employer
    if label in _COMPANY_LABELS:
        return "company"
    if label in _PLACE_LABELS:
        return "place"
    return "date" if label in _DATE_LABELS else None


def _joins_previous(previous: _Part, text: str) -> bool:
    """ "Acme, Inc." and "Chicago, IL" are one part each, not two."""
    if all(vocabulary.legal_form(word) for word in text.split()):
        return True
    # "Bangalore, Karnataka": a short capitalised part after a known city is its region.
    return previous.place and not _title_score(text) and places.is_place(f"{previous.text}, {text}")


_IN_CHARGE = re.compile(r"\bin[\s-]+charge\b", re.IGNORECASE)


# A firm's business relationship, not a person's title: "Channel Partner -Contoso Electric", "Dealer of
# Fabrikam Two Wheeler Vehicles", "Authorised distributor for Contoso", "(Fabrikam ice-cream distributor)".
# (A "Dealer" alone, at a casino's table, is a title.)
_BUSINESS_RELATION = re.compile(
    r"^\W*(?:channel\s+partner\b"
    r"|(?:authori[sz]ed\s+|sole\s+|exclusive\s+)?(?:dealer|distributor|stockist|franchisee|reseller)s?\s+(?:of|for)\s"
    r"|.*\b(?:distributors?|stockists?)\W*$)",
    re.IGNORECASE,
)


def _title_score(fragment: str) -> int:
    """Evidence that ``fragment`` is a job title: O*NET head words at its end, title words in it."""
    if _BUSINESS_RELATION.match(fragment):
        return 0
    fragment = _IN_CHARGE.sub("incharge", fragment)  # "Zonal In Charge" read as "Zonal Incharge"
    words = [word.lower().strip(".,()") for word in re.split(r"[\s/]+", fragment) if word]
    if len(words) == 1:
        words = _unglued_title(words[0]) or words
    if not words or len(words) > 8 or vocabulary.legal_form(words[-1]):
        return 0
    heads = vocabulary.title_heads()
    words = [_head_of_hyphenated(word, heads) for word in words]
    last = words[-1]
    plural = last.endswith("s") and (last[:-1] in heads or (last.endswith("es") and last[:-2] in heads))
    if len(words) > 1 and plural and words[-2] not in ("of", "for"):
        # "Contoso Solutions & Engineers", "Fabrikam Builders and Developers": a firm; a person's title is
        # singular, or names the group it sits on ("Board of Directors").
        return 0
    tail = sum(2 for word in words[-3:] if word in _TITLE_WORDS or word in heads)
    if len(words) > 2 and words[1] in ("of", "for", "to") and (words[0] in heads or words[0] in _TITLE_WORDS):
        tail += 2  # "Manager of Fine Arts", "Director of Online Operations"
    if (
        not tail
        and 1 < len(words) <= 5
        and (lead := _leading_head(words, heads)) is not None
        and all(
            word in ("and", "&") or (word in _glue_vocabulary() and word not in _JOINING_WORDS)
            for word in words[lead + 1 :]
        )
    ):
        return 1  # "Manager sales and marketing": the head first, then the function it served; weak evidence
    head, *rest = _TITLE_DASH.split(fragment.strip(), maxsplit=1)
    if not tail and rest and head.strip() and _in_title_words(rest[0]):
        # "Senior Manager- Advertising Sales", "Head-Business Unit": a title, a dash run into its words, then
        # what the role dealt with, in words titles are made of ("AREA SALES MANAGER- CONTOSO FINANCE" runs
        # a name in; a spaced dash splits the line into parts before this is asked).
        return _title_score(head)
    if not tail:
        # "Project Lead for Infosys OpenStack": a title, then who or what the work was for. A plural
        # there names a group ("Engineers for Humanity"), not a person's title.
        cut = next((n for n, word in enumerate(words) if word in ("for", "with")), 0)
        plural = cut >= 1 and words[cut - 1].endswith("s") and not words[cut - 1].endswith("ss")
        if cut >= 1 and not plural:
            return _title_score(" ".join(words[:cut]))
        return _title_of_project(words)
    known = vocabulary.title_words()
    return tail + sum(word in _TITLE_WORDS or word in known for word in words)


def _leading_head(words: list[str], heads: frozenset[str]) -> int | None:
    """Where a title's head opens it: first ("Manager sales and marketing"), or second after a grade in the
    title vocabulary ("Senior manager Sales & marketing"); None otherwise."""
    if words and words[0] in heads:
        return 0
    grade = len(words) > 1 and words[0] in vocabulary.title_words() and words[0] not in _JOINING_WORDS
    return 1 if grade and words[1] in heads else None


def _title_of_project(words: list[str]) -> int:
    """ "Associate Trainee of Contoso project of GST portal": a title of two words or more, then "of" and the
    project or firm it served; one word before "of" is a degree's or a body's name ("Master of Science",
    "Board of Studies") as often as a title, and two joined ("Manufacturer & Exporter of Machinery") a
    firm's trade."""
    cut = words.index("of") if "of" in words else 0
    if cut < 2 or any(word in ("&", "and") for word in words[:cut]):
        return 0
    return _title_score(" ".join(words[:cut]))


def _head_of_hyphenated(word: str, heads: frozenset[str]) -> str:
    """ "co-ordinator" -> "coordinator", "sub-inspector" -> "inspector", "co-founder" -> "founder": a head
    written with a prefix and a hyphen; any other word as it is."""
    if "-" not in word.strip("-") or word in heads or word in _TITLE_WORDS:
        return word
    joined = word.replace("-", "")
    if joined in heads:
        return joined
    prefix, _, last = word.rpartition("-")
    return last if last in heads and len(prefix) <= 3 else word


@lru_cache(maxsize=1)
def _title_heads() -> frozenset[str]:
    """Words a title ends on: O*NET's head words and the parser's own title words."""
    return frozenset(vocabulary.title_heads()) | frozenset(_TITLE_WORDS)


# Longest word the glued-title reader tries; O*NET's longest title words are about this long.
_LONGEST_TITLE_WORD = 20


@lru_cache(maxsize=1)
def _glue_vocabulary() -> frozenset[str]:
    return vocabulary.title_words() | vocabulary.title_heads() | _TITLE_WORDS


@lru_cache(maxsize=4096)
def _unglued_title(token: str) -> list[str] | None:
    """A title a PDF glued into one word, read back with the title vocabulary.

    "customerserviceexecutive" -> ["customer", "service", "executive"]: the fewest known title words
    that spell the token out, the last one a title head; None when they do not.
    """
    if len(token) < 10 or not token.isalpha():
        return None
    known = _glue_vocabulary()
    best: list[list[str] | None] = [[]] + [None] * len(token)
    for end in range(2, len(token) + 1):
        for start in range(max(0, end - _LONGEST_TITLE_WORD), end - 1):
            found = best[start]
            if found is not None and token[start:end] in known:
                candidate = [*found, token[start:end]]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    words = best[-1]
    if words and len(words) >= 2 and (words[-1] in vocabulary.title_heads() or words[-1] in _TITLE_WORDS):
        return words
    return None


def _company_score(fragment: str) -> int:
    """Evidence that ``fragment`` is an employer: a legal form, a telling word, LiveCareer's placeholder."""
    if fragment.lower().startswith("company name"):
        return 5  # LiveCareer's anonymised employer
    words = [word.lower().strip(",()") for word in fragment.split()]
    if not words:
        return 0
    legal = 3 if vocabulary.legal_form(words[-1]) and len(words) > 1 else 0
    return legal + sum(word in _COMPANY_WORDS for word in words) * 2


def _header_is_complete(header: Iterable[str]) -> bool:
    """Whether the header lines so far already name both a title and an employer."""
    every_part = _parts(header)
    parts = [part for part in every_part if not part.place]
    titled = [part for part in parts if _title_score(part.text)]
    if len(parts) >= 2 and len(titled) == len(parts) and not any(part.place for part in every_part):
        # Two titles and no place ("Managing Director - Head Of Operations" on LiveCareer's dates line)
        # name no employer yet; the next line may ("Company Name - City , State").
        return any(_company_score(part.text) for part in parts)
    return bool(titled) and (any(_company_score(part.text) for part in parts) or len(parts) >= 2)


def _labelled(lines: Iterable[str], labels: set[str]) -> str | None:
    for line in lines:
        match = _LABEL.match(_without_list_number(_clean(line)))  # "2) Organisation: Contoso"
        # "Role: Currently working on a chat bot ..." describes the work; it names no title.
        if (
            match
            and match.group(1).lower() in labels
            and match.group(2).strip()
            and not _SENTENCE_START.match(match.group(2).strip())
        ):
            # "Role: Engineer | Employer: Acme" (a table row) labels only up to the next cell; a stray
            # dot after the colon ("Designation:. Engineer") is no part of the value.
            return re.split(r"\s+\|\s+|\s{2,}|\t", match.group(2).strip().lstrip(".:-– "))[0]
    return None


# Words a capitalised name keeps in lower case ("Bank of Baroda", "Title at Contoso").
_LOWER_IN_NAMES = frozenset("a an and as at by for from in of on or the to with via under through".split())


# Where a header line's typed fields meet: "northwind traders -  Pune, Maharashtra -" (the place picked
# from a list, so written with capitals), "team lead | contoso", tabs and column gaps.
_FIELD_GAP = re.compile(r"(\s+[-–—|]\s+|\s*[|•·\t]\s*|\s{2,}|,\s*|\s*[-–—]\s*$)")


def _capitalised(line: str) -> str:
    """A header line whose fields are typed all in lower case ("senior consultant", "northwind traders -
    Pune, Maharashtra -"), each word of those fields capitalised as a name would be.

    A job board's fields are typed as people like, and a field without one capital says nothing about
    what is a name, so the rules that read capitals ("at" before a name, a name opens with a capital)
    read such a field as if it were written the usual way; a field with a capital ("under the payroll of
    Northwind") is left as written. ASCII only, so every character keeps its place and the values found
    map back to the text as written (``_as_written``).
    """
    if not line.isascii() or not re.search(r"[a-z]{2}", line) or not _is_headerish(line):
        return line  # a long line is a sentence with dates in it, whose lower-case words name nothing
    pieces = _FIELD_GAP.split(line)
    for index in range(0, len(pieces), 2):
        piece = pieces[index]
        if piece == piece.lower():
            pieces[index] = _capitalised_words(piece)
        elif (outside := _BRACKETED.sub("", piece)) == outside.lower() and re.search(r"[a-z]{2}", outside):
            # "neudesic (Vendor @ Contoso)", "infosys ltd (Technology Lead)": the name typed in lower case,
            # a note in brackets written with capitals; the name is read capitalised, the note as written.
            pieces[index] = "".join(
                part if part.startswith("(") else _capitalised_words(part) for part in _BRACKETED.split(piece)
            )
        elif (typed := _TYPED_EMPLOYER.match(piece)) and _title_score(typed["title"]):
            # "Senior Engineer at contoso": a written title, then the employer typed in lower case.
            pieces[index] = piece[: typed.start("name")] + _capitalised_words(typed["name"])
    return "".join(pieces)


# A note in brackets: "(Vendor @ Contoso)".
_BRACKETED = re.compile(r"(\([^()]*\))")
# A written title and an employer typed in lower case after "at", "@", "in" or "with".
_TYPED_EMPLOYER = re.compile(r"^(?P<title>.*[A-Z].*?)\s+(?:at|@|in|with)\s+(?P<name>[a-z][a-z0-9 .&'-]*)$")


def _capitalised_words(text: str) -> str:
    """ "northwind traders" -> "Northwind Traders"; the words a name keeps in lower case stay so."""
    return re.sub(
        r"(?<![\w'.])[a-z][\w'.&-]*",
        lambda word: word[0] if word[0] in _LOWER_IN_NAMES else word[0][0].upper() + word[0][1:],
        text,
    )


def _as_written(value: str | None, lines: Sequence[str]) -> str | None:
    """``value`` in the case its header lines have it ("Northwind Traders" -> "northwind traders")."""
    if not value:
        return value
    folded = value.lower()
    for line in lines:
        position = line.lower().find(folded)
        if position >= 0:
            return line[position : position + len(value)]
    return value


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
    early_body = entry.body[:8]
    title = _labelled(header, _TITLE_LABELS)
    company = _labelled(header, _COMPANY_LABELS)
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
            # with a legal form is the employer of these dates; the line above restates another job.
            dash_line = _employer_line_part(parts, header, len(entry.before), title, history)
            if (
                dash_line
                and _has_legal_form(dash_line)
                and not any(part.text == dash_line and part.line == named.line for part in parts)
            ):
                company = dash_line
    if company is None:
        company = _employer_line_part(parts, header, len(entry.before), title, history)
    if company is None:
        # "Company: Acme" in the details; a "Client:" there is the employer's customer, not the
        # employer, so it only counts when the header names no one (below).
        company = _labelled(early_body, _COMPANY_LABELS - {"client"})
    candidates = [part for part in parts if part.text not in (title, company)]
    places_found = [part for part in candidates if part.place and _company_score(part.text) == 0]
    # A place is where the job was; the last one wins ("Sutherland - Hyderabad": the first may be a name).
    location_part = places_found[-1] if places_found else None
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
            if not part.place and not _title_score(part.text) and not _ACHIEVEMENT.search(part.text)
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
            company = max(rest, key=lambda part: _is_named(part.text)).text
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
    dates = entry.dates
    start = dates.start if dates else entry.single_date
    end = dates.end if dates else entry.single_date
    description = "\n".join(_clean(line) for line in entry.body if line.strip()).strip() or None
    company = _EMPLOYER_PREFIX.sub("", company) if company else company
    company = _JOINING_WORD.sub("", company) if company else company
    if (
        company
        and not _has_legal_form(company)
        and (employer := _employer_behind_client(company, early_body))
    ):
        company = employer  # "Cisco -" over "associated with Cisco on the roles of Contoso Pvt. Ltd."
    elif company and (employer := _employer_serving_client(company, early_body)):
        company = employer  # "Fabrikam -" over "Working for Contoso, client Fabrikam, on ..."
    elif company and (employer := _employer_recruited_by(company, early_body)):
        company = employer  # "Rewards services -" over "Recruited by Contoso Group, ...": Contoso's
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
    if company and _ACHIEVEMENT.search(company) and not _has_legal_form(company):
        company = None  # "Topped in Mumbai -": what the job earned, typed where Indeed puts the employer
    if company and title and _names_a_function(company):
        company = None  # "Retail Sales -", "Security Department -": a function in the employer slot, no name
    elif company and title and _in_function_words(company) and _title_and_employer(title):
        # "Recruitment -", "Operations -" under "HR Executive in Contoso": the line above names the employer.
        company = None
    elif company and title and (split := _employer_over_client(title, company)):
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
            _qualified_title(title, parts, header, company)
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
        not title
        and company
        and _INSTITUTION.search(company)
        and dates
        and _YEARS_ONLY.fullmatch(entry.line[slice(*dates.span)].strip())
    ):
        return None  # "Contoso University -  Pune -" over "2001 to 2001": a school entry, its years alone
    return WorkExperience(
        company=_tidy(company),
        title=_tidy(title if title is None or _ABBREVIATED_END.search(title) else title.rstrip(".")),
        location=location_part.text if location_part else None,
        start_date=start,
        end_date=end,
        is_current=bool(dates and dates.is_current),
        description=description[:5000] if description else None,
    )


def _ends_mid_sentence(title: str) -> bool:
    """Whether a title line of four words or more ends on a verb's past form that no title is made of ("key
    member of the executive team charged", the rest on the next line): a sentence, not a role. A word in
    brackets ("(Promoted)") or from the title vocabulary ("Certified", "Licensed") is no such end."""
    words = title.split()
    last = words[-1].lower().strip(".,;:") if words else ""
    return (
        len(words) >= 4
        and len(last) > 4
        and last.isalpha()
        and last.endswith("ed")
        and last not in vocabulary.title_words()
        and last not in vocabulary.title_heads()
    )


def _says_the_initials(company: str, title: str) -> bool:
    """Whether the employer slot says the title again by its dotted initials among other words ("Month as
    T.S.E" beside "Territory Sales Executive"): a phrase about the role, no employer."""
    initials = _initials_of(title)
    words = [word.replace(".", "").upper() for word in company.split()]
    return len(initials) >= 2 and len(words) > 1 and initials in words and "." in company


def _employer_for(parts: list[_Part], title: str) -> str | None:
    """The capitalised name after "for" on the title's line ("(Territory Sales Executive) for Contoso
    Mobile"), when the employer slot names no one."""
    line = next((part.line for part in parts if part.text == title), None)
    for part in parts:
        match = re.match(r"for\s+(?P<name>(?-i:[A-Z])[\w&.'-]*(?:\s+(?-i:[A-Z])[\w&.'-]*){0,4})$", part.text)
        if (
            part.line == line
            and match
            and not _title_score(match["name"])
            and not places.is_place(match["name"])
        ):
            return match["name"]
    return None


# How a header part opens when it is no title: a number, or a joining word typed in lower case.
_UNTITLED_START = re.compile(r"\d|(?:as|with|in|at|for|of|to|the|and|from|by)\b")
# An achievement written between Indeed's header lines ("Best Sales Linearity", "Topped in Mumbai", "Best
# Performance Award year 2010"): what the job earned, neither its title nor its employer.
_ACHIEVEMENT = re.compile(
    r"^(?:best|highest|topped|top\s+performer|winner|won|awarded|received|achieved|maintained|ranked)\b"
    r"|\bawards?\b",
    re.IGNORECASE,
)
# A range of years without months ("2001 to 2001", "2011 - 2013"), as Indeed writes a school's.
_YEARS_ONLY = re.compile(r"(?:19|20)\d\d\s*(?:to|[-–—])\s*(?:19|20)\d\d", re.IGNORECASE)


# A route between places ("Thane to Badlapur") and a street ("Thane Ghodbunder Road"): a sales territory.
_PLACE_NAME = r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?"
_ROUTE = re.compile(rf"^(?P<start>{_PLACE_NAME})\s+to\s+(?P<end>{_PLACE_NAME})$")
_STREET_WORDS = frozenset({"road", "rd", "marg", "street", "chowk", "highway"})


def _names_a_territory(company: str) -> bool:
    """Whether the employer slot holds where the job was: a state of India ("Kerala"), a route between
    places the gazetteer knows one end of ("Ghatkopar to Badlapur / Thane to Badlapur") or a street of a
    known place ("Thane Ghodbunder Road")."""
    if places.is_state(company.strip(" -")):
        return True  # "Kerala -": the state a sales job covered
    if _names_state_codes(company):
        return True  # "Gujarat & MP -", "TN-South -": states by their ISO codes
    pieces = [
        re.sub(r"^rest\s+of\s+", "", piece, flags=re.IGNORECASE)
        for piece in re.split(r"\s*,\s*", company.strip(" -,"))
    ]
    if len(pieces) > 1 and all(places.is_state(piece) or places.is_place(piece) for piece in pieces):
        return True  # "Mumbai, Rest of Maharashtra": the places a sales job covered
    for piece in re.split(r"\s*/\s*", company.strip(" -")):
        route = _ROUTE.match(piece)
        if route and (places.is_place(route["start"]) or places.is_place(route["end"])):
            return True
    words = company.strip(" -.").split()
    # Three words at least: "State Street" is a name.
    return len(words) > 2 and words[-1].lower().strip(".") in _STREET_WORDS and places.is_place(words[0])


_COMPASS = r"(?:north|south|east|west|central|north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west)"
_STATE_AND_PART = re.compile(rf"^(?P<state>[A-Za-z][A-Za-z ]*?)\s*[-–]\s*{_COMPASS}$", re.IGNORECASE)


def _names_state_codes(company: str) -> bool:
    """Whether the employer slot lists Indian states, one at least written as its ISO 3166-2:IN code:
    "Gujarat & MP", "MP, Gujarat", "TN-South" (a code and a part of it). A code alone ("HR -", "AP -") or
    codes only ("HR & AP") are not enough: they are also initials of functions; a full state name or a
    compass part must stand beside them."""
    text = company.strip(" -,")
    part = _STATE_AND_PART.match(text)
    if part:
        state = part["state"].strip()
        return places.is_state_code(state) or places.is_state(state)
    pieces = [piece for piece in re.split(r"\s*(?:&|,|/|\band\b)\s*", text) if piece]
    if len(pieces) < 2:
        return False
    if not all(places.is_state(piece) or places.is_state_code(piece) for piece in pieces):
        return False
    coded = any(places.is_state_code(piece) for piece in pieces)
    return coded and any(places.is_state(piece) for piece in pieces)


# Words that name a function, a department or a programme rather than an organisation.
_FUNCTION_WORDS = frozenset(
    """
    sales marketing retail department dept collection collections recruitment program programme
    student business
    """.split()
)


def _names_a_function(company: str) -> bool:
    """Whether the employer slot names a function or a department in words titles are made of ("Retail
    Sales", "Collection Department", "Sales & Customer Service", "Family Business"): no name, no legal
    form."""
    words = set(re.findall(r"[a-z]+", company.lower()))
    return bool(words & _FUNCTION_WORDS) and not _has_legal_form(company) and _in_title_words(company)


def _in_function_words(company: str) -> bool:
    """Whether the employer slot is made of the words of a function or a department only ("Recruitment",
    "Operations", "HR & Admin"), no legal form and no word of a name."""
    words = [word for word in re.findall(r"[a-z]+", company.lower()) if word not in ("and", "of", "the")]
    return (
        bool(words)
        and not _has_legal_form(company)
        and all(word in _FUNCTION_WORDS or word in _glue_vocabulary() for word in words)
    )


def _only_place_dash_line(line: str) -> bool:
    """Indeed's employer line with the employer left blank, the place alone before its dash."""
    stripped = line.strip()
    return bool(_TRAILING_DASH.search(stripped)) and places.is_place(stripped.rstrip("-– ").strip())


def _bracketed_qualifier(part: _Part, parts: list[_Part], header: list[str]) -> bool:
    """Whether ``part`` is a note in brackets right after a title on its line, in title words only."""
    if not _in_title_words(part.text):
        return False
    return any(
        other.line == part.line
        and other is not part
        and _title_score(other.text)
        and re.search(rf"{re.escape(other.text)}\s*\(\s*{re.escape(part.text)}\s*\)", header[part.line])
        for other in parts
    )


def _role_parts_first(scored: list[_Part]) -> list[_Part]:
    """The title candidates that name a role, when any do: a group ("Urban Home Loan Sales Team" under
    the dates) or an employee status scores on its title words, but beside "Customer Manager" on Indeed's
    title line it is the team the job was in, not the title."""
    roles = [part for part in scored if _names_a_role(part.text)]
    return roles or scored


def _in_title_words(text: str) -> bool:
    """Every word of ``text`` is one titles are made of ("Sales", "Handling and Taking"): no name."""
    words = [word for word in re.findall(r"[a-z]+", text.lower()) if word not in ("and", "of", "the")]
    return bool(words) and all(word in _glue_vocabulary() for word in words)


def _qualified_title(title: str, parts: list[_Part], header: list[str], company: str | None) -> str | None:
    """The title with what its line adds after a dash or comma or in brackets, in words titles are made of
    or a region: "Team lead - supplier data management", "Analyst - Operations", "Area Sales Manager -
    West", "Business Development Manager, Sales", "Asst. Manager (Sales)" (the employer on a line of its
    own). A name ("Senior Engineer - Contoso"), a place, a second title or how the job was held ("Library
    Aide - full-time") is no qualifier."""
    index = next((n for n, part in enumerate(parts) if part.text == title), None)
    if index is None or index + 1 >= len(parts):
        return None
    part, following = parts[index], parts[index + 1]
    if (
        following.line != part.line
        or (index + 2 < len(parts) and parts[index + 2].line == part.line)  # the line holds more parts
        or (following.place and not _compass_words(following.text))  # "North" is a town too
        or following.text == company
        or following.after_at
        or _title_score(following.text)
        or _company_score(following.text)
    ):
        return None
    line = " ".join(header[part.line].split())
    title_at, qualifier = re.escape(title), re.escape(following.text)
    written = re.search(
        rf"{title_at}\s*(?:(?P<dash>[-–—])|,)\s*{qualifier}|{title_at}\s*\(\s*{qualifier}\s*\)", line
    )
    if written is None:
        return None
    over_employer_line = part.line + 1 < len(header) and _TRAILING_DASH.search(header[part.line + 1].strip())
    if not written["dash"] and not (written.group(0) == line and over_employer_line and _title_score(title)):
        return None  # after a comma or in brackets only on Indeed's title line, its employer's line under it
    words = [word for word in re.findall(r"[a-z]+", following.text.lower()) if word not in ("and", "of")]
    known = _glue_vocabulary() | _REGION_WORDS
    if not words or any(word in _EMPLOYMENT_TERMS or word not in known for word in words):
        return None
    if written["dash"]:
        return f"{title} - {following.text}"
    return f"{title}, {following.text}" if "," in written.group(0) else f"{title} ({following.text})"


# An acronym beside title words in a title's qualifier: "SME Sales", "CASA Sales", "GSM / Wireless Sales".
_QUALIFIER_ACRONYM = re.compile(r"[A-Z]{2,5}")


def _indeed_title_line(title: str, parts: list[_Part], header: list[str], company: str | None) -> str | None:
    """Indeed's title line read whole when the employer has its own line under it: "Manager - SME Sales",
    "Area Manager - Enterprise Business - GSM / Wireless Sales", "Sr Manager - International Sales". Every
    part after the title's dash is in words titles are made of (O*NET's title words, a region), with at most
    acronyms beside them; a legal form, a place, a title of its own, an acronym alone or an unknown word keeps
    the title as it was (``_qualified_title`` reads the single-qualifier forms)."""
    index = next((n for n, part in enumerate(parts) if part.text == title), None)
    if index is None or company is None:
        return None
    part = parts[index]
    following = [other for other in parts[index + 1 :] if other.line == part.line]
    if (
        not following
        or any(other.line == part.line for other in parts[:index])
        or part.line + 1 >= len(header)
        or not _TRAILING_DASH.search(header[part.line + 1].strip())
        or any(other.text == company for other in parts if other.line == part.line)
    ):
        return None
    line = " ".join(header[part.line].split())
    written = re.fullmatch(rf"{re.escape(title)}\s*[-–—]\s*(?P<rest>[^\d]+)", line)
    if written is None:
        return None
    known = _glue_vocabulary() | _REGION_WORDS
    # "Regional Manager - UP, MP": the states of the territory, by their ISO codes, two or more.
    codes = len(following) >= 2 and all(places.is_state_code(other.text) for other in following)
    for other in following:
        if other.place or other.after_at or _title_score(other.text) or _has_legal_form(other.text):
            return None
        words = [word for word in re.findall(r"[A-Za-z]+", other.text) if word.lower() not in ("and", "of")]
        acronyms = [word for word in words if _QUALIFIER_ACRONYM.fullmatch(word)]
        plain = [word.lower() for word in words if word not in acronyms]
        if not plain and f"({other.text})" not in written["rest"] and not codes:
            return None  # "Senior Engineer - NTL": an acronym alone may be a firm; "(CASA)" notes a part
        if any(
            word in _EMPLOYMENT_TERMS or (word not in known and word.removesuffix("s") not in known)
            for word in plain
        ):
            return None
        if other.text not in written["rest"]:
            return None
    if not re.search(r"[a-z]", written["rest"]) and not codes:
        return None
    return f"{title} - {written['rest'].strip()}"


def _compass_words(text: str) -> bool:
    """Whether a qualifier is only compass words or a zone ("North", "South East"), which the gazetteer may
    also know as a town."""
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and all(word in _REGION_WORDS for word in words)


# How a person in training held a role, written in brackets after it: "Java Developer (Intern)".
_HELD_AS = frozenset({"intern", "trainee", "apprentice"})


def _with_bracketed_role(title: str, parts: list[_Part], header: list[str]) -> str | None:
    """The title with how the person held it in brackets right after it: "Java Developer (Intern)", "Software
    Engineer (Trainee)". A second title there ("Sales Consultant (Promoter)"), a name ("Technical Lead
    (Contoso)") or a place is no part of it."""
    index = next((n for n, part in enumerate(parts) if part.text == title), None)
    if index is None or index + 1 >= len(parts):
        return None
    part, following = parts[index], parts[index + 1]
    if following.line != part.line or following.place or following.text.lower().strip(".") not in _HELD_AS:
        return None
    line = " ".join(header[part.line].split())
    if not re.search(rf"{re.escape(title)}\s*\(\s*{re.escape(following.text)}\s*\)", line):
        return None
    return f"{title} ({following.text})"


def _with_bracketed_initials(title: str, parts: list[_Part], header: list[str]) -> str | None:
    """The title with its own initials in brackets right after it, as written: "Area Sales Manager (ASM)",
    "Operations Centre Shift Manager (OCSM)". The letters are the initials of the title's last words, so they
    name the role itself; other capitals in brackets ("(HCL)", "(APAC)") are left out as before."""
    index = next((n for n, part in enumerate(parts) if part.text == title), None)
    if index is None or index + 1 >= len(parts):
        return None
    part, following = parts[index], parts[index + 1]
    letters = following.text.strip(".")
    if following.line != part.line or not re.fullmatch(r"[A-Z]{2,6}", letters):
        return None
    words = [word for word in re.findall(r"[A-Za-z]+", title) if word.lower() not in {"of", "and", "the"}]
    if len(words) < len(letters) or "".join(w[0] for w in words[-len(letters) :]).upper() != letters:
        return None
    # The title line holds the two alone, as Indeed's does ("... (GRN) certification 2003-2008" does not).
    line = " ".join(header[part.line].split())
    if not re.fullmatch(rf"{re.escape(title)}\s*\(\s*{re.escape(following.text)}\s*\)\W*", line):
        return None
    return f"{title} ({following.text})"


# A region a title is held for: "Area Sales Manager - West", "Zonal Head (North)".
_REGION_WORDS = frozenset(
    "north south east west central northern southern eastern western zone zonal region".split()
)


# How a job was held, not what it was: "Library Aide - full-time", "Clerk - Temporary".
_EMPLOYMENT_TERMS = frozenset(
    """
    full part time contract contractual temporary temp permanent paid unpaid seasonal freelance remote
    """.split()
)


# The last word of a course's name: "Software Testing Training", "Java Workshop". Not "programme": employers
# end with it too ("United Nations Development Programme", "World Food Programme").
_COURSE_WORDS = frozenset({"training", "course", "courses", "workshop", "seminar"})


def _names_a_course(line: str) -> bool:
    """Whether a job header's first line opens with a course's name ("Software Testing Training at X")."""
    first, *rest = _PART_SEPARATOR.split(line.strip())[::2]
    words = [word.lower().strip(".,()") for word in first.split()]
    # "Contoso Training, Test Engineer Trainee" is a trainee's job: a title beside it says so.
    return len(words) >= 2 and words[-1] in _COURSE_WORDS and not any(_title_score(part) for part in rest)


# Words of a contest or a college festival: taking part in one, or running it as a student, is no job.
_EVENT_WORDS = frozenset(
    {"fest", "festival", "contest", "contestant", "competition", "hackathon", "olympiad", "quiz"}
)


# A school's activities heading read where Indeed puts the employer: "CO-CURRICULAR'S -", "Extra Curricular".
_ACTIVITIES = re.compile(r"\b(?:co|extra)[\s-]?curricular", re.IGNORECASE)


def _names_an_event(text: str | None) -> bool:
    """Whether a job's title or employer names a contest or a festival ("Volunteer Contestant")."""
    if not text:
        return False
    return any(word in _EVENT_WORDS for word in re.findall(r"[a-z]+", text.lower()))


# "Infosys as Process Associate", "Working as Escalation Engineer": who, then "as", then the title.
_AS_TITLE = re.compile(r"^(?P<who>.+?)\s+as\s+(?:an?\s+)?(?P<title>.+)$", re.IGNORECASE)
# "Escalation Engineer with Microsoft", "Consultant at Acme Ltd": the title, then where it was held.
_AT_EMPLOYER = re.compile(r"^(?P<title>.+?)\s+(?:with|at|in|for|through|@)\s+(?P<who>.+?)\.?$", re.IGNORECASE)
_WORK_VERB = re.compile(r"^(?:working|worked|work|employed|joined|hired|serving|served)$", re.IGNORECASE)


_WORKING_AS = re.compile(
    r"^(?:working|worked|employed)\s+(?:in|at|with|for)\s+(?P<who>.+?)\s+as\s+(?:an?\s+)?(?P<title>.+?)\.?$",
    re.IGNORECASE,
)


def _title_without_employer(title: str, company: str) -> str:
    """The title without the job's own employer written into it: "INFOSYS as Process Associate" and
    "Escalation Engineer with Microsoft" at Infosys and Microsoft are "Process Associate" and
    "Escalation Engineer". Only the job's employer goes; a client ("Financial Analyst for AMEX") stays."""
    if (match := _AS_TITLE.match(title)) and _title_score(match["title"]):
        if _WORK_VERB.match(match["who"]) or _names_the_employer(match["who"], company):
            title = match["title"]
    if (
        (match := _AT_EMPLOYER.match(title))
        and _title_score(match["title"])
        and _names_the_employer(match["who"], company)
    ):
        title = match["title"]
    return title


# "Jr. Developer in Northwind Traders", "Consultant with Contoso Ltd": a title, then where it was held.
# Not "for" (a client: "Financial Analyst for AMEX") nor "of" ("Head of Sales").
_TITLE_IN_EMPLOYER = re.compile(r"^(?P<title>.+?)\s+(?:in|at|with|@)\s+(?P<who>(?-i:[A-Z0-9]).+?)\.?$", re.I)


def _title_and_employer(text: str) -> tuple[str, str] | None:
    """(title, employer) of a header that writes both in one phrase with no separator the parts split on,
    when the first reads as a title and the second as a name that is no title or place."""
    match = _TITLE_IN_EMPLOYER.match(text.strip())
    if match is None:
        return None
    title, who = match["title"].strip(), match["who"].strip(" .,-")
    last = who.split()[-1].lower().strip(".,()") if who.split() else ""
    if (
        not _title_score(title)
        or last in _TITLE_WORDS
        or last in vocabulary.title_heads()  # "Engineer in Test": a title, not an employer
        or _is_location(who)
        or places.is_place(who)
    ):
        return None
    return title, who


def _employer_over_client(title: str, company: str) -> tuple[str, str] | None:
    """(title, employer) when Indeed's title line names the employer after "in"/"at"/"@" and the employer
    line under it names someone else with no word of an organisation ("Sales Associate in Contoso" over
    "Fabrikam -"): a job at an outsourcer, typed with its client where Indeed puts the employer. A legal form
    or an organisation's word there ("Fabrikam Ltd -", "Fabrikam Bank -") says the dash line is the
    employer, and a name the title line itself holds ("10 years Contoso Security in Fabrikam" over "Contoso
    -") is the employer at a client's site."""
    split = _title_and_employer(title)
    if split is None or _company_score(company) or _same_employer(split[1], company):
        return None
    if _folded_name(company) in _folded_name(split[0]) or _in_function_words(split[1]):
        return None
    return split


def _title_then_name(text: str) -> tuple[str, str] | None:
    """(title, employer) of a line that runs a title into a name with no separator: "Area Sales Manager
    Contoso labs", the title ending on a title's head word, the name capitalised, no title or place."""
    words = text.split()
    for cut in range(1, len(words)):
        title, rest = words[:cut], words[cut:]
        if (
            title[-1].lower().strip(".,") in _title_heads()
            and rest[0][:1].isupper()
            and len(rest) <= 4
            # a name ends on a word titles are not made of ("Manager Pharma Development" is one title)
            and rest[-1].lower().strip(".,()") not in _glue_vocabulary()
            and not _title_score(" ".join(rest))
            and not places.is_place(" ".join(rest))
        ):
            return " ".join(title), " ".join(rest)
    return None


def _names_the_employer(name: str, company: str) -> bool:
    """Whether ``name`` is the employer ``company`` itself, legal forms aside ("Infosys" of "Infosys Ltd";
    not "SAP" of "SAP Basis", a product the employer line names)."""
    words = [
        [word for word in re.findall(r"[a-z0-9&]+", text.lower()) if not vocabulary.legal_form(word)]
        for text in (name, company)
    ]
    return bool(words[0]) and words[0] == words[1]


# Words before the employer that say only that it is one: "Job Profile in Accenture", "Working with Infosys".
_EMPLOYER_PREFIX = re.compile(
    r"^(?:job profile|profile|job|employed|employment|working|worked|work)\s+(?-i:in|with|at|for)\s+"
    r"(?=(?-i:[A-Z0-9]))"
    # "Head quarters of Contoso Travels", "Branch office of ...": which office, then the employer.
    r"|^(?:head\s*quarters?|head\s+office|corporate\s+office|regional\s+office|branch(?:\s+office)?)\s+of\s+"
    r"(?=(?-i:[A-Z0-9]))"
    # "A unit of Contoso Retail (India) Limited", "A division of ...": the part of the employer one worked in.
    r"|^an?\s+(?:unit|division|subsidiary|group\s+company)\s+of\s+(?=(?-i:[A-Z0-9]))",
    re.IGNORECASE,
)

# Which of an employer's offices: "Contoso, Head Office -  Mumbai -" names a site, not a title ("Head").
_SITE = re.compile(r"^(?:head|corporate|regional|registered|branch|zonal|area)\s+office$", re.IGNORECASE)
_FRESHER = re.compile(r"(?:^|\s+)\(?freshers?\)?\s*$", re.IGNORECASE)
# Small words inside an organisation's name: "Bank of India", "Tata Consultancy Services and Co".
_NAME_JOINERS = frozenset({"of", "and", "the", "&", "de", "for"})
# "Working with Contoso", "Worked at Fabrikam Ltd" opening a header line: the employer follows.
_WORKING_WITH = re.compile(
    r"^(?:working|worked|employed)\s+(?:with|at|in|for)\s+(?=(?-i:[A-Z0-9]))", re.IGNORECASE
)
# A part the "(Intern)" of "Developer (Intern) in Contoso" cut off from its title: "in Contoso".
_JOINING_WORD = re.compile(r"^(?:in|at|with)\s+(?=(?-i:[A-Z0-9]))", re.IGNORECASE)

# Indeed's export ends the employer line with a dash: "Oracle India -  Bangalore, Karnataka -".
_TRAILING_DASH = re.compile(r"\S\s*[-–—]\s*$")


def _employer_line_part(
    parts: list[_Part], header: list[str], anchor_line: int, title: str | None, history: str = ""
) -> str | None:
    """The employer of a header whose employer line ends with a dash (the last such line up to the dates).

    The line above it is the title ("Program Manager (Software Delivery)"), so a word there that reads
    like a name is not taken for the employer, unless it says more plainly that it is one: in
    "Lead, - Infosys Ltd" over "HSBC -  Pune -" the dash line is the client, the legal form the employer,
    and so in "Deutsche Bank - Infosys BPO Ltd -  Bengaluru -".
    """
    lines = [number for number, line in enumerate(header) if _TRAILING_DASH.search(line.strip())]
    lines = [number for number in lines if number <= anchor_line][-1:] or lines[:1]
    for number in lines:
        on_line = [part for part in parts if part.line == number and not part.place and part.text != title]
        if not on_line:
            continue
        first = next((part for part in on_line if _has_legal_form(part.text)), on_line[0])
        above = [_title_score(part.text) for part in parts if part.line == number - 1 and not part.place]
        if (
            _title_score(first.text)
            and not _company_score(first.text)
            # "Culture Machine -" under "Senior Business Analyst": the line above reads more plainly as
            # the title, so this one is the employer whose name ends on a title word.
            and not (above and max(above) > 2 * _title_score(first.text))
        ):
            return None  # "DevOps Consultant -": a title line, the evidence is not there
        # "Tech Support Executive for Contoso -": a title and the client it served, typed swapped too.
        if _ends_on_title_word(_without_client(first.text)) and not any(
            _title_score(part.text) for part in parts if part.line != number and not part.place
        ):
            # "Software Engineer -" under "Contoso": a title word ends it ("Software" names employers
            # too), and nothing else in the header reads as a title, so the fields were typed swapped.
            return None
        if not _has_legal_form(first.text) and any(
            other.line != number and not other.place and _has_legal_form(other.text) for other in parts
        ):
            return None
        title_line = [part for part in parts if part.line == number - 1]
        return (
            _employer_after_title(title_line, history)
            or _employer_before_title(title_line, history)
            or first.text
        )
    return None


def _employer_before_title(title_line: list[_Part], history: str) -> str | None:
    """The employer a dash line's title line names before its title: "Contoso Training, Test Engineer
    Trainee" over "Next Generation Licensing (Fabrikam) -" (the client's programme). The name, without a
    course word after it (the employer's training), must read as no title, hold a word no O*NET title has and
    recur in the work history, as in ``_employer_after_title``."""
    parts = [part for part in title_line if not part.place]
    if len(parts) != 2 or not parts[0].comma_after or not _title_score(parts[1].text):
        return None
    words = parts[0].text.split()
    name = " ".join(words[:-1] if len(words) > 1 and words[-1].lower() in _COURSE_WORDS else words)
    return _employer_after_title([replace(parts[1], comma_after=True), replace(parts[0], text=name)], history)


def _ends_on_title_word(fragment: str) -> bool:
    """Whether ``fragment`` ends on a title's head word ("Software Engineer") and not on a company word
    or a legal form ("Contoso Software", "Contoso Ltd")."""
    words = [word.lower().strip(".,()") for word in fragment.split()]
    return bool(
        words
        and words[-1] in _title_heads()
        and words[-1] not in _COMPANY_WORDS
        and not vocabulary.legal_form(words[-1])
        and _title_score(fragment)
    )


def _employer_after_title(title_line: list[_Part], history: str) -> str | None:
    """The employer a dash line's title line names after its title: "SDET Automation Engineer, Infosys"
    over "CRD (Capital Group of Companies) -" (the client). The name must read as no title or place,
    hold a word no O*NET title has ("Fabrikam Consulting"; not "Agile team Member, Testing") and recur
    in the work history, which a client named once does not."""
    parts = [part for part in title_line if not part.place]
    if len(parts) != 2 or not parts[0].comma_after or not _title_score(parts[0].text):
        return None
    name = parts[1].text
    # "Marketing & Operations": the ampersand and joining words are no word of a name.
    words = [word for word in re.findall(r"[a-z0-9]+", name.lower()) if word not in ("and", "of", "the")]
    vocabulary_words = _glue_vocabulary()
    if (
        _title_score(name)
        or not _is_named(name)
        or not name[:1].isupper()
        or all(word in vocabulary_words for word in words if not vocabulary.legal_form(word))
        # Counted whatever the case: "sdet automation engineer, infosys" names it as "Infosys" would.
        or len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", history, re.IGNORECASE)) < 2
    ):
        return None
    return name


# SAP's modules and practices. On Indeed's employer line "SAP ABAP -" or "SAP FI/CO -" names what the
# consultant works on, not whom for; SAP the company is written "SAP", "SAP Labs", "SAP SE", "SAP India".
_SAP_MODULES = frozenset(
    """
    abap abap4 basis fico fi co sd mm pp hr hcm bw bi bo bods bobj crm srm pi xi po hana grc security apo wm
    ewm qm pm ps scm mdm bpc successfactors ariba fiori ui5 workflow isu tm le fscm ecc solman netweaver
    s4hana s4 functional technical consultant module modules
    """.split()
)


def _is_practice(name: str) -> bool:
    """ "SAP ABAP", "SAP FI/CO", "SAP Basis": SAP and its modules only, a practice rather than an employer."""
    words = [word for word in re.split(r"[^a-z0-9]+", name.lower()) if word]
    return len(words) >= 2 and words[0] == "sap" and all(word in _SAP_MODULES for word in words[1:])


# Typed in lower case, a name is still one when it ends on a legal form no sentence word is ("exilant
# technologies pvt. ltd.", "contoso (india) pvt. ltd", "fabrikam inc"): up to six words, none of them a word
# that joins a sentence ("in", "the", "client"), then the legal form, which is the evidence capitals give.
_LOWER_LEGAL_TAIL = (
    r"(?:pvt\.?\s*ltd|pvt|private\s+(?:ltd|limited)|ltd|limited|inc|llc|corp|corporation|gmbh|plc|llp)"
)
_LOWER_NAME_WORD = (
    r"(?!(?:a|an|and|as|at|by|for|from|in|of|on|or|the|to|with|via|under|through|client|is|are|was|were)\b)"
    r"(?:[a-z][\w&'-]*|\([a-z][\w&'-]*\))"
)
_LOWER_LEGAL_NAME = rf"(?-i:{_LOWER_NAME_WORD}(?:\s+{_LOWER_NAME_WORD}){{0,5}}?\s+){_LOWER_LEGAL_TAIL}\b\.?"

# "at Contoso India Pvt. Ltd.", "on the roles of Contoso (India) Pvt. Ltd": a name with a legal form after
# a word that places the writer there.
_EMPLOYER_IN_SENTENCE = re.compile(
    r"\b(?:in|at|with|of)\s+(?P<name>(?-i:[A-Z])[\w&'-]*(?:\s+(?:\(?(?-i:[A-Z])[\w&'-]*\)?))*?\s+"
    r"(?:pvt\.?\s*ltd|private\s+limited|ltd|limited|inc|llc|corp|corporation|gmbh|plc|llp)\b\.?"
    # Or typed in lower case: "on the role of contoso (india) pvt. ltd".
    rf"|{_LOWER_LEGAL_NAME})",
    re.IGNORECASE,
)
_BULLETED = re.compile(r"\s*[•●▪■◦‣∙➢✓✔❖◆◇○➤→»*]\s*")


_LIST_MARK = re.compile(rf"^\s*(?:[{_BULLET_GLYPHS}]+|\(?[a-z0-9]{{1,2}}[.)])\s*", re.IGNORECASE)


def _repeats_a_duty(company: str, body: list[str]) -> bool:
    """Whether the employer slot repeats, word for word, an item of the job's own list of duties ("a.
    Correspondence through Email." under "Correspondence through Email -"): the first duty typed where Indeed
    puts the employer, not a name. Only a listed line (a bullet, "a.", "1)") counts."""
    folded = _folded_name(company)
    if not folded:
        return False
    for line in body[:30]:
        mark = _LIST_MARK.match(line)
        if mark and mark.group(0).strip() and _folded_name(line[mark.end() :].strip()) == folded:
            return True
    return False


def _name_under_dates(line: str) -> str | None:
    """A name alone on the line under the dates of a job whose employer slot holds only the title's
    initials: up to five capitalised words, no digit, no bullet, no sentence, no title and no place."""
    text = line.strip().rstrip(".").strip()
    words = text.split()
    if (
        not 1 <= len(words) <= 5
        or re.search(r"\d", text)
        or _BULLET.match(line.strip())
        or _SENTENCE_START.match(text)
        or not all(word[:1].isupper() or word.lower() in _NAME_JOINERS for word in words)
        or _title_score(text)
        or places.is_place(text)
        or not _is_named(text)
    ):
        return None
    return text


def _employer_under_dates(line: str) -> str | None:
    """A firm's name alone on the line under an Indeed job's dates ("Contoso Wealth Solutions Pvt Ltd."): a
    capitalised name of up to seven words ending on its legal form, no bullet and no sentence."""
    text = line.strip().rstrip(".").strip()
    if (
        not text[:1].isupper()
        or len(text.split()) > 7
        or _BULLET.match(line.strip())
        or _SENTENCE_START.match(text)
        or not _has_legal_form(text)
        or not _is_named(text)
    ):
        return None
    return text


def _employer_behind_client(company: str, body: list[str]) -> str | None:
    """The employer a job's first sentences name when its header names the client it served: under "Cisco -",
    "associated with Cisco on the roles of Contoso Pvt. Ltd." or "as Engineer with an Apple client in
    Contoso Pvt. Ltd.". The sentence must name a legal form and the header's name or a client, so a
    sentence about another job ("Worked earlier at Fabrikam Ltd") leaves the header alone."""
    folded = _folded_name(company)
    for sentence in _BULLETED.split(" ".join(line.strip() for line in body[:4])):
        match = _EMPLOYER_IN_SENTENCE.search(sentence)
        if match is None or _same_employer(match["name"], company):
            continue
        words = _folded_name(sentence)
        if re.search(rf"\b(?:{re.escape(folded)}|client)\b", words):
            return match["name"].rstrip(".") if match["name"].endswith("..") else match["name"]
    return None


# A capitalised name of up to five words after a work verb ("Working for Contoso Solutions"), or after
# "deputed ... by" ("deputed to Fabrikam by Contoso"): no joining word inside it.
_NAME_AFTER = (
    r"(?P<name>(?-i:[A-Z])[\w&.'-]*"
    r"(?:\s+(?!(?:and|or|for|in|at|on|from|to|with|as|by|since|till)\b)(?-i:[A-Z])[\w&.'-]*){0,4})"
)
_WORKING_FOR = re.compile(
    rf"\b(?:working|worked|work|employed)\s+(?:for|with|in|at)\s+{_NAME_AFTER}", re.IGNORECASE
)
_DEPUTED_BY = re.compile(rf"\b(?:deputed|placed|posted)\b.{{0,60}}?\bby\s+{_NAME_AFTER}", re.IGNORECASE)


def _employer_serving_client(company: str, body: list[str]) -> str | None:
    """The employer a job's first sentences name when they call the header's name the client: "Fabrikam -"
    over "Working for Contoso, client Fabrikam, on support" or "Deputed to client Fabrikam by Contoso".
    Without the header's name called a client (or the firm deputed to) the sentence may be about another job,
    so it counts only then."""
    name = re.escape(company.strip())
    client = re.compile(
        rf"\bclients?\b\W{{0,3}}(?:name\W{{0,3}})?{name}\b"
        rf"|\b{name}\W{{0,3}}(?:is|was|as)?\s*(?:the|our|a|an)?\s*clients?\b"
        rf"|\b(?:deputed|placed|posted)\s+(?:to|at|with)\s+(?:the\s+)?{name}\b",
        re.IGNORECASE,
    )
    for sentence in re.split(
        r"(?<=[.;])\s+|\n", "\n".join(_BULLETED.sub("", line.strip()) for line in body[:4])
    ):
        if not client.search(sentence):
            continue
        for pattern in (_WORKING_FOR, _DEPUTED_BY):
            match = pattern.search(sentence)
            if match and not _same_employer(match["name"], company) and not _title_score(match["name"]):
                found = match["name"].rstrip(".,")
                if not places.is_place(found) and found.lower() not in ("client", "the client"):
                    return found
    return None


_RECRUITED_BY = re.compile(rf"^(?:recruited|hired|employed|appointed)\s+by\s+{_NAME_AFTER}", re.IGNORECASE)


def _employer_recruited_by(company: str, body: list[str]) -> str | None:
    """The employer the job's first line of details names ("Recruited by Contoso Group, ...", "Hired by
    Fabrikam Ltd") when the employer slot holds no name: a function or a business line in words kept in
    lower case ("Benefits and rewards Services -"), without a legal form."""
    if _has_legal_form(company) or not any(
        word.islower() and word not in _NAME_JOINERS for word in company.split()
    ):
        return None
    lines = [line.strip() for line in body[:3] if line.strip() and not line.strip().isdigit()]
    match = _RECRUITED_BY.match(_BULLETED.sub("", lines[0])) if lines else None
    if not match:
        return None
    found = match["name"].rstrip(".,")
    if places.is_place(found) or _title_score(found) or _same_employer(found, company):
        return None
    return found


# "Convergys for Microsoft": an outsourcer named with the client it serves. Not "Center for Disease
# Control" or "Institute for Advanced Study": an organisation noun before "for" makes one name.
_FOR_CLIENT = re.compile(r"^(?P<employer>.+?)\s+for\s+(?P<client>(?-i:[A-Z]).*)$", re.IGNORECASE)
_NAME_BEFORE_FOR = frozenset(
    """
    center centre institute institution foundation society association council alliance committee coalition
    fund school college academy league partnership office commission agency bureau network trust campaign
    coalition organization organisation union federation board authority department ministry centers
    centres services service partners people friends citizens americans women men children
    """.split()
)


# Words in the employer slot that name no employer: the shared ones, and looser words the employer slot
# of a job header uses for the same ("Independent -", "Self -").
_NO_EMPLOYER = vocabulary.NO_EMPLOYER | {"self employment", "freelancing", "independent", "self"}


def _without_client(company: str) -> str:
    """ "Convergys for Microsoft" -> "Convergys": the employer, not the client it serves."""
    match = _FOR_CLIENT.match(company.strip())
    if match is None:
        return company
    employer = match["employer"].strip(" ,-")
    last = employer.split()[-1].lower().strip(".,") if employer.split() else ""
    if not employer or last in _NAME_BEFORE_FOR or not _is_named(employer) or len(employer.split()) > 4:
        return company
    return employer


def _has_legal_form(fragment: str) -> bool:
    """ "Infosys Ltd", "Otto Group GmbH": a name followed by a legal form."""
    words = fragment.split()
    return len(words) > 1 and bool(vocabulary.legal_form(words[-1].strip(",.()").lower()))


def _is_named(fragment: str) -> bool:
    """Whether a fragment opens like a name ("GoldStone", "eBay"), not a phrase ("under the payroll of")."""
    first = fragment.split()[0] if fragment.split() else ""
    return not (first.isalpha() and first.islower())


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", value).strip(" ,;:-–")
    # "Contoso Ltd ( )": the brackets of dates read out of a labelled value ("Organization: Contoso Ltd (Jan
    # 2015 - Present)") are no part of the name.
    value = re.sub(r"\s*[(\[]\s*[)\]]", "", value).strip(" ,;:-–")
    return value[:200] or None


def _current_job(jobs: list[WorkExperience]) -> WorkExperience | None:
    current = [job for job in jobs if job.is_current]
    if current:
        return max(current, key=lambda job: job.start_date or date.min)
    dated = [job for job in jobs if job.start_date]
    if dated:
        return max(
            dated, key=lambda job: (job.end_date or job.start_date or date.min, job.start_date or date.min)
        )
    return jobs[0] if jobs else None


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
        name = _label_value(match["name"]) if match else None
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
    rf"^\s*[{_BULLET_GLYPHS}]+\s*(?i:organi[sz]ation|employer)\s*:\s*(?P<name>(?-i:[A-Z])[^\n]{{1,80}})$"
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


def _labelled_field_jobs(text: str, jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs written as labelled fields wherever they stand (a summary's "Organization: Contoso Foods Pvt
    Ltd" / "Designation: Sales Manager" / "Duration: Nov 2016 TO May 2018" above the WORK EXPERIENCE
    heading): the employer, the title the next line labels, and the range a following "Duration" or "Period"
    line gives. A job the history already has (the same employer and title) is not added again."""
    lines = text.split("\n")
    added: list[WorkExperience] = []
    for number, line in enumerate(lines):
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
        following = next((other.strip() for other in lines[number + 1 : number + 3] if other.strip()), "")
        if not _LISTED_LINE.match(following):
            continue
        title = re.split(r"\s+\|\s+", heading)[0].strip()
        head = _SUB_ROLE_CUT.split(title)[0]
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
        owners = [
            job
            for job in result
            if job.company
            and (job.start_date or job.is_current)
            and job.description
            and heading in [_BULLET.sub("", row).strip() for row in job.description.split("\n")]
        ]
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
        at = result.index(owner) + 1
        while at < len(result) and result[at].company == owner.company and not result[at].start_date:
            at += 1  # after the sub-roles already read, in reading order
        result.insert(at, WorkExperience(company=owner.company, title=_tidy(title)))
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
        if any(word in ("to", "the", "for", "at", "in", "with", "by") for word in words):
            continue  # "REPORTED TO PRESIDENT OF COMPANY.": a sentence in capitals
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


def _label_value(value: str) -> str | None:
    """A labelled organisation's name, up to the next cell or sentence, when it reads as one."""
    name = re.split(r"\s+\|\s+|\s{2,}|\t|\s+[-–—]\s+|\.\s", value.strip())[0].strip(" .,;:")
    named = _is_named(name) or re.fullmatch(_LOWER_LEGAL_NAME, name, re.IGNORECASE)
    return name if named and _names_an_employer(name) else None


# --- text tables of jobs --------------------------------------------------------------------------

# Column names of a job table's header row, by what the column holds. A header row is made of these
# and nothing else ("NAME OF THE COMPANY Total Period worked DESIGNATION JOBS & RESPONSIBILITIES").
_TABLE_COLUMNS = (
    # "Sr. No", "Sl.No.", "S.No", "No." alone, "#".
    ("number", r"(?:s(?:r|l)?\s*\.?\s*)?no\.?|#"),
    ("company", r"(?:name\s+of\s+(?:the\s+)?)?(?:company|organi[sz]ation|employer|firm)(?:\s+name)?"),
    ("title", r"(?:job\s+)?(?:designation|title|role|position)"),
    ("dates", r"(?:total\s+|working\s+)?(?:period(?:\s+worked)?|duration|dates?|tenure|experience|from|to)"),
    ("location", r"location|place|city"),
    ("description", r"(?:jobs?\s*(?:&|and)\s*)?(?:responsibilities|description|duties)"),
)
_TABLE_COLUMN = re.compile(
    r"\s*(?:[|/]\s*)?(?:"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _TABLE_COLUMNS)
    + r")(?=\W|$)",
    re.IGNORECASE,
)
# A row's dates given as a length: "2.5 years", "3 Years", "2 .10Years", "3.0 years till dated".
_TABLE_LENGTH = re.compile(
    r"(?<!\S)\d{1,2}(?:\s*\.\s*\d{1,2})?\s*\+?\s*(?:years?|yrs?|months?)\b(?:\s+till\s+date[ds]?)?",
    re.IGNORECASE,
)
_ROW_NUMBER = re.compile(r"^(?P<number>\d{1,2})[.)]?(?:\s+|$)")
# A description cell opens on a capitalised word the lower-case words of a sentence follow
# ("Handling of entire sales", "Sales and marketing of ..."), or on a gerund ("Handling Wahl products").
_DESCRIPTION_START = re.compile(r"\s(?=[A-Z][a-z]+\s+[a-z])|\s(?=[A-Z][a-z]+ing\b)")
_TABLE_MAX_ROWS = 30


def _table_columns(line: str) -> list[str] | None:
    """The kinds of a job table's columns, in order, when ``line`` is a header row naming at least an
    employer and a title column and nothing but columns."""
    kinds: list[str] = []
    position, text = 0, line.strip()
    while position < len(text):
        match = _TABLE_COLUMN.match(text, position)
        if match is None or match.end() == position:
            return None
        kinds.append(next(kind for kind, value in match.groupdict().items() if value))
        position = match.end()
    # "From To" under one "Period" heading is one column of dates.
    kinds = [
        kind
        for number, kind in enumerate(kinds)
        if not number or kind != "dates" or kinds[number - 1] != kind
    ]
    return kinds if "company" in kinds and "title" in kinds and len(kinds) >= 3 else None


def _table_rows(lines: list[str], start: int) -> tuple[list[list[str]], int]:
    """The rows under a header row at ``start - 1`` (each the lines of one row) and the index after them.

    Numbered rows ("1 Contoso ...", or "2" over its cells one a line) run to the next number; unnumbered
    rows are one line each, a line without a column gap or dates continuing the row above. The table
    ends at a heading, a blank line after an unnumbered row or before an Indeed job header, or a line no
    row can hold."""
    rows: list[list[str]] = []
    index = start
    numbered = bool(_ROW_NUMBER.match(next((line for line in lines[start:] if line.strip()), "")))
    while index < len(lines) and len(rows) < _TABLE_MAX_ROWS:
        line = lines[index].strip()
        if not line:
            if rows and (not numbered or _opens_a_job_header(lines[index + 1 : index + 9])):
                break  # a blank line ends an unnumbered table, and a numbered one over an Indeed job header
            index += 1
            continue
        if sec.heading_kind(line) is not None:
            break
        number = _ROW_NUMBER.match(line)
        if numbered and number and int(number["number"]) == len(rows) + 1 and not _TABLE_LENGTH.match(line):
            rows.append([line[number.end() :]] if line[number.end() :] else [])
        elif not numbered and (re.search(r"\s{2,}|\t", line) or _table_dated(line)):
            rows.append([line])
        elif rows:
            rows[-1].append(line)
        else:
            break
        index += 1
    return rows, index


def _opens_a_job_header(lines: list[str]) -> bool:
    """Whether the first filled line of ``lines`` opens an Indeed job header (title, employer line, dates)."""
    start = _first_job_header(lines)
    return start is not None and not any(line.strip() for line in lines[:start])


def _table_cells(row: list[str], kinds: list[str]) -> dict[str, str] | None:
    """A row's cells by column kind: the header's columns in order, cut at the row's column gaps, or,
    where a PDF joined them with single spaces, at its dates and the cells' own evidence."""
    kinds = [kind for kind in kinds if kind != "number"]
    if not row:
        return None
    if len(row) > 1 and _table_dated(row[0]) is None:
        # The row's number stood alone: its cells follow one a line, the rest is the description.
        return (
            dict(zip(kinds, [*row, *[""] * len(kinds)], strict=False)) if len(row) >= len(kinds) - 1 else None
        )
    cells = [cell.strip() for cell in re.split(r"\s{2,}|\t", row[0].strip()) if cell.strip()]
    if len(cells) == len(kinds) or (len(cells) == len(kinds) - 1 and kinds[-1] == "description"):
        return dict(zip(kinds, cells, strict=False))
    return _table_cells_by_evidence(" ".join(cells), kinds)


def _table_dated(text: str) -> tuple[int, int] | None:
    """Where a row's dates or length are, if it has them."""
    ranges = find_ranges(text)
    if ranges:
        return ranges[0].span
    length = _TABLE_LENGTH.search(text)
    return length.span() if length else None


def _table_cells_by_evidence(text: str, kinds: list[str]) -> dict[str, str] | None:
    """Cells of a row whose columns a PDF joined: the dates cut it in two; of the cells before them, the
    employer ends at its legal form or before the places after it, the title is what is left; after
    them, the title runs to where the description opens."""
    span = _table_dated(text)
    if span is None or "dates" not in kinds:
        return None
    cut = kinds.index("dates")
    before, after = kinds[:cut], kinds[cut + 1 :]
    cells = {"dates": text[span[0] : span[1]]}
    head, tail = text[: span[0]].strip(" ,-–"), text[span[1] :].strip(" ,-–")
    for side, words in ((before, head), (after, tail)):
        side = [kind for kind in side if kind in ("company", "title", "description")]
        if side[:1] == ["title"] and "description" in side:
            match = _DESCRIPTION_START.search(words)
            cells["title"] = words[: match.start()] if match else words
        elif side[:2] == ["company", "title"]:
            split = _employer_then_title(words)
            if split is None:
                return None
            cells["company"], cells["location"], cells["title"] = split
        elif side[:1] == ["company"] and len(side) == 1:
            cells["company"] = words
        elif side[:1] == ["title"] and len(side) == 1:
            cells["title"] = words
    return cells


def _employer_then_title(text: str) -> tuple[str, str, str] | None:
    """ "Litware Systems Limited, Pune, India. Sr. Software Engineer": the employer up to its legal form
    or its first comma, the places after it, and the title after them."""
    words = text.split()
    end = next(
        (n + 1 for n, word in enumerate(words) if n and vocabulary.legal_form(word.strip(",.").lower())), None
    )
    if end is None:
        end = next((n + 1 for n, word in enumerate(words) if word.endswith(",")), None)
    if end is None:
        # "Contoso group Operations Manager logistics": after an organisation's word, where a title follows.
        end = next(
            (
                n + 1
                for n, word in enumerate(words[:-1])
                if n and word.lower() in _COMPANY_WORDS and _title_score(" ".join(words[n + 1 :]))
            ),
            None,
        )
    if end is None or end >= len(words):
        return None
    company, rest = " ".join(words[:end]).rstrip(","), " ".join(words[end:]).lstrip(", ")
    found: list[str] = []
    while (match := re.match(r"^([^,.]+)[,.]\s+(.*)$", rest)) and places.is_place(match[1].strip()):
        found.append(match[1].strip())
        rest = match[2]
    if (bracket := re.search(r"\s*\(([^()]+)\)$", rest)) and places.is_place(bracket[1]):
        found.append(bracket[1])  # "Operations Manager (Tanzania)": where the job was
        rest = rest[: bracket.start()]
    return (company, ", ".join(found), rest) if _title_score(rest) else None


def _text_table_jobs(lines: list[str]) -> tuple[list[WorkExperience], set[int]]:
    """The jobs of plain-text tables with a header row of column names, and the lines they take up."""
    jobs: list[WorkExperience] = []
    taken: set[int] = set()
    for index, line in enumerate(lines):
        kinds = _table_columns(line) if len(line) < 120 else None
        if kinds is None or index in taken:
            continue
        rows, stop = _table_rows(lines, index + 1)
        found = []
        for row in rows:
            cells = _table_cells(row, kinds)
            job = _table_job(cells) if cells else None
            if job is not None:
                found.append(job)
        if found:
            jobs += found
            taken.update(range(index, stop))
    return jobs, taken


def _with_table_jobs(table_jobs: list[WorkExperience], jobs: list[WorkExperience]) -> list[WorkExperience]:
    """The table's jobs before the others; a job the table gives a length but no dates takes them from a
    job of the same title that names no employer (Indeed's "Area Sales Manager" / "Sr.No -" / "August
    2015 to Present" over a table whose first row is that job), which is then the table's; a job with no
    title or employer, dated as a row is, is that row's job too."""
    merged = list(table_jobs)
    rest = []
    for job in jobs:
        twin = next(
            (
                number
                for number, row in enumerate(merged)
                if job.company is None
                and row.start_date is None
                and job.start_date is not None
                and _folded_name(row.title) == _folded_name(job.title)
            ),
            None,
        )
        if twin is None:
            blank = job.company is None and job.title is None and job.start_date is not None
            if not (blank and any(row.start_date == job.start_date for row in merged)):
                rest.append(job)  # a header with the dates only ("Sr.No -") restates a dated row's job
            continue
        merged[twin] = merged[twin].model_copy(
            update={
                "start_date": job.start_date,
                "end_date": job.end_date,
                "is_current": job.is_current,
                "location": merged[twin].location or job.location,
            }
        )
    return merged + rest


def _table_job(cells: dict[str, str]) -> WorkExperience | None:
    company = _tidy(cells.get("company"))
    title = _tidy(cells.get("title"))
    # In the employer's column, a name typed in lower case is one when it ends on its legal form ("contoso
    # limited"); otherwise a cell opening on a lower-case word is a phrase.
    if not company or not title or not (_is_named(company) or _has_legal_form(company)):
        return None
    if not _title_score(title):
        return None
    ranges = find_ranges(cells.get("dates", ""))
    dates = ranges[0] if ranges else None
    return WorkExperience(
        company=company,
        title=title,
        location=_tidy(cells.get("location")),
        start_date=dates.start if dates else None,
        end_date=dates.end if dates else None,
        is_current=bool(dates and dates.is_current),
        description=_tidy(cells.get("description")),
    )


# --- jobs written as a form's fields --------------------------------------------------------------

# Some resume exports write each job as two fields, "company - Contoso Ltd" over "description - ...".
_FORM_COMPANY = re.compile(r"^company\s*[-–]\s*(?P<name>.*?)\s*$", re.IGNORECASE)
_FORM_DESCRIPTION = re.compile(r"^description\s*[-–]\s*(?P<text>.*?)\s*$", re.IGNORECASE)
# A form's empty field: "company - None", "company - Na".
_FORM_EMPTY = frozenset({"", "none", "na", "n/a", "nil", "null", "-"})


# Words of a heading, not of an employer, that a form's company field may hold.
_FORM_HEADING_WORDS = frozenset({"timeline", "project", "projects", "nature", "details", "responsibilities"})
# "I am in a searching of personal trainer job", "looking for a job": what someone wants, not holds.
_SEARCHING_JOB = re.compile(r"\b(?:searching|looking)\b.{0,40}\bjob\b", re.IGNORECASE)
# A school's grade: "Pune, 58.8%", "CGPA 8.1".
_GRADE = re.compile(r"\d\s*%|\b(?:cgpa|gpa|percentage)\b", re.IGNORECASE)


def _form_entries(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(company field, description lines) of each "company - X" / "description - ..." pair, the
    description running to the next pair."""
    starts: list[tuple[int, str]] = []
    for index, line in enumerate(lines[:-1]):
        match = _FORM_COMPANY.match(line)
        if match and _FORM_DESCRIPTION.match(lines[index + 1]):
            starts.append((index, match["name"]))
    entries = []
    for number, (index, name) in enumerate(starts):
        stop = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        description = _FORM_DESCRIPTION.match(lines[index + 1])
        body = [description["text"] if description else "", *lines[index + 2 : stop]]
        entries.append((name, [line for line in body if line.strip()]))
    return entries


def _form_jobs(lines: list[str]) -> list[WorkExperience]:
    """The jobs of a history written as a form's fields, each from its company field and description;
    a job the form gives no title takes the one a headline pairs with its employer."""
    entries = _form_entries(lines)
    if not entries:
        return []
    headlines = _headline_pairs(lines)
    jobs = []
    for name, body in entries:
        job = _form_job(_clean(name), body, headlines)
        if job is not None:
            jobs.append(job)
    if jobs and jobs[0].title is None and (headline := _form_headline(lines)):
        jobs[0] = jobs[0].model_copy(update={"title": headline})  # the first entry is the current job
    return _without_repeats(jobs)[:50]


def _form_headline(lines: list[str]) -> str | None:
    """The title such an export writes above its "Skill Details" heading ("Sales Manager"), if any."""
    at = next((index for index, line in enumerate(lines) if line.strip().lower() == "skill details"), None)
    above = [line.strip() for line in lines[:at] if line.strip()][-2:] if at else []
    for line in above:
        if (
            len(line.split()) <= 8
            and _headline_title_score(line)
            and not (_DEGREE.search(line) or _INSTITUTION.search(line) or _headline_pairs([line]))
        ):
            return line
    return None


def _headline_title_score(line: str) -> int:
    """``_title_score`` of a form's headline, read with a space after an abbreviation's dot ("Asst.Professor")
    and, failing that, of what comes before a comma that names no employer ("Head business development,
    arts": the function the title served)."""
    spaced = re.sub(r"(?<=[A-Za-z])\.(?=[A-Z])", ". ", line)
    return _title_score(spaced) or _title_score(spaced.split(",")[0])


# A headline pairing a title with its employer: "Blockchain Developer - Contoso Global Services Pvt. Ltd",
# "SAP BO Developer/Administrator, Contoso Consultancy Services Limited".
# The employer follows the last dash ("Senior Business Analyst - RPA - Contoso") or the only comma.
_HEADLINE_PAIR = re.compile(
    r"^(?P<title>.{2,80})\s+[-–|]\s+(?P<who>[^-–|]{2,60})$|^(?P<title2>[^,]{2,80}),\s*(?P<who2>[^,]{2,60})$"
)


def _headline_pairs(lines: list[str]) -> list[tuple[str, str]]:
    """(title, employer) of every short line that is a title, a dash and a name."""
    pairs = []
    for line in lines:
        match = _HEADLINE_PAIR.match(line) if len(line) < 120 else None
        title, who = (match["title"] or match["title2"], match["who"] or match["who2"]) if match else ("", "")
        if match and _title_score(title) and _is_named(who):
            pairs.append((title.strip(), who.strip()))
    return pairs


# In a form entry's description: "Working as a Java developer in ...", "Designation - Operations Manager".
_DESCRIBED_TITLE = re.compile(
    r"\b(?:working|worked|experience)\s+as\s+(?:an?\s+)?(?P<as>.+?)"
    r"(?=\s+(?:in|at|with|for|from|since|over|on|of)\b|[.,(]|$)"
    r"|^(?:designation|role|position)\s*[-–:]\s*(?P<label>[^\[(]+)"
    # "Completed 7 projects of 1.2 MW to 8.4 MW as a Commissioning Leader.": the role a sentence ends on,
    # capitalised as a title is.
    r"|\bas\s+an?\s+(?P<end>(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){1,3})\.?\s*$",
    re.IGNORECASE,
)


# After the title, another employer: "Working as Executive (Legal) at Contoso Ltd" in another entry.
_AT_NAME = re.compile(
    r"\s*(?:\([^()]*\)\s*)?(?:at|in|with|for)\s+(?P<who>(?-i:[A-Z])[\w.&'-]*)", re.IGNORECASE
)


def _described_title(body: list[str], company: str | None = None) -> str | None:
    """The title a form entry's first description lines state, when it reads as one and is not said of
    another employer."""
    for line in body[:4]:
        text = _clean(line)
        match = _DESCRIBED_TITLE.search(text)
        if match and match["as"] and (elsewhere := _AT_NAME.match(text, match.end())):
            if company is None or not _same_organisation(_first_word(elsewhere["who"]), _first_word(company)):
                continue
        title = match and (match["as"] or match["label"] or match["end"]).strip(" .,:")
        # "Working as a part of the support team" says where, not as what.
        if (
            title
            and len(title.split()) <= 6
            and _title_score(title)
            and not title.lower().startswith("part ")
        ):
            return title
    return None


def _form_job(name: str, body: list[str], headlines: list[tuple[str, str]]) -> WorkExperience | None:
    """One form entry as a job: the company field when it names an employer, the title a headline pairs
    with that employer or else the one the description labels or reads as, and the dates on its first
    lines."""
    # "company - Contoso Bank Pvt. Ltd.: Sept 2009- till date": the field's dates are the job's.
    field_dates = find_ranges(name)
    if field_dates:
        start, end = field_dates[0].span
        name = (name[:start] + name[end:]).strip(" :,-–")
    company: str | None = name if name.lower() not in _FORM_EMPTY else None
    title = None
    if company and set(re.findall(r"[a-z]+", company.lower())) & _FORM_HEADING_WORDS:
        company = None  # "company - CAREER TIMELINE", "company - Current Project": a heading in the field
    if any(_WISH.match(line) or _SEARCHING_JOB.search(line) for line in body[:3]):
        return None  # "I am in a searching of personal trainer job": a wish, no job held
    if company and _INSTITUTION.search(company) and body and _GRADE.search(body[0]):
        return None  # "company - Higher Secondary School" over "description - Pune, 58.8%": schooling
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", company or "")  # "Criminal lawyer (law firm)"
    # "company - HR Assistant": the field holds the role, when it ends on a title's head word ("CAPGEMINI
    # Head Office" has title words, and is an employer).
    last = bare.split()[-1].lower().strip(".,") if bare.split() else ""
    if company and _title_score(bare) and not _company_score(bare) and last in _title_heads():
        company, title = None, bare
    if company and _is_practice(company):
        company = None  # "company - SAP BODS": the consultant's practice
    # "description - 1. Organization: SpringerNature.": the entry names its employer.
    labelled = _labelled(body[:3], {"organization", "organisation", "employer"})
    if labelled:
        company = labelled if _ABBREVIATED_END.search(labelled) else labelled.rstrip(".")
    if title is None and company:
        title = next((t for t, who in headlines if _same_organisation(who, company)), None)
    # "description - Software Test Engineer", "description - Data Science Intern, Nov 2015 to Jan 2016",
    # "description - 1. As a Java Developer.", "description - Role: Civil Engineer"; not another label's
    # value ("Title : Contoso Platform" names a project, "Reporting: Assistant Manager" a boss).
    first = _without_list_number(_clean(body[0])) if body else ""
    first = re.sub(r"^as\s+(?:an?\s+)?", "", first, flags=re.IGNORECASE).rstrip(".")
    if label := _LABEL.match(first):
        first = label.group(2).strip() if label.group(1).lower() in _TITLE_LABELS - {"title"} else ""
    first = (
        " ".join(first[: r.span[0]] + first[r.span[1] :] for r in find_ranges(first)[:1]).strip(" ,-")
        or first
    )
    if title is None and first and len(first.split()) <= 6 and not _SENTENCE_START.match(first):
        title = first if _title_score(first) else None
    title = title or _described_title(body, company)
    if company is None and title is None:
        return None
    dates = next((ranges[0] for line in body[:3] if (ranges := find_ranges(line))), None) or next(
        iter(field_dates), None
    )
    return WorkExperience(
        company=_tidy(company),
        title=_tidy(title),
        start_date=dates.start if dates else None,
        end_date=dates.end if dates else None,
        is_current=bool(dates and dates.is_current),
        description="\n".join(body)[:5000] or None,
    )


# --- jobs a sentence names -----------------------------------------------------------------------

# A name as resumes write an employer in a sentence: capitalised words, "&"/"of"/"and" between them
# ("Tata Consultancy Services", "Procter & Gamble", "Greymeter.com", "Al-wadi Int School").
# An organisation noun may close it in lower case, as typed: "ICICI Merchant services".
_ORGANISATION_NOUNS = frozenset(
    "services technologies solutions systems industries enterprises group software consultancy".split()
)
# The nouns that close a name typed in lower case: an organisation's, or an institution's ("fabrikam int
# school").
_TYPED_NAME_NOUNS = _ORGANISATION_NOUNS | frozenset(
    "school college university hospital clinic bank institute academy infotech labs".split()
)
# Typed in lower case, a name is one where something besides a capital says so: its legal form
# (``_LOWER_LEGAL_NAME``), quotes around it ("with 'fabrikam infotech' as ..."), the form of a web address
# ("for fabrikam.com."), or an organisation noun closing it ("contoso consultancy services"), which the
# sentence must then follow with a place the gazetteer knows ("..., Hyderabad from ..."; the group "typed"
# marks it, ``_jobs_named_in_sentences`` checks the place).
_SENTENCE_NAME = (
    r"(?:(?-i:[A-Z][\w.&'-]*(?:\s+(?:(?:of|and|&)\s+)?[A-Z(][\w.&'()-]*)*"
    rf"(?:\s+(?:{'|'.join(sorted(_ORGANISATION_NOUNS))}))?)|{_LOWER_LEGAL_NAME}"
    r"|(?<=['\"‘’])(?-i:[a-z][\w.&-]*(?:\s[a-z][\w.&-]*){0,4})(?=['\"‘’])"
    r"|(?-i:[a-z][\w-]*\.(?:com|net|org|in|io))\b"
    # "3 Global Services Pvt Ltd": a number opening a name in capitals that ends on its legal form.
    rf"|(?-i:\d{{1,3}}\s+[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){{0,4}}?\s+(?i:{_LOWER_LEGAL_TAIL})\b\.?)"
    rf"|(?P<typed>(?-i:{_LOWER_NAME_WORD}(?:\s+{_LOWER_NAME_WORD}){{0,4}}?\s+"
    rf"(?:{'|'.join(sorted(_TYPED_NAME_NOUNS))}))))"
)
# How long a job lasted, said in a sentence instead of its dates: "for two months", "for 1 year", "for the
# past 3 years".
_FOR_A_DURATION = (
    r"for\s+(?:the\s+)?(?:past\s+|last\s+)?"
    r"(?:\d{1,2}(?:\.\d)?\+?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*"
    r"(?:years?|yrs?|months?)\b"
)
# "Worked in Contoso Consulting, Pune from ...", "Working at Fabrikam School as an Arabic teacher",
# "Worked with 'Northwind' as a part-time employee": the employer, then what the person did there or when.
_WORKED_IN = re.compile(
    r"\b(?:(?:worked|working|work|employed|self-employed|served|serving|associated)\s+(?:in|at|with)"
    # "Joined Contoso as ...", "Worked for Contoso as ..." (with the title only: "worked for Contoso" may be
    # for a client).
    r"|joined|(?:worked|working)\s+for)\s+['\"‘’]?"
    rf"(?P<who>{_SENTENCE_NAME})['\"‘’]?(?:\s*,\s*(?P<place>(?-i:[A-Z])[A-Za-z ]{{1,30}}?))?"
    # A note on the employer ("(Hgs Payroll)") before the title; "Sr." and "Jr." keep their dots.
    r"(?:\s*\([^()\n]{1,40}\))?"
    r"(?:\s+as\s+(?:an?\s+)?(?P<title>(?:[^.,;:()\n]|(?<=[SJ]r)\.){3,60}?)(?=\s*(?:[.,;(]|\s(?:from|since|in|at|for)\b|$))"
    r"|\s+(?:from|since)\b|\.\s*$)",
    re.IGNORECASE,
)
# "Worked as Billing Analyst for Contoso from March 2013 ...", "Was Online Content Writer for Fabrikam.com.":
# the title, then the employer, then the dates or the sentence's full stop (a line's end without one may be
# a sentence wrapped: "Worked with Small Business" / "Development Centers"). A name followed by more words
# ("for Contoso Server management team", "for Contoso, USA") is a client or a team, not the employer.
_WORKED_AS = re.compile(
    r"\b(?:(?:worked|working|served|serving)\s+as|was)\s+(?:an?\s+)?"
    # "Executive (Legal)": a title's bracketed qualifier stays with it.
    r"(?P<title>(?:[^.,;:()\n]|(?<=[SJ]r)\.){3,60}?(?:\s*\([^()\n]{1,20}\))?)"
    # The name may be quoted: 'Working as "Sr. Sales Manager" with "CONTOSO GROUP" since Feb 2014.'
    rf"\s+(?:in|at|with|for)\s+[\"“]?(?P<who>{_SENTENCE_NAME})[\"”]?"
    # Then a note on the employer, and its place before the dates ("(A Govt. Enterprise), Nagaon Paper
    # Mill since ...", ", Chennai from ..."; "for Contoso, USA." is a client and its country).
    r"(?:\s*\([^()\n]{1,60}\))?"
    r"(?:(?:\s*,\s*(?P<place>(?-i:[A-Z])[A-Za-z ]{1,30}?))?,?\s+(?:from|since)\b|\.\s*$"
    # "... in CONTOSO MOTORS (FABRIKAM) for two months.": how long instead of when, then the sentence ends.
    rf"|\s+{_FOR_A_DURATION}\s*\.?\s*$"
    # "... Ltd. (Ambala Zone) Haryana Circle from ...": after a note, a region without a comma.
    r"|(?<=\))\s+(?:in\s+)?(?-i:[A-Z])[A-Za-z ]{1,30}?\s+(?:from|since)\b)",
    re.IGNORECASE,
)


# "Working as Software Engineer for Contoso Systems under Fabrikam India Pvt. Ltd.": placed at a client by
# the agency that employs them; the agency, named with its legal form, is the employer.
_WORKED_UNDER = re.compile(
    r"\b(?:worked|working|employed|deployed|placed)\s+(?:as\s+(?:an?\s+)?(?P<title>[^.,;:()\n]{3,60}?)\s+)?"
    r"(?:for|at|with|in)\s+[^.;\n]{2,80}?\s+(?:under|through)\s+(?:the\s+(?:payroll|rolls)\s+of\s+)?"
    rf"(?P<who>{_SENTENCE_NAME})",
    re.IGNORECASE,
)
# A line worth matching against the sentences above: most lines of a resume hold none of their verbs.
_SENTENCE_VERB = re.compile(r"work|serv|employ|was\s|associated|joined|experience\s+as", re.IGNORECASE)
# "2 Years Experience as a Sales Manager in Contoso Group Jaipur": how long, as what, where; the line ends
# with the employer (and maybe its city), so "... as a developer in Java projects" is no job (a skill, or
# words after the name).
_EXPERIENCE_AS = re.compile(
    r"\b\d{1,2}(?:\.\d)?\+?\s*(?:years?|yrs?|months?)\s+(?:of\s+)?experience\s+as\s+(?:an?\s+)?"
    rf"(?P<title>[^.,;:()\n]{{3,60}}?)\s+(?:in|at|with)\s+(?P<who>{_SENTENCE_NAME})\s*\.?$",
    re.IGNORECASE,
)
# A history written as a list, one job a line: "Contoso Bank AS A TELLE CALLER 1 YEAR", "Fabrikam Finserv
# Ltd as an Assistant Sales Manager for 11 months".
# The employer may carry a note and its place ("Contoso (formerly Fabrikam) as ...", "Contoso Ltd, Pune as
# ..."), and the title what the role covered after a comma ("as Regional Manager, for South India ...").
_LISTED_JOB = re.compile(
    rf"^(?P<who>{_SENTENCE_NAME})(?:\s*\([^()\n]{{1,40}}\))?(?:,\s*(?P<place>(?-i:[A-Z])[A-Za-z ]{{1,30}}?))?"
    r"\s+as\s+(?:an?\s+)?(?P<title>[^.,;:()\n]{3,60}?)"
    r"(?:\s+(?:for\s+)?\d{1,2}(?:\.\d)?\+?\s+(?:years?|yrs?|months?))?(?:\s*\.?$|,\s+(?:for|in|at)\s)",
    re.IGNORECASE,
)
_SENTENCE_PATTERNS = (_WORKED_IN, _WORKED_AS, _WORKED_UNDER, _EXPERIENCE_AS)

# "Worked with" opening a sentence: with an employer, or with a tool, a system or the people of a team.
_WORKED_WITH = re.compile(
    r"\W*(?:worked|working|work|employed|self-employed|served|serving|associated)\s+with\b", re.IGNORECASE
)


# "Past Organization:", "Previous Employers -", "Professional Designations held:": a list of where
# someone worked before (or as what, and where), one a line.
_PAST_EMPLOYERS = re.compile(
    r"^(?:(?:past|previous|earlier|former)\s+(?:organi[sz]ations?|employers?|compan(?:y|ies))"
    r"|(?:professional\s+)?(?:designations?|positions?)\s+held)\s*[:\-–]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def _listed_past_employers(text: str, jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs of a "Past Organization:" or "Designations held:" list, one a line up to a blank line after
    its first entry: a title and its employer ("Sales Manager in Contoso Pharma."), or an employer with a
    legal form and maybe its place ("Contoso Pvt. Ltd, Mumbai"); an employer some job has is left out."""
    found: list[WorkExperience] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        label = _PAST_EMPLOYERS.match(_clean(line))
        if label is None:
            continue
        listed = [label["rest"]] if label["rest"] else []
        for below in lines[index + 1 : index + 12]:
            if not below.strip():
                if listed:
                    break
                continue
            listed.append(_clean(below))
        for entry in listed:
            entry = entry.rstrip(" .")
            pair = _title_and_employer(entry) or _title_then_name(entry)
            title, name, place = (pair[0], pair[1], "") if pair else (None, *entry.partition(", ")[::2])
            if pair is None and (not _has_legal_form(name) or (place and not places.is_place(place))):
                continue
            if any(_same_organisation(name, job.company or "") for job in [*jobs, *found]):
                continue
            found.append(
                WorkExperience(company=_tidy(name), title=_tidy(title), location=_tidy(place) or None)
            )
    return found


def _jobs_named_in_sentences(text: str, jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs only a sentence tells of ("Worked in Contoso Consulting, Pune from Feb 2015 to Apr 2017", "Worked
    as Billing Analyst for Fabrikam from March 2013"): an employer no job header names, with the title and
    dates the sentence gives. A job the work history already has is not added again."""
    known = [job.company for job in jobs if job.company]
    # A line a job already reads as its title is that job's header ("Self-employed in Family Business").
    titles = {_folded_name(job.title) for job in jobs if job.title}
    found: list[WorkExperience] = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        sentence = _clean(_with_wrapped_range(line, lines[number + 1 : number + 2]))
        patterns = _SENTENCE_PATTERNS if _SENTENCE_VERB.search(line) else ()
        listed = len(sentence) < 90 and _LISTED_JOB.match(sentence)
        # "Worked as ...", "Acted as ...": a verb, not an employer, opens the line.
        if listed and not (
            _SENTENCE_START.match(listed["who"]) or re.match(r"\w+(?:ed|ing)\b", listed["who"])
        ):
            patterns = (*patterns, _LISTED_JOB)
        if not patterns or _folded_name(line) in titles:
            continue
        for pattern in patterns:
            for match in pattern.finditer(sentence):
                # A note after the name is no part of it: "Hindustan Paper Ltd (A Govt. of India Enterprise)".
                who = re.sub(r"\s+\([^()]*\)$", "", match["who"]).strip(" .,'\"‘’")
                place = match.groupdict().get("place")
                if pattern is _EXPERIENCE_AS and len(who.split()) > 1 and places.is_place(who.split()[-1]):
                    who, place = who.rsplit(" ", 1)  # "Contoso Group Jaipur": the employer, then its city
                if pattern is _LISTED_JOB and place and not places.is_place(place):
                    continue  # "Contoso, Fabrikam as ...": two names, not an employer and its place
                if pattern is _WORKED_UNDER and not _has_legal_form(who):
                    continue  # "under the guidance of ...", "through Contoso": no agency said to employ them
                # "worked in customer services from ...": a lower-case phrase, no name, unless a place the
                # gazetteer knows follows it, or the title the sentence then gives ("working at fabrikam int
                # school as an arabic teacher").
                placed = place and places.is_place(place)
                titled = pattern is _WORKED_IN and _title_score(match["title"] or "")
                if match.groupdict().get("typed") and not (placed or titled):
                    continue
                title = (match["title"] or "").strip(' "“”') or None
                if (
                    pattern is _WORKED_IN
                    and not title
                    and re.match(r"(?:joined|\w+\s+for)\b", match[0], re.I)
                ):
                    continue  # "Worked for Contoso from ...", "Joined Contoso.": as likely a client
                if title and not _title_score(title) and _title_score(title.split(" in ")[0]):
                    title = title.split(" in ")[0]  # "trainee technician in diesel generators for Contoso"
                if title and _only_says_employed(title):
                    title = None  # "Worked with Northwind as a part-time employee": a job, no title
                if not _names_an_employer(who) or (title and not _title_score(title)):
                    continue
                if canonical_skill(who):
                    continue  # "Worked with Jenkins.": a tool, not an employer
                if any(_first_word(who) == _first_word(name) for name in known):
                    _date_the_named_job(jobs, who, sentence, match.end() - len(match[0].split()[-1]))
                    continue  # "Fabrikam India Financial" beside a header's "Fabrikam National Financial"
                # The dates follow the match's last word: "... from March 2014", "... Analyst since 2016".
                dates = _sentence_dates(sentence, match.end() - len(match[0].split()[-1]))
                if dates is None and (bracket := _BRACKETED_DATES.match(sentence, match.end())):
                    dates = next(
                        iter(find_ranges(bracket["dates"])), None
                    )  # "... Executive. (Mar 2016 to Jan 2017)"
                used = pattern is _WORKED_IN and not match["title"] and _WORKED_WITH.match(match[0])
                if used and not dates:
                    continue  # "Working with Hadoop Distributed File System.": what was used, no employer
                found.append(
                    WorkExperience(
                        company=who,
                        title=_tidy(title),
                        location=place,
                        start_date=dates.start if dates else None,
                        end_date=dates.end if dates else None,
                        is_current=bool(dates and dates.is_current),
                    )
                )
                known.append(who)
    return found[:10]


# "Worked in contoso as a customer care Executive for 1 year.": a name typed in lower case, with neither a
# capital nor a legal form; the sentence's shape is the evidence (a title after "as", how long it lasted).
_LOWER_SENTENCE_JOB = re.compile(
    r"^\W*(?:worked|working)\s+(?:in|at|with)\s+(?P<who>(?-i:[a-z][a-z&'-]{2,}(?:\s+[a-z][a-z&'-]{2,}){0,2}))"
    rf"\s+as\s+(?:an?\s+)?(?P<title>[^.,;:()\n]{{3,60}}?)\s+{_FOR_A_DURATION}\s*\.?\s*$",
    re.IGNORECASE,
)

# "worked as billing analyst for contoso from march 2013 to june 2013.": the same typed in lower case with
# the title first; the dates after the name are the evidence.
_LOWER_DATED_SENTENCE_JOB = re.compile(
    r"^\W*(?:worked|working)\s+as\s+(?:an?\s+)?(?P<title>[^.,;:()\n]{3,60}?)\s+(?:for|in|at|with)\s+"
    r"(?P<who>(?-i:[a-z][a-z&'-]{2,}(?:\s+[a-z][a-z&'-]{2,}){0,2}))(?=\s+(?:from|since)\s)",
    re.IGNORECASE,
)


def _lower_case_sentence_jobs(text: str, jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs a line tells of in lower case ("Worked in contoso as a customer care Executive for 1 year."):
    the name is no title word, place, skill or joining word, and what follows "as" reads as a title."""
    found: list[WorkExperience] = []
    for line in text.split("\n"):
        sentence = _clean(line)
        match = _LOWER_SENTENCE_JOB.match(sentence)
        dates = None
        if match is None and (match := _LOWER_DATED_SENTENCE_JOB.match(sentence)):
            dates = _sentence_dates(sentence, match.end())
            match = match if dates else None
        if match is None or not _title_score(match["title"]):
            continue
        who = match["who"]
        words = who.lower().split()
        if (
            any(
                word in _glue_vocabulary() or word in _TITLE_WORDS or word in _JOINING_WORDS for word in words
            )
            or places.is_place(who.title())
            or canonical_skill(who)
        ):
            continue  # "worked in sales as ...", "worked in pune as ...", "worked in java as ..."
        if any(_same_organisation(who, job.company or "") for job in [*jobs, *found]):
            continue
        found.append(
            WorkExperience(
                company=who,
                title=_tidy(match["title"]),
                start_date=dates.start if dates else None,
                end_date=dates.end if dates else None,
                is_current=bool(dates and dates.is_current),
            )
        )
    return found


def _without_own_name(jobs: list[WorkExperience], name: str | None) -> list[WorkExperience]:
    """A job's employer that is one word of the resume's own name ("Tailspin" under "Jane Tailspin", as an
    export that put the holder's name in the slot) names no employer."""
    own = {word.lower() for word in (name or "").split() if len(word) > 2}
    return [
        job.model_copy(update={"company": None})
        if job.company and " " not in job.company.strip() and job.company.strip(" .,").lower() in own
        else job
        for job in jobs
    ]


def _listed_employers_on_dated_jobs(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """An undated job a list gives ("Sales Manager Contoso Pharmatech." under "Designations held:") is the
    dated job of the same title whose employer slot is empty ("Sales Manager" over "-" and the dates) when
    that job's details name the employer ("with Contoso Pharmatech looking after ..."): one dated job."""
    result = list(jobs)
    for listed in jobs:
        if listed.start_date or listed.end_date or listed.is_current or not (listed.company and listed.title):
            continue
        name = re.escape(listed.company.strip(" .,"))
        dated = [
            job
            for job in result
            if job.start_date
            and job.company is None
            and job.title
            and _folded_name(job.title) == _folded_name(listed.title)
            and re.search(rf"(?<!\w){name}(?!\w)", job.description or "", re.IGNORECASE)
        ]
        if len(dated) == 1:
            result[result.index(dated[0])] = dated[0].model_copy(update={"company": listed.company})
            result.remove(listed)
    return result


# An undated job's first lines saying when it began: "... for Contoso Limited since Sep 2012.", "Started with
# Year Jan.2013.", "Joined in March 2015 as ...".
_TOLD_START = re.compile(r"\b(?:(?P<since>since)|start(?:ed|ing)|joined)\b(?P<after>.{0,60})", re.IGNORECASE)
# "(September 2017 onwards)", "Oct'15 onward": a start, and the job goes on.
_ONWARDS = re.compile(
    r"(?P<date>[A-Za-z]{3,9}\.?[\s,'’-]*(?:\d{4}|['’]\d\d)|\d{1,2}[/.-]\d{4})\s+onwards?\b", re.IGNORECASE
)


def _dated_by_its_details(job: WorkExperience) -> WorkExperience:
    """A job no header dates takes the start (and the range, or "since": the present) its details' first
    lines tell; a year alone names no month and is left out."""
    if job.start_date or job.end_date or job.is_current or not job.description:
        return job
    opening = " ".join(line.strip() for line in job.description.split("\n")[:3])
    for match in _TOLD_START.finditer(opening):
        after = match["after"]
        dates = find_dates(after)
        if not dates:
            continue
        day, (begin, end) = dates[0]
        # "since Sep 2012", "Started with Year Jan.2013": the date within a few words, in the same sentence.
        lead = after[:begin]
        if len(lead.split()) > (0 if match["since"] else 3) or re.search(r"[.;:]\s", lead):
            continue
        if re.fullmatch(r"\d{4}", after[begin:end]):
            continue
        ranges = [found for found in find_ranges(after) if found.span[0] == begin]
        if ranges:
            found = ranges[0]
            return job.model_copy(
                update={"start_date": found.start, "end_date": found.end, "is_current": found.is_current}
            )
        return job.model_copy(update={"start_date": day, "is_current": bool(match["since"])})
    if onwards := _ONWARDS.search(opening):
        began = next((found for found, span in find_dates(onwards["date"]) if span[0] == 0), None)
        if began and not re.fullmatch(r"\d{4}", onwards["date"].strip()):
            return job.model_copy(update={"start_date": began, "is_current": True})
    if row := _dated_row_naming(job.company, job.description.split("\n")[:6]):
        return job.model_copy(
            update={"start_date": row.start, "end_date": row.end, "is_current": row.is_current}
        )
    # "Currently I am working as a design engineer in Contoso Pvt ltd.": the job goes on.
    named = job.company and _first_word(job.company) in _folded_name(opening).split()
    if named and _NOW_WORKING.match(opening):
        return job.model_copy(update={"is_current": True})
    return job


def _date_the_named_job(jobs: list[WorkExperience], who: str, sentence: str, position: int) -> None:
    """A sentence naming the employer of the one undated job with dates ("Working with Contoso, Airoli as
    Consultant from 06th May 2013 to till the date.", under another entry) dates that job."""
    named = [job for job in jobs if job.company and _first_word(job.company) == _first_word(who)]
    if len(named) != 1 or named[0].start_date or named[0].end_date or named[0].is_current:
        return
    dates = _sentence_dates(sentence, position)
    if dates is not None:
        named[0].start_date, named[0].end_date, named[0].is_current = dates.start, dates.end, dates.is_current


# A sentence saying the job goes on: "Currently I am working as ...", "At present working in ...".
_NOW_WORKING = re.compile(
    r"^\W*(?:currently|presently|at\s+present)\b,?\s+(?:i\s+am\s+|am\s+)?working\b", re.IGNORECASE
)


def _dated_row_naming(company: str | None, lines: list[str]) -> DateRange | None:
    """The range on a line of a job's first details that names its employer, as a table's row does ("1.
    Contoso Arts, College  Asst.Professor  20/07/2015  31/05/2016  10 Months"); a year alone is no month."""
    first = _first_word(company or "")
    for line in lines:
        if not first or first not in _folded_name(line).split():
            continue
        found = find_ranges(line) or find_full_date_ranges(line)
        if found and not re.match(r"\d{4}\b", line[found[0].span[0] :]):
            return found[0]
    return None


# A sentence's range the line breaks after its joiner: "... since September 2014 to" over "February 2015.".
_OPEN_RANGE_END = re.compile(r"\b(?:from|since)\s+\S.{0,30}?(?:\bto|\btill|\buntil|[-–])\s*$", re.IGNORECASE)


# "... from Nov 2006" / "to July 2008.": a sentence's range broken before its joiner.
_OPEN_RANGE_START = re.compile(r"\b(?:from|since)\s+\S.{0,20}?\b(?:19|20)\d\d\s*$", re.IGNORECASE)
_JOINER_FIRST = re.compile(r"(?:to|till|until|[-–])\s+", re.IGNORECASE)


def _with_wrapped_range(line: str, following: list[str]) -> str:
    """The line, with the next one when the line ends on a range's joiner and the next opens on a date, or
    the line ends on the range's first date and the next opens on its joiner and a date ("to July 2008.")."""
    if following and _OPEN_RANGE_START.search(line) and (joiner := _JOINER_FIRST.match(following[0].strip())):
        rest = following[0].strip()[joiner.end() :]
        if _TILL_DATE.match(following[0].strip()) or ((found := find_dates(rest)) and found[0][1][0] == 0):
            return f"{line.rstrip()} {following[0].strip()}"
    if not following or not _OPEN_RANGE_END.search(line):
        return line
    found = find_dates(following[0].strip())
    if not found or found[0][1][0] != 0:
        return line
    return f"{line.rstrip()} {following[0].strip()}"


# "from March 2014 to February 2017", "since March 2016", "from July 2015 to till date": when the job was.
_SINCE = re.compile(r"\W*(?:\w+\W+){0,6}?(?:from|since)\s+(?P<dates>.+)$", re.IGNORECASE)
_TILL_DATE = re.compile(r"\b(?:to\s+)?till\s+(?:the\s+)?(?:date|now)\b|\bto\s+date\b", re.IGNORECASE)


# A sentence's dates in brackets right after it: ". (04th Mar 2016 to 03 Jan 2017)".
_BRACKETED_DATES = re.compile(r"[.\s]{0,3}\((?P<dates>[^()]{5,50})\)")


def _sentence_dates(sentence: str, position: int) -> DateRange | None:
    """The dates a sentence gives after "from"/"since", a few words on from ``position``, if any."""
    match = _SINCE.match(sentence, position)
    if match is None:
        return None
    dates = _TILL_DATE.sub(" to present", match["dates"])
    ranges = find_ranges(dates)
    if ranges:
        return ranges[0]
    found = find_dates(dates)
    if found and found[0][1][0] == 0:  # "since March 2016": a start, and the job goes on
        return DateRange(start=found[0][0], end=None, is_current=True, span=found[0][1])
    return None


def _only_says_employed(title: str) -> bool:
    """ "part-time employee", "contract staff": how someone was employed, not as what."""
    words = re.findall(r"[a-z]+", title.lower())
    head, qualifiers = (words[-1], set(words[:-1])) if words else ("", set())
    return head in ("employee", "staff", "worker") and qualifiers <= _EMPLOYMENT_TERMS


def _names_an_employer(name: str) -> bool:
    """Whether a name a sentence gives reads as an employer: no title, place, month or placeholder."""
    words = name.split()
    return bool(
        words
        and len(words) <= 6
        and len(name) >= 2
        # "Merchant" is a title's word, "ICICI Merchant services" an organisation's name.
        and (not _title_score(name) or words[-1].lower() in _ORGANISATION_NOUNS)
        and not places.is_place(name)
        and not find_dates(name)
        and _folded_name(name) not in _NO_EMPLOYER
        and not (len(words) == 1 and (is_month(words[0]) or words[0].lower() in _DAYS))
    )


# A capitalised word a sentence may put where an employer would be, besides a month: "since Monday".
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _first_word(name: str) -> str:
    return next(iter(_folded_name(name).split()), "")


def _same_organisation(first: str, second: str) -> bool:
    """ "Infosys" and "Infosys Limited, Mysore": one employer named twice, legal forms and places aside."""
    a = [word for word in _folded_name(first).split() if not vocabulary.legal_form(word)]
    b = [word for word in _folded_name(second).split() if not vocabulary.legal_form(word)]
    return bool(a and b) and (a == b[: len(a)] or b == a[: len(b)])


# --- education ------------------------------------------------------------------------------------


def _degree_lines(lines: list[str]) -> list[str]:
    """Without an education heading: only lines that name a degree outright."""
    return [
        line
        for line in lines
        if _DEGREE.search(line)
        and len(line) < 150
        and re.search(r"bachelor|master|b\.?tech|mba|ph\.?d|m\.?tech|diploma", line, re.I)
    ]


def _education(lines: list[str]) -> list[Education]:
    lines = [_clean(line) for line in lines if line.strip()]
    starts = [index for index, line in enumerate(lines) if _DEGREE.search(line) and len(line) < 200]
    entries: list[Education] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else min(len(lines), start + 4)
        block = lines[start:end]
        previous_end = starts[number - 1] + 1 if number else 0
        if start - 1 >= previous_end + (1 if number else 0):
            # "Saraswati College of Engineering" above its degree, when that line is nobody else's.
            block = [lines[start - 1], *block]
        line = lines[start]
        match = _DEGREE.search(line)
        if match is None:
            continue
        ranges = [found for text in block for found in find_ranges(text)]
        years = [int(year) for text in block for year in _YEARS.findall(text)]
        start_date = ranges[0].start if ranges else None
        end_date = ranges[0].end if ranges else None
        graduation = end_date.year if end_date else (max(years) if years else None)
        if graduation and not 1950 <= graduation <= date.today().year + 7:
            graduation = None
        entries.append(
            Education(
                institution=_institution(block, line),
                degree=_tidy(match.group().strip()),
                field=_field_of_study(line[match.end() :]),
                start_date=start_date,
                end_date=end_date,
                graduation_year=graduation,
            )
        )
    return entries[:20]


def _field_of_study(rest: str) -> str | None:
    rest = re.split(r"\s{2,}|\s+[-–|]\s+|,\s|\s+from\s+|\s+at\s+|\(\d|\d{4}", rest)[0]
    rest = re.sub(r"^\s*(?:\(|:|-|–|in\b|of\b|degree\b)+\s*", "", rest, flags=re.IGNORECASE).strip(" .,:;()")
    if not rest or len(rest) > 80 or _INSTITUTION.search(rest):
        return None
    return rest


def _institution(block: list[str], degree_line: str) -> str | None:
    for line in [degree_line, *block]:
        for fragment in _INSTITUTION_SPLIT.split(line):
            fragment = re.sub(r"[\s,]+(?:19|20)\d\d.*$", "", fragment).strip(" ,;:-–")
            if _INSTITUTION.search(fragment) and not _DEGREE.match(fragment) and len(fragment) < 120:
                return _tidy(fragment)
    return None


# --- skills, certifications, languages, summary ---------------------------------------------------


def _skills(text: str, sections: list[sec.Section]) -> list[str]:
    """Skills-section mentions first (everyday-word skills count there), then well-attested prose mentions."""
    listed: list[str] = []
    listed_text: list[str] = []
    for section in sections:
        if section.kind in (sec.SKILLS, sec.LANGUAGES):
            listed_text.append(section.text)
        else:
            # "Tools: Jira, Git" inside any section is a skills list too.
            listed_text.extend(line for line in section.lines if _SKILL_LABEL.match(_clean(line)))
    listed = [name for name, _ in find_skill_mentions("\n".join(listed_text), skills_section=True)]
    prose = find_skill_mentions(text)
    # With a skills list, prose mentions only add skills the resume keeps coming back to (3+ times):
    # passing mentions stay searchable in the job descriptions but do not make the skills field
    # noisy (measured: F1 0.72 at 2 mentions, 0.77 at 3 on DataTurks). Without a list, prose is all
    # there is.
    threshold = 3 if listed else 1
    extra = [name for name, count in prose if count >= threshold and name not in listed]
    return (listed + extra)[:150]


def _certifications(lines: list[str]) -> list[str]:
    found: list[str] = []
    for line in lines:
        for part in re.split(r"\s{2,}|\s*[•|;]\s*", _clean(line)):
            part = part.strip(" ,.-–")
            if 3 <= len(part) <= 150 and re.search(r"[A-Za-z]{2}", part) and part not in found:
                found.append(part)
    return found[:30]


def _languages(lines: list[str], text: str) -> list[str]:
    """Spoken languages from a languages section, or from "fluent in"/"bilingual" phrases anywhere."""
    candidates = " ".join(lines)
    for match in re.finditer(
        r"(?:fluent|bilingual|proficient|native|speak|languages?\s*(?:known|spoken)?\s*:)[^.\n]{0,80}",
        text,
        re.I,
    ):
        candidates += " " + match.group()
    found: list[str] = []
    for word in re.findall(r"[A-Za-z]+", candidates):
        if word.lower() in _HUMAN_LANGUAGES and word.title() not in found:
            found.append(word.title())
    return found[:15]


def _summary(by_kind: dict[str, list[sec.Section]], header: list[str]) -> str | None:
    parts = [
        _clean(line) for section in by_kind.get(sec.SUMMARY, []) for line in section.lines if line.strip()
    ]
    if not parts:
        # An untitled paragraph under the contact block is a summary too.
        parts = [_clean(line) for line in header[2:] if len(line.split()) >= 12]
    summary = " ".join(parts).strip()
    return summary[:3000] or None


def _with_named_roles(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs whose titles name a role: a title without one word of the title vocabulary ("Inventory
    Management", "Sales and Distribution", "Location USA") is a duty, a function or a form field read
    where the title goes, so the job keeps its employer and dates without it; a job left with neither
    title, employer nor a start is dropped."""
    kept = []
    for job in jobs:
        if job.title and not _names_a_role(job.title):
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


# "Rajkot Worked as Sale Executive" (from "Based at Rajkot Worked as Sale Executive"): where, then as what.
_PLACE_WORKED_AS = re.compile(
    r"^(?P<place>[A-Z][A-Za-z]+(?:\s[A-Z][a-z]+)?)\s+(?:worked|working)\s+as\s+(?:an?\s+)?(?P<title>.{3,60})$",
    re.IGNORECASE,
)
# A verb typed in lower case inside the employer slot: "RAJKOT have developed Industries" is a sentence.
_SLOT_VERB = re.compile(r"\s(?:have|has|had|is|are|was|were)\s")


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


def _without_business_lines(jobs: list[WorkExperience]) -> list[WorkExperience]:
    """Jobs without an employer slot that repeats the business line the resume's titles qualify themselves
    with: "Manager" over "Business Banking Mortgages -" beside "Area Sales Manager - Business Banking
    Mortgages", "Branch Sales Manager" over "Home Loans/ Mortgage -" beside "Branch Sales Manager- Home
    Loans". Every word of the slot (a place, joining words and plurals aside) is in what a title says after
    its dash; a legal form or an organisation's word keeps the slot."""
    qualifiers: set[str] = set()
    for job in jobs:
        parts = _TITLE_DASH.split(job.title or "", maxsplit=1)
        if len(parts) == 2:
            qualifiers |= {word.removesuffix("s") for word in re.findall(r"[a-z]+", parts[1].lower())}
    if not qualifiers:
        return jobs
    out = []
    for job in jobs:
        company = job.company or ""
        name = _DASHED_TOWN.sub("", company)
        words = [word for word in re.findall(r"[A-Za-z]+", name) if word.lower() not in ("and", "of", "the")]
        if (
            words
            and not _has_legal_form(company)
            and not _company_score(company)
            and not places.is_place(name)
            and all(word.lower().removesuffix("s") in qualifiers or places.is_place(word) for word in words)
        ):
            job = job.model_copy(update={"company": None})
        out.append(job)
    return out


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


# A grade written as its initials, alone or two of them joined by a slash ("GM", "Sr.GM", "AGM/DGM",
# "AVP"): the rank held, not an employer (general, deputy and assistant general managers, vice presidents,
# the chief officers, a managing director).
_RANK_INITIALS = re.compile(
    r"(?:(?:sr|senior|asst|dy|jr)\.?\s*)?(?:gm|agm|dgm|vp|avp|svp|evp|ceo|cfo|coo|cto|md)"
    r"(?:\s*/\s*(?:gm|agm|dgm|vp|avp|svp|evp))?\.?",
    re.IGNORECASE,
)
# The word for an employer, where the employer's name should be ("Company) As a Channel Manager").
_EMPLOYER_WORD = re.compile(r"\W*(?:company|organi[sz]ation|employer|firm)\W*", re.IGNORECASE)


def _names_no_one(company: str) -> bool:
    """Whether the employer slot holds a grade's initials or the bare word for an employer, naming no one."""
    return bool(_RANK_INITIALS.fullmatch(company.strip()) or _EMPLOYER_WORD.fullmatch(company))


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


def _initials_of(title: str) -> str:
    """ "Sales Development Manager" -> "SDM"; "" for a title of one word."""
    words = re.findall(r"[A-Za-z]+", title)
    return "".join(word[0] for word in words).upper() if len(words) > 1 else ""


_JOINING_WORDS = frozenset(
    {"a", "an", "the", "in", "of", "for", "to", "at", "on", "by", "with", "from", "as"}
)


# A value ending on a joining word was cut off mid-phrase ("Carpenter and", "well in advance in"): neither a
# title nor a name ends that way.
# A part that opens on a joining word typed in lower case: the end of a list or phrase cut at its comma.
_CUT_BEFORE = re.compile(r"(?:and|or|&)\s")
_CUT_OFF = re.compile(r"(?:^|\s)(?:and|or|of|for|in|with|the|to|at|on|by|from|&)\W*$", re.IGNORECASE)


def _without_messrs(job: WorkExperience) -> WorkExperience:
    """The job with its employer's name as the firm writes it, without the "M/s" put before it."""
    if job.company and vocabulary.MESSRS.match(job.company):
        return job.model_copy(update={"company": vocabulary.MESSRS.sub("", job.company)})
    return job


# A relation to another firm whose name the line does not hold, left at an employer's end: "Contoso Pvt.
# Ltd. Now" (its later name cut off) or "Contoso Life Sciences a Division" (of a parent not named).
_DANGLING_RELATION = re.compile(
    r"(?:(?<=[.,)])|(?<=\b(?:ltd|llc|inc|pvt))|(?<=\blimited))\s*\(?\s*(?:now|formerly|earlier|previously)\W*$"
    r"|\s+an?\s+(?:division|unit|subsidiary|part|group\s+company|sister\s+concern)(?:\s+of)?\W*$",
    re.IGNORECASE,
)


def _without_dangling_relation(job: WorkExperience) -> WorkExperience:
    """The job with its employer's name without a relation to a firm the line does not name."""
    if job.company:
        kept = _DANGLING_RELATION.sub("", job.company).strip()
        if kept and kept != job.company:
            return job.model_copy(update={"company": kept})
    return job


# How someone was employed, not what they did: "Contract employee", "Outsourced employee of Contoso".
_EMPLOYEE = re.compile(r"\bemployees?\b", re.IGNORECASE)


def _names_a_role(title: str) -> bool:
    """Whether a title holds a role word anywhere: a title head ("Manager - Sales", "Co-founder"), its
    plural ("Teachers"), heads glued together ("salesofficer") or a head misspelt inside ("Area Sales
    Manger", "Buisness Devlopment Exicutive"); or ends on a role too rare to be a head ("Realtor"). Being
    someone's employee is no role ("Contract employee for JPM through Contoso", "Previous Employee"), nor is
    a duty put as an infinitive ("To provide technical Assistance to the Technical Superintendent")."""
    if _INFINITIVE.match(title) and not re.search(r"\bas\s+an?\s", title, re.IGNORECASE):
        return False  # but "To keep Team As a Trade Sales Executive" says the role after "as a"
    if _EMPLOYEE.search(title):
        rest = _EMPLOYEE.sub(" ", title)
        return bool(rest.strip()) and _names_a_role(rest)
    if (group := _GROUP_END.search(title)) is not None:
        # "Urban Home Loan Sales Team": a group ("team" ends one O*NET title, "Talent Acquisition Team",
        # itself a group); its role is a person's word before it ("Member of the Sales Team"), if any.
        rest = title[: group.start()].strip()
        return bool(rest) and _names_a_role(rest)
    if _title_score(title):
        return True
    heads = _title_heads()
    words = [word for word in re.split(r"[^a-z]+", _IN_CHARGE.sub("incharge", title).lower()) if word]
    for word in words:
        if word in heads or (word.endswith("s") and word[:-1] in heads) or _unglued_title(word):
            return True
        if _misspelt_head(word):
            return True
    return bool(words) and _ends_on_a_rare_role(words[-1], heads)


# A duty or an aim put as an infinitive where the title goes, its verb in lower case ("To provide technical
# assistance to ..."), or as an activity of something ("Planning of service jobs and delegation to staff").
_INFINITIVE = re.compile(r"\W*(?:to\s+(?-i:[a-z]+)|[a-z]+ing\s+of)\b", re.IGNORECASE)
# A group at a title's end, with the joining words before it: "Sales Team", "handling for the team".
_GROUP_END = re.compile(r"(?:\s+(?:for|of|with|in|to|the|our|a|an))*\s*\bteams?\W*$", re.IGNORECASE)


def _ends_on_a_rare_role(word: str, heads: frozenset[str]) -> bool:
    """Whether a title's last word is a role too rare in O*NET to be a head: a word O*NET gives as a
    whole title ("Realtor", "Waitstaff"; not "Prior" in "Prior Sales"), or a head's "-ship" ("Internship")."""
    roles = vocabulary.role_words()
    return (
        word in roles
        or (word.endswith("s") and word[:-1] in roles)
        or (word.endswith("ship") and word[:-4] in heads)
    )


# A misspelt title head is read from words this long; shorter ones are too often other words ("office").
_SHORTEST_MISSPELT_HEAD = 6


@lru_cache(maxsize=1)
def _heads_by_length() -> dict[int, tuple[str, ...]]:
    by_length: dict[int, list[str]] = {}
    for head in _title_heads():
        if len(head) >= _SHORTEST_MISSPELT_HEAD and head.isalpha():
            by_length.setdefault(len(head), []).append(head)
    return {length: tuple(sorted(heads)) for length, heads in by_length.items()}


@lru_cache(maxsize=4096)
def _misspelt_head(word: str) -> bool:
    """Whether ``word`` is a title head with one letter left out, added or changed inside it, its first and
    last letters kept ("manger", "excecutive", "exicutive"; not "employed" for "employee"); a word of the
    title vocabulary is itself, no misspelling."""
    if len(word) < _SHORTEST_MISSPELT_HEAD or not word.isalpha() or word in vocabulary.title_words():
        return False
    by_length = _heads_by_length()
    for length in (len(word) - 1, len(word), len(word) + 1):
        for head in by_length.get(length, ()):
            if head[0] == word[0] and head[-1] == word[-1] and _one_edit_apart(word, head):
                return True
    return False


def _one_edit_apart(first: str, second: str) -> bool:
    """Whether two different words differ by one letter left out, added or changed."""
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=True)) == 1
    shorter, longer = sorted((first, second), key=len)
    return any(shorter == longer[:n] + longer[n + 1 :] for n in range(1, len(longer) - 1))
