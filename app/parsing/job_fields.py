"""Which part of one job's header is its title and which its employer: the rules for the title and employer
slots (qualifiers, clients, territories, functions, bracketed roles, employers named under the dates).

Part of the offline parser (`app.parsing.rule_based`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.parsing import places, vocabulary
from app.parsing.contact import (
    _is_location,
)
from app.parsing.header_parts import (
    _NAME_JOINERS,
    _PART_SEPARATOR,
    _SENTENCE_START,
    _Part,
)
from app.parsing.header_words import (
    _BULLET,
    _BULLET_GLYPHS,
    _COMPANY_WORDS,
    _LOWER_IN_NAMES,
    _RANK_WORDS,
    _TITLE_WORDS,
    _company_score,
    _folded_name,
    _glue_vocabulary,
    _has_legal_form,
    _in_title_words,
    _is_named,
    _names_a_role,
    _same_employer,
    _title_heads,
    _title_score,
)
from app.parsing.skills import canonical_skill


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
    Sales", "Collection Department", "Sales & Customer Service", "Family Business"), or opens on a function
    word with no word of an organisation after it ("Retail Liabilities", "Sales"): no name, no legal form."""
    words = re.findall(r"[a-z]+", company.lower())
    if not words or _has_legal_form(company):
        return False
    in_title_words = bool(set(words) & _FUNCTION_WORDS) and _in_title_words(company)
    return in_title_words or _opens_on_a_function(company, words)


def _opens_on_a_function(text: str, words: list[str] | None = None) -> bool:
    """Whether a part opens on a function word ("Retail Assets", "Sales"), with no legal form and no word of
    an organisation: a department, which firms' names are not made of (none of the tuned splits' employers
    nor of 386 unlabelled resumes' opens so)."""
    words = re.findall(r"[a-z]+", text.lower()) if words is None else words
    return (
        bool(words) and words[0] in _FUNCTION_WORDS and not _company_score(text) and not _has_legal_form(text)
    )


def _in_function_words(company: str) -> bool:
    """Whether the employer slot is made of the words of a function or a department only ("Recruitment",
    "Operations", "HR & Admin"), no legal form and no word of a name."""
    words = [word for word in re.findall(r"[a-z]+", company.lower()) if word not in ("and", "of", "the")]
    return (
        bool(words)
        and not _has_legal_form(company)
        and all(word in _FUNCTION_WORDS or word in _glue_vocabulary() for word in words)
    )


def _town_named_employer(part: _Part, parts: list[_Part], header: list[str]) -> bool:
    """Whether a part the gazetteer reads as a town is the employer typed alone in Indeed's employer field
    ("Google -", "Komatsu -" under "Senior Analyst"): alone before the line's dash, no region after it,
    under a line that reads as a title. Indeed types a blank employer's place as "City, State -"; a large
    city or a region alone there stays the place."""
    if not part.place or "," in part.text or places.is_large_city(part.text) or places.is_region(part.text):
        return False
    if re.sub(r"\s*[-–]$", "", header[part.line].strip()) != part.text:
        return False
    return any(_title_score(other.text) for other in parts if other.line == part.line - 1 and not other.place)


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


# The words a piece of an export's title field is typed in: capitalised, or the small words titles join with.
_NO_FIELD_PIECE = re.compile(r"\bCompany Name\b|^(?:Current|Present|Now|To Date)$", re.IGNORECASE)
_FIELD_PIECE = re.compile(r"[A-Z][\w'&/+.-]*(?:\s+(?:[A-Z][\w'&/+.-]*|&|and|of|in|for|the|to|/|-))*")


