"""Jobs written outside the usual headers: text tables, form exports, past-employer lists and sentences.

Part of the offline parser (`app.parsing.rule_based`).
"""

from __future__ import annotations

import re

from app.parsing import places, vocabulary
from app.parsing import sections as sec
from app.parsing.dates import DateRange, find_dates, find_full_date_ranges, find_ranges
from app.parsing.header_parts import (
    _NAME_JOINERS,
    _SENTENCE_START,
    _clean,
    _labelled,
    _without_list_number,
)
from app.parsing.header_words import (
    _ABBREVIATED_END,
    _COMPANY_WORDS,
    _JOINING_WORDS,
    _LABEL,
    _TITLE_LABELS,
    _TITLE_WORDS,
    _company_score,
    _folded_name,
    _glue_vocabulary,
    _has_legal_form,
    _is_named,
    _tidy,
    _title_heads,
    _title_score,
)
from app.parsing.history_lines import (
    _FOR_A_DURATION,
    _SENTENCE_NAME,
    _TITLE_ABBREVIATION_DOT,
    _TITLE_END_DOT,
    _WISH,
    _WORKED_AS,
    _first_job_header,
    _names_an_employer,
    _without_repeats,
)
from app.parsing.job_fields import (
    _is_practice,
    _title_and_employer,
    _title_then_name,
)
from app.parsing.models import WorkExperience
from app.parsing.qualifications import (
    _DEGREE,
    _INSTITUTION,
)
from app.parsing.skills import canonical_skill

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
    if len(cells) == len(kinds) + 1 and "dates" in kinds:
        # "From" and "To" in columns of their own (one "dates" kind): "Jun 2014" and "Present" are one range.
        at = kinds.index("dates")
        if find_dates(cells[at]) and not find_ranges(cells[at]):
            cells[at : at + 2] = [f"{cells[at]} - {cells[at + 1]}"]
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


# A table typed with pipes between its cells ("| Organization | Designation | Duration |", Markdown's or a
# pasted table's), and its rule under the header row ("|---|---|").
_PIPE_CELLS = re.compile(r"^\s*\|?(?:[^|]*\|){2,}[^|]*$")
_PIPE_RULE = re.compile(r"^[\s|:+-]*-[\s|:+-]*$")


def _pipes_as_tabs(line: str) -> str:
    """A row typed with pipes between its cells as one with tabs ("" for the rule under the header)."""
    if not _PIPE_CELLS.match(line):
        return line
    if _PIPE_RULE.match(line):
        return ""
    return "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))


def _text_table_jobs(lines: list[str]) -> tuple[list[WorkExperience], set[int]]:
    """The jobs of plain-text tables with a header row of column names, and the lines they take up."""
    jobs: list[WorkExperience] = []
    taken: set[int] = set()
    lines = [_pipes_as_tabs(line) for line in lines]
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
    if not company or not title or not _title_score(title):
        return None
    ranges = find_ranges(cells.get("dates", ""))
    dates = ranges[0] if ranges else None
    if not (_is_named(company) or _has_legal_form(company)) and (
        dates is None or _title_score(company) or len(company.split()) > 4
    ):
        # A lower-case cell is the employer's name typed so ("contoso technologies") in a dated row whose
        # title reads as one; undated, or worded as a title or a phrase, it is none.
        return None
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
# A form's empty field: "company - None", "company - Na", "company - No".
_FORM_EMPTY = frozenset({"", "none", "no", "na", "n/a", "nil", "null", "-"})


