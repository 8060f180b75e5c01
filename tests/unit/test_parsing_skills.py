"""The skills catalogue: canonical names, aliases, the tokenizer, and the build script's synonym filter."""

from __future__ import annotations

import orjson
import pytest

from app.parsing import build_skills_catalogue
from app.parsing.build_skills_catalogue import (
    EXTRA_SKILLS,
    Builder,
    Citable,
    Usage,
    _flag_product_words,
    citation_error,
    is_true_synonym,
    key,
    parse_onet,
)
from app.parsing.skills import (
    Skill,
    alias_groups,
    build_index,
    canonical_skill,
    find_request_skills,
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


def test_products_named_like_everyday_words_keep_their_names_and_aliases() -> None:
    # Flagged exact-case or skills-list-only without renaming: the search synonyms are built from these.
    catalogue = skills_catalogue()
    assert catalogue["ProFile"].aliases == ("Cerner ProFile",) and catalogue["ProFile"].exact == {"ProFile"}
    assert catalogue["Director"].aliases == ("Adobe Director", "IBM Director")
    assert "Director" in catalogue["Director"].section_only
    assert find_skills("Profile: Director of Sales; email ids; the Civil Rights Act") == []
    assert find_skills("ProFile, Adobe Director, IDS") == ["ProFile", "Director", "IDS"]


def test_a_match_flag_on_no_catalogue_term_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    builder = Builder()
    builder.add("ProFile", ["Cerner ProFile"], source="onet")
    monkeypatch.setattr(build_skills_catalogue, "MATCH_EXACT", {"ProFile", "Profle"})
    with pytest.raises(SystemExit, match="Profle"):
        _flag_product_words(builder)


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


def test_sre_names_site_reliability_engineering() -> None:
    """Before, "sre" named no skill, so neither a search for it nor a resume saying it found the other."""
    assert find_request_skills("sre") == ["Site Reliability Engineering"]
    assert find_skills("Senior SRE at Acme; site reliability on-call") == ["Site Reliability Engineering"]


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


def _citable() -> Citable:
    return Citable(
        tags={"agile"},
        tag_synonyms={"vscode"},
        onet_examples={"Accounts payable software": key("Accounts payable software")},
        onet_commodities={"Tax preparation software": key("Tax preparation software")},
        occupations={"43-3051.00": key("Payroll and Timekeeping Clerks . Compile payroll data.")},
        alternate_titles={"11-3121.00": {"Employee Relations Manager"}},
        postings=[f" {key('Data scientist . Strong leadership and SQL')} "] * 3,
    )


@pytest.mark.parametrize(
    ("name", "citation"),
    [
        ("Agile", "stackoverflow:agile"),
        ("Accounts Payable", "onet-technology:Accounts payable software"),
        ("Tax Preparation", "onet-commodity:Tax preparation software"),
        ("Payroll", "onet-occupation:43-3051.00"),
        ("Employee Relations", "onet-title:11-3121.00/Employee Relations Manager"),
        ("Leadership", "postings:3"),
    ],
)
def test_a_citation_that_names_the_skill_holds(name: str, citation: str) -> None:
    assert citation_error(name, citation, _citable()) is None


@pytest.mark.parametrize(
    ("name", "citation"),
    [
        ("Menu Development", "stackoverflow:agile"),  # the tag names another skill
        ("Lesson Planning", "onet-occupation:43-3051.00"),  # the occupation never says it
        ("Leadership", "postings:5"),  # three postings use it, not five
        ("Teamwork", "postings:0"),
        ("Cash Handling", "common-sense:yes"),
    ],
)
def test_a_citation_that_does_not_hold_is_refused(name: str, citation: str) -> None:
    assert citation_error(name, citation, _citable()) is not None


def test_every_hand_added_skill_cites_a_source_and_none_only_echoes_the_dev_queries() -> None:
    assert all(citation.partition(":")[2] for citation in EXTRA_SKILLS.values())
    # Skills the review removed because only the dev queries asked for them.
    assert not {"Menu Development", "Lesson Planning", "Classroom Management", "Cash Handling"} & set(
        EXTRA_SKILLS
    )
