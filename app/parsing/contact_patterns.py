"""What an email address and a phone number look like in a resume's text.

The offline parser finds a candidate's contact details with these (`app.parsing.contact`); the indexer
blanks them out of the resume text it indexes (`without_contact_details`), so they stay in Postgres. Only
`re` and the date ranges: the indexer imports this without the parser's vocabularies.
"""

from __future__ import annotations

import re

from app.parsing.dates import find_ranges

EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,5}\.[A-Za-z]{2,12}"
)
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d{1,4}\)?(?:[ .\-\u2013]?\(?\d{1,5}\)?){1,5}(?!\w)")
# Date ranges and years glued together ("2014-2016 2017") are not phone numbers.
_YEARS = re.compile(r"(?:(?:19|20)\d\d[\s.\-–]*)+")
# Digits with the separators a phone number is written with, ten characters or more: the only places a phone
# number can be. Looked for first because it is cheaper (about 18 us in a 3 KB resume text, PHONE alone 70).
_DIGIT_RUN = re.compile(r"[0-9][0-9 ().\u2013-]{8,}+")


def phone_number(found: str) -> str | None:
    """The phone number a PHONE match is, trimmed; None for a date range, years or a number of another
    length (10 to 15 digits)."""
    candidate = found.strip(" .-–")
    digits = re.sub(r"\D", "", candidate)
    if not 10 <= len(digits) <= 15 or find_ranges(candidate) or _YEARS.fullmatch(candidate):
        return None
    return candidate


def without_contact_details(text: str) -> str:
    """The text with its email addresses and phone numbers blanked, a space for each."""
    return _DIGIT_RUN.sub(_without_phones, _without_emails(text))


# Characters before an "@" an address can start at, and after it it can end by (EMAIL's own bounds).
_LOCAL_CHARS, _DOMAIN_CHARS = 64, 6 * 64 + 20


def _without_emails(text: str) -> str:
    """EMAIL looked for only around each "@": over the whole text it tries every word (50 us in a 3 KB resume,
    against a few here)."""
    pieces, done = [], 0
    at = text.find("@")
    while at != -1:
        start = max(done, at - _LOCAL_CHARS)
        found = EMAIL.search(text, start, at + _DOMAIN_CHARS)
        if found is not None and found.start() <= at < found.end():
            pieces += [text[done : found.start()], " "]
            done = found.end()
        at = text.find("@", max(at + 1, done))
    return "".join(pieces) + text[done:] if pieces else text


def _without_phones(run: re.Match[str]) -> str:
    return PHONE.sub(lambda found: " " if phone_number(found[0]) else found[0], run[0])