# Words of a heading, not of an employer, that a form's company field may hold.
_FORM_HEADING_WORDS = frozenset({"timeline", "project", "projects", "nature", "details", "responsibilities"})
# A label and its value in the company field: "Technology - Dot Net", "Domain- Manufacturing", "Environment:
# Java"; what the job used or served, not who employed the person.
_FIELD_LABEL = re.compile(
    r"^(?:technolog(?:y|ies)|domain|environment|platforms?|tools?|skills?|software|languages?)\s*[-–:]\s*\S",
    re.IGNORECASE,
)
# "I am in a searching of personal trainer job", "looking for a job": what someone wants, not holds.
_SEARCHING_JOB = re.compile(r"\b(?:searching|looking)\b.{0,40}\bjob\b", re.IGNORECASE)
# "I'm fresher so don't have any experience in industry": a fresher's entry holds no job (the field then
# lists firms wished for, or a training's).
_FRESHER = re.compile(
    r"\bi\s*(?:'|’|\s)?\s*a?m\s+(?:an?\s+)?fresher\b"
    r"|\b(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+have\s+(?:any\s+)?(?:work\s+|industr\w*\s+)?experi",
    re.IGNORECASE,
)
# A student's event, not an employer: "conducted by <institute>", "organised by", a contest or a hackathon
# named ("Co-ordinator in project competition", "Smart City Hackathon").
_EVENT = re.compile(
    r"\b(?:conducted|organi[sz]ed|hosted)\s+by\b"
    r"|\b(?:competitions?|contests?|hackat?hons?|hackthons?|olympiads?)\b",
    re.IGNORECASE,
)
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
    for number, (name, body) in enumerate(entries):
        job = _form_job(_clean(name), body, headlines)
        if job is None and number == 0 and not _clean(name) and _is_job_description(body):
            # "company - " left empty over "description - Job Description: ...": the current job, its
            # employer unnamed; the headline titles it below, or it is dropped.
            job = _untitled_form_job(body)
        if job is not None:
            jobs.append(job)
    if jobs and jobs[0].title is None and (headline := _form_headline(lines)):
        jobs[0] = jobs[0].model_copy(update={"title": headline})  # the first entry is the current job
    return _without_repeats([job for job in jobs if job.company or job.title])[:50]


def _is_event(company: str | None, body: list[str]) -> bool:
    """Whether a form entry is a student's event rather than a job: its company field, or its description's
    first line when that is short, says what conducted it or names a contest."""
    first = body[0] if body else ""
    return bool((company and _EVENT.search(company)) or (len(first.split()) <= 15 and _EVENT.search(first)))


# Words of a description's headings, never of a firm's name alone on its line ("Roles & Responsibilities").
_DESCRIPTION_HEADING_WORDS = frozenset(
    """
    responsibilities roles role project projects details summary description key areas skills achievements
    profile duties highlights environment team client
    """.split()
)


def _name_alone(line: str) -> str | None:
    """The firm a form description's first line names alone, for an entry whose company field is empty:
    a name with its legal form, or two to six capitalised words ("&", "and", "of" between them) that read as
    no title, no place and no heading ("VIA Health Marketing & Innovations")."""
    text = _clean(line).strip(" .,")
    words = text.split()
    if not 1 < len(words) <= 8 or ":" in text or find_ranges(text) or _SENTENCE_START.match(text):
        return None
    if _has_legal_form(text):
        return text
    if len(words) > 6 or _title_score(text) or places.is_place(text):
        return None
    if any(word.lower() in _DESCRIPTION_HEADING_WORDS for word in words):
        return None
    if all(_NAME_WORD.match(word) or word.lower() in {"and", "of"} for word in words):
        return text
    return None


def _is_job_description(body: list[str]) -> bool:
    """Whether a form entry's description tells of a job held (not a wish, a fresher's note, languages)."""
    head = body[:3]
    if not head or any(
        _WISH.match(line) or _SEARCHING_JOB.search(line) or _FRESHER.search(line) for line in head
    ):
        return False
    return bool(
        find_ranges(" ".join(head)) or re.match(r"\W*(?:job\s+description|responsibilit)", head[0], re.I)
    )


def _untitled_form_job(body: list[str]) -> WorkExperience:
    """A form entry's job with neither employer nor title yet: its dates and description."""
    dates = next((ranges[0] for line in body[:3] if (ranges := find_ranges(line))), None)
    return WorkExperience(
        start_date=dates.start if dates else None,
        end_date=dates.end if dates else None,
        is_current=bool(dates and dates.is_current),
        description="\n".join(body)[:5000] or None,
    )


def _form_headline(lines: list[str]) -> str | None:
    """The title such an export writes above its "Skill Details" heading ("Sales Manager"), if any: of its
    two lines there, the second (the current job's title: "Oracle DBA" over "Oracle database administrator")
    when it reads as one, else the first (the title sought, over a summary's sentence)."""
    at = next((index for index, line in enumerate(lines) if line.strip().lower() == "skill details"), None)
    above = [line.strip() for line in lines[:at] if line.strip()][-2:] if at else []
    for line in reversed(above):
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
    rf"(?=\s+(?:in|at|with|for|from|since|over|on|of)\b|{_TITLE_END_DOT}|[,(]|$)"
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


