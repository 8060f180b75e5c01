"""Which searches count every match: the skill filters' bound from the index's skill counts."""

from __future__ import annotations

from app.search.schemas import SearchRequest
from app.search.selectivity import EXACT_COUNT_BELOW, EXACT_SHARE, SkillCounts, fold, total_cap
from app.settings import Settings

COUNTS = SkillCounts(
    docs=1_000_000,
    by_skill={"python": 120_000, "drupal": 20_000, "acrobat": 90_000, "c++": 30_000, "naive bayes": 800},
    complete=False,
)


def request(**fields: object) -> SearchRequest:
    return SearchRequest.model_validate({"search_type": "skills_match", **fields})


def test_names_fold_as_the_keyword_field_does() -> None:
    assert fold("Naïve Bayes") == "naive bayes"
    assert fold("C++") == "c++"
    assert COUNTS.count("NAÏVE BAYES") == 800


def test_every_skill_asked_bounds_by_the_rarest_and_one_of_several_by_their_sum() -> None:
    both = request(skills=["Drupal", "Acrobat"], skills_mode="all")
    either = request(skills=["Drupal", "C++"], skills_mode="any")
    assert total_cap(both, COUNTS, 1_000, 20_000) is True
    assert total_cap(both, COUNTS, 1_000, 19_999) == 1_000
    assert total_cap(either, COUNTS, 1_000, 50_000) is True
    assert total_cap(either, COUNTS, 1_000, 49_999) == 1_000


def test_common_skills_unknown_skills_and_no_skills_keep_the_cap() -> None:
    assert total_cap(request(skills=["Python", "Acrobat"]), COUNTS, 1_000, 50_000) == 1_000
    # A skill past the counts read could be any size: "any" with it is not bounded.
    assert total_cap(request(skills=["Drupal", "Kubernetes"]), COUNTS, 1_000, 50_000) == 1_000
    # With "all", the known rare one bounds it.
    assert total_cap(request(skills=["Drupal", "Kubernetes"], skills_mode="all"), COUNTS, 1_000, 50_000)
    # Text alone filters by no skill, nor do the skills the text names (they only rank).
    assert total_cap(request(query="drupal developer"), COUNTS, 1_000, 50_000) == 1_000
    assert total_cap(request(query="drupal developer", skills=["Drupal"]), COUNTS, 1_000, 50_000) == 1_000


def test_listed_counts_know_a_skill_nobody_has() -> None:
    every = SkillCounts(docs=10, by_skill={"python": 7}, complete=True)
    assert every.count("Cobol") == 0
    assert total_cap(request(skills=["Python", "Cobol"]), every, 5, 7, share=1.0) is True
    assert total_cap(request(skills=["Python", "Cobol"]), every, 5, 6, share=1.0) == 5


def test_a_smaller_index_counts_in_full_only_up_to_its_share() -> None:
    rare = request(skills=["Drupal"], skills_mode="all")  # 20,000 of 1M
    assert total_cap(rare, COUNTS, 1_000, 50_000, share=0.02) is True
    assert total_cap(rare, COUNTS, 1_000, 50_000, share=0.019) == 1_000
    assert total_cap(rare, COUNTS, 1_000, 50_000) is True  # the default share, a tenth


def test_only_skills_searches_without_counts_off_or_exact_asked() -> None:
    rare = {"skills": ["Drupal"], "skills_mode": "all"}
    assert total_cap(request(**rare), None, 1_000, 50_000) == 1_000  # not read yet
    assert total_cap(request(**rare), COUNTS, 1_000, 0) == 1_000  # switched off
    experience = SearchRequest.model_validate(
        {"search_type": "experience_match", "min_experience_years": 3, **rare}
    )
    assert total_cap(experience, COUNTS, 1_000, 50_000) == 1_000  # its skills rank, filter no one
    assert total_cap(request(query="python", exact_total=True), None, 1_000, 0) is True


def test_the_settings_defaults_are_the_documented_ones() -> None:
    assert Settings.model_fields["search_exact_count_below"].default == EXACT_COUNT_BELOW
    assert Settings.model_fields["search_exact_count_share"].default == EXACT_SHARE