def _export_title_field(title: str, parts: list[_Part]) -> str | None:
    """A title field read whole where the export types title and employer in fields of their own (LiveCareer's
    beside its anonymised "Company Name"): the pieces its line joins to the title with commas are the
    person's, after it in capitalised words ("Director, Business Development", "Computer Assistant, GS-5"),
    before it a role of its own ("Risk Analyst, Vice President", "Line Chef, Prep Chef"; a unit there, "Senior
    Care Network, Social Worker", is no part of it); before, the comma cut them apart and one piece was kept.
    A place, a name (the placeholder itself, a firm's), the word "Current" or a sentence is no piece."""
    index = next((n for n, part in enumerate(parts) if part.text == title), None)
    if index is None or not _FIELD_PIECE.fullmatch(title):
        return None
    line = parts[index].line

    def piece(part: _Part) -> bool:
        return (
            part.line == line
            and not part.place
            and bool(_FIELD_PIECE.fullmatch(part.text))
            and not _NO_FIELD_PIECE.search(part.text)
            and not _SENTENCE_START.match(part.text)
            and _company_score(part.text) <= 2  # "Architect, Harbor Software Group": a client's name (4)
        )

    first = last = index
    while first > 0 and parts[first - 1].comma_after and piece(parts[first - 1]):
        if not _names_a_role(parts[first - 1].text):
            break
        first -= 1
    while last + 1 < len(parts) and parts[last].comma_after and piece(parts[last + 1]):
        last += 1
    if first == last:
        return None
    return ", ".join(part.text for part in parts[first : last + 1])


# An acronym beside title words in a title's qualifier: "SME Sales", "CASA Sales", "GSM / Wireless Sales".
_QUALIFIER_ACRONYM = re.compile(r"[A-Z]{2,5}")


# A role's grade in Roman numerals after its dash ("Technical Manager - II", "Engineer - III").
_GRADE_NUMERAL = re.compile(r"I{1,3}|IV|VI{0,3}")