def _firm_place_title(line: str) -> tuple[str, str] | None:
    """(employer, title) of a description that opens with a firm's name up to its legal form, then its place
    (maybe glued on: "Contoso Software India Pvt. Ltd.Pune, India") and the title after a wide gap ("  Project
    Manager"). The name is capitalised, of up to seven words; the place one the gazetteer knows."""
    for word in re.finditer(r"[A-Za-z]+\.?", line):
        if not vocabulary.legal_form(word[0]) or word.start() == 0:
            continue
        name, rest = line[: word.end()].strip(), line[word.end() :]
        words = name.split()
        if len(words) < 2 or len(words) > 7:
            return None
        if not all(part[:1].isupper() or part.lower() in _NAME_JOINERS for part in words):
            return None
        # "Pvt. Ltd.": the legal form may run on over two words.
        if (more := re.match(r"\s*([A-Za-z]+\.?)", rest)) and vocabulary.legal_form(more[1]):
            name, rest = f"{name} {more[1]}", rest[more.end() :]
        pieces = [piece.strip(" ,") for piece in re.split(r"\s{2,}", rest.strip()) if piece.strip(" ,")]
        if len(pieces) != 2 or not places.is_place(pieces[0]) or not _title_score(pieces[1]):
            return None
        return name, pieces[1]
    return None


# "M/s" (Messrs) before a firm's name; a word of such a name: capitalised, an initial glued to a dash ("O-"),
# or a joiner; never a label's word ("Client:").
_MESSRS = re.compile(r"^m/s\.?\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z0-9][\w&.'+/-]*|&|-)$")
_TYPED_NAME_WORD = re.compile(r"^(?:[\w][\w&.'+/-]*|&|-)$")
_DETERMINERS = frozenset({"the", "a", "an", "our", "this", "that", "their", "its"})
_NAME_TAIL = re.compile(r"^\s*(?:,|[-–]\s)\s*(?P<tail>.+)$")


def _firm_opening(line: str) -> str | None:
    """The firm a form description opens with, named up to its legal form, after the entry's dates and "M/s"
    ("M/s Contoso Engineering Ltd, Pune, Ranjangaon MIDC", "October 2008 to June 2011  Contoso & Fabrikam
    Co."): the employer of an entry whose company field holds a department or a place."""
    text = _clean(line)
    if (ranges := find_ranges(text)) and not text[: ranges[0].span[0]].strip():
        text = text[ranges[0].span[1] :].strip(" ,:-–")
    # After "M/s" a firm's name follows, typed in any case; else its words are capitalised.
    word_of_name = _TYPED_NAME_WORD if _MESSRS.match(text) else _NAME_WORD
    words = _MESSRS.sub("", text).split()
    if not words or not word_of_name.match(words[0]):
        return None  # "for Contoso Corporation, Aug 2005 ...": a sentence's words, no name opening the line
    for index, word in enumerate(words[:8]):
        # "SBI BANK AS A OFFICE ASSISTANT": in capitals, "AS" is the word, not the Norwegian legal form.
        if index and word.lower() != "as" and vocabulary.legal_form(word.rstrip(",")):
            if words[index - 1].lower() in _DETERMINERS:
                return None  # "About the Company": a heading, the word "company" in its sense
            # "Pvt. Ltd": the legal form may run on over two words.
            if index + 1 < len(words) and vocabulary.legal_form(words[index + 1].rstrip(",")):
                index += 1
            name = words[: index + 1]
            if all(word_of_name.match(part.rstrip(",")) or part.lower() in _NAME_JOINERS for part in name):
                return " ".join(name).rstrip(",")
            return None
    return None


# "• At Contoso Infrastructure Bangalore  Sep 2015- Oct 2016": where a job was, then when.
_AT_OPENING = re.compile(r"^\W*at\s+(?P<rest>\S.*)$", re.IGNORECASE)
# Words of a sentence, not of a name, between "At" and the dates: "At present working since Jan 2015".
_AT_SENTENCE_WORDS = frozenset({"present", "since", "from", "working", "worked", "my", "our", "same", "time"})


