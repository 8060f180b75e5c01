"""Experiment (issue 17, session 13): word equivalences read from O*NET's short titles.

O*NET 29.2 gives many alternate titles a short form that differs from it in one word: "Automotive Technician"
-> "Auto Technician", "Automobile Appraiser" -> "Auto Appraiser", "Customer Service Representative" ->
"Customer Service Rep". Each such (long word, short word) pair seen in at least `MIN_SUPPORT` titles is an
abbreviation; two long words that share a short word in that many titles each ("automotive" and
"automobile" both -> "auto") are the same word for a title. A query word with such entries is expanded by its
short form and the other long forms of it. Nothing here reads the evaluation's queries or labels.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from functools import cache

from app.parsing.shared_data import shared_data_dir

MIN_SUPPORT = 3  # a pair seen in fewer titles is an accident of one occupation ("automatic" -> "auto": 1)
_PARENTHESIS = re.compile(r"\s*\(.*?\)")
_WORD = re.compile(r"[^\W\d_][\w+#-]*")


@cache
def pairs() -> Counter[tuple[str, str]]:
    """(long word, short word) -> how many O*NET alternate titles have a short title swapping that word."""
    counts: Counter[tuple[str, str]] = Counter()
    path = shared_data_dir() / "skills" / "onet" / "alternate_titles.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            short = row["Short Title"]
            if short == "n/a":
                continue
            long_words = _PARENTHESIS.sub("", row["Alternate Title"]).casefold().split()
            short_words = short.casefold().split()
            if len(long_words) != len(short_words):
                continue
            swapped = [(a, b) for a, b in zip(long_words, short_words, strict=True) if a != b]
            if len(swapped) == 1:
                counts[swapped[0]] += 1
    return counts


@cache
def equivalents() -> dict[str, frozenset[str]]:
    """word -> the words that stand for it in a title (its short form and that form's other long forms)."""
    kept = [(a, b) for (a, b), n in pairs().items() if n >= MIN_SUPPORT]
    longs: dict[str, set[str]] = defaultdict(set)
    for a, b in kept:
        longs[b].add(a)
    out: dict[str, set[str]] = defaultdict(set)
    for a, b in kept:
        out[a] |= {b} | (longs[b] - {a})
        out[b] |= longs[b]
    return {word: frozenset(words) for word, words in out.items()}


def expand(text: str, *, include_short: bool = True) -> list[str]:
    """The equivalents of the text's words that the text does not already hold (long forms of a short word
    the text uses only when `include_short`)."""
    asked = [w.casefold() for w in _WORD.findall(text)]
    table = equivalents()
    out: list[str] = []
    for word in asked:
        for other in sorted(table.get(word, ())):
            if other not in asked and other not in out and (include_short or len(other) > 3):
                out.append(other)
    return out
