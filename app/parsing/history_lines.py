"""The lines of a work history: where a job's header starts and ends (anchors), which lines around its dates
belong to it, and which restate another job.

Part of the offline parser (`app.parsing.rule_based`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from app.parsing import places, vocabulary
from app.parsing import sections as sec
from app.parsing.dates import (
    DateRange,
    find_dates,
    find_full_date_ranges,
    find_ranges,
    full_date_order,
    is_month,
    season_end,
)
from app.parsing.header_parts import (
    _NAME_JOINERS,
    _SENTENCE_START,
    _clean,
    _header_is_complete,
    _labelled,
)
from app.parsing.header_words import (
    _BULLET,
    _COMPANY_LABELS,
    _COMPANY_WORDS,
    _DATE_LABELS,
    _HEADER_LABELS,
    _LABEL,
    _TITLE_DASH,
    _TITLE_LABELS,
    _company_score,
    _completed,
    _folded_name,
    _has_legal_form,
    _is_headerish,
    _is_named,
    _names_a_role,
    _names_legal_form,
    _same_employer,
    _tidy,
    _title_score,
)
from app.parsing.job_fields import (
    _FIELD_PIECE,
    _LOWER_LEGAL_NAME,
    _LOWER_LEGAL_TAIL,
    _LOWER_NAME_WORD,
    _NO_EMPLOYER,
    _TRAILING_DASH,
)
from app.parsing.models import WorkExperience
from app.parsing.qualifications import (
    _DEGREE,
    _INSTITUTION,
)
from app.parsing.skills import canonical_skill


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
    group: str = ""  # an employer line over the roles held there (LinkedIn's "Contoso" / "7 years 2 months")

    def complete(self) -> bool:
        """Whether the header lines so far already name both a title and an employer."""
        return _header_is_complete([*self.before, self.anchor, *self.after])


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


_DATE_WORDS = re.compile(
    r"\b(?:from|since|to|till|until|present|current|dated?|duration|period|tenure)\b", re.I
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


# "since" or "from" right before a header line's one date, or "onwards" right after it: the job runs from
# then to the present ("since 03/2019", "from 03/2019", "03/2019 onwards"), unless a range from that month
# follows within three lines: "Sales Manager from sep 2017" over "September 2017 to Present" is a note.
_SINCE = re.compile(r"(?<!\w)(?:since|from)\s*$", re.IGNORECASE)
_ONWARDS = re.compile(r"^\s*onwards?\b", re.IGNORECASE)


def _labelled_block_above(lines: list[str], index: int, boundary: int) -> int | None:
    """The first line of a block of labelled header fields that ends on a labelled date line ("Company:
    Contoso Ltd" over "Client: Fabrikam Bank", "Designation: Developer", "Location: Pune" and "Duration: Jan
    2015 - Mar 2017"), when it holds more than two lines above the dates and names the employer: the whole
    block is the entry's header, not the two lines above the dates alone."""
    label = _LABEL.match(lines[index])
    if label is None or label.group(1).strip().lower() not in _DATE_LABELS:
        return None
    top = index
    while top - 1 >= boundary and index - (top - 1) <= 4:
        above = _LABEL.match(lines[top - 1])
        # "Company Name: Contoso" has its colon, so it is the label here, not LiveCareer's placeholder.
        fields = (_HEADER_LABELS | _COMPANY_LABELS) - _DATE_LABELS
        if above is None or above.group(1).strip().lower() not in fields:
            break
        top -= 1
    named = any(
        (found := _LABEL.match(line)) and found.group(1).strip().lower() in _COMPANY_LABELS - {"client"}
        for line in lines[top:index]
    )
    return top if named and index - top > 2 else None


def _anchors(lines: list[str]) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    # Full dates ("01/03/2019–Present", the Europass CV's) are read in the order the resume's others tell.
    order = full_date_order("\n".join(lines))
    for index, line in enumerate(lines):
        ranges = [
            found
            for found in find_ranges(line)
            or (find_full_date_ranges(line, order) if order is not None else [])
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
            every = find_dates(line)
            open_ended = len(every) == 1 and not any(
                found.start == every[0][0]
                for later in lines[index + 1 : index + 4]
                for found in find_ranges(later)
            )
            if open_ended and (since := _SINCE.search(line[: every[0][1][0]])):
                # "since 03/2019", "Since March 2019" on a header line: a job that goes on from then.
                span = (since.start(), every[0][1][1])
                anchors.append(_Anchor(index, dates=DateRange(every[0][0], None, True, span)))
            elif open_ended and (onwards := _ONWARDS.match(line[every[0][1][1] :])):
                span = (every[0][1][0], every[0][1][1] + onwards.end())
                anchors.append(_Anchor(index, dates=DateRange(every[0][0], None, True, span)))
            elif len(singles) == 1 and (end := season_end(line[slice(*singles[0][1])])):
                # A season alone spans it: "Summer 2018" is June to August.
                anchors.append(_Anchor(index, dates=DateRange(singles[0][0], end, False, singles[0][1])))
            elif len(singles) == 1:
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
            and not any(_labelled_block_above(lines, other, 0) == index for other in dated)
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
        if body and (named := _bare_company_line(body[-1])) and not _title_score(named):
            # "Company Contoso Academy Hyderabad" right over the header: its employer, without the colon
            if not any(other and other.company and _same_employer(other.company, named) for _, other in out):
                out[index] = (entry, job.model_copy(update={"company": named}))
            continue
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


def _bare_company_line(line: str) -> str | None:
    """The name a line gives after "Company" typed without its colon ("Company Contoso Academy Hyderabad"),
    a trailing place the gazetteer knows left out: two words or more, each capitalised, and not LiveCareer's
    anonymised "Company Name"."""
    match = _BARE_COMPANY_LABEL.match(line)
    if match is None or match[2].lower() != "company" or _LABEL.match(match[3]):
        return None
    words = match[3].strip().rstrip(",.").split()
    if words[-1:] and len(words) > 2 and places.is_place(words[-1]):
        words = words[:-1]
    if (
        len(words) < 2
        or words[0].lower() == "name"
        or not all(word[:1].isupper() or word.lower() in _NAME_JOINERS for word in words)
    ):
        return None
    return " ".join(words)


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


# The Europass CV's labelled rows, label and value side by side (its table, or the text of one), in the
# form's order: "Dates", "Occupation or position held", "Main activities and responsibilities", "Name and
# address of employer", "Type of business or sector".
_EUROPASS_ROW = re.compile(
    r"^\s*(?P<label>dates|occupation or position held|main activities and responsibilities"
    r"|name and address of employer|type of business or sector)(?:\s*:\s*|\s{2,}|\t)(?P<value>\S.*)$",
    re.IGNORECASE,
)
# What the form's rows are to the header: a title, the employer (with an address), details.
_EUROPASS_ORDER = {
    "dates": 0,
    "occupation or position held": 1,
    "name and address of employer": 2,
    # The sector before the activities, whose sentence ends the header: no line under it is the next job's.
    "type of business or sector": 3,
    "main activities and responsibilities": 4,
}


def _with_europass_rows(lines: list[str]) -> list[str]:
    """``lines`` with each run of Europass rows written as a header: the dates, "Position: <title>",
    "Employer: <name> | Location: <town>" (the town from the employer's address), then the sector and
    the activities as its details. Only a run that names a position or an employer is rewritten."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        run: list[tuple[str, str]] = []
        while index + len(run) < len(lines) and (match := _EUROPASS_ROW.match(lines[index + len(run)])):
            if any(label == match["label"].lower() for label, _ in run):
                break  # the next job's rows (a table has no blank row between them)
            run.append((match["label"].lower(), match["value"].strip()))
        labels = {label for label, _ in run}
        if not labels & {"occupation or position held", "name and address of employer"}:
            out.append(lines[index])
            index += 1
            continue
        index += len(run)
        for label, value in sorted(run, key=lambda row: _EUROPASS_ORDER[row[0]]):
            if label == "occupation or position held":
                out.append(f"Position: {value}")
            elif label == "name and address of employer":
                name, town = _employer_and_town(value)
                out.append(f"Employer: {name}" + (f" | Location: {town}" if town else ""))
            elif label == "type of business or sector":
                out.append(f"Sector - {value}")
            else:
                out.append(value)
    return out


def _employer_and_town(value: str) -> tuple[str, str | None]:
    """An employer's name and the town of the address after it: "Contoso Ltd, 12 High Street, 4050-262
    Porto (Portugal)" is ("Contoso Ltd", "Porto"); street numbers and postcodes are left out of the town."""
    name, *address = [part.strip() for part in value.split(",")]
    for part in reversed(address):
        town = " ".join(word for word in re.sub(r"\(.*?\)", " ", part).split() if not re.search(r"\d", word))
        if town and places.is_place(town):
            return name, town
    return name, None


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
            and (
                all(
                    _title_score(title) and not _names_legal_form(title)
                    for title in (previous.title, job.title)
                )
                # LiveCareer names every employer "Company Name": two title fields there are two roles,
                # whatever their words ("Clinical Teaching Residency", "Clinical Teaching Practicum"), typed
                # in capitalised words, when the first has details of its own; right under its header the
                # same dates restate it (a project, "05/2014 to Present 12 Example Road ... Not").
                or (
                    previous.company == job.company == "Company Name"
                    and bool(previous.description)
                    and all(_FIELD_PIECE.fullmatch(title) for title in (previous.title, job.title))
                )
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
# A title word written short keeps its dot inside a sentence's title ("Sr. Sales Manager", "Asst. Electrical
# Engineer", "Dy. Manager", "Addl. General Manager"): the dot is no full stop.
_TITLE_ABBREVIATION_DOT = r"(?:(?<=\b[SJ]r)|(?<=\bAsst)|(?<=\bAsstt)|(?<=\bDy)|(?<=\bAddl))\."
# A dot that may end a sentence's title: not such an abbreviation's.
_TITLE_END_DOT = r"(?<!\b[SJ]r)(?<!\bAsst)(?<!\bAsstt)(?<!\bDy)(?<!\bAddl)\."
# "Worked as Billing Analyst for Contoso from March 2013 ...", "Was Online Content Writer for Fabrikam.com.":
# the title, then the employer, then the dates or the sentence's full stop (a line's end without one may be
# a sentence wrapped: "Worked with Small Business" / "Development Centers"). A name followed by more words
# ("for Contoso Server management team", "for Contoso, USA") is a client or a team, not the employer.
_WORKED_AS = re.compile(
    r"\b(?:(?:worked|working|served|serving)\s+as|was)\s+(?:an?\s+)?"
    # "Executive (Legal)": a title's bracketed qualifier stays with it.
    rf"(?P<title>(?:[^.,;:()\n]|{_TITLE_ABBREVIATION_DOT}){{3,60}}?(?:\s*\([^()\n]{{1,20}}\))?)"
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
            # "GILLETTE INDIA": a name of places alone repeats no business line ("Gillette", Wyoming)
            and any(word.lower().removesuffix("s") in qualifiers for word in words)
        ):
            job = job.model_copy(update={"company": None})
        out.append(job)
    return out