def _at_firm_header(body: list[str]) -> tuple[str, str] | None:
    """(employer, title) of a form description that opens with a job's header of its own: "At" a firm's
    name, maybe its place, and the job's dates, over a line holding the title alone ("At Contoso Telecom
    Limited Ranchi  Nov 2013-Sep 2014" over "Web developer"): the job the entry is, whatever its company
    field holds (a project: "ERP System, CRM for Real Estate Company"). The name is capitalised, of up to
    eight words typed in any case (the shape is the evidence), cut after its legal form or before a place the
    gazetteer knows."""
    match = _AT_OPENING.match(_clean(body[0])) if len(body) > 1 else None
    ranges = find_ranges(match["rest"]) if match else []
    if not match or not ranges:
        return None
    words = match["rest"][: ranges[0].span[0]].strip(" ,:-–|").split()
    if not 1 <= len(words) <= 8 or words[0].lower() in _NAME_JOINERS | _DETERMINERS:
        return None
    if any(
        not _TYPED_NAME_WORD.match(word.rstrip(",")) or word.lower() in _AT_SENTENCE_WORDS for word in words
    ):
        return None
    title = _clean(body[1]).strip(" .")
    if len(title.split()) > 6 or find_ranges(title) or not _title_score(title):
        return None
    for index in range(len(words) - 1, 0, -1):
        if vocabulary.legal_form(words[index].rstrip(",")):
            return " ".join(words[: index + 1]).rstrip(","), title  # "Contoso Telecom Limited Ranchi"
    while len(words) > 1 and places.is_place(words[-1].rstrip(",")):
        words.pop()  # "Contoso Infrastructure Bangalore": the firm, then its city
    return " ".join(words).rstrip(","), title


def _up_to_legal_form(name: str) -> str:
    """An employer cut after its legal form when a place or a department follows it behind a comma or a
    dash ("Contoso LTD, Kurla", "Fabrikam Bank Ltd - Customer Services"); a tail with a legal form of its
    own ("Contoso Ltd, a Fabrikam Co. company") is left, as is a legal form opening the name."""
    words = name.split()
    for index, word in enumerate(words[1:], start=1):
        if not vocabulary.legal_form(word.rstrip(",")):
            continue
        if index + 1 < len(words) and vocabulary.legal_form(words[index + 1].rstrip(",")):
            continue  # "Pvt. Ltd": cut after the last word of the legal form
        head = " ".join(words[: index + 1])
        cut = len(head.rstrip(","))
        tail = _NAME_TAIL.match(name[cut:])
        if tail and not any(vocabulary.legal_form(part.strip(",.")) for part in tail["tail"].split()):
            return name[:cut]
        return name
    return name


def _before_glued_place(name: str) -> str:
    """An employer cut after its legal form when a place the gazetteer knows follows it with no comma or dash,
    whatever comes after the place ("Contoso Pvt. Ltd Pune, Contoso", "contoso pvt ltd Nagpur Maharashtra"):
    the firm's city typed on. A legal form opening the name is left, as is any other word after one."""
    words = list(re.finditer(r"[^\s,]+", name))
    for index in range(1, len(words) - 1):
        if not vocabulary.legal_form(words[index][0]) or vocabulary.legal_form(words[index + 1][0]):
            continue  # "Pvt. Ltd": the place follows the last word of the legal form
        after = words[index + 1][0].rstrip(".")
        if places.is_city(after) or places.is_state(after) or places.is_country(after):
            return name[: words[index].end()]
        return name
    return name


# Title heads that open firms' names as often ("Tech Mahindra", "Associates"): no role ends on them here.
_FIRM_NAME_HEADS = frozenset({"tech", "associates", "consultants", "consultancy", "solutions", "services"})


# "Execution of all civil work", "Preparation of MIS reports": an action named as a noun, then "of": a duty,
# not a title ("Head of Sales" opens with a person).
_DUTY_PHRASE = re.compile(r"^[A-Za-z]+(?:tion|sion|ment|ance|ence|ing)\s+of\b", re.IGNORECASE)


# "Provide legal assistance in property work", "Handle customer queries": a duty put as an order, its verb
# then a word in lower case; not a title. Verbs that also open titles ("Support", "Design", "Lead", "Test",
# "Control", "Build", "Train", "Help", "Make up artist", "Teach for India") are left out.
_DUTY_ORDER = re.compile(
    r"^(?:provide|prepare|handle|maintain|manage|ensure|perform|conduct|co-?ordinate|assist|create|develop"
    r"|implement|organi[sz]e|attend|deliver|resolve|analy[sz]e|interact|communicate|generate|identify|update"
    r"|achieve|collect|visit|give|solve|operate|supervise|negotiate|motivate|answer|follow|execute"
    r"|arrange)\s+(?-i:[a-z])",
    re.IGNORECASE,
)


