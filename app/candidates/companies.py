"""The normalized company key that lets "Otto Group GmbH", "OTTO GROUP" and "Otto Group, Hamburg" meet."""

from __future__ import annotations

import re
import unicodedata

from app.parsing import places
from app.parsing.vocabulary import LEGAL_FORMS

# Kept for callers that ask which words are legal forms; the parser's list is the one source.
LEGAL_SUFFIXES = LEGAL_FORMS
# A place after a separator is where the employer sits, not who it is: "Otto Group, Hamburg",
# "Infosys - Pune", "Monzo (London)".
_TRAILING_PLACE = re.compile(
    r"^(?P<name>.+?)\s*(?:,|\s[-–—|]|\()\s*(?P<place>[^,()\-–—|]+(?:,[^,()]+)?)\)?\s*$"
)
_NON_WORD = re.compile(r"[^a-z0-9&+]+")


def company_key(name: str | None) -> str | None:
    """Lower-case ASCII words of the name without a trailing place or legal forms; None if none is left."""
    if not name:
        return None
    while (match := _TRAILING_PLACE.match(name)) and places.is_place(match["place"].strip()):
        name = match["name"]
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in _NON_WORD.split(ascii_name.replace(".", "")) if w]
    # "Pvt. Ltd.", "GmbH & Co. KG": every trailing legal-form word goes ("&" joins two of them).
    while len(words) > 1 and (words[-1] in LEGAL_FORMS or (words[-1] == "&" and words[-2] in LEGAL_FORMS)):
        words.pop()
    while len(words) > 1 and words[-1] == "&":
        words.pop()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)[:200] or None