def _indeed_title_line(title: str, parts: list[_Part], header: list[str], company: str | None) -> str | None:
    """Indeed's title line read whole when the employer has its own line under it: "Manager - SME Sales",
    "Area Manager - Enterprise Business - GSM / Wireless Sales", "Sr Manager - International Sales". Every
    part after the title's dash is in words titles are made of (O*NET's title words, a region), with at most
    acronyms beside them, or holds a title word beside words no place is ("Sales Manager - Proactive
    Sales"); a legal form, a place, a title of its own, an acronym alone or unknown words with no title word
    beside them keep the title as it was (``_qualified_title`` reads the single-qualifier forms)."""
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
    if _GRADE_NUMERAL.fullmatch(written["rest"].strip()):
        return f"{title} - {written['rest'].strip()}"  # "Technical Manager - II": the grade of the role held
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
        # Every word one titles are made of, or at least one title word (not a region's) among words no
        # place is ("Proactive Sales", "Knee and Capital Equipment"; not "North Kerala").
        unknown = [word for word in plain if word not in known and word.removesuffix("s") not in known]
        if any(word in _EMPLOYMENT_TERMS for word in plain) or (
            unknown
            and (
                not any(word in _glue_vocabulary() for word in plain)
                or any(places.is_place(word) for word in unknown)
            )
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
# "In charge" is part of a title ("Engineer In Charge at Contoso", "Officer In Charge of ..."), not "in"
# before an employer.
_TITLE_IN_EMPLOYER = re.compile(
    r"^(?P<title>.+?)\s+(?:in(?!\s+charge\b)|at|with|@)\s+(?P<who>(?-i:[A-Z0-9]).+?)\.?$", re.I
)


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
    # The name may be typed in lower case ("Head Office of fabrikam tours"): "... of" says one follows.
    r"|^(?:head\s*quarters?|head\s+office|corporate\s+office|regional\s+office|branch(?:\s+office)?)\s+of\s+"
    r"(?=\w)"
    # "A unit of Contoso Retail (India) Limited", "A division of ...": the part of the employer one worked in.
    r"|^an?\s+(?:unit|division|subsidiary|group\s+company)\s+of\s+(?=(?-i:[A-Z0-9]))",
    re.IGNORECASE,
)
_FRESHER = re.compile(r"(?:^|\s+)\(?freshers?\)?\s*$", re.IGNORECASE)
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
        first = next((part for part in on_line if _has_legal_form(part.text)), None) or _past_a_function(
            on_line
        )
        recurring = _recurring_employer(on_line, header[number], history)
        if recurring is not None and not _has_legal_form(first.text):
            return recurring
        above = [_title_score(part.text) for part in parts if part.line == number - 1 and not part.place]
        if (
            _title_score(first.text)
            and not _company_score(first.text)
            # "Head quarters of Contoso Travels -": the words before "of" say an employer's name follows.
            and not _EMPLOYER_PREFIX.match(first.text)
            # "Culture Machine -" under "Senior Business Analyst": the line above reads more plainly as
            # the title, so this one is the employer whose name ends on a title word.
            and not (above and max(above) > 2 * _title_score(first.text))
            and not _name_under_title_line(first, parts, above)
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


# "UBS- Contoso": two names on an employer line joined by a dash with a space after it alone.
_GLUED_DASH = re.compile(r"^(?P<first>\S.*?\S)[-–]\s+(?P<second>\S.*)$")


def _recurring_employer(on_line: list[_Part], line: str, history: str) -> str | None:
    """The employer of an employer line that names two firms side by side, the client first ("Deutsche Bank -
    Contoso -", "Commerzbank, Contoso -", "UBS- Contoso -"), neither with a legal form: the one the work
    history names again (the writer's employer recurs, typed alone on another job's line or beside each
    client), when the first is named there once. Without a second mention nothing tells the two apart; a
    name in brackets is a note on the one before it ("Contoso (Fabrikam) -"), not beside it."""
    names = [part.text for part in on_line]
    if len(names) == 1 and (glued := _GLUED_DASH.match(names[0])):
        names = [glued["first"], glued["second"]]
    if len(names) != 2 or any(_has_legal_form(name) for name in names):
        return None
    client, employer = names
    # The employer may be typed in lower case ("Fabrikam - northwind -"), but not open on a joining word.
    if not _is_named(client) or employer.split()[0].lower() in _LOWER_IN_NAMES:
        return None
    if not re.search(rf"{re.escape(client)}\s*[,–-]\s*{re.escape(employer)}", line):
        return None

    def mentions(name: str) -> int:
        return len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", history, re.IGNORECASE))

    if (
        mentions(client) != 1
        or mentions(employer) < 2
        or _title_score(employer)
        or places.is_place(employer)
        # "Fabrikam -  Gujarat, IN -" over details that name Gujarat again: the state the job was in.
        or _names_a_territory(employer)
        or _same_employer(client, employer)
    ):
        return None
    return employer


def _another_jobs_employer(name: str, history: str) -> bool:
    """Whether the work history types ``name`` alone on a line of its own, as Indeed's employer field of
    another job ("Contoso" or "Contoso -  Pune -"): then "Test Analyst at Contoso, Pune" over "Fabrikam -
    Pune -" and this job's dates restates the writer's current employer (the headline typed again), and the
    dash line names the employer of these dates."""
    return bool(
        re.search(rf"^[ \t]*{re.escape(name)}[ \t]*(?:-[^\n]*)?$", history, re.IGNORECASE | re.MULTILINE)
    )


def _past_a_function(on_line: list[_Part]) -> _Part:
    """The first part of an employer line, or the name after a function typed before it and a comma: in
    "Retail Assets, Contoso Bank -  Pune -" the department comes first, and the next part, which reads
    neither as a function nor as a title, is the employer. A bracket after a name is a note on it ("Winners
    Marketing [Fabrikam]"), so only a comma says the two are side by side."""
    first = on_line[0]
    if (
        len(on_line) < 2
        or not first.comma_after
        or _title_score(first.text)
        or not _opens_on_a_function(first.text)
    ):
        return first
    following = on_line[1]
    if (
        _is_named(following.text)
        and not _opens_on_a_function(following.text)
        and not _title_score(following.text)
    ):
        return following
    return first


def _name_under_title_line(first: _Part, parts: list[_Part], above: list[int]) -> bool:
    """Whether a dash line's part that holds title words is still the employer's name: Indeed's employer
    line, the place after the name ("Contoso investment adviser LIMITEDc -  Mumbai, Maharashtra -"), under
    a line that names a role, and the name opens on a word no title is made of; or, under a line that holds
    a title and nothing else, the name does not end on a title's head word ("Mentor Graphics", "Consultant
    Hub" under "Senior Analyst"): the role is the line above, and the form's employer field holds a name
    whatever words it is made of."""
    words = re.findall(r"[a-z]+", first.text.lower())
    return (
        len(first.text.split()) > 1
        and bool(above)
        and max(above) > 0
        and (words[0] not in _glue_vocabulary() or (min(above) > 0 and not _ends_on_title_word(first.text)))
        and any(part.line == first.line and part.place for part in parts)
    )


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
        # "Channel Partner Of Contoso Ltd)": a bracket closed that the line never opened, the end of a note
        # the employer's line began ("Fabrikam - (Channel" wrapped), not a name of its own.
        or text.count(")") > text.count("(")
    ):
        return None
    return text


