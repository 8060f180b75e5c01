"""Query expansion learned from the job postings (a measured direction, not shipped).

Words that co-occur with a query word in ../shared/data/jobs postings (title and description, one posting
one document) more than chance predicts (pointwise mutual information, with floors on how many postings
hold each word and the pair) are added to the query as a low-weight should clause over the resume text.
No relevance label is read. The postings are 672 data-science jobs, so most non-IT words have no
neighbours there: this measures what the only posting source the project has can do.
"""

from __future__ import annotations

import csv
import math
import re
import sys
from collections import Counter
from functools import lru_cache

from app.parsing.shared_data import shared_data_dir

_WORD = re.compile(r"[a-z][a-z+#]{2,}")
_STOP = frozenset(
    """the and for with you our are will that this from have has not but all can your their they who
    which what when where been were was more most other any each such into about over also than then
    these those its it's may must able work working team teams experience years year including include
    strong skills skill ability new using use used well within across job role candidate candidates
    company position required requirements preferred plus etc one two three per who whom how why""".split()
)
# A word must be in this many postings to be expanded or to expand; a pair must share this many.
MIN_POSTINGS = 5
MIN_SHARED = 3
TERMS_PER_WORD = 3


@lru_cache(maxsize=1)
def _postings() -> list[set[str]]:
    csv.field_size_limit(sys.maxsize)
    path = shared_data_dir() / "jobs" / "glassdoor_data_science_jobs.csv"
    with path.open(encoding="utf-8") as handle:
        texts = [f"{row['Job Title']} {row['Job Description']}".lower() for row in csv.DictReader(handle)]
    return [{w for w in _WORD.findall(text) if w not in _STOP} for text in texts]


@lru_cache(maxsize=1)
def _document_frequency() -> Counter[str]:
    frequency: Counter[str] = Counter()
    for words in _postings():
        frequency.update(words)
    return frequency


@lru_cache(maxsize=4096)
def neighbours(word: str) -> tuple[str, ...]:
    """The words most associated with ``word`` across the postings (PMI weighed by support), best first."""
    frequency = _document_frequency()
    total = len(_postings())
    if frequency[word] < MIN_POSTINGS:
        return ()
    shared: Counter[str] = Counter()
    for words in _postings():
        if word in words:
            shared.update(words)
    scored = []
    for other, together in shared.items():
        if other == word or together < MIN_SHARED or frequency[other] < MIN_POSTINGS:
            continue
        pmi = math.log(together * total / (frequency[word] * frequency[other]))
        scored.append((pmi * math.log(together), other))  # PMI alone favours rare pairs
    return tuple(other for _, other in sorted(scored, reverse=True)[:TERMS_PER_WORD])


def expand(query: str) -> list[str]:
    """Expansion words for a query: each word's neighbours, minus the query's own words."""
    words = [w for w in _WORD.findall(query.lower()) if w not in _STOP]
    extra: list[str] = []
    for word in words:
        extra.extend(n for n in neighbours(word) if n not in words and n not in extra)
    return extra


class Cooccurrence:
    """The same PMI neighbours over any collection of texts (one text one document): the resumes
    themselves, in-domain where the postings are not (the resume collection, no label read)."""

    def __init__(self, texts: list[str], min_documents: int = 10, min_shared: int = 5) -> None:
        self.documents = [{w for w in _WORD.findall(text.lower()) if w not in _STOP} for text in texts]
        self.frequency: Counter[str] = Counter()
        for words in self.documents:
            self.frequency.update(words)
        self.min_documents = min_documents
        self.min_shared = min_shared
        self.cache: dict[tuple[str, int], tuple[str, ...]] = {}

    def neighbours(self, word: str, count: int = TERMS_PER_WORD) -> tuple[str, ...]:
        """The words most associated with ``word`` (PMI weighed by support), best first."""
        if (word, count) in self.cache:
            return self.cache[word, count]
        total = len(self.documents)
        found: tuple[str, ...] = ()
        if self.frequency[word] >= self.min_documents:
            shared: Counter[str] = Counter()
            for words in self.documents:
                if word in words:
                    shared.update(words)
            scored = [
                (
                    math.log(together * total / (self.frequency[word] * self.frequency[other]))
                    * math.log(together),
                    other,
                )
                for other, together in shared.items()
                if other != word
                and together >= self.min_shared
                and self.frequency[other] >= self.min_documents
            ]
            found = tuple(other for _, other in sorted(scored, reverse=True)[:count])
        self.cache[word, count] = found
        return found

    def expand(self, query: str, count: int = TERMS_PER_WORD) -> list[str]:
        """Expansion words for a query: each word's neighbours, minus the query's own words."""
        words = [w for w in _WORD.findall(query.lower()) if w not in _STOP]
        extra: list[str] = []
        for word in words:
            extra.extend(n for n in self.neighbours(word, count) if n not in words and n not in extra)
        return extra
