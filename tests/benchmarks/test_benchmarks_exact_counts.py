"""The exact-count benchmark's tables: bodies grouped by what their filters let in, and thresholds applied
by the skill counts' bound, as the API applies them."""

from __future__ import annotations

from app.search.selectivity import SkillCounts
from benchmarks.search.exact_counts import bucket_rows, threshold_rows, ticked_rows

COUNTS = SkillCounts(docs=1_000_000, by_skill={"drupal": 3_000, "excel": 600_000}, complete=False)
RARE = [{"term": {"skills.keyword": "Drupal"}}]
COMMON = [{"terms": {"skills.keyword": ["Excel"]}}]
ROWS = [
    {"capped": 40, "every match": 8, "let_in": 2_500, "filters": RARE},
    {"capped": 5, "every match": 30, "let_in": 550_000, "filters": COMMON},
]


def test_bodies_are_grouped_by_what_their_filters_let_in() -> None:
    rows = bucket_rows(ROWS)
    assert [(r["from"], r["to"], r["bodies"]) for r in rows] == [(0, 5_000, 1), (400_000, None, 1)]
    assert rows[0]["every_match_faster"] == 1 and rows[1]["every_match_faster"] == 0


def test_a_threshold_counts_in_full_only_the_bodies_the_counts_bound_under_it() -> None:
    rows = {r["threshold"]: r for r in threshold_rows(ROWS, COUNTS)}
    assert (rows[0]["counted_in_full"], rows[0]["max_ms"]) == (0, 40)
    assert (rows[50_000]["counted_in_full"], rows[50_000]["max_ms"]) == (1, 8)


def test_a_ticked_facet_pays_its_count_and_counts_in_full_only_under_the_limit() -> None:
    rows = [
        {"capped": 40, "every match": 8, "count_ms": 1, "let_in": 3_000},
        {"capped": 5, "every match": 30, "count_ms": 2, "let_in": 90_000},
    ]
    choice = ticked_rows(rows, 50_000)
    assert choice["counted_in_full"] == 1
    assert choice["capped"]["max_ms"] == 40
    assert choice["counted, then the choice"]["max_ms"] == 9  # 1 + 8; the broad one 2 + 5
