"""A large city's other names, so that a place filter finds it however the resume wrote it.

"München" asked found nobody whose resume said "Munich, Germany", nor "Cologne" someone in "Köln": the index
folds case and accents, not languages. GeoNames' names of each city of at least 100,000 people
(``data/place_names.json``, written by `app.search.build_places`) let a filter ask for all of them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

_NOT_WORD = re.compile(r"[\W_]+")


def key(name: str) -> str:
    """A name as a lookup key in any script: compatibility-decomposed, accents dropped, case folded, words
    single-spaced ("München" and "MUNCHEN" -> "munchen", "Мюнхен" -> "мюнхен")."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(_NOT_WORD.sub(" ", bare).split())


@lru_cache(maxsize=1)
def _table() -> tuple[list[list[str]], dict[str, list[int]]]:
    data = json.loads(resources.files("app.search").joinpath("data/place_names.json").read_bytes())
    return data["names"], data["keys"]


@lru_cache(maxsize=4096)
def city_names(place: str) -> tuple[str, ...]:
    """The names of the large city ``place`` names as a whole (GeoNames' own name first), or () when it
    names none. A name several cities share ("San Jose") gives every one's names."""
    names, keys = _table()
    found: list[str] = []
    for position in keys.get(key(place), ()):
        found.extend(name for name in names[position] if name not in found)
    return tuple(found)
