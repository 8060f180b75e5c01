"""Word statistics of O*NET 29.2's occupation titles, alternate titles and short titles (a source, not the
evaluation): which words are title words, and how generic each is among titles."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from functools import cache

from app.parsing.shared_data import shared_data_dir

_WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def titles() -> tuple[str, ...]:
    onet = shared_data_dir() / "skills" / "onet"
    found: list[str] = []
    with (onet / "occupation_data.tsv").open(encoding="utf-8") as handle:
        found += [row["Title"] for row in csv.DictReader(handle, delimiter="\t")]
    with (onet / "alternate_titles.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            found.append(row["Alternate Title"])
            if row["Short Title"] != "n/a":
                found.append(row["Short Title"])
    return tuple(found)


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
