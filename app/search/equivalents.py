"""Words a search treats alike because job titles use them for each other: "auto" for "automotive" and
"automobile", "tech" for "technician", "rep" for "representative" (``data/short_titles.json``, O*NET's
short titles, written by ``python -m app.search.build_vocabulary``).

A query word with equivalents is searched with them too ("auto technician" also finds an "Automotive
Technician"). On the labelled resumes: dev nDCG@10 +0.005, held-out +0.015, automotive from 0.07 to bm25's
0.22 (benchmarks/README.md, issue 17 sessions 13 and 14).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources

# A query word as the table spells it (letters first; "k-9", "c++" stay whole).
_WORD = re.compile(r"[^\W\d_][\w+#-]*")


@lru_cache(maxsize=1)
def table() -> dict[str, frozenset[str]]:
    """word -> the words that stand for it: its short form, and that form's other long forms (automotive ->
    auto, automobile); a short form -> its long forms."""
    data = json.loads(resources.files("app.search").joinpath("data/short_titles.json").read_bytes())
    pairs = [(pair["long"], pair["short"]) for pair in data["pairs"]]
    longs: dict[str, set[str]] = defaultdict(set)
    for long, short in pairs:
        longs[short].add(long)
    words: dict[str, set[str]] = defaultdict(set)
    for long, short in pairs:
        words[long] |= {short} | (longs[short] - {long})
        words[short] |= longs[short]
    return {word: frozenset(others) for word, others in words.items()}


def equivalents(text: str) -> list[str]:
    """The equivalents of the text's words that the text does not already hold, in the order of its words."""
    asked = [word.casefold() for word in _WORD.findall(text)]
    found: list[str] = []
    for word in asked:
        for other in sorted(table().get(word, ())):
            if other not in asked and other not in found:
                found.append(other)
    return found


def synonym_rules() -> list[str]:
    """The table as Solr-format rules, one a word: `word => word, its equivalents`, so each word maps to
    exactly the words `table` gives it (not a symmetric group: "sb" and "swb" stand for "switchboard" but
    not for each other). The index definition inlines them in the search analyzer `prose_equivalents`
    (`indexer.mapping.build_definition`): a query word and its equivalents are then one term for the
    engine (a SynonymQuery, scored with the statistics of them all), not words of their own."""
    return [f"{word} => {', '.join([word, *sorted(others)])}" for word, others in sorted(table().items())]


@lru_cache(maxsize=4096)
def with_equivalents(text: str) -> str:
    """The text with its words' equivalents appended ("auto technician" -> "auto technician automobile
    automotive tech technologist"); unchanged when it has none."""
    return " ".join([text, *equivalents(text)])
