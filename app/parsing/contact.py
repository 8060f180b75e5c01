"""The contact fields of a resume: name, email, phone, links and where the person lives.

Part of the offline parser (`app.parsing.rule_based`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.parsing import sections as sec
from app.parsing.contact_patterns import EMAIL as _EMAIL
from app.parsing.contact_patterns import PHONE as _PHONE
from app.parsing.contact_patterns import phone_number
from app.parsing.header_parts import (
    _clean,
)
from app.parsing.header_words import (
    _COMPANY_WORDS,
    _TITLE_WORDS,
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


# Splits a header line into its parts: "Oracle - Bangalore, Karnataka -", "Acme | Engineer", "A  B".
# LiveCareer's anonymised "Company Name" often sits between title and place with single spaces.
_FRAGMENT_SPLIT = re.compile(
    r"\s+[-–—|•·]+\s*|\s*[|•·]\s*|\s{2,}|\s*[-–—]\s*$|\s*\t\s*|\s+at\s+(?=[A-Z])"
    r"|\s+(?=Company Name\b)|(?<=Company Name)\s+"
)
_LOCATION = re.compile(
    r"^[A-Z][A-Za-z.'\- ]{1,40}\s*,\s*[A-Z][A-Za-z.'\- ]{1,40}(?:\s*,\s*[A-Z][A-Za-z.' ]{1,40})?$"
)
_NAME_STOPWORDS = {
    "resume", "curriculum", "vitae", "cv", "profile", "summary", "objective", "contact", "address", "email",
    "phone", "mobile", "page", "confidential", "biodata", "bio", "data", "details", "name",
    # Words of section headings no name has: LiveCareer's anonymised resumes open with "Career Focus",
    # "Core Strengths" or "Core Accomplishments" where a name would stand.
    "career", "core", "focus", "strengths", "accomplishments", "achievements", "highlights", "qualifications",
    "overview", "expertise", "competencies", "skills", "experience", "development",
}  # fmt: skip


# --- contact fields -------------------------------------------------------------------------------


def _find_email(text: str) -> str | None:
    match = _EMAIL.search(text)
    return match.group().rstrip(".").lower() if match else None


def _find_phone(text: str) -> str | None:
    for match in _PHONE.finditer(text[:20_000]):
        if (candidate := phone_number(match.group())) is not None:
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
        # Letters of any script: "José García", "Zoë Müller", "Łukasz Nowak" are names as "Jane Doe" is.
        if not all(re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['.\-])*", word) for word in words):
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
    """A "City, Region" fragment in the contact block; the name's own fragment is none, but the line it
    heads may hold one ("Jane Doe | jane@example.com | Austin, Texas")."""
    for line in lines:
        if not line or (_EMAIL.search(line) and "," not in line):
            continue
        for fragment in _FRAGMENT_SPLIT.split(_clean(line)):
            fragment = fragment.strip(" ,")
            if name and name.lower() in fragment.lower():
                continue
            if _is_location(fragment):
                return fragment
    return None


def _is_location(fragment: str) -> bool:
    if not _LOCATION.match(fragment) or len(fragment.split()) > 6:
        return False
    words = {word.lower().strip(".,") for word in fragment.split()}
    return not (words & _TITLE_WORDS or words & _COMPANY_WORDS) or fragment.replace(" ", "") == "City,State"
