"""How specific a word is to a trade: how many O*NET occupations use it (``data/occupation_spread.json``,
written by ``python -m app.search.build_vocabulary``).

BM25's idf says how rare a word is among the resumes, not whether it names a trade: "production",
"operations", "service" are in the titles and descriptions of 120 to 330 of O*NET's 1,016 occupations and
match resumes of any trade, "agronomy", "loan", "ledger" in 2 to 16. A query word keeps its whole weight when
a few occupations use it (or none: product names, acronyms) and less the more of them do.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any


def fold(word: str) -> str:
    """Lower case, a plural's "s" off ("deposits" ~ "deposit"), so O*NET's and the query's forms meet."""
    word = word.casefold().strip("'-")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The shipped spread: {"occupations": N, "full_at": n, "words": {folded word: occupations using it}},
    words used by `full_at` occupations or fewer left out (they keep their whole weight)."""
    data: dict[str, Any] = json.loads(
        resources.files("app.search").joinpath("data/occupation_spread.json").read_bytes()
    )
    return data


def weight_for(spread: int | None, occupations: int, full_at: int, power: float, floor: float) -> float:
    """min(1, log(N / spread) / log(N / full_at)) ** power, at least `floor`: 1 for a word `full_at`
    occupations or fewer use (or none), less the more use it; power 0 weighs every word 1."""
    if not spread or spread <= full_at or power == 0:
        return 1.0
    return max(floor, (math.log(occupations / spread) / math.log(occupations / full_at)) ** power)


@lru_cache(maxsize=8192)
def weight(word: str, power: float, floor: float) -> float:
    """The share of its weight a query word keeps, by the shipped spread."""
    spread = table()
    return weight_for(spread["words"].get(fold(word)), spread["occupations"], spread["full_at"], power, floor)
