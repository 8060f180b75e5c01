"""The learned header roles of round 12 (issue 16): the labels, the fit, and the graft into the parser."""

from __future__ import annotations

import inspect
import math

from app.parsing import rule_based
from app.parsing.rule_based import RuleBasedResumeParser
from benchmarks.parsing.line_roles import GRAFT_AFTER, RoleModel, fit, gold_role, grafted, with_model

RESUME = """Priya Rao
priya.rao@example.com

EXPERIENCE

Senior Data Engineer, Otto Group, Hamburg
Sep 2018 - Present
• Built the pipelines the pricing team runs on.
"""


def test_a_header_part_is_labelled_by_the_gold_employer_key_or_title() -> None:
    companies, titles = ["Otto Group"], ["Senior Data Engineer"]
    assert gold_role("Otto Group GmbH", companies, titles) == "company"  # legal form folded by company_key
    assert gold_role("Senior Data Engineer", companies, titles) == "title"
    assert gold_role("Hamburg", companies, titles) == "other"
    assert gold_role("Data Engineer", companies, titles) == "title"  # Jaccard 2/3


def test_fit_separates_roles_its_features_tell_apart() -> None:
    parts = [(["bias", "legal"], "company", "company")] * 6 + [(["bias", "ts2"], "title", "title")] * 6
    parts += [(["bias", "place"], "other", "other")] * 6
    model = fit(parts, steps=200)
    for features, role in (
        (["bias", "legal"], "company"),
        (["bias", "ts2"], "title"),
        (["bias", "place"], "other"),
    ):
        chances = model.probabilities(features)
        assert math.isclose(sum(chances.values()), 1.0)
        assert max(chances, key=chances.__getitem__) == role


def test_the_graft_reaches_the_parser_and_leaves_it_as_it_was() -> None:
    parser = RuleBasedResumeParser()
    before = parser.parse(RESUME).work_experience[0]
    assert (before.title, before.company, before.location) == (
        "Senior Data Engineer",
        "Otto Group",
        "Hamburg",
    )
    seen: list[list[str]] = []

    def swap(parts, header, anchor_line, title, company):  # type: ignore[no-untyped-def]
        seen.append([part.text for part in parts])
        return company, title

    with grafted(swap):
        swapped = parser.parse(RESUME).work_experience[0]
    assert seen == [["Senior Data Engineer", "Otto Group", "Hamburg"]]
    # The swapped title "Otto Group" names no role, so the parser's last check drops it (round 17).
    assert (swapped.title, swapped.company) == (None, "Senior Data Engineer")
    assert parser.parse(RESUME).work_experience[0] == before


def test_a_model_overrules_the_rules_only_by_its_margin() -> None:
    # Every part leans to the employer, the third ("Hamburg") far most: with a margin of 1.1 the rules'
    # pick stays, with 0.2 the model's replaces it (and the place is no longer the location).
    model = RoleModel({"index2": (0.0, 9.0, 0.0), "bias": (0.0, 1.0, 0.0)}, (0.0, 0.0, 0.0), margin=1.1)
    parser = RuleBasedResumeParser()
    with grafted(with_model(model)):
        assert parser.parse(RESUME).work_experience[0].company == "Otto Group"
    with grafted(with_model(model.with_thresholds(0.2, 0.0))):
        assert parser.parse(RESUME).work_experience[0].company == "Hamburg"


def test_the_line_the_model_is_grafted_after_is_in_the_parser() -> None:
    assert inspect.getsource(rule_based._job).count(GRAFT_AFTER) == 1
