"""The skills catalogue: canonical names, aliases, the tokenizer, and the build script's synonym filter."""

from __future__ import annotations

import orjson
import pytest

from app.parsing.build_skills_catalogue import Usage, is_true_synonym, parse_onet
from app.parsing.skills import (
    Skill,
    alias_groups,
    build_index,
    canonical_skill,
    find_skills,
    is_ambiguous,
    load_catalogue,
    skills_catalogue,
    tokenize,
)


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("k8s", "Kubernetes"),
        ("js", "JavaScript"),
        ("postgres", "PostgreSQL"),
        ("golang", "Go"),
        ("nodejs", "Node.js"),
        ("C Sharp", "C#"),
        ("cpp", "C++"),
        ("dotnet", ".NET"),
        ("cicd", "CI/CD"),
        ("objective c", "Objective-C"),
        ("python-3.x", "Python"),
        ("HTML5", "HTML"),
        ("ms excel", "Microsoft Excel"),
        ("Amazon Web Services", "AWS"),
        ("sklearn", "scikit-learn"),
    ],
)
def test_canonical_skill(alias: str, canonical: str) -> None:
    assert canonical_skill(alias) == canonical


def test_unknown_skill() -> None:
    assert canonical_skill("underwater basket weaving") is None
    assert canonical_skill("") is None


def test_tokenizer_keeps_skill_punctuation() -> None:
    assert tokenize("C++, C#, .NET, Node.js, CI/CD and Objective-C; R&D.") == [
        "C++", "C#", ".NET", "Node.js", "CI/CD", "and", "Objective-C", "R&D",
    ]  # fmt: skip


def test_find_skills_longest_match_wins() -> None:
    found = find_skills("Skills: C++, C#, .NET, Node.js, CI/CD, Objective-C, Ruby on Rails, Spring Boot")
    assert found == ["C++", "C#", ".NET", "Node.js", "CI/CD", "Objective-C", "Ruby on Rails", "Spring Boot"]
    assert "C" not in found and "Ruby" not in found


def test_find_skills_splits_slashes_and_versions() -> None:
    assert find_skills("HTML/CSS, Java/J2EE, python3, html5") == ["HTML", "CSS", "Java", "J2EE", "Python"]


def test_ambiguous_words_need_their_case_and_a_skills_list() -> None:
    prose = "We go to the store. R&D team. Grade C. Vitamin C. I excel at it."
    assert find_skills(prose) == []
    assert find_skills("Languages: Go, R, C", skills_section=True) == ["Go", "R", "C"]
    assert find_skills("languages: go, r, c", skills_section=True) == []
    assert find_skills("Used golang and R programming daily") == ["Go", "R"]
    assert is_ambiguous("Go") and not is_ambiguous("golang")


def test_alias_groups_for_search_synonyms() -> None:
    groups = alias_groups()
    assert len(groups) >= 300
    by_name = {group[0]: group for group in groups}
    assert "k8s" in by_name["Kubernetes"]
    assert "postgres" in by_name["PostgreSQL"]
    assert all(len(group) >= 2 for group in groups)


def test_catalogue_size_and_shape() -> None:
    catalogue = skills_catalogue()
    assert 1_000 <= len(catalogue) <= 10_000
    for name in (
        "Kubernetes",
        "JavaScript",
        "PostgreSQL",
        "C++",
        "C#",
        ".NET",
        "Node.js",
        "CI/CD",
        "Objective-C",
    ):
        assert name in catalogue
    lowered = [name.lower() for name in catalogue]
    assert len(lowered) == len(set(lowered))


def test_index_from_custom_catalogue() -> None:
    entry = {"name": "Widget Lang", "aliases": ["WL"], "exact": ["WL"], "section_only": ["WL"]}
    skills = load_catalogue(orjson.dumps({"skills": [entry]}))
    assert skills == [
        Skill(name="Widget Lang", aliases=("WL",), exact=frozenset({"WL"}), section_only=frozenset({"WL"}))
    ]
    index = build_index(skills)
    assert ("widget", "lang") in index.folded and ("widget-lang",) in index.folded
    assert index.exact[("WL",)] == ("Widget Lang", True)
    assert ("wl",) not in index.folded


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("k8s", "kubernetes", True),
        ("js", "javascript", True),
        ("postgres", "postgresql", True),
        ("nodejs", "node.js", True),
        ("c-sharp", "c#", True),
        ("golang", "go", True),
        ("aws", "amazon-web-services", True),
        ("html5", "html", True),
        ("jquery-ajax", "jquery", False),  # narrow -> broad
        ("jdk", "java", False),
        ("div", "html", False),
        ("php-frameworks", "php", False),
        ("recommendation", "recommendation-engine", False),
    ],
)
def test_true_synonym_filter(source: str, target: str, expected: bool) -> None:
    assert is_true_synonym(source, target) is expected


# No corpus: no word counts as everyday English, so only the reviewed lists decide that.
NO_CORPUS = Usage([], [], set())


@pytest.mark.parametrize(
    ("example", "name", "aliases"),
    [
        # The acronym spells the vendor too: the vendor is part of the long form, not stripped before it.
        (
            "Amazon Web Services AWS software",
            "AWS",
            {"Amazon Web Services AWS", "Amazon Web Services", "AWS"},
        ),
        (
            "Siemens Power Plant Automation SPPA",
            "SPPA",
            {"Siemens Power Plant Automation SPPA", "Siemens Power Plant Automation", "SPPA"},
        ),
        # Such an acronym that reads as a word (and a surname) keeps only its long form.
        (
            "Microsoft Office SharePoint Server MOSS",
            "Microsoft Office SharePoint Server",
            {"Microsoft Office SharePoint Server MOSS"},
        ),
        # The acronym spells the product alone: the vendor stays a prefix.
        (
            "Amazon Elastic Compute Cloud EC2",
            "Amazon EC2",
            {
                "Amazon Elastic Compute Cloud EC2",
                "Elastic Compute Cloud",
                "EC2",
                "Amazon EC2",
                "Amazon Elastic Compute Cloud",
            },
        ),
    ],
)
def test_onet_product_with_a_trailing_acronym(example: str, name: str, aliases: set[str]) -> None:
    assert parse_onet(example, NO_CORPUS) == (name, aliases)


def test_aws_is_one_skill_under_its_acronym() -> None:
    assert canonical_skill("Amazon Web Services AWS") == "AWS"
    assert canonical_skill("Web Services AWS") is None
