"""A job header cut into its parts (title, employer, place, dates) at commas, dashes, pipes, "at".

Part of the offline parser (`app.parsing.rule_based`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.parsing import places, vocabulary
from app.parsing.dates import is_month, is_season
from app.parsing.header_words import (
    _BULLET,
    _COMPANY_LABELS,
    _DATE_LABELS,
    _HEADER_LABELS,
    _LABEL,
    _PLACE_LABELS,
    _TITLE_LABELS,
    _company_score,
    _has_legal_form,
    _title_heads,
    _title_score,
)

_YEARS = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")


def _clean(line: str) -> str:
    return " ".join(_BULLET.sub("", line).split())


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


_SINGLE_DATE = re.compile(r"(?:\b(?P<word>[A-Za-z]{3,9}\.?)\s*,?\s*)?(?:\d{1,2}\s*[/.-]\s*)?(?:19|20)\d\d")


def _strip_single_date(line: str) -> str:
    """The line without its date; a word before the year goes with it only when it names a month or a
    season ("Summer 2018"), so "Floral Designer 08/2017" keeps its title ("Designer" is no month)."""

    def blank(match: re.Match[str]) -> str:
        word = match["word"]
        return "  " if word is None or is_month(word) or is_season(word) else f"{word}  "

    return _SINGLE_DATE.sub(blank, line)


# Separators between the parts of a job header. "at"/"@" also say which side is the employer.
# LiveCareer's anonymised "Company Name" and "City , State" often sit between other parts with
# single spaces ("Company Name City , State Business Development Consultant"); a place without a state is
# "City" alone ("Company Name City PLANT PROTECTION OFFICER").
_PART_SEPARATOR = re.compile(
    r"(\s*\t\s*|\s{2,}|\s+[|•·–—-]+\s+|\s*[|•·]\s*|\s+at\s+(?=[A-Z0-9])|\s*@\s*|\s*[()\[\]]\s*|\s*,\s*"
    r"|\s+[-–—]\s*$|\s+(?=Company Name\b)|(?<=Company Name)\s+|(?<=City , State)\s+|(?<=City, State)\s+"
    r"|(?<=Company Name City)\s+(?=[A-Z])|(?<=Company Name - City)\s+(?=[A-Z]))"
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
# The kind of contract a job was on, a part of its own ("Contoso · Full-time" as LinkedIn writes the
# employer): neither the employer nor the title.
_EMPLOYMENT_TYPE = re.compile(
    r"(?:full|part)[\s-]?time|permanent|temporary|freelance|contract", re.IGNORECASE
)
# How long a job lasted, as LinkedIn writes it beside the dates: "6 yrs 4 mos", "(2 years 3 months)",
# "(less than a year)"; or the roles at one employer, alone on the line under its name.
_SPAN = re.compile(
    r"\d{1,2}\s*(?:years?|yrs?)(?:\s+\d{1,2}\s*(?:months?|mos?))?|\d{1,2}\s*(?:months?|mos?)"
    r"|less\s+than\s+a\s+(?:year|month)",
    re.IGNORECASE,
)
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


# A note in brackets on what became of the employer since ("(formerly Contoso)", "(acquired by Fabrikam)",
# "(now part of Contoso)"): about another name, no part of the employer's, nor a part of the header.
_RENAMED_NOTE = re.compile(
    r"\s*\((?:formerly|previously|earlier|now|later|renamed|acquired\s+by|merged\s+(?:with|into)|f/?k/?a)"
    r"\b[^()]*\)",
    re.IGNORECASE,
)


# A postcode before a town, as an address writes it: "4050-262 Porto", "10115 Berlin", "75008 Paris".
_POSTCODE_TOWN = re.compile(r"\d{4,5}(?:-\d{3,4})?\s+(?P<town>[A-Z].*)")

# Places a role moved between, or worked from in turn: "Hamburg / Munich", "Leeds → Manchester".
_PLACE_JOINER = re.compile(r"\s+(?:/|&|and|→|->|then)\s+")


def _places_in_turn(text: str) -> bool:
    """Whether ``text`` names two or three places joined by "/", "&", "and", "→" or "then"."""
    pieces = _PLACE_JOINER.split(text)
    return 1 < len(pieces) <= 3 and all(places.is_place(piece) for piece in pieces)


# "Worked at Contoso Traders as Sales Executive from March 2012 to May 2014", "2) Working experience at
# Contoso Construction as a Site Engineer from 2017 to 2018.": the employer after the verb, the title after
# "as".
_WORKED_AT_AS = re.compile(
    r"^(?P<lead>\s*(?:\d{1,2}[.)]\s*)?)"
    r"(?:working|worked|employed)(?:\s+experience)?\s+(?:at|with|in|for)\s+"
    r"(?P<who>\w[^,;()]{1,60}?)\s+as\s+(?:an?\s+)?(?P<title>[^,;()]{3,60}?)"
    # Its dates are blanked out by then ("... as Sales Executive      ."): nothing else may follow.
    r"(?P<rest>\s*\.?\s*$)",
    re.IGNORECASE,
)


def _worked_at_as_title_at(line: str) -> str:
    """ "Worked at X as Y from ..." written "Y @ X from ...", the "title @ employer" the header reads (in any
    case), when Y reads as a title and X as none; a bullet's sentence ("• Earlier worked with X as Y from
    ...") is left to the sentence jobs."""
    match = None if _BULLET.match(line) else _WORKED_AT_AS.match(line)
    if match is None or not _title_score(match["title"]) or _title_score(match["who"]):
        return line
    return f"{match['lead']}{match['title']} @ {match['who']}"


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
                _client_dash_spaced(
                    _bracketed_name(_RENAMED_NOTE.sub("", _BULLET.sub("", _worked_at_as_title_at(line))))
                )
                .replace("\t", "  ")
                .split(" ")
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
                and not _EMPLOYMENT_TYPE.fullmatch(text)
                # before its list number is taken off: "3 years 3 months" is no "3." and "years 3 months"
                and not _SPAN.fullmatch(pieces[index].strip(" ,;:-–()"))
            ):
                text = " ".join(text.split())
                if (postal := _POSTCODE_TOWN.fullmatch(text)) and places.is_place(postal["town"]):
                    text = postal["town"]  # "4050-262 Porto": an address's postcode and town, the town
                previous = parts[-1] if parts and parts[-1].line == number else None
                if previous is not None and previous.comma_after and _joins_previous(previous, text):
                    previous.text = f"{previous.text}, {text}"
                    previous.place = previous.place or places.is_place(previous.text)
                    previous.comma_after = separator.strip() == ","
                elif (
                    previous is not None
                    and previous.place
                    and pieces[index - 1].strip() == "("
                    and separator.strip() == ")"
                    and places.is_country(text)
                    and _joins_previous(previous, text)
                ):
                    # "Porto (Portugal)": the town's country in brackets, one place (the Europass CV's).
                    previous.text = f"{previous.text} ({text})"
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
                                and (
                                    places.is_place(text) or bool(_SITE.match(text)) or _places_in_turn(text)
                                )
                            ),
                            label=kind if kind in ("title", "company") else None,
                        )
                    )
            if "(" in separator or ")" in separator:
                bracketed = separator.rfind("(") > separator.rfind(")")
            after_at = bool(_AT.match(separator)) and not bracketed
    return _wrapped_titles_joined(parts)


