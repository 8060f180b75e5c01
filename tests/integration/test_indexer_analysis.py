"""The index definition on a real node: skill synonyms at search time, punctuation-aware skill tokens,
autocomplete, and facets an analyst can chart."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from indexer.connections import Services
from tests.integration.test_indexer_support import add_candidate, alias, drain, live_index, services

__all__ = ["alias", "live_index", "services"]


@pytest.fixture
async def people(services: Services, alias: str, live_index: str) -> dict[str, uuid.UUID]:
    """A handful of candidates whose skills differ in exactly the ways the analyzers must tell apart."""
    found = {
        "kube": await add_candidate(
            services.pool,
            "Kim Kube",
            skills=["Kubernetes", "Go"],
            summary="Ran Kubernetes clusters for payments.",
            jobs=[
                {
                    "company": "Acme GmbH",
                    "company_key": "acme",
                    "department": "Platform",
                    "title": "SRE",
                    "start_date": date(2019, 1, 1),
                    "is_current": True,
                }
            ],
        ),
        "js": await add_candidate(services.pool, "Jo Script", skills=["JavaScript", "Node.js"]),
        "pg": await add_candidate(
            services.pool, "Pat Gres", skills=["PostgreSQL"], summary="Tuned k8s operators."
        ),
        "c": await add_candidate(services.pool, "Cee Only", skills=["C"]),
        "cpp": await add_candidate(services.pool, "Cee Plus", skills=["C++"]),
        "csharp": await add_candidate(services.pool, "Cee Sharp", skills=["C#", ".NET"]),
        "aws": await add_candidate(services.pool, "Amy Zon", skills=["Amazon Web Services", "CI/CD"]),
    }
    await drain(services, alias)
    await services.opensearch.indices.refresh(index=alias)
    return found


async def _search(services: Services, alias: str, query: dict[str, Any]) -> set[str]:
    response = await services.opensearch.search(index=alias, body={"query": query, "size": 50})
    return {hit["_id"] for hit in response["hits"]["hits"]}


def _ids(people: dict[str, uuid.UUID], *keys: str) -> set[str]:
    return {str(people[key]) for key in keys}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("k8s", ("kube",)),
        ("js", ("js",)),
        ("postgres", ("pg",)),
        ("golang", ("kube",)),
        ("nodejs", ("js",)),
        ("aws", ("aws",)),
        ("c#", ("csharp",)),
        ("csharp", ("csharp",)),
        ("dotnet", ("csharp",)),
        ("c++", ("cpp",)),
        ("C", ("c",)),
        ("ci/cd", ("aws",)),
    ],
)
async def test_skill_search_understands_aliases_and_punctuation(
    services: Services, alias: str, people: dict[str, uuid.UUID], typed: str, expected: tuple[str, ...]
) -> None:
    assert await _search(services, alias, {"match": {"skills": typed}}) == _ids(people, *expected)


async def test_cpp_does_not_match_a_candidate_with_only_c(
    services: Services, alias: str, people: dict[str, uuid.UUID]
) -> None:
    found = await _search(services, alias, {"match": {"skills": "C++"}})
    assert str(people["c"]) not in found
    assert str(people["csharp"]) not in found


async def test_skill_aliases_also_match_inside_prose(
    services: Services, alias: str, people: dict[str, uuid.UUID]
) -> None:
    assert await _search(services, alias, {"match": {"summary.skills": "kubernetes"}}) == _ids(
        people, "kube", "pg"
    )


async def test_autocomplete_completes_skills_names_and_companies(
    services: Services, alias: str, people: dict[str, uuid.UUID]
) -> None:
    assert await _search(services, alias, {"match": {"skills.autocomplete": "kube"}}) == _ids(people, "kube")
    assert await _search(services, alias, {"match": {"skills.autocomplete": "c+"}}) == _ids(people, "cpp")
    assert await _search(services, alias, {"match": {"full_name.autocomplete": "cee pl"}}) >= _ids(
        people, "cpp"
    )
    nested = {
        "nested": {
            "path": "work_experience",
            "query": {"match": {"work_experience.company.autocomplete": "acm"}},
        }
    }
    assert await _search(services, alias, nested) == _ids(people, "kube")


async def test_facets_are_aggregatable_and_exact(
    services: Services, alias: str, people: dict[str, uuid.UUID]
) -> None:
    response = await services.opensearch.search(
        index=alias,
        body={
            "size": 0,
            "aggs": {
                "skills": {"terms": {"field": "skills.raw", "size": 50}},
                "folded": {"terms": {"field": "skills.keyword", "size": 50}},
                "titles": {"terms": {"field": "current_title.keyword"}},
                "experience": {"histogram": {"field": "total_experience_years", "interval": 5}},
                "jobs": {
                    "nested": {"path": "work_experience"},
                    "aggs": {
                        "companies": {"terms": {"field": "work_experience.company_key"}},
                        "months": {"stats": {"field": "work_experience.months"}},
                        "current": {"terms": {"field": "work_experience.is_current"}},
                    },
                },
                "updated": {"date_histogram": {"field": "updated_at", "calendar_interval": "day"}},
            },
        },
    )
    aggs = response["aggregations"]
    assert {b["key"] for b in aggs["skills"]["buckets"]} >= {"C", "C++", "C#", "Kubernetes", "Node.js"}
    assert {b["key"] for b in aggs["folded"]["buckets"]} >= {"c", "c++", "c#", "kubernetes"}
    assert aggs["titles"]["buckets"][0] == {"key": "engineer", "doc_count": 7}
    assert aggs["jobs"]["companies"]["buckets"] == [{"key": "acme", "doc_count": 1}]
    assert aggs["jobs"]["months"]["min"] >= 70
    assert sum(b["doc_count"] for b in aggs["updated"]["buckets"]) == 7


async def test_exact_skill_filter_ignores_case_and_accents(
    services: Services, alias: str, people: dict[str, uuid.UUID]
) -> None:
    assert await _search(services, alias, {"term": {"skills.keyword": "KUBERNETES"}}) == _ids(people, "kube")
    assert await _search(services, alias, {"term": {"skills.keyword": "c"}}) == _ids(people, "c")


async def test_a_rare_requested_skill_counts_more_than_a_common_one(
    services: Services, alias: str, live_index: str
) -> None:
    """Skill terms score by how few candidates have the skill, as on 2.19: OpenSearch 3 scores a keyword
    term as a constant unless the field says `use_similarity` (the definition does, for skills.keyword)."""
    common = [await add_candidate(services.pool, f"Gopher {n}", skills=["Go"]) for n in range(3)]
    rare = await add_candidate(services.pool, "Rae Rare", skills=["Erlang"])
    await drain(services, alias)
    await services.opensearch.indices.refresh(index=alias)
    response = await services.opensearch.search(
        index=alias,
        body={
            "query": {
                "bool": {
                    "should": [
                        {"term": {"skills.keyword": {"value": "Go"}}},
                        {"term": {"skills.keyword": {"value": "Erlang"}}},
                    ]
                }
            },
            "size": 50,
        },
    )
    scores = {hit["_id"]: hit["_score"] for hit in response["hits"]["hits"]}
    assert scores[str(rare)] > max(scores[str(person)] for person in common)


async def test_titles_and_prose_tell_c_sharp_and_c_plus_plus_from_c(
    services: Services, alias: str, live_index: str
) -> None:
    """The prose analyzer (titles, summaries, resume text) keeps "C#", "C++" and "F#" as the languages they
    name: a search for a "C# Developer" does not answer C and C++ developers, nor "C++" a C developer."""
    people = {
        "c": await add_candidate(services.pool, "Cee Only", title="C Developer"),
        "cpp": await add_candidate(services.pool, "Cee Plus", title="C++ Developer"),
        "csharp": await add_candidate(services.pool, "Cee Sharp", title="C# Developer"),
        "fsharp": await add_candidate(services.pool, "Eff Sharp", title="Developer", summary="Wrote F#."),
    }
    await drain(services, alias)
    await services.opensearch.indices.refresh(index=alias)

    def title(text: str) -> dict[str, Any]:
        return {"match": {"current_title": {"query": text, "operator": "and"}}}

    assert await _search(services, alias, title("c# developer")) == _ids(people, "csharp")
    assert await _search(services, alias, title("C++ Developer")) == _ids(people, "cpp")
    assert await _search(services, alias, title("c developer")) == _ids(people, "c")
    assert await _search(services, alias, {"match": {"summary": "f#"}}) == _ids(people, "fsharp")
    highlighted = await services.opensearch.search(
        index=alias,
        body={"query": title("c# developer"), "highlight": {"fields": {"current_title": {}}}},
    )
    assert highlighted["hits"]["hits"][0]["highlight"]["current_title"] == ["<em>C#</em> <em>Developer</em>"]


async def test_prose_keeps_a_product_name_apart_from_the_word_it_stems_like(
    services: Services, alias: str, live_index: str
) -> None:
    """The Porter stemmer reads "Agilent" as "agil", as it reads "agile": the prose analyzer keeps the
    product names of app/mappings/product_names.txt as written, so "agile" does not find a resume that only
    names Agilent's software, and "Agilent" still finds it."""
    people = {
        "lab": await add_candidate(
            services.pool, "Al Chem", title="Chemist", summary="Ran assays in Agilent ChemStation."
        ),
        "agile": await add_candidate(
            services.pool, "Ann Gile", title="Scrum Master", summary="Coached agile teams."
        ),
    }
    await drain(services, alias)
    await services.opensearch.indices.refresh(index=alias)
    assert await _search(services, alias, {"match": {"summary": "agile"}}) == _ids(people, "agile")
    assert await _search(services, alias, {"match": {"summary": "Agilent"}}) == _ids(people, "lab")


async def test_a_word_and_its_equivalents_are_one_term_for_the_engine(
    services: Services, alias: str, live_index: str
) -> None:
    """`prose_equivalents` reads a query word with its O*NET short-title equivalents at one position, so the
    engine scores them as one term (a SynonymQuery) and "operations" finds an "Ops Specialist"."""
    people = {
        "ops": await add_candidate(services.pool, "Oz Ops", title="Ops Specialist"),
        "operations": await add_candidate(services.pool, "Opal Ration", title="Operations Specialist"),
    }
    await drain(services, alias)
    await services.opensearch.indices.refresh(index=alias)
    query = {"match": {"current_title": {"query": "operations", "analyzer": "prose_equivalents"}}}
    assert await _search(services, alias, query) == _ids(people, "ops", "operations")
    explained = await services.opensearch.indices.validate_query(
        index=alias, body={"query": query}, explain=True
    )
    assert "Synonym(current_title:op current_title:oper)" in explained["explanations"][0]["explanation"]