def _role_then_firm(field: str) -> tuple[str, str] | None:
    """(title, employer) of a company field that runs a role into the firm's name ("Area Business Owner
    Contoso Enterprise Limited"): the longest opening of title words that ends on a title's head word, then a
    name with its legal form and a word no title has ("Contoso Computer Systems Limited" is one name)."""
    words = field.split()
    heads = vocabulary.title_heads()
    known = vocabulary.title_words() | heads
    cut = 0
    for index, word in enumerate(words):
        folded = word.lower().strip(".,")
        if folded not in known:
            break
        if folded in heads and folded not in _FIRM_NAME_HEADS:
            cut = index + 1
    title, name = " ".join(words[:cut]), " ".join(words[cut:])
    if not cut or not _has_legal_form(name) or not _title_score(title):
        return None
    if name.split()[0].lower() in _NAME_JOINERS | {"in", "at", "with", "as", "on", "by"}:
        return None  # "DBA in Contoso Technologies Ltd": a phrase, not a name, follows the role
    if all(
        word.lower().strip(".,") in known or vocabulary.legal_form(word.strip(".,")) for word in name.split()
    ):
        return None
    return title, name


# "DBA in Contoso Technologies Ltd", "Senior Developer at Fabrikam", "Intern @ Contoso": role, joiner, firm.
_ROLE_AT_FIRM = re.compile(
    r"^(?P<title>[^,;:]{2,60}?)\s+(?P<joiner>in|at|@|with)\s+(?P<firm>\S.*)$", re.IGNORECASE
)


def _role_at_firm(field: str) -> tuple[str, str] | None:
    """(title, employer) of a company field that names the role, then "in", "at", "@" or "with" and the firm:
    a title of up to five words, then a name with its legal form, or after "at" and "@" a capitalised one
    that is no place ("Lecturer in Computer Science" names a department, "Engineer at Pune" a city)."""
    match = _ROLE_AT_FIRM.match(field.strip())
    if not match or len(match["title"].split()) > 5 or not _title_score(match["title"]):
        return None
    firm = match["firm"].strip()
    if firm.split()[0].lower() in _NAME_JOINERS | _DETERMINERS:
        return None  # "Engineer at the plant of Contoso Ltd": a phrase, not a name, follows the joiner
    named = match["joiner"].lower() in {"at", "@"} and _is_named(firm) and not places.is_place(firm)
    if not (_has_legal_form(_up_to_legal_form(firm)) or named):
        return None
    return match["title"].strip(), firm


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
    if company and _FIELD_LABEL.match(company):
        # "company - Technology - Dot Net" over "description - Worked in Contoso ERP Solutions From ...": a
        # label's value in the field, the employer the one a sentence on the first lines names, if any.
        named = _jobs_named_in_sentences("\n".join(body[:3]), [])
        company = named[0].company if len(named) == 1 else None
    if company and set(re.findall(r"[a-z]+", company.lower())) & _FORM_HEADING_WORDS:
        company = None  # "company - CAREER TIMELINE", "company - Current Project": a heading in the field
        if body and (opening := _firm_place_title(body[0].strip())):
            company, title = opening  # "description - Contoso Pvt. Ltd.Pune, India  Project Manager"
    if any(_WISH.match(line) or _SEARCHING_JOB.search(line) or _FRESHER.search(line) for line in body[:3]):
        return None  # "I am in a searching of personal trainer job": a wish, no job held
    if _is_event(company, body):
        return None  # "company - Full Throttle" over "description - conducted by <institute>": an event
    if company and _INSTITUTION.search(company) and body and _GRADE.search(body[0]):
        return None  # "company - Higher Secondary School" over "description - Pune, 58.8%": schooling
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", company or "")  # "Criminal lawyer (law firm)"
    # "company - HR Assistant": the field holds the role, when it ends on a title's head word ("CAPGEMINI
    # Head Office" has title words, and is an employer) and opens with a title's word ("Contoso Business
    # Advisor" opens with a name).
    last = bare.split()[-1].lower().strip(".,") if bare.split() else ""
    lead = bare.split()[0].lower().strip(".,") if bare.split() else ""
    if (
        company
        and _title_score(bare)
        and not _company_score(bare)
        and last in _title_heads()
        and lead in vocabulary.title_words() | _title_heads()
    ):
        company, title = None, bare
    if company and _is_practice(company):
        company = None  # "company - SAP BODS": the consultant's practice
    # "company - Area Business Owner Contoso Enterprise Limited": the role run into the firm, named with its
    # legal form; every word of the role a title's word ("Contoso Computer Systems Limited" is one name).
    if company and title is None and (pair := _role_then_firm(company) or _role_at_firm(company)):
        title, company = pair
    if company:
        company = _before_glued_place(_up_to_legal_form(company))
    if body and (header := _at_firm_header(body)):
        company, title = (
            header  # "description - At Contoso Limited Ranchi  Nov 2013-Sep 2014" / "Web developer"
        )
    # "company - Proposal & Estimation" over "description - M/s Contoso Engineering Ltd, Pune": a department
    # (or a place) in the field, the employer named with its legal form on the description's first line.
    if body and not (company and _has_legal_form(company)) and (firm := _firm_opening(body[0])):
        company = firm
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
        title = (
            first
            if _title_score(first) and not (_DUTY_PHRASE.match(first) or _DUTY_ORDER.match(first))
            else None
        )
    title = title or _described_title(body, company)
    if company is None and not name and body and (firm := _name_alone(body[0])):
        company = firm  # "company -" over "description - Contoso Health Marketing & Innovations"
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


