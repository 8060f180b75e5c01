"""The department a job was in, where the resume states one, for the same-department search.

Real resumes say so rarely and in a few forms (the samples of /work/shared/data: Indeed's "Department:
Testing", "Department: Plant Engineering" under the dates; "Account Executive Compensation Dept" or "Dept.
of Radiology" beside the title; "Engineering team"). Each is read into one plain name ("Finance" from
"Finance Department", "Department: Finance" and "Finance team"), so two people's jobs compare as written.
"Department of State" standing for the employer itself is the employer, no department of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Lines of a job's details read for a "Department:" label: it stands under the dates, before the duties.
BODY_LINES = 4
# A department's name is a few words ("Accounts Payable", "CMIP (IP Provisioning)"); longer is a sentence.
MAX_WORDS = 6
MAX_CHARS = 60

_NAME = r"(?P<name>[A-Z0-9][\w&/().'’ -]*?)"
# "Department: Finance", "Dept.: Accounts Payable", "Dept - Radiology", behind Indeed's "description - ".
_LABELLED = re.compile(
    r"^\W*(?i:description\s*[-:]\s*)?(?i:department|dept\.?)\s*(?::|-|–)\s*" + _NAME + r"[\s.,;:]*$"
)
# A part of a header line, or a line of its own: "Finance Department", "Executive Compensation Dept.",
# "Department of Radiology", "Dept. of Radiology".
_NAMED = (
    re.compile(_NAME + r"\s+(?i:department|dept\.?)"),
    re.compile(r"(?i:(?:the\s+)?(?:department|dept\.?)\s+of\s+(?:the\s+)?)" + _NAME),
)
# In a header only: "Platform Engineering team" beside the title (in the duties, "Sales team" is whom one
# worked with, not where).
_TEAM = re.compile(_NAME + r"\s+team")
# How a header line's parts are set apart: commas, dashes with spaces, bars.
_PARTS = re.compile(r"\s*(?:,|\||\s[-–—]\s)\s*")
# Words no name opens or ends on ("Supervised two employees for the Accounting Department").
_GLUE = r"(?:a|an|the|our|my|with|for|in|at|and|to|of|by|which)"
# The words in lower case a name holds ("Food and Nutrition", "Department of the Treasury").
_NAME_GLUE = frozenset({"and", "of", "the", "&"})
_NOT_A_NAME = re.compile(rf"^{_GLUE}\b|\b{_GLUE}$", re.IGNORECASE)


def department_of(header: Sequence[str], body: Sequence[str], company: str | None) -> str | None:
    """The department a job's header lines or its first lines of details name, or None."""
    for line in [*header, *body[:BODY_LINES]]:
        if match := _LABELLED.match(line.strip()):
            return _plain(match.group("name"), company)
    for line in header:
        for part in _PARTS.split(line.strip()):
            if name := _named(part, company, team=True):
                return name
    for line in body[:BODY_LINES]:
        if name := _named(line.strip().rstrip("."), company, team=False):
            return name
    return None


def _named(part: str, company: str | None, *, team: bool) -> str | None:
    for pattern in (*_NAMED, *((_TEAM,) if team else ())):
        if match := pattern.fullmatch(part):
            return _plain(match.group("name"), company, whole=part)
    return None


def _plain(name: str, company: str | None, whole: str | None = None) -> str | None:
    """The name tidied, or None when it is a sentence, too long, or the employer itself."""
    name = re.split(r"\s{2,}", name)[0]  # "Chemistry    Company Name City": a column of the next cell
    if name.count("(") > name.count(")"):
        name = name.split("(")[0]  # "Public Safety (Rota, M.P., ...)": the place in brackets, cut by a comma
    name = name.strip(" -–.,;:")
    words = name.split()
    if not words or len(name) > MAX_CHARS or len(words) > MAX_WORDS or _NOT_A_NAME.search(name):
        return None
    if any(word[0].islower() and word not in _NAME_GLUE for word in words):
        return None  # "Supervised two employees for the Accounting": a sentence, its words in lower case
    if company and _folded(whole or name) in _folded(company):
        return None  # "Department of Transportation" over its own jobs: the employer, not a part of it
    return name


def _folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
