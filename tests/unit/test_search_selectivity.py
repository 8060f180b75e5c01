"""Which searches count every match: the skill filters' bound from the index's skill counts."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from app.search import queries
from app.search.schemas import SearchRequest
from app.search.selectivity import (
    EXACT_COUNT_BELOW,
    EXACT_SHARE,
    FilterCounts,
    SkillCounts,
    answered_as,
    answered_as_counted,
    counts_in_full,
)
from app.settings import Settings

COUNTS = SkillCounts(
    docs=1_000_000,
    by_skill={"python": 120_000, "drupal": 20_000, "acrobat": 90_000, "c++": 30_000, "naive bayes": 800},
    complete=False,
)


def request(**fields: object) -> SearchRequest:
    return SearchRequest.model_validate({"search_type": "skills_match", **fields})


def test_names_fold_as_the_keyword_field_does() -> None:
    assert queries.fold("Naïve Bayes") == "naive bayes"
    assert queries.fold("C++") == "c++"
    assert COUNTS.count("NAÏVE BAYES") == 800


def test_every_skill_asked_bounds_by_the_rarest_and_one_of_several_by_their_sum() -> None:
    both = request(skills=["Drupal", "Acrobat"], skills_mode="all")
    either = request(skills=["Drupal", "C++"], skills_mode="any")
    assert counts_in_full(both, COUNTS, 20_000) is True
    assert counts_in_full(both, COUNTS, 19_999) is False
    assert counts_in_full(either, COUNTS, 50_000) is True
    assert counts_in_full(either, COUNTS, 49_999) is False


def test_common_skills_unknown_skills_and_no_skills_keep_the_cap() -> None:
    assert counts_in_full(request(skills=["Python", "Acrobat"]), COUNTS, 50_000) is False
    # A skill past the counts read could be any size: "any" with it is not bounded.
    assert counts_in_full(request(skills=["Drupal", "Kubernetes"]), COUNTS, 50_000) is False
    # With "all", the known rare one bounds it.
    assert counts_in_full(request(skills=["Drupal", "Kubernetes"], skills_mode="all"), COUNTS, 50_000)
    # Text alone filters by no skill, nor do the skills the text names (they only rank).
    assert counts_in_full(request(query="drupal developer"), COUNTS, 50_000) is False
    assert counts_in_full(request(query="drupal developer", skills=["Drupal"]), COUNTS, 50_000) is False


def test_listed_counts_know_a_skill_nobody_has() -> None:
    every = SkillCounts(docs=10, by_skill={"python": 7}, complete=True)
    assert every.count("Cobol") == 0
    assert counts_in_full(request(skills=["Python", "Cobol"]), every, 7, share=1.0) is True
    assert counts_in_full(request(skills=["Python", "Cobol"]), every, 6, share=1.0) is False


def test_a_smaller_index_counts_in_full_only_up_to_its_share() -> None:
    rare = request(skills=["Drupal"], skills_mode="all")  # 20,000 of 1M
    assert counts_in_full(rare, COUNTS, 50_000, share=0.02) is True
    assert counts_in_full(rare, COUNTS, 50_000, share=0.019) is False
    assert counts_in_full(rare, COUNTS, 50_000) is True  # the default share, a tenth


def test_only_skills_searches_without_counts_off_or_exact_asked() -> None:
    rare = {"skills": ["Drupal"], "skills_mode": "all"}
    assert counts_in_full(request(**rare), None, 50_000) is False  # not read yet
    assert counts_in_full(request(**rare), COUNTS, 0) is False  # switched off
    experience = SearchRequest.model_validate(
        {"search_type": "experience_match", "min_experience_years": 3, **rare}
    )
    assert counts_in_full(experience, COUNTS, 50_000) is False  # its skills rank, filter no one
    assert counts_in_full(request(query="python", exact_total=True), None, 0) is True


def test_the_settings_defaults_are_the_documented_ones() -> None:
    assert Settings.model_fields["search_exact_count_below"].default == EXACT_COUNT_BELOW
    assert Settings.model_fields["search_exact_count_share"].default == EXACT_SHARE


def test_a_narrow_search_is_answered_as_an_exact_one_its_facets_over_every_match() -> None:
    narrow = request(skills=["Drupal", "Acrobat"], skills_mode="all", facets=True)
    broad = request(skills=["Python", "Acrobat"], facets=True)
    answered = answered_as(narrow, COUNTS, 50_000)
    assert answered.exact_total and not narrow.exact_total  # the caller's request is left as it was
    assert not queries.sampled_facets(answered)  # the page's own query counts them, every match
    assert answered_as(broad, COUNTS, 50_000) is broad and queries.sampled_facets(broad)
    assert answered_as(narrow, None, 50_000) is narrow  # counts not read yet


class Engine:
    """Answers count bodies with a fixed total, and keeps what it was sent."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.sent: list[dict] = []

    async def __call__(self, body: dict) -> dict:
        self.sent.append(body)
        return {"hits": {"total": {"value": min(self.total, body["track_total_hits"]), "relation": "eq"}}}