# "Worked in Contoso Consulting, Pune from ...", "Working at Fabrikam School as an Arabic teacher",
# "Worked with 'Northwind' as a part-time employee": the employer, then what the person did there or when.
_WORKED_IN = re.compile(
    r"\b(?:(?:worked|working|work|employed|self-employed|served|serving|associated)\s+(?:in|at|with)"
    # "Working experience at Contoso Construction since ...": experience "at" a place of work ("in" may be
    # a tool or a domain: "work experience in SOAP UI").
    r"|(?:working|work)\s+experience\s+at"
    # "Joined Contoso as ...", "Worked for Contoso as ..." (with the title only: "worked for Contoso" may be
    # for a client).
    r"|joined|(?:worked|working)\s+for)\s+['\"‘’]?"
    rf"(?P<who>{_SENTENCE_NAME})['\"‘’]?(?:\s*,\s*(?P<place>(?-i:[A-Z])[A-Za-z ]{{1,30}}?))?"
    # A note on the employer ("(Hgs Payroll)") before the title; "Sr." and "Jr." keep their dots.
    r"(?:\s*\([^()\n]{1,40}\))?"
    rf"(?:\s+as\s+(?:an?\s+)?(?P<title>(?:[^.,;:()\n]|{_TITLE_ABBREVIATION_DOT}){{3,60}}?)"
    rf"(?=\s*(?:{_TITLE_END_DOT}|[,;(]|\s(?:from|since|in|at|for)\b|$))"
    r"|\s+(?:from|since)\b|\.\s*$)",
    re.IGNORECASE,
)


