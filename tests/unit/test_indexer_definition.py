"""The index definition: names carry its version and hash, synonyms travel inline, every chartable field
aggregates, and no contact details are mapped."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from app.resources import parse_synonyms
from app.search.equivalents import synonym_rules as synonym_rules_of_the_table
from indexer.indexes import IndexStateError, check_engine
from indexer.mapping import (
    DEFINITION_FILE,
    MAPPINGS_DIR,
    build_definition,
    index_name,
    index_tag,
    load_definition,
    needs_reindex,
)
from indexer.product_names import read_names
from indexer.synonyms import SYNONYMS_FILE, WELL_KNOWN_SHORT_ALIASES, generate, render, synonym_rules

DEFINITION_BYTES = (MAPPINGS_DIR / DEFINITION_FILE).read_bytes()
SYNONYM_BYTES = SYNONYMS_FILE.read_bytes()
# Free text: searched, never charted.
PROSE_FIELDS = {"summary", "resume_text", "work_experience.description", "job_titles", "job_text"}
AGGREGATABLE = {"keyword", "long", "integer", "scaled_float", "float", "date", "boolean"}
# worked_with's time at each company: read by its query alone, nothing to chart.
SEARCH_ONLY_FIELDS = {"work_months", "work_years"}


def _leaves(properties: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    found = {}
    for name, spec in properties.items():
        if spec.get("enabled") is False:  # kept in _source only, not a field
            continue
        if "properties" in spec:
            found.update(_leaves(spec["properties"], f"{prefix}{name}."))
        else:
            found[f"{prefix}{name}"] = spec
    return found


def test_index_name_carries_version_and_hash_of_both_files() -> None:
    definition = build_definition(DEFINITION_BYTES, SYNONYM_BYTES)
    name = index_name("candidates", definition)
    version = json.loads(DEFINITION_BYTES)["version"]
    assert name == f"candidates-v{version}-{definition.digest}" and len(definition.digest) == 8
    assert build_definition(DEFINITION_BYTES, SYNONYM_BYTES + b"foo, bar\n").digest != definition.digest
    assert (
        build_definition(DEFINITION_BYTES.replace(b'"1s"', b'"2s"'), SYNONYM_BYTES).digest
        != definition.digest
    )


def test_needs_reindex_is_a_compare_of_the_tags() -> None:
    definition = load_definition()
    assert not needs_reindex("candidates", index_name("candidates", definition), definition)
    assert not needs_reindex("candidates", index_name("candidates", definition, "20260101120000"), definition)
    assert needs_reindex("candidates", "candidates-v0-00000000", definition)
    assert needs_reindex("candidates", None, definition)
    assert index_tag("candidates", "other-v1-abcdef12") is None
    assert index_tag("candidates", "candidates-v1-abcdef12-20260101120000") == "v1-abcdef12"


def test_synonyms_are_inlined_into_the_search_time_filter() -> None:
    body = load_definition().body
    analysis = body["settings"]["analysis"]
    rules = analysis["filter"]["skill_synonyms"]["synonyms"]
    assert rules == parse_synonyms(SYNONYM_BYTES.decode())
    assert "kubernetes, k8s" in rules
    assert "skill_synonyms" in analysis["analyzer"]["skill_search"]["filter"]
    assert "skill_synonyms" not in analysis["analyzer"]["skill"]["filter"]
    skills = body["mappings"]["properties"]["skills"]
    assert (skills["analyzer"], skills["search_analyzer"]) == ("skill", "skill_search")
    assert "version" not in body and "synonyms" not in body


def test_title_equivalents_and_product_names_are_inlined_before_the_stemmer() -> None:
    analysis = load_definition().body["settings"]["analysis"]
    rules = analysis["filter"]["title_equivalents"]["synonyms"]
    assert rules == synonym_rules_of_the_table()
    assert "operations => operations, ops" in rules and "tech => tech, technician, technologist" in rules
    names = analysis["filter"]["product_names"]["keywords"]
    assert names == read_names() and "agilent" in names
    prose = analysis["analyzer"]["prose"]["filter"]
    equivalents = analysis["analyzer"]["prose_equivalents"]["filter"]
    # the search analyzer is the prose analyzer with the equivalents, so a word's tokens are the same
    assert [f for f in equivalents if f != "title_equivalents"] == prose
    assert equivalents.index("title_equivalents") < equivalents.index("english_stemmer")
    assert prose.index("product_names") == prose.index("english_stemmer") - 1
    assert "title_equivalents" in analysis["analyzer"]["skill_equivalents"]["filter"]


def test_the_digest_covers_the_product_names_and_the_equivalents() -> None:
    base = build_definition(DEFINITION_BYTES, SYNONYM_BYTES, b"agilent\n", ["ops => ops, operations"])
    other_names = build_definition(DEFINITION_BYTES, SYNONYM_BYTES, b"intuit\n", ["ops => ops, operations"])
    other_rules = build_definition(DEFINITION_BYTES, SYNONYM_BYTES, b"agilent\n", ["tv => tv, television"])
    assert base.digest != other_names.digest and base.digest != other_rules.digest


def test_every_field_an_analyst_charts_is_aggregatable() -> None:
    mappings = load_definition().body["mappings"]
    assert mappings["dynamic"] == "strict"
    for path, spec in _leaves(mappings["properties"]).items():
        if path in PROSE_FIELDS or path in SEARCH_ONLY_FIELDS:
            continue
        types = {spec["type"]} | {sub["type"] for sub in spec.get("fields", {}).values()}
        assert types & AGGREGATABLE, f"{path} cannot be aggregated"


def test_the_fields_only_searches_read_stay_out_of_the_stored_source() -> None:
    # worked_with's time terms are over 40 % of a document's JSON; every page of hits parsed them to pick
    # the card's fields out.
    mappings = load_definition().body["mappings"]
    assert set(mappings["_source"]["excludes"]) == SEARCH_ONLY_FIELDS
    assert SEARCH_ONLY_FIELDS <= set(mappings["properties"])


def test_no_contact_details_are_mapped() -> None:
    leaves = _leaves(load_definition().body["mappings"]["properties"])
    assert not [path for path in leaves if "email" in path or "phone" in path]


def test_synonym_rules_leave_out_ambiguous_short_aliases() -> None:
    groups = [
        ["JavaScript", "JS", "ecmascript"],
        ["Operating System", "OS"],
        ["Internet Explorer", "IE"],
        ["Kubernetes", "k8s", "K8S"],
        ["Admissions", "Admissions, discharge, and transfer"],
        ["Alpha", "shared"],
        ["Beta", "Shared"],
        ["Solo"],
    ]
    assert synonym_rules(groups) == ["javascript, js, ecmascript", "kubernetes, k8s"]
    assert "os" not in WELL_KNOWN_SHORT_ALIASES


def test_checked_in_synonyms_file_matches_the_catalogue_and_credits_its_sources() -> None:
    text = SYNONYM_BYTES.decode()
    assert text == generate(), "run `python -m indexer.synonyms`"
    assert len(parse_synonyms(text)) >= 300
    assert "Stack Exchange" in text and "CC BY-SA 4.0" in text
    assert render(["a, b"]).endswith("\na, b\n")


def test_definition_file_is_versioned() -> None:
    raw = orjson.loads(DEFINITION_BYTES)
    assert isinstance(raw["version"], int) and set(raw) >= {"settings", "mappings", "synonyms"}


class _Node:
    """Answers `info()` as a node of one version does."""

    def __init__(self, number: str) -> None:
        self.number = number

    async def info(self) -> dict[str, Any]:
        return {"version": {"number": self.number, "distribution": "opensearch"}}


async def test_the_indexer_refuses_a_2x_node_saying_what_it_needs() -> None:
    # The definition sets what only 3.x knows; 2.x would refuse the create with a mapping error instead.
    body = load_definition().body
    assert body["settings"]["index"]["similarity"]["default"]["type"] == "LegacyBM25"
    assert body["mappings"]["properties"]["skills"]["fields"]["keyword"]["use_similarity"] is True
    assert body["mappings"]["properties"]["profile"]["use_similarity"] is True
    with pytest.raises(IndexStateError, match=r"OpenSearch 2\.19\.6 cannot hold .* needs OpenSearch 3\.x"):
        await check_engine(_Node("2.19.6"))  # type: ignore[arg-type]
    await check_engine(_Node("3.9.0"))  # type: ignore[arg-type]
    await check_engine(_Node("4.0.0"))  # type: ignore[arg-type]