async def test_a_ticked_place_is_counted_once_and_a_narrow_one_counts_in_full() -> None:
    known = FilterCounts(max_age=300)
    engine = Engine(total=3_500)
    placed = request(query="data analyst", locations=["Hillshire, VI"])
    answered = await answered_as_counted(placed, COUNTS, 50_000, 0.1, engine, known)
    assert answered.exact_total and not placed.exact_total
    [sent] = engine.sent
    assert sent["size"] == 0 and sent["track_total_hits"] == 50_001
    assert any("location" in str(clause) for clause in sent["query"]["bool"]["filter"])
    again = await answered_as_counted(placed, COUNTS, 50_000, 0.1, engine, known)
    assert again.exact_total and len(engine.sent) == 1  # the filter set's count remembered


async def test_broad_filters_and_no_narrow_filter_keep_the_cap() -> None:
    engine = Engine(total=400_000)
    placed = request(query="nurse", locations=["Texas"])
    assert await answered_as_counted(placed, COUNTS, 50_000, 0.1, engine, None) is placed
    unfiltered = request(query="nurse", min_experience_years=2)
    assert await answered_as_counted(unfiltered, COUNTS, 50_000, 0.1, engine, None) is unfiltered
    assert len(engine.sent) == 1  # experience years alone are not counted
    relative = SearchRequest.model_validate(
        {
            "search_type": "similar_candidates",
            "candidate_id": "7d1c0a4e-2b8f-4a51-9a7e-3f0f1a2b3c4d",
            "locations": ["Texas"],
        }
    )
    assert await answered_as_counted(relative, COUNTS, 50_000, 0.1, engine, None) is relative
    assert len(engine.sent) == 1


def test_filter_counts_forget_the_oldest_and_the_stale() -> None:
    known = FilterCounts(max_age=300, size=2)
    known.put(b"a", 1)
    known.put(b"b", 2)
    assert known.get(b"a") == 1  # now the most recent
    known.put(b"c", 3)
    assert (known.get(b"a"), known.get(b"b"), known.get(b"c")) == (1, None, 3)
    assert FilterCounts(max_age=0).get(b"a") is None


async def test_one_count_serves_every_search_with_the_same_facet_ticked() -> None:
    known = FilterCounts(max_age=300)
    engine = Engine(total=3_500)
    first = request(query="data analyst", skills=["Python"], locations=["Hillshire, VI"])
    other = request(query="nurse", min_experience_years=3, locations=["Hillshire, VI"])
    for asked in (first, other):
        assert (await answered_as_counted(asked, COUNTS, 50_000, 0.1, engine, known)).exact_total
    [sent] = engine.sent  # skills, years and text are not part of what is counted
    assert "Python" not in str(sent) and "total_experience_years" not in str(sent)


async def test_searches_counted_in_full_are_counted_by_what_told_it() -> None:
    def seen(by: str) -> float:
        value = REGISTRY.get_sample_value(
            "search_counted_in_full_total", {"search_type": "skills_match", "by": by}
        )
        return value or 0.0

    before = seen("skills"), seen("filters")
    rare = request(skills=["Drupal"], skills_mode="all")
    placed = request(query="data analyst", locations=["Hillshire, VI"])
    await answered_as_counted(rare, COUNTS, 50_000, 0.1, Engine(total=3_500), None)
    await answered_as_counted(placed, COUNTS, 50_000, 0.1, Engine(total=3_500), None)
    await answered_as_counted(request(query="nurse"), COUNTS, 50_000, 0.1, Engine(total=3_500), None)
    assert (seen("skills"), seen("filters")) == (before[0] + 1, before[1] + 1)


async def test_a_search_that_asks_for_an_exact_total_is_not_counted_first() -> None:
    engine = Engine(total=3_500)
    exact = request(query="data analyst", locations=["Hillshire, VI"], exact_total=True)
    assert await answered_as_counted(exact, COUNTS, 50_000, 0.1, engine, FilterCounts(max_age=300)) is exact
    assert engine.sent == []


def test_a_prefixs_share_of_the_skill_mentions_folds_case_and_accents() -> None:
    counts = SkillCounts(
        docs=10, by_skill={"microsoft excel": 6, "microsoft word": 2, "mysql": 1, "cafe": 1}, complete=True
    )
    assert counts.share_starting("Mi") == pytest.approx(0.8)
    assert counts.share_starting("m") == pytest.approx(0.9)
    assert counts.share_starting("CAFÉ") == pytest.approx(0.1)
    assert counts.share_starting("z") == 0.0
    assert SkillCounts(docs=0, by_skill={}, complete=True).share_starting("m") == 0.0
