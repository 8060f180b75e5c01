"""What a model writes in a tool call's arguments on a bad day, read as meant: lists and objects sent as JSON
strings, a list of names as one string or as objects, placeholders for what is not given, characters no
column stores. Shared by the Claude resume parser and the smart search's Claude reading; no SDK here."""

from __future__ import annotations

import json
import re
from typing import Any

# What a model writes for a value not given, instead of the null its prompt asks for: stored, "N/A" was a
# candidate's name, "Unknown" an employer in the company facet, "None" a skill; searched, a place "N/A".
PLACEHOLDERS = frozenset(
    {
        *"n/a na n.a. none null nil unknown unspecified - -- – — ?".split(),
        *("not " + word for word in "provided given specified available mentioned applicable stated".split()),
    }
)
# Characters no text column stores (NUL: Postgres refused the whole record, which was retried, Claude
# called each time, and failed) or no resume writes (other control characters, halves of surrogate pairs);
# the extracted text is cleaned of the same (app/parsing/extract.py).
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Where a list of names written as one string divides: lines, semicolons, bullets; commas too for skills
# and languages ("Python, Java, SQL").
ITEM_BREAK = re.compile(r"\s*(?:[\n;•|]|\s-\s)\s*")
ITEM_BREAK_OR_COMMA = re.compile(r"\s*(?:[\n;,•|]|\s-\s)\s*")
# The key that names an item written as an object ({"language": "English", "level": "native"}).
ITEM_KEYS = ("name", "skill", "language", "url", "link", "title", "certification", "value")


def decoded(value: Any) -> Any:
    """A JSON list or object Claude sent as a string, decoded (and cleaned); anything else as it is."""
    if isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):
        try:
            return cleaned(json.loads(value))
        except ValueError:
            return value
    return value


def cleaned(value: Any) -> Any:
    """Strings without unstorable characters, placeholders as None (left out of lists), at any depth."""
    if isinstance(value, str):
        text = UNSTORABLE.sub("", value)
        return None if text.strip().lower() in PLACEHOLDERS else text
    if isinstance(value, list):
        return [item for item in map(cleaned, value) if item is not None]
    if isinstance(value, dict):
        return {key: cleaned(item) for key, item in value.items()}
    return value


def names(value: Any, breaks: re.Pattern[str]) -> list[str]:
    """A list of names as strings, however it came: one string, a JSON string, objects, groups by kind."""
    value = decoded(value)
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in breaks.split(value) if part.strip()]
    if isinstance(value, dict):
        if not any(key in value for key in ITEM_KEYS):  # grouped by kind: {"tools": "Docker, k8s"}
            return [name for group in value.values() for name in names(group, breaks)]
        value = [value]
    if not isinstance(value, list):
        return [str(value)] if isinstance(value, int | float) else []
    found: list[str] = []
    for item in value:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            named = next((item[key] for key in ITEM_KEYS if isinstance(item.get(key), str)), None)
            found += [named] if named else names(list(item.values()), breaks)
        elif isinstance(item, list):
            found += names(item, breaks)
    return found