def _employer_behind_client(company: str, body: list[str]) -> str | None:
    """The employer a job's first sentences name when its header names the client it served: under "Cisco -",
    "associated with Cisco on the roles of Contoso Pvt. Ltd." or "as Engineer with an Apple client in
    Contoso Pvt. Ltd.". The sentence must name a legal form and the header's name or a client, so a
    sentence about another job ("Worked earlier at Fabrikam Ltd") leaves the header alone; or, with or
    without a legal form, say that the name worked for the header's ("at Contoso, Pune for Cisco")."""
    folded = _folded_name(company)
    for sentence in _BULLETED.split(" ".join(line.strip() for line in body[:4])):
        match = _EMPLOYER_IN_SENTENCE.search(sentence)
        if match is None or _same_employer(match["name"], company):
            continue
        words = _folded_name(sentence)
        if re.search(rf"\b(?:{re.escape(folded)}|client)\b", words):
            return match["name"].rstrip(".") if match["name"].endswith("..") else match["name"]
    return _employer_on_roles_of(company, body) or _employer_working_for(company, body)


def _employer_working_for(company: str, body: list[str]) -> str | None:
    """The name a job's first sentences place the writer at, working for the header's name: "Microsoft -"
    over "as Escalation Engineer at Contoso Pune for Microsoft Enterprise Support" (an outsourcer's staff on
    its client's work, the client typed where Indeed puts the employer). Most employers are written without
    a legal form ("Contoso", "Infosys"), so none is asked for; a place after the name is its office, and a
    place, a title or a product ("with SharePoint for Microsoft") is no employer. Not "in" ("in Night Shifts
    for Microsoft" says when, not where)."""
    text = " ".join(line.strip() for line in body[:4])
    folded, name = text.lower(), company.strip().lower()
    if f"for {name}" not in folded and f"for the {name}" not in folded:
        return None  # most details never name the slot's name after "for": no pattern to build
    working_for = re.compile(
        rf"\b(?:at|with)\s+{_NAME_AFTER}(?:,\s*(?-i:[A-Z])[a-z]+)?,?\s+for\s+(?:the\s+)?"
        rf"{re.escape(company.strip())}\b",
        re.IGNORECASE,
    )
    for sentence in _BULLETED.split(text):
        match = working_for.search(sentence)
        if match is None:
            continue
        words = match["name"].rstrip(".,").split()
        while len(words) > 1 and places.is_place(words[-1]):
            words.pop()  # "Contoso Pune": the office's town
        found = " ".join(words)
        if _another_employer(found, company):
            return found
    return None


def _another_employer(found: str, company: str) -> bool:
    """Whether a name a job's details give could be an employer besides the header's `company`: not a place,
    a title, the header's own firm or a skill (a product)."""
    return not (
        places.is_place(found)
        or _title_score(found)
        or _same_employer(found, company)
        or canonical_skill(found)
    )


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

