"""Round 44's learned employer decider (issue 16): the hook that records job headers, and the folds."""

from __future__ import annotations

import numpy as np

from app.parsing import rule_based
from benchmarks.parsing.employer_decider import (
    FEATURES,
    Hook,
    Logistic,
    Resume,
    folds_of,
    learned,
    parse,
    passes_the_rules_guards,
    score,
)

RESUME = """Priya Rao
priya.rao@example.com

EXPERIENCE

Senior Data Engineer
Northwind Traders -  Hamburg -
September 2018 to Present
Built the pipelines the pricing team runs on.
"""
GOLD = Resume("dataturks_dev", "dev", "k", RESUME, (["Northwind Traders"], ["Senior Data Engineer"]))


def test_the_hook_records_each_header_part_labelled_by_the_gold_and_leaves_the_parser_as_it_was() -> None:
    hook = Hook()
    parsed = parse(GOLD, hook)
    assert rule_based._job is not hook  # the parser's own step is back
    assert parsed.work_experience[0].company == "Northwind Traders"
    (header,) = hook.headers
    assert header.texts == ["Senior Data Engineer", "Northwind Traders", "Hamburg"]
    assert header.labels == [0, 1, 0]  # the part that names the gold employer
    assert header.rule_part == 1 and header.rule_title == "Senior Data Engineer"
    assert all(len(features) == len(FEATURES) for features in header.features)
    assert score(parsed, GOLD) == (1, 1, 1)


def test_a_decider_that_finds_no_likely_employer_reaches_the_parse_and_its_score() -> None:
    never = learned(threshold=0.5)
    parsed = parse(GOLD, Hook(decide=lambda _, header, job: never([0.1] * len(header.texts), header, job)))
    assert parsed.work_experience[0].company is None
    assert score(parsed, GOLD) == (0, 0, 1)  # the gold employer is missed: the decider was wired in


def test_folds_deal_each_sources_resumes_out_in_turn_the_same_on_every_run() -> None:
    resumes = [Resume(source, "s", str(n), "", ([], [])) for source in ("sdist", "csv") for n in range(7)]
    folds = folds_of(resumes, 3, 44)
    assert folds == folds_of(resumes, 3, 44)
    for source in ("sdist", "csv"):
        sizes = [
            sum(1 for r, f in zip(resumes, folds, strict=True) if r.source == source and f == k)
            for k in range(3)
        ]
        assert sorted(sizes) == [2, 2, 3]


def test_the_regression_learns_a_feature_that_separates_the_labels() -> None:
    x = np.array([[1.0, 0.0]] * 20 + [[0.0, 1.0]] * 20)
    y = np.array([1.0] * 20 + [0.0] * 20)
    chances = Logistic().fit(x, y).predict(np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert chances[0] > 0.9 and chances[1] < 0.1


def test_the_guarded_decider_passes_over_a_practice_typed_in_the_employer_field() -> None:
    hook = Hook()
    job = parse(GOLD, hook).work_experience[0]
    (header,) = hook.headers
    header.texts[1] = "SAP ABAP"  # what a consultant types where Indeed puts the employer
    assert not passes_the_rules_guards("SAP ABAP", header.rule_title)
    assert learned(0.5)([0.1, 0.9, 0.2], header, job).company == "SAP ABAP"
    assert learned(0.5, guards=True)([0.1, 0.9, 0.2], header, job).company is None
