"""What the words of a job header's fragment say: a title's and an employer's evidence (O*NET title heads,
organisation words, legal forms), role names and the small text helpers the work-history rules share.

Part of the offline parser (`app.parsing.rule_based`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from app.parsing import places, vocabulary
from app.parsing import sections as sec
from app.parsing.models import WorkExperience

# The glyphs a list item may open with.
_BULLET_GLYPHS = r"•●▪■◦‣∙·*►➢✓✔❖◆◇○➤→»\-–"
_BULLET = re.compile(rf"^[\s{_BULLET_GLYPHS}]+")

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


# --- work experience ------------------------------------------------------------------------------


_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z /&]{1,25}?)\s*:\s*(.*)$")
_COMPANY_LABELS = {"company", "employer", "organization", "organisation", "client", "company name", "firm"}
_TITLE_LABELS = {"designation", "role", "title", "position", "job title", "current designation", "post"}
_PLACE_LABELS = {"location", "city", "place", "based in"}
_DATE_LABELS = {"period", "dates", "date", "duration", "from", "tenure", "years", "time"}
# "Company Name" alone is LiveCareer's anonymised employer, not a label.
_HEADER_LABELS = (_COMPANY_LABELS | _TITLE_LABELS | _PLACE_LABELS | _DATE_LABELS) - {"company name"}


# A header line may end with an abbreviation's dot: a legal form ("Acme Pvt. Ltd."), or a title word
# written short ("Server Support Engg.", "Sales Mgr.", "Admin. Asst.").
_ABBREVIATED_END = re.compile(
    r"\b(?:inc|ltd|co|corp|pvt|llc|jr|sr|engg|engr|mgr|asst|exec|admin|dept|assoc|coord|supvr|spl)\.$", re.I
)


def _is_headerish(line: str) -> bool:
    """Short, unpunctuated, not a bullet: a title, employer or place line rather than a description."""
    stripped = line.strip()
    unplaced = _ANONYMISED_PLACE.sub("", stripped)
    if not stripped or len(unplaced) > 90 or (_BULLET.match(stripped) and not stripped.startswith("-")):
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
    # LiveCareer's anonymised employer and place ("Company Name - City , State Behavioral Healthcare Help Line
    # and Psychiatric Emergency Team Supervisor") mark a header line: their words do not count.
    return len(unplaced.split()) <= 12


# LiveCareer's anonymised employer, then its anonymised place.
_ANONYMISED_PLACE = re.compile(r"\bCompany Name\s*(?:[-–—,]\s*)?City\s*,\s*State\b")


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


# A dash after a title's words, spaced on one side at least ("Senior Manager- Ad Sales") or run between two
# words ("Head-Business Unit"): what follows qualifies the title.
_TITLE_DASH = re.compile(r"\s*[-–—]\s+|\s+[-–—]\s*|(?<=[a-z])-(?=[A-Z])")


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


# An honorific opening a fragment ("Dr. Reddy's", "Mr Cooper", "dr. lal pathlabs"): a person's name or a firm
# named after one, never a title, though O*NET's head words hold "dr" ("Doctor (Dr)") and "cooper". With its
# dot in any case; without it not in capitals, which are initials ("DR Specialist", "MS Dynamics Consultant",
# "SMT Operator").
_HONORIFIC = re.compile(r"(?:(?i:dr|mrs?|ms|smt|shri)\.\s*|(?:[Dd]r|[Mm]rs?|[Mm]s|[Ss]mt|[Ss]hri)\s+)(?=\w)")


def _title_score(fragment: str) -> int:
    """Evidence that ``fragment`` is a job title: O*NET head words at its end, title words in it."""
    if _BUSINESS_RELATION.match(fragment) or (fragment[:1] in "DMSdms" and _HONORIFIC.match(fragment)):
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


# A US state's code that is also a legal form's abbreviation, after a comma and a town: "Denver, CO".
_STATE_AFTER_TOWN = re.compile(r"(?P<town>[A-Z][\w .'-]*),\s*CO")


def _company_score(fragment: str) -> int:
    """Evidence that ``fragment`` is an employer: a legal form, a telling word, LiveCareer's placeholder."""
    if fragment.lower().startswith("company name"):
        return 5  # LiveCareer's anonymised employer
    words = [word.lower().strip(",()") for word in fragment.split()]
    if not words:
        return 0
    if (state := _STATE_AFTER_TOWN.fullmatch(fragment.strip())) and places.is_city(state["town"]):
        return 0  # "Denver, CO": Colorado after a town, not "Co." ("Contoso & Co" has no known town)
    legal = 3 if vocabulary.legal_form(words[-1]) and len(words) > 1 else 0
    return legal + sum(word in _COMPANY_WORDS for word in words) * 2


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


def _in_title_words(text: str) -> bool:
    """Every word of ``text`` is one titles are made of ("Sales", "Handling and Taking"): no name."""
    words = [word for word in re.findall(r"[a-z]+", text.lower()) if word not in ("and", "of", "the")]
    return bool(words) and all(word in _glue_vocabulary() for word in words)


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


_JOINING_WORDS = frozenset(
    {"a", "an", "the", "in", "of", "for", "to", "at", "on", "by", "with", "from", "as"}
)


# A value ending on a joining word was cut off mid-phrase ("Carpenter and", "well in advance in"): neither a
# title nor a name ends that way.
# A part that opens on a joining word typed in lower case: the end of a list or phrase cut at its comma.
_CUT_BEFORE = re.compile(r"(?:and|or|&)\s")


# A grade written as its initials: general, deputy and assistant general managers, vice presidents, the chief
# officers, a managing director ("AVP", "DGM"). The rank held names a role as a title head does.
_RANK_WORDS = ("gm", "agm", "dgm", "vp", "avp", "svp", "evp", "ceo", "cfo", "coo", "cto", "md")


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
        if word in _RANK_WORDS:
            return True  # "AVP - Mortgages - South"
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