# A date right after a name, as a sentence dates a job: "... from May 25th 2017", ".. From Dec 15 2014".
_DATED_AFTER = re.compile(r"[.,\s]*(?:from|since)\s+(?:[A-Za-z]{3,9}\.?\s+)?\d", re.IGNORECASE)
# "Working as Software Engineer for Contoso Systems under Fabrikam India Pvt. Ltd.": placed at a client by
# the agency that employs them; the agency, named with its legal form or dated right after it, is the
# employer. Typed in lower case ("under fabrikam.. From May 2017"), the dates after it say it is a name.
_WORKED_UNDER = re.compile(
    r"\b(?:worked|working|employed|deployed|placed)\s+(?:as\s+(?:an?\s+)?(?P<title>[^.,;:()\n]{3,60}?)\s+)?"
    r"(?:for|at|with|in)\s+[^.;\n]{2,80}?\s+(?:under|through)\s+(?:the\s+(?:payroll|rolls)\s+of\s+)?"
    rf"(?:(?P<who>{_SENTENCE_NAME})"
    r"|(?P<lower>(?-i:(?!(?:the|a|an|my|his|her|their)\b)[a-z][\w&'-]+(?:\s+[a-z][\w&'-]+){0,2}))"
    rf"(?={_DATED_AFTER.pattern}))",
    re.IGNORECASE,
)
# The dates a sentence after an agency's name opens on: "... under Contoso.. From May 2017 till now".
_NEXT_SENTENCE_DATED = re.compile(r"\.+\s+(?=(?:from|since)\s)", re.IGNORECASE)
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
# A duty's verb alone before "as" ("Participate as a treatment team member", "Serve as liaison to ...",
# "Acts as a mentor"): what the person did in a job, not an employer.
_DUTY_VERB = re.compile(
    r"(?:serve|act|work|participate|function|volunteer|operate|perform|assist|help|rotate|fill|cover|float"
    r"|report|step|stand)s?|known",
    re.IGNORECASE,
)

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
            _SENTENCE_START.match(listed["who"])
            or re.match(r"\w+(?:ed|ing)\b", listed["who"])
            or _DUTY_VERB.fullmatch(listed["who"].strip())
        ):
            patterns = (*patterns, _LISTED_JOB)
        if not patterns or _folded_name(line) in titles:
            continue
        for pattern in patterns:
            for match in pattern.finditer(sentence):
                # A note after the name is no part of it: "Hindustan Paper Ltd (A Govt. of India Enterprise)".
                who = re.sub(r"\s+\([^()]*\)$", "", match["who"] or match.groupdict()["lower"]).strip(
                    " .,'\"‘’"
                )
                place = match.groupdict().get("place")
                if pattern is _EXPERIENCE_AS and len(who.split()) > 1 and places.is_place(who.split()[-1]):
                    who, place = who.rsplit(" ", 1)  # "Contoso Group Jaipur": the employer, then its city
                after = match.end() - len(match[0].split()[-1])  # where the sentence's dates may follow
                if pattern is _WORKED_UNDER:
                    # "under Contoso.. From May 2017": the capitals of the next sentence are no part of it.
                    who = _NEXT_SENTENCE_DATED.split(who)[0].strip(" .,'\"‘’")
                    after = match.start("who" if match["who"] else "lower") + len(who)
                    # "under the guidance of ...", "through Contoso": no agency said to employ them; but a
                    # name the sentence dates after it is ("for Fabrikam under Contoso.. From May 25th 2017",
                    # the dates maybe on the next line), whatever its words: most employers have no legal
                    # form.
                    dated = _DATED_AFTER.match(
                        f"{sentence[after:]} {' '.join(lines[number + 1 : number + 2])}"
                    )
                    if not (_has_legal_form(who) or dated):
                        continue
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
                # "Worked as Database Support at Contoso Fintech from Sep 2008 to Feb 2013": what was done
                # there reads as no title, but the dates after the employer make it a job, untitled.
                untitled = (
                    pattern is _WORKED_AS
                    and title
                    and not _title_score(title)
                    and _sentence_dates(sentence, match.end() - len(match[0].split()[-1])) is not None
                )
                if untitled:
                    title = None
                if not _names_an_employer(who) or (title and not _title_score(title)):
                    continue
                if canonical_skill(who):
                    continue  # "Worked with Jenkins.": a tool, not an employer
                if any(_first_word(who) == _first_word(name) for name in known):
                    _date_the_named_job(jobs, who, sentence, after)
                    continue  # "Fabrikam India Financial" beside a header's "Fabrikam National Financial"
                # The dates follow the match's last word: "... from March 2014", "... Analyst since 2016".
                dates = _sentence_dates(sentence, after)
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


# "... for Contoso Technologies for" over "six months.": a sentence wrapped before how long it lasted.
_ENDS_ON_FOR = re.compile(r"\sfor\s*$", re.IGNORECASE)
_DURATION_ALONE = re.compile(rf"^{_FOR_A_DURATION}\s*\.?\s*$", re.IGNORECASE)


def _with_wrapped_range(line: str, following: list[str]) -> str:
    """The line, with the next one when the line ends on a range's joiner and the next opens on a date, or
    the line ends on the range's first date and the next opens on its joiner and a date ("to July 2008."),
    or the line ends on "for" and the next says only how long ("six months.")."""
    if following and _ENDS_ON_FOR.search(line) and _DURATION_ALONE.match(f"for {following[0].strip()}"):
        return f"{line.rstrip()} {following[0].strip()}"
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


def _first_word(name: str) -> str:
    return next(iter(_folded_name(name).split()), "")


def _same_organisation(first: str, second: str) -> bool:
    """ "Infosys" and "Infosys Limited, Mysore": one employer named twice, legal forms and places aside."""
    a = [word for word in _folded_name(first).split() if not vocabulary.legal_form(word)]
    b = [word for word in _folded_name(second).split() if not vocabulary.legal_form(word)]
    return bool(a and b) and (a == b[: len(a)] or b == a[: len(b)])
