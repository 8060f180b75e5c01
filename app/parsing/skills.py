"""The skills catalogue (``data/skills.json``): canonical names, aliases, and a matcher for free text.

Each catalogue entry is ``{"name", "aliases"?, "exact"?, "section_only"?}``. Names and aliases match
case-insensitively, except terms listed in ``exact``, which must appear with that exact case
("Go", "R", "Swift" are words too). Terms in ``section_only`` ("Leadership", "Go", "Access") are
ordinary words in prose, so they only count where the caller knows the text is a skills list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import orjson

# A token keeps the punctuation that is part of skill names: c++, c#, .net, node.js, ci/cd,
# objective-c, r&d, a+. Inner . / - & ' must sit between word characters, so a full stop or a
# dash between words is not swallowed; a leading dot only starts a token after a non-word char.
_TOKEN = re.compile(
    r"(?<![\w.])\.?[^\W_](?:[\w+#]*)(?:[./&'’-][^\W_][\w+#]*)*[+#]*",
)
# Longest alias in the catalogue, in tokens ("Microsoft SQL Server Reporting Services").
_MAX_PHRASE = 6
# "html5", "python3", "angular2", "php-7", "java8": a version glued to a known skill.
_VERSIONED = re.compile(r"^(.*?[a-z+#])[-.]?v?\d+(?:\.\d+)*(?:\.x)?$")

_SEPARATORS = re.compile(r"[\s_]+")


@dataclass(frozen=True)
class Skill:
    """One canonical skill and the ways of writing it."""

    name: str
    aliases: tuple[str, ...] = ()
    exact: frozenset[str] = frozenset()
    section_only: frozenset[str] = frozenset()


@dataclass
class _Index:
    """Token-tuple lookups built once from the catalogue."""

    skills: dict[str, Skill] = field(default_factory=dict)
    # token tuple -> (canonical name, matches only in skills sections)
    folded: dict[tuple[str, ...], tuple[str, bool]] = field(default_factory=dict)
    exact: dict[tuple[str, ...], tuple[str, bool]] = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)


def tokenize(text: str) -> list[str]:
    """Tokens of ``text`` with skill punctuation kept whole (``C++``, ``.NET``, ``CI/CD``)."""
    return [token.replace("’", "'") for token in _TOKEN.findall(text)]


def normalize(term: str) -> str:
    """Lookup key for a single alias: lower case, tokens joined by single spaces."""
    return " ".join(token.lower() for token in tokenize(term))


def load_catalogue(data: bytes | None = None) -> list[Skill]:
    """Entries of the catalogue JSON (the packaged one unless ``data`` is given)."""
    if data is None:
        data = resources.files("app.parsing").joinpath("data/skills.json").read_bytes()
    document: dict[str, Any] = orjson.loads(data)
    return [
        Skill(
            name=entry["name"],
            aliases=tuple(entry.get("aliases", ())),
            exact=frozenset(entry.get("exact", ())),
            section_only=frozenset(entry.get("section_only", ())),
        )
        for entry in document["skills"]
    ]


def _variants(term: str) -> set[tuple[str, ...]]:
    """Token tuples a term may appear as: "spring boot" also as "spring-boot", and the reverse."""
    tokens = tuple(tokenize(term))
    variants = {tokens}
    if len(tokens) > 1 and all(re.fullmatch(r"[^\W_]+", token) for token in tokens):
        variants.add(("-".join(tokens),))
    if len(tokens) == 1 and "-" in tokens[0]:
        parts = tuple(tokens[0].split("-"))
        if all(parts):
            variants.add(parts)
    return {variant for variant in variants if variant and len(variant) <= _MAX_PHRASE}


def build_index(skills: Iterable[Skill]) -> _Index:
    """Lookups from token tuples to canonical names; the first entry wins a contested alias."""
    index = _Index()
    for skill in skills:
        index.skills[skill.name] = skill
        for term in (skill.name, *skill.aliases):
            value = (skill.name, term in skill.section_only)
            if term in skill.exact:
                for variant in _variants(term):
                    index.exact.setdefault(variant, value)
            else:
                for variant in _variants(term):
                    index.folded.setdefault(tuple(token.lower() for token in variant), value)
            index.by_alias.setdefault(normalize(term), skill.name)
    return index


@lru_cache(maxsize=1)
def _default_index() -> _Index:
    return build_index(load_catalogue())


def skills_catalogue() -> dict[str, Skill]:
    """Every canonical skill by name."""
    return dict(_default_index().skills)


def canonical_skill(name: str) -> str | None:
    """The canonical name for any spelling of a skill ("k8s" -> "Kubernetes"), or None if unknown."""
    index = _default_index()
    key = normalize(name)
    if not key:
        return None
    found = index.by_alias.get(key)
    if found is None:
        tokens = tuple(tokenize(name))
        hit = index.exact.get(tokens) or index.folded.get(tuple(t.lower() for t in tokens))
        found = hit[0] if hit else None
    if found is None:
        versioned = _VERSIONED.match(key)
        if versioned and " " not in key:
            found = index.by_alias.get(versioned.group(1))
    return found


def find_skills(text: str, *, skills_section: bool = False) -> list[str]:
    """Canonical skills mentioned in ``text``, in order of first mention, each once.

    The longest alias wins at each position, so "C++" never yields "C" and "Ruby on Rails" is not
    "Ruby". ``skills_section`` says the text is a skills list, where everyday words that are also
    skills ("Leadership", "Go") count too; leave it off for prose.
    """
    return [name for name, _ in find_skill_mentions(text, skills_section=skills_section)]


def find_request_skills(text: str) -> list[str]:
    """Canonical skills a search request names: the catalogue's phrases, then every word it knows by any
    alias ("excel", "go", "payroll"). Unlike resume prose, every word of a request is meant."""
    return list(dict.fromkeys([*find_skills(text), *filter(None, map(canonical_skill, tokenize(text)))]))


def find_skill_mentions(text: str, *, skills_section: bool = False) -> list[tuple[str, int]]:
    """Canonical skills in ``text`` with how often each is mentioned, in order of first mention."""
    index = _default_index()
    counts: dict[str, int] = {}
    tokens = tokenize(text)
    folded = [token.lower() for token in tokens]
    position = 0
    while position < len(tokens):
        matched, length = _match_at(index, tokens, folded, position, skills_section)
        if matched is not None:
            counts[matched] = counts.get(matched, 0) + 1
            position += length
            continue
        for name in _match_parts(index, tokens[position], skills_section):
            counts[name] = counts.get(name, 0) + 1
        position += 1
    return list(counts.items())


def _match_at(
    index: _Index, tokens: list[str], folded: list[str], position: int, skills_section: bool
) -> tuple[str | None, int]:
    for length in range(min(_MAX_PHRASE, len(tokens) - position), 0, -1):
        hit = index.exact.get(tuple(tokens[position : position + length]))
        if hit is None:
            hit = index.folded.get(tuple(folded[position : position + length]))
        if hit is not None and (skills_section or not hit[1]):
            return hit[0], length
    return None, 1


def _match_parts(index: _Index, token: str, skills_section: bool) -> list[str]:
    """Skills inside one unmatched token: "HTML/CSS", "Java/J2EE", "python3"."""
    found: list[str] = []
    parts = [token]
    if "/" in token:
        parts = [part for part in token.split("/") if part]
    for part in parts:
        hit = None
        if len(parts) > 1:
            hit = index.exact.get((part,)) or index.folded.get((part.lower(),))
        if hit is None:
            versioned = _VERSIONED.match(part.lower())
            if versioned:
                hit = index.folded.get((versioned.group(1),))
        if hit is not None and (skills_section or not hit[1]):
            found.append(hit[0])
    return found


def alias_groups() -> list[list[str]]:
    """Canonical name first, then its aliases, for every skill that has any (for search synonyms)."""
    return [[skill.name, *skill.aliases] for skill in _default_index().skills.values() if skill.aliases]


def is_ambiguous(term: str) -> bool:
    """Whether a catalogue term only counts with its exact case (e.g. "Go", "R")."""
    index = _default_index()
    name = index.by_alias.get(normalize(term))
    return name is not None and term in index.skills[name].exact
