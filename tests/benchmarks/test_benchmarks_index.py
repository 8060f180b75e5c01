"""The index benchmark's bookkeeping: alternating order, ratios per round, CPU that never goes negative."""

from __future__ import annotations

import os

from benchmarks.common import cpu_used
from benchmarks.index.__main__ import compare_rounds, render_markdown, round_order, summarise

CPU = {"opensearch": 4.0, "postgres": 1.0, "benchmark process": 1.0}


def run(number: int, position: int, system: str, docs_per_second: float) -> dict[str, object]:
    measured: dict[str, object] = {
        "round": number,
        "position": position,
        "system": system,
        "documents": 1000,
        "seconds": 1000 / docs_per_second,
        "docs_per_second": docs_per_second,
        "cpu_seconds": CPU,
    }
    if system == "reindex":
        measured["stream_docs_per_second"] = docs_per_second * 1.25
    return measured


RUNS = [
    run(1, 1, "reindex", 800.0),
    run(1, 2, "floor", 1000.0),
    run(2, 1, "floor", 1250.0),
    run(2, 2, "reindex", 750.0),
]


def test_the_order_alternates_round_by_round() -> None:
    assert [round_order(n) for n in (1, 2, 3)] == [
        ("reindex", "floor"),
        ("floor", "reindex"),
        ("reindex", "floor"),
    ]


def test_each_round_compares_the_reindex_with_the_floor_of_the_same_round() -> None:
    rounds = compare_rounds(RUNS)
    assert [(r["round"], r["order"]) for r in rounds] == [
        (1, ["reindex", "floor"]),
        (2, ["floor", "reindex"]),
    ]
    assert [r["reindex_vs_floor"] for r in rounds] == [0.8, 0.6]
    assert [r["stream_vs_floor"] for r in rounds] == [1.0, 0.75]
    assert summarise([r["reindex_vs_floor"] for r in rounds]) == {"median": 0.7, "best": 0.8}


def test_a_process_that_ends_between_readings_drops_out_instead_of_going_negative() -> None:
    me = os.getpid()
    before = {("postgres", 1): 50.0, ("postgres", 2): 1.0, ("benchmark process", me): 2.0}
    after = {
        ("postgres", 2): 1.5,
        ("postgres", 3): 0.25,
        ("opensearch", 9): 3.0,
        ("benchmark process", me): 2.5,
    }
    assert cpu_used(before, after) == {"opensearch": 3.0, "postgres": 0.75, "benchmark process": 0.5}


def test_the_report_has_a_row_per_run_with_its_position() -> None:
    rounds = compare_rounds(RUNS)
    once = {"documents": 1000, "seconds": 2.0, "docs_per_second": 500.0, "cpu_seconds": CPU}
    result = {
        "command": "python -m benchmarks.index",
        "date": "2026-12-03T00:00:00+00:00",
        "environment": {"opensearch": "2.19.6", "python": "3.11", "cpus": 2, "machine": "x86_64"},
        "index_size_bytes": 1_048_576,
        "rounds": 2,
        "settings": {"chunk_size": 500, "bulk_concurrency": 2, "stream_batch_size": 500},
        "build_seconds": 0.5,
        "runs": RUNS,
        "comparison_by_round": rounds,
        "summary": {
            "stream_vs_floor": summarise([r["stream_vs_floor"] for r in rounds]),
            "reindex_vs_floor": summarise([r["reindex_vs_floor"] for r in rounds]),
        },
        "sequential_floor": once,
        "reindex_process": {"seconds": 4.0, "peak_rss_mib": 120.0},
        "sync_lag": [
            dict.fromkeys(("p50_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms"), float(n))
            | {"max_in_flight": n, "updates": 10, "rate_per_second": 1.0, "duration_seconds": 10.0}
            for n in (1, 4)
        ],
    }
    text = render_markdown(result)
    assert "| 2 | 1 | raw `_bulk`, 2 in flight | 0.80 | 1,250 |  | 4.000 | 1.000 | 1.000 | 6.000 |" in text
    assert "| 2 | floor then reindex | 75% | 60% | 100% |" in text
    assert "88% / 100% streaming, 70% / 80% end to end" in text
    assert "| 1 | 10 | 1 ms | 1 ms | 1 ms | 1 ms | 1 ms |\n| 4 | 10 | 4 ms |" in text
