"""Seniority words ("senior", "Sr.", "lead", "entry level") and whether a text uses one as a rank of the
role it asks for: the smart search turns them into years of experience, the text search weighs them as a
rank, not as a trade."""

from __future__ import annotations

import re

# Seniority words and the experience range they mean to a recruiter.
SENIORITY_YEARS: dict[str, tuple[float | None, float | None]] = {
    "intern": (None, 1),
    "junior": (None, 3),
    "jr": (None, 3),
    "entry": (None, 2),
    "mid": (3, 7),
    "senior": (5, None),
    "sr": (5, None),
    "lead": (7, None),
    "staff": (8, None),
    "principal": (10, None),
}

# Seniority words, and the words around them that say they are no seniority. Found in O*NET's alternate
# titles and in postings: "Data Entry Clerk" and "Order Entry" (not entry level), "Junior High School
# Teacher", "Staff Nurse", "Staff Accountant" and "Medical Staff Physician" (staff is a rank in software
# only), "School Principal" and "Vice Principal", "Lead Abatement Worker", "lead generation", and "lead" as
# a verb in a pasted description ("will lead the analysis").
_SENIORITY_WORD = re.compile(r"\b(" + "|".join(SENIORITY_YEARS) + r")\b\.?", re.I)
_NEIGHBOUR = re.compile(r"[a-z0-9+#]+")
_NOT_RANKED_AFTER = {
    "junior": frozenset("high school college year".split()),
    "senior": frozenset("high school citizen citizens living care center centre home year".split()),
    "mid": frozenset("market size sized west western atlantic range term day year point".split()),
    "lead": frozenset(
        """
        the a an our your their his her its this these and or to in on with for of by team teams project
        projects effort efforts initiative initiatives generation gen abatement based paint poisoning time
        times nurturing qualification scoring
        """.split()
    ),
    "principal": frozenset(["of", "at", "in", "for", "and", "or", "investigator", "school", ""]),
}
_NONE: frozenset[str] = frozenset()
_NOT_RANKED_BEFORE = {
    "lead": frozenset("will to can must should you who and would help helps also".split()),
    "principal": frozenset("vice assistant deputy school elementary secondary middle high k-12".split()),
}
# "staff" ranks a role in software and data only ("Staff Software Engineer", "staff data scientist").
_STAFF_ROLES = frozenset(
    """
    engineer engineers developer developers software data scientist architect designer sre swe machine ml
    security product frontend backend fullstack front back full platform infrastructure research applied
    mobile ios android cloud systems devops
    """.split()
)


def mentions(text: str) -> list[tuple[int, int, str]]:
    """Each seniority word that ranks the role asked for, with its span: "senior", "Sr.", "entry level",
    "lead developer", "staff engineer"; not "data entry", "school principal", "staff nurse", "lead the
    team"."""
    mentions = []
    for m in _SENIORITY_WORD.finditer(text):
        word = m.group(1).lower()
        following = _NEIGHBOUR.findall(text[m.end() : m.end() + 40].lower())
        after = following[0] if following else ""
        before = (_NEIGHBOUR.findall(text[max(0, m.start() - 40) : m.start()].lower()) or [""])[-1]
        if word == "entry":
            ranks = after == "level"
        elif word == "staff":  # "Staff BI and Data Engineer"
            ranks = not _STAFF_ROLES.isdisjoint(following[:4])
        else:
            ranks = after not in _NOT_RANKED_AFTER.get(word, _NONE)
            ranks = ranks and before not in _NOT_RANKED_BEFORE.get(word, _NONE)
        if ranks:
            mentions.append((m.start(), m.end(), word))
    return mentions


def positions(text: str) -> frozenset[int]:
    """Which of the text's words (`text.split()`) are a seniority word that ranks the role asked for."""
    spans = [(start, end) for start, end, _ in mentions(text)]
    return frozenset(
        n
        for n, word in enumerate(re.finditer(r"\S+", text))
        if any(start < word.end() and word.start() < end for start, end in spans)
    )
