"""The session-16 experiments of issue 17: the BM25 safety's signals and the clause weights' ascent."""

from __future__ import annotations

import numpy as np

from benchmarks.relevance import bm25_safety, clause_weights


def _titled(*titles: str) -> list[dict[str, object]]:
    return [{"_source": {"current_title": title}} for title in titles]


def test_the_safety_measures_overlap_and_how_much_feedback_bm25s_titles_carry() -> None:
    assert bm25_safety.overlap(list("abcdefghij"), list("abcxyzuvwq")) == 0.3
    feedback = [("accountant", 0.5), ("senior", 0.25)]
    # half of BM25's titles hold "accountant" (as ours's share), none "senior": two thirds of the mass
    assert bm25_safety.support(feedback, _titled("Staff Accountant", "Teller")) == 2 / 3
    assert bm25_safety.support(feedback, _titled("Teller", "Clerk")) == 0.0
    # nothing fed back, or no BM25 hit: nothing to check
    assert bm25_safety.support([], _titled("Teller")) == 1.0
    assert bm25_safety.support(feedback, []) == 1.0


def _window(qid: str, rows: list[tuple[list[float], int]]) -> clause_weights.Window:
    groups = len(clause_weights.GROUPS)
    hits = []
    for values, label in rows:
        features = [0.0] * len(clause_weights.FEATURES)
        for group, value in zip(clause_weights.GROUPS, values + [0.0] * (groups - len(values)), strict=True):
            features[clause_weights.FEATURES.index(group)] = value
        hits.append({"features": features, "label": label})
    best = max(sum(f for f in values) for values, _ in rows)
    for hit, (values, _) in zip(hits, rows, strict=True):
        hit["features"][clause_weights.FEATURES.index("score_relative")] = sum(values) / best
    return clause_weights.Window({"id": qid, "hits": hits, "total": 1})


def test_coordinate_ascent_starts_from_ours_and_moves_a_weight_only_for_a_gain() -> None:
    # the irrelevant hit leads on the title, the relevant one on the resume text
    window = _window("q", [([3.0, 0.0, 1.0], 0), ([1.0, 0.0, 2.0], 1)])
    assert window.residual < 1e-9
    ones = np.ones(len(clause_weights.GROUPS))
    assert window.ndcg(ones) < 1.0
    fitted = clause_weights.ascend([window])
    assert window.ndcg(fitted) == 1.0
    assert fitted[clause_weights.GROUPS.index("summary")] == 1.0  # no gain there: left alone