# "on the roles of Contoso", "on the payroll of Contoso", "with an Apple client in Contoso": words that say
# who employed the writer, the name after them; no legal form asked for.
_ROLES_OF = re.compile(
    rf"\b(?:on\s+(?:the\s+)?(?:roles?|rolls?|payroll)\s+of|client\s+(?:in|at))\s+{_NAME_AFTER}",
    re.IGNORECASE,
)


def _employer_on_roles_of(company: str, body: list[str]) -> str | None:
    """The employer a job's first sentences name after words that say it employed the writer, in a sentence
    that names the header's name or a client ("associated with Cisco on the role of Contoso", "as engineer
    with an Apple client in Contoso from June 2015" under "Cisco -"): most employers have no legal form, so
    the words before the name decide; a place, a title, a product or the header's own name is none."""
    folded = _folded_name(company)
    for sentence in _BULLETED.split(" ".join(line.strip() for line in body[:4])):
        match = _ROLES_OF.search(sentence)
        if match is None or not re.search(rf"\b(?:{re.escape(folded)}|client)\b", _folded_name(sentence)):
            continue
        found = match["name"].rstrip(".,")
        if _another_employer(found, company):
            return found
    return None


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


# "➢ Worked With Contoso Nutrition India.": a line of a job's details that says only where the person worked.
_WORKED_WITH_LINE = re.compile(
    r"^(?:worked|working)\s+(?:with|for|in|at)\s+"
    r"(?P<name>(?-i:[A-Z])[\w&.'-]*(?:\s+(?:(?:of|and|&)\s+)?(?-i:[A-Z])[\w&.'-]*){0,5})\s*\.?$",
    re.IGNORECASE,
)


def _employer_worked_with(company: str, body: list[str]) -> str | None:
    """The employer a job's own details name in a line of their own ("Worked With Contoso Nutrition India.")
    when the employer slot shows no firm: no legal form and no organisation's word ("Modern Trade Mumbai -",
    a line of trade and its city). One such line only; a place, a title or a tool is no employer."""
    if _company_score(company):
        return None
    named = [
        match["name"].rstrip(".")
        for line in body
        if (match := _WORKED_WITH_LINE.match(_BULLETED.sub("", line.strip()).strip()))
    ]
    if len(named) != 1:
        return None
    found = named[0]
    return found if _another_employer(found, company) else None


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
# Words that open what a name is for, never a client's name: "... For You", "... for Everyone".
_FOR_WHOM = frozenset("you your us all everyone everybody".split())
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
    if match["client"].split()[0].lower() in _FOR_WHOM:
        return company  # "Best For You Organics", "Made For All": a name's words, no client after "for"
    return employer


# A verb typed in lower case inside the employer slot: "RAJKOT have developed Industries" is a sentence.
_SLOT_VERB = re.compile(r"\s(?:have|has|had|is|are|was|were)\s")


# A grade written as its initials, alone or two of them joined by a slash ("GM", "Sr.GM", "AGM/DGM",
# "AVP"): the rank held, not an employer (general, deputy and assistant general managers, vice presidents,
# the chief officers, a managing director).
_RANK_INITIALS = re.compile(
    rf"(?:(?:sr|senior|asst|dy|jr)\.?\s*)?(?:{'|'.join(_RANK_WORDS)})"
    r"(?:\s*/\s*(?:gm|agm|dgm|vp|avp|svp|evp))?\.?",
    re.IGNORECASE,
)
# The word for an employer, where the employer's name should be ("Company) As a Channel Manager").
_EMPLOYER_WORD = re.compile(r"\W*(?:company|organi[sz]ation|employer|firm)\W*", re.IGNORECASE)


def _names_no_one(company: str) -> bool:
    """Whether the employer slot holds a grade's initials or the bare word for an employer, naming no one."""
    return bool(_RANK_INITIALS.fullmatch(company.strip()) or _EMPLOYER_WORD.fullmatch(company))


def _initials_of(title: str) -> str:
    """ "Sales Development Manager" -> "SDM"; "" for a title of one word."""
    words = re.findall(r"[A-Za-z]+", title)
    return "".join(word[0] for word in words).upper() if len(words) > 1 else ""
