"""Word statistics of O*NET 29.2's occupation titles, alternate titles and short titles (a source, not the
evaluation): which words are title words, and how generic each is among titles."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

from app.parsing.build_titles import onet_titles
from app.parsing.shared_data import shared_data_dir

_WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def titles() -> tuple[str, ...]:
    return tuple(onet_titles(shared_data_dir() / "skills" / "onet"))


@cache
def document_frequency() -> Counter[str]:
    """How many O*NET titles have each (case-folded) word."""
    counts: Counter[str] = Counter()
    for title in titles():
        counts.update(set(_WORD.findall(title.casefold())))
    return counts


def idf(word: str) -> float:
    """log(titles / (1 + titles with the word)): a word no title has is the rarest."""
    return math.log(len(titles()) / (1 + document_frequency().get(word, 0)))
