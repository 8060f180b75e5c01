"""Two golds of the same resumes compared (issue 16: 11b on dev, s16-audit on held-out): files, arithmetic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.parsing.shared_data import shared_data_dir
from benchmarks.parsing.accuracy import COMPLETED_GOLD, DEV3_GOLD, DEV4_GOLD, Score, load_completed_gold
from benchmarks.parsing.gold_agreement import (
    HELD_OUT_ADJUDICATED_GOLD,
    HELD_OUT_SECOND_GOLD,
    SECOND_GOLD,
    agreement,
    bootstrap_f1,
    compare,
    dev_texts,
    field_values,
    held_out_sample,
    load_second_gold,
    split_texts,
)
from tests.benchmarks.test_benchmarks_completed_gold import _well_formed_gold

DATA = shared_data_dir()
needs_data = pytest.mark.skipif(
    not (DATA / "resumes" / "dataturks").is_dir(), reason="shared data not available"
)


def test_the_second_gold_is_offsets_and_months_only_on_completed_gold_resumes() -> None:
    data = json.loads(SECOND_GOLD.read_text(encoding="utf-8"))
    _well_formed_gold(dict(data), 16, offsets=True)
    completed = json.loads(COMPLETED_GOLD.read_text(encoding="utf-8"))
    assert set(data) - {"meta"} <= set(completed)
    for other in (DEV3_GOLD, DEV4_GOLD):
        assert set(data) & set(json.loads(other.read_text(encoding="utf-8"))) == {"meta"}


@needs_data
def test_every_second_gold_resume_is_a_dev_resume() -> None:
    keys = set(json.loads(SECOND_GOLD.read_text(encoding="utf-8"))) - {"meta"}
    assert set(dev_texts(DATA, keys)) == keys  # dev_texts stops at a held-out key


def test_agreement_is_the_benchmarks_one_to_one_fuzzy_match_and_swaps_precision_and_recall() -> None:
    reference = field_values("companies", ["Contoso Ltd", "Fabrikam", "Northwind Traders"])
    other = field_values("companies", ["Contoso Limited", "Northwind", "Adatum"])
    score = agreement(reference, other)
    # Contoso by company key, Northwind by containment; Adatum is extra, Fabrikam missing.
    assert (score.true_positives, score.predicted, score.gold) == (2, 3, 3)
    back = agreement(other, reference)
    assert (back.precision, back.recall) == (score.recall, score.precision)


def test_compare_counts_jobs_spans_and_distinct_values() -> None:
    text = "Analyst\nContoso Ltd -\nTester\nContoso Ltd -\n"
    first = {"k": [{"company": [8, 19], "title": [0, 7]}, {"company": [29, 40], "title": [22, 28]}]}
    second = {"k": [{"company": [8, 19], "title": [0, 7]}]}
    result = compare({"k": text}, first, second)
    assert result["jobs"] == {
        "first": 2,
        "second": 1,
        "resumes with equal job counts": 0,
        "second's jobs with the same spans": 1,
    }
    companies, titles = result["scores"]["companies"], result["scores"]["titles"]
    # Two jobs at one employer are one distinct value: the companies agree; one title of two is missed.
    assert (companies.true_positives, companies.predicted, companies.gold) == (1, 1, 1)
    assert (titles.true_positives, titles.predicted, titles.gold) == (1, 1, 2)


def test_bootstrap_resamples_whole_resumes() -> None:
    # Every resume alike: every sample has the same F1; two unlike resumes: the samples spread around them.
    same = bootstrap_f1([Score(true_positives=1, predicted=2, gold=1, resumes=1)] * 5, size=109, draws=50)
    assert len(same) == 50 and same[0] == same[-1] == pytest.approx(2 / 3)
    mixed = bootstrap_f1(
        [Score(true_positives=1, predicted=1, gold=1, resumes=1), Score(predicted=1, gold=1, resumes=1)],
        size=10,
        draws=200,
    )
    assert mixed == sorted(mixed) and mixed[0] < 0.5 < mixed[-1]


def _offsets_only_gold(path: Path) -> dict[str, Any]:
    """A held-out audit gold: meta counts, 30 keys of the completed gold, per job two spans or nulls only."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    meta = data.pop("meta")
    assert meta["resumes"] == len(data) == 30
    assert meta["jobs"] == sum(len(jobs) for jobs in data.values())
    for jobs in data.values():
        for job in jobs:
            assert set(job) == {"company", "title"} and (job["company"] or job["title"])
            for span in (job["company"], job["title"]):
                assert span is None or (len(span) == 2 and 0 <= span[0] < span[1])
    assert set(data) <= set(json.loads(COMPLETED_GOLD.read_text(encoding="utf-8")))
    return data


def test_the_held_out_golds_are_offsets_only_and_adjudication_picks_one_of_the_two() -> None:
    second = _offsets_only_gold(HELD_OUT_SECOND_GOLD)
    adjudicated = _offsets_only_gold(HELD_OUT_ADJUDICATED_GOLD)
    completed = load_completed_gold(COMPLETED_GOLD)
    assert list(adjudicated) == list(second)
    # Each resume's adjudicated jobs are one annotation's, never a third reading.
    assert all(adjudicated[key] in (second[key], completed[key]) for key in second)


@needs_data
def test_the_held_out_second_gold_is_the_fixed_draw_of_held_out_resumes() -> None:
    keys = list(json.loads(HELD_OUT_SECOND_GOLD.read_text(encoding="utf-8")))[1:]
    assert keys == held_out_sample(DATA)  # the draw committed before any held-out text was read
    assert set(split_texts(DATA, set(keys), "held_out")) == set(keys)
    with pytest.raises(SystemExit, match="not a dev resume"):
        dev_texts(DATA, set(keys[:1]))


@needs_data
def test_the_held_out_golds_agree_as_the_readme_reports() -> None:
    second = load_second_gold(HELD_OUT_SECOND_GOLD)
    completed = load_completed_gold(COMPLETED_GOLD)
    first = {key: completed[key] for key in second}
    result = compare(split_texts(DATA, set(second), "held_out"), first, second)
    # With the audit's corrections (4 resumes set to the adjudicated gold) the completed gold agrees with the
    # second as the adjudicated gold does; before them: jobs 77 against 80, 27 equal counts, 72 same spans,
    # titles 54 of 56 matched.
    assert result["jobs"] == {
        "first": 80,
        "second": 80,
        "resumes with equal job counts": 30,
        "second's jobs with the same spans": 76,
    }
    companies, titles = result["scores"]["companies"], result["scores"]["titles"]
    assert (companies.true_positives, companies.predicted, companies.gold) == (49, 49, 49)
    assert (titles.true_positives, titles.predicted, titles.gold) == (55, 56, 56)