def _wrapped_titles_joined(parts: list[_Part]) -> list[_Part]:
    """A title a narrow column wrapped ("Senior Customer Success" over "Manager, Contoso Ltd") joined back:
    a line of one part in capitalised words that reads as neither title nor employer nor place, opening on
    a word titles use, over a line opening on a title and a comma, that the words above make a longer title
    ("Senior Customer Success Manager" scores above "Manager"). The line above may read as a title itself
    when the line below opens on one word that the two make a better title with ("Customer Success Team"
    over "Lead, Fabrikam Robotics": "Lead" alone is a rank, no role)."""
    for index in range(len(parts) - 1, 0, -1):
        above, part = parts[index - 1], parts[index]
        if (
            above.line == part.line - 1
            and (index < 2 or parts[index - 2].line != above.line)  # alone on its line
            and not (above.place or part.place or above.label or part.label or above.after_at)
            and part.comma_after  # the wrapped line goes on with ", Employer"
            and not _company_score(above.text)
            and 0 < _title_score(part.text) < (joined := _title_score(f"{above.text} {part.text}"))
            and (
                not _title_score(above.text)
                or (len(part.text.split()) == 1 and joined > _title_score(above.text))
            )
            and above.text.split()[0].lower() in vocabulary.title_words()  # "Senior", "Customer"; no name
            and all(
                word[:1].isupper() or word in ("of", "and", "&") for word in above.text.split()
            )  # no phrase
        ):
            part.text = f"{above.text} {part.text}"
            del parts[index - 1]
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
    # "Bangalore, Karnataka": a short capitalised part after a known city is its region; "Boulder,
    # Colorado": a town named like a word is one before its state.
    return (
        (previous.place or places.names_a_city(previous.text))
        and not _title_score(text)
        and places.is_place(f"{previous.text}, {text}")
    )


def _header_is_complete(header: Iterable[str]) -> bool:
    """Whether the header lines so far already name both a title and an employer."""
    every_part = _parts(header)
    parts = [part for part in every_part if not part.place]
    titled = [part for part in parts if _title_score(part.text)]
    if len(parts) >= 2 and len(titled) == len(parts) and not any(part.place for part in every_part):
        # Two titles and no place ("Managing Director - Head Of Operations" on LiveCareer's dates line)
        # name no employer yet; the next line may ("Company Name - City , State").
        return any(_company_score(part.text) for part in parts)
    if len(parts) == 1 and titled and _company_score(parts[0].text) <= 2:
        # One title and nothing else: a single industry word in it ("Senior Software Engineer", "Bank
        # Manager") names no employer; the next line may ("Contoso Ltd, Seattle, WA" under "dates  title").
        return False
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


# Which of an employer's offices: "Contoso, Head Office -  Mumbai -" names a site, not a title ("Head").
_SITE = re.compile(r"^(?:head|corporate|regional|registered|branch|zonal|area)\s+office$", re.IGNORECASE)
# Small words inside an organisation's name: "Bank of India", "Tata Consultancy Services and Co".
_NAME_JOINERS = frozenset({"of", "and", "the", "&", "de", "for"})
# "Working with Contoso", "Worked at Fabrikam Ltd" opening a header line: the employer follows.
_WORKING_WITH = re.compile(
    r"^(?:working|worked|employed)\s+(?:with|at|in|for)\s+(?=(?-i:[A-Z0-9]))", re.IGNORECASE
)
