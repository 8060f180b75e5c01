"""The index definition (app/mappings/candidates.json + synonyms, the title equivalents and the product
names kept unstemmed) and the index names derived from it."""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from app.resources import MAPPINGS_DIR, parse_synonyms
from app.search.equivalents import synonym_rules

DEFINITION_FILE = "candidates.json"
# Hex digits of the definition's sha256 in the index name: enough to tell edits apart, short to read.
DIGEST_CHARS = 8
# A rebuilt index of an unchanged definition gets a timestamp suffix, so it never collides with the live one.
_INDEX_NAME = re.compile(rf"^(?P<tag>v\d+-[0-9a-f]{{{DIGEST_CHARS}}})(?:-(?P<rebuild>\d{{14}}))?$")


@dataclass(frozen=True)
class IndexDefinition:
    """One version of the index: the create-index body with synonyms inlined, and its identity."""

    version: int
    digest: str
    body: dict[str, Any]

    @property
    def tag(self) -> str:
        """`v<N>-<digest>`: what an index name carries to say which definition built it."""
        return f"v{self.version}-{self.digest}"


def build_definition(
    definition: bytes, synonyms: bytes, keywords: bytes = b"", equivalents: Sequence[str] | None = None
) -> IndexDefinition:
    """The create-index body from the files' bytes and the title equivalents' rules (`equivalents`; None:
    `app.search.equivalents.synonym_rules`, generated from its table when the definition is built); the
    digest covers them all, so a synonym, keyword or equivalents edit reindexes."""
    raw = orjson.loads(definition)
    rules = synonym_rules() if equivalents is None else list(equivalents)
    parts = [definition, synonyms, keywords, "\n".join(rules).encode()]
    digest = hashlib.sha256(b"\0".join(parts)).hexdigest()[:DIGEST_CHARS]
    body = {"settings": copy.deepcopy(raw["settings"]), "mappings": copy.deepcopy(raw["mappings"])}
    # The node has no config directory for synonym or keyword files, so they travel inline in the settings.
    filters = body["settings"]["analysis"]["filter"]
    filters[raw["synonyms"]["filter"]]["synonyms"] = parse_synonyms(synonyms.decode())
    if "equivalents" in raw:
        filters[raw["equivalents"]["filter"]]["synonyms"] = rules
    if "keywords" in raw:
        filters[raw["keywords"]["filter"]]["keywords"] = parse_synonyms(keywords.decode())
    body["mappings"].setdefault("_meta", {}).update({"version": raw["version"], "digest": digest})
    return IndexDefinition(version=int(raw["version"]), digest=digest, body=body)


def load_definition(directory: Path = MAPPINGS_DIR) -> IndexDefinition:
    """Read the definition, its synonyms file and its keywords file from `app/mappings/` (package data)."""
    definition = (directory / DEFINITION_FILE).read_bytes()
    raw = orjson.loads(definition)
    synonyms = (directory / raw["synonyms"]["file"]).read_bytes()
    keywords = (directory / raw["keywords"]["file"]).read_bytes() if "keywords" in raw else b""
    return build_definition(definition, synonyms, keywords)


def index_name(alias: str, definition: IndexDefinition, rebuild: str | None = None) -> str:
    """`<alias>-v<N>-<digest>`, with `-<yyyymmddhhmmss>` when rebuilding an unchanged definition."""
    name = f"{alias}-{definition.tag}"
    return f"{name}-{rebuild}" if rebuild else name


def index_tag(alias: str, index: str) -> str | None:
    """The `v<N>-<digest>` an index of this alias was built from, or None for a foreign name."""
    prefix = f"{alias}-"
    if not index.startswith(prefix):
        return None
    match = _INDEX_NAME.match(index[len(prefix) :])
    return match["tag"] if match else None


# Any name the indexer gives an index (`index_name`), its alias first.
_BUILT_NAME = re.compile(rf"^(?P<alias>.+)-v\d+-[0-9a-f]{{{DIGEST_CHARS}}}(?:-\d{{14}})?$")


def alias_of(index: str) -> str | None:
    """The alias an index of the indexer's naming was built for, or None for another name."""
    match = _BUILT_NAME.match(index)
    return match["alias"] if match else None


def needs_reindex(alias: str, current_index: str | None, definition: IndexDefinition) -> bool:
    """Whether the live index was built from another definition: a string compare of the tags."""
    return current_index is None or index_tag(alias, current_index) != definition.tag
