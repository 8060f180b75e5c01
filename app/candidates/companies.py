"""The normalized company key that lets "Otto Group GmbH", "OTTO GROUP" and "Otto Group, Hamburg" meet."""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa

from app.parsing import places
from app.parsing.vocabulary import LEGAL_FORMS, MESSRS, NO_EMPLOYER

# Kept for callers that ask which words are legal forms; the parser's list is the one source.
LEGAL_SUFFIXES = LEGAL_FORMS
# A place after a separator is where the employer sits, not who it is: "Otto Group, Hamburg",
# "Infosys - Pune", "Monzo (London)".
_TRAILING_PLACE = re.compile(
    r"^(?P<name>.+?)\s*(?:,|\s[-–—|]|\()\s*(?P<place>[^,()\-–—|]+(?:,[^,()]+)?)\)?\s*$"
)
_NON_WORD = re.compile(r"[^a-z0-9&+]+")
# A city right after one of these is part of the name ("Bank of Baroda", "Times of Mumbai").
_JOINING_WORDS = frozenset({"of", "and", "&", "the", "de", "in", "at", "for"})
# A one-word name of these before a country is the company's own name, not a branch of it ("Air
# India", "Coal India", "Star India", "Oil India", "Engineers India"): an ordinary word that a country
# makes a name. Other names lose a trailing country ("Oracle India", "IBM India Pvt Ltd").
_NAMES_WITH_COUNTRY = frozenset(
    """
    air star oil coal gas power steel cement engineers radio television tv bank post royal national
    times telecom rail railways airways airlines petroleum energy mobile food foods sports general united
    """.split()
)
# Countries whose names are also words or surnames a name may end with ("Butterball Turkey", "Michael
# Jordan", "New Jersey"); they stay.
_COUNTRIES_AS_WORDS = frozenset(
    {"turkey", "chad", "jordan", "jersey", "guernsey", "guinea", "niger", "georgia"}
)

# What stands where an employer's name would, without naming one: LiveCareer's anonymised "Company Name"
# (../shared/data/SOURCES.md), "Confidential", and the words that say nobody employed the person
# (`NO_EMPLOYER`: "Self-employed", "Freelance"). Such a key would make everyone who wrote it
# colleagues of each other, so it is no key at all.
PLACEHOLDER_KEYS = NO_EMPLOYER | frozenset(
    {
        "company name",
        "company",
        "name of company",
        "name of the company",
        "employer",
        "employer name",
        "organization name",
        "organisation name",
        "confidential",
        "confidential company",
        "undisclosed",
        "not disclosed",
        "n a",
        "na",
    }
)


# The placeholders that only hide a name (not the words saying nobody employed the person, which say
# something a recruiter may want to see: "Self-employed", "Freelance").
ANONYMISED_KEYS = PLACEHOLDER_KEYS - NO_EMPLOYER


def company_key(name: str | None) -> str | None:
    """Lower-case ASCII words of the name without a trailing place or legal forms; None if none is left."""
    key = _folded(name)
    return key if key and key not in PLACEHOLDER_KEYS else None


def hides_the_employer(name: str | None) -> bool:
    """Whether the name only stands where an employer's would ("Company Name", "Confidential"): as a
    candidate's current company it would be the most common one in every facet and filter list."""
    return _folded(name) in ANONYMISED_KEYS


def _folded(name: str | None) -> str | None:
    """company_key before placeholders are set aside."""
    if not name:
        return None
    name = MESSRS.sub("", name)  # "M/s Contoso Traders" is Contoso Traders
    while (match := _TRAILING_PLACE.match(name)) and places.is_place(match["place"].strip()):
        name = match["name"]
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in _NON_WORD.split(ascii_name.replace(".", "")) if w]
    # "Pvt. Ltd.", "GmbH & Co. KG": every trailing legal-form word goes ("&" joins two of them); so
    # does a large city written without a separator ("Infosys Hyderabad", "Cisco Bangalore Pvt Ltd")
    # and a country after a name ("Oracle India Ltd", "IBM India Pvt. Ltd.": the employer's branch).
    while _drop_legal_forms(words) | _drop_trailing_city(words) | _drop_trailing_country(words):
        pass
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)[:200] or None


def _drop_legal_forms(words: list[str]) -> bool:
    """Pop trailing legal-form words (and a dangling "&") in place; whether any went."""
    before = len(words)
    while len(words) > 1 and (words[-1] in LEGAL_FORMS or (words[-1] == "&" and words[-2] in LEGAL_FORMS)):
        words.pop()
    while len(words) > 1 and words[-1] == "&":
        words.pop()
    return len(words) < before


def _drop_trailing_city(words: list[str]) -> bool:
    """Pop a trailing one- or two-word large city in place when a name is left before it."""
    for size in (2, 1):
        rest = words[:-size]
        if rest and rest[-1] not in _JOINING_WORDS and places.is_metropolis(" ".join(words[-size:])):
            del words[-size:]
            return True
    return False


def _drop_trailing_country(words: list[str]) -> bool:
    """Pop a trailing country of up to three words in place when a name of its own is left before it."""
    for size in (3, 2, 1):
        rest = words[:-size]
        if (
            rest
            and rest[-1] not in _JOINING_WORDS
            and not (len(rest) == 1 and rest[0] in _NAMES_WITH_COUNTRY)
            and " ".join(words[-size:]) not in _COUNTRIES_AS_WORDS
            and places.is_country(" ".join(words[-size:]))
        ):
            del words[-size:]
            return True
    return False


# Rows updated per statement when stored keys are recomputed.
_RECOMPUTE_BATCH = 5_000


def recompute_stored_keys(connection: sa.Connection) -> int:
    """Set every stored work_experience.company_key to what `company_key` gives now; only rows whose key
    changes are written, so the work_experience touch triggers re-send just those candidates to the index.
    The migrations that change the key function (0004 to 0008) call this; returns the rows changed."""
    rows = connection.execute(
        sa.text("SELECT id, company, company_key FROM work_experience WHERE company IS NOT NULL ORDER BY id")
    ).all()
    changed = [
        {"id": row.id, "key": key} for row in rows if (key := company_key(row.company)) != row.company_key
    ]
    return _update_in_batches(
        connection, "UPDATE work_experience SET company_key = :key WHERE id = :id", changed
    )


def clear_placeholder_current_companies(connection: sa.Connection) -> int:
    """Set candidates.current_company to NULL where it only hides the employer (`hides_the_employer`); the
    candidates trigger re-sends each changed candidate to the index. Migration 0010 calls this; returns the
    rows changed."""
    rows = connection.execute(
        sa.text("SELECT id, current_company FROM candidates WHERE current_company IS NOT NULL ORDER BY id")
    ).all()
    changed = [{"id": row.id} for row in rows if hides_the_employer(row.current_company)]
    return _update_in_batches(
        connection, "UPDATE candidates SET current_company = NULL WHERE id = :id", changed
    )


def _update_in_batches(connection: sa.Connection, statement: str, rows: list[dict[str, object]]) -> int:
    """`statement` once per row, _RECOMPUTE_BATCH rows a round trip; how many rows."""
    for start in range(0, len(rows), _RECOMPUTE_BATCH):
        connection.execute(sa.text(statement), rows[start : start + _RECOMPUTE_BATCH])
    return len(rows)
