"""Words that tell a job title from an employer: O*NET title words (``data/titles.json``) and legal forms."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

# Legal-form suffixes of employers ("Siemens AG", "Acme, Inc.", "Infosys Pvt. Ltd."), dots removed.
# "private" is the spelled-out "Pvt." of India's "Private Limited" (and Pakistan's, Sri Lanka's).
LEGAL_FORMS = frozenset(
    """
    inc incorporated llc ltd limited corp corporation co company plc gmbh ag se sa sas sarl spa srl bv nv
    kg ohg ug kgaa oy oyj ab asa as aps pty lp llp pvt private pte kk sdn bhd
    """.split()
)

# Written in the employer slot, these name no employer: nobody employed the person ("Self-employed",
# "Freelance"), lower-case words as `company_key` and the parser fold them. `company_key` gives them no key
# (beside placeholders such as "Company Name"); the parser keeps no employer for them, nor for a few
# looser words of its own.
NO_EMPLOYER = frozenset({"self employed", "freelance", "freelancer"})

# "M/s" (Messrs), which Indian business writing puts before a firm's name ("M/s Contoso Traders Pvt. Ltd."),
# says the name follows and is no part of it; the parser drops it from employers, `company_key` from keys.
MESSRS = re.compile(r"^\s*(?:m\s*/\s*s|messrs)\b\.?\s*(?=\S)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _titles() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = json.loads(resources.files("app.parsing").joinpath("data/titles.json").read_bytes())
    return frozenset(data["heads"]), frozenset(data["words"]), frozenset(data["roles"])


def title_heads() -> frozenset[str]:
    """Words O*NET job titles end with ("engineer", "analyst", "chef"), lower case."""
    return _titles()[0]


def title_words() -> frozenset[str]:
    """Words O*NET job titles are made of ("senior", "supply", "chain"), lower case."""
    return _titles()[1]


def role_words() -> frozenset[str]:
    """Words O*NET gives as a whole job title on their own, too rarely a head ("realtor", "waitstaff")."""
    return _titles()[2]


def legal_form(word: str) -> bool:
    """Whether ``word`` is a legal-form suffix ("GmbH", "Inc.", "Pvt."), or two written without a space
    ("Pvt.Ltd", "Co.Ltd")."""
    folded = word.lower().strip(",()")
    if folded.replace(".", "") in LEGAL_FORMS:
        return True
    pieces = [piece for piece in folded.split(".") if piece]
    return len(pieces) > 1 and all(piece in LEGAL_FORMS for piece in pieces)
