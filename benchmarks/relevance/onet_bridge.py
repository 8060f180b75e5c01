"""O*NET titles as a bridge from query words to a role (a measured direction, not shipped).

The query is scored against every O*NET 29.2 occupation (its title, alternate titles and description; BM25
in Python), and the best occupation's title words, plus the words most of its alternate titles share, are
the role words a candidate's current title is lifted for. No relevance label is read.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from functools import lru_cache

from app.parsing.shared_data import shared_data_dir

_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset(
    """and the for with all other from into such their this that are may including workers work
    occupations occupation not elsewhere classified""".split()
)
ROLE_WORDS = 4
K1, B = 1.2, 0.75


def _words(text: str, stem: bool = True) -> list[str]:
    """Lower-case words without stop words; stemmed (a plural "s" dropped) for scoring."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return [w.removesuffix("s") for w in words] if stem else words


@lru_cache(maxsize=1)
def _occupations() -> tuple[list[tuple[str, list[str], Counter[str]]], Counter[str], float]:
    """(title, role words, word counts) per occupation; document frequency; mean length."""
    onet = shared_data_dir() / "skills" / "onet"
    alternates: dict[str, list[str]] = {}
    with (onet / "alternate_titles.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            alternates.setdefault(row["O*NET-SOC Code"], []).append(row["Alternate Title"])
    occupations = []
    frequency: Counter[str] = Counter()
    with (onet / "occupation_data.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            titles = alternates.get(row["O*NET-SOC Code"], [])
            counts = Counter(_words(" ".join([row["Title"]] * 3 + titles + [row["Description"]])))
            shared = Counter(w for title in titles for w in set(_words(title, stem=False)))
            common = [w for w, _ in shared.most_common(ROLE_WORDS)]
            role = list(dict.fromkeys(_words(row["Title"], stem=False) + common))
            occupations.append((row["Title"], role[:ROLE_WORDS], counts))
            frequency.update(counts.keys())
    mean = sum(sum(c.values()) for _, _, c in occupations) / len(occupations)
    return occupations, frequency, mean


def occupation_scores(text: str) -> list[float]:
    """BM25 of `text` against each occupation's document, in the order of `_occupations()`."""
    occupations, frequency, mean = _occupations()
    total = len(occupations)
    words = set(_words(text))
    scores = []
    for _title, _role, counts in occupations:
        length = sum(counts.values())
        score = 0.0
        for word in words:
            tf = counts.get(word, 0)
            if tf:
                idf = math.log(1 + (total - frequency[word] + 0.5) / (frequency[word] + 0.5))
                score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / mean))
        scores.append(score)
    return scores


def role_words(query: str) -> list[str]:
    """The role words of the occupation the query reads most like."""
    occupations = _occupations()[0]
    best, best_score = None, 0.0
    for (_title, role, _counts), score in zip(occupations, occupation_scores(query), strict=True):
        if score > best_score:
            best, best_score = role, score
    return best or []
