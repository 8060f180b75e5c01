"""The normalized company key that lets "Acme, Inc." and "ACME" meet as the same employer."""

from __future__ import annotations

import re
import unicodedata

# Legal-form words that say nothing about which company it is.
LEGAL_SUFFIXES = frozenset(
    "inc incorporated llc ltd limited corp corporation co company plc gmbh ag sa bv nv pty lp llp".split()
)
_NON_WORD = re.compile(r"[^a-z0-9&+]+")


def company_key(name: str | None) -> str | None:
    """Lower-case ASCII words of the name without trailing legal forms; None when nothing is left."""
    if not name:
        return None
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in _NON_WORD.split(ascii_name.replace(".", "")) if w]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)[:200] or None
