"""A candidate's profile terms: what similar_candidates compares, computed once when the document is built."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words of a title that say nothing about the role.
_TITLE_STOPWORDS = frozenset("a an and as at be by for from in is of on or the to with".split())
_TITLE_WORD = re.compile(r"[^\W\d_]{2,}")
# Profile entries of a current-title word carry this prefix, so "java" the skill and "java" in a title differ.
TITLE_TERM_PREFIX = "title:"


def profile_terms(skills: Sequence[str], title: str | None) -> list[str]:
    """What similar_candidates compares: the candidate's skills and current-title words, case-folded.

    Computed here, once per document, so the search matches exact terms instead of analysing the source
    profile's text at query time (as more_like_this did).
    """
    terms = dict.fromkeys(skill.casefold() for skill in skills if skill)
    words = _TITLE_WORD.findall((title or "").casefold())
    terms.update(dict.fromkeys(TITLE_TERM_PREFIX + w for w in words if w not in _TITLE_STOPWORDS))
    return list(terms)
