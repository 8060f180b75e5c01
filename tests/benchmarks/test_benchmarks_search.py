"""The search benchmark's workload, Postgres peer statements, percentiles and target checks."""

from __future__ import annotations

import json
import random
import uuid
from datetime import date
from pathlib import Path

import pytest

from app.parsing.shared_data import shared_data_dir
from app.search import queries
from app.search.schemas import MAX_QUERY_CHARS, SearchRequest, SearchType
from app.settings import Settings
from benchmarks.common import api_environment, percentile
from benchmarks.search import ab, diagnose, fixed_cost, indexes, longtext, pairing, postgres, timeline
from benchmarks.search.__main__ import check_targets, ratios
from benchmarks.search.peers import Measurement
from benchmarks.search.workload import SEARCH_TYPES, build_requests

TODAY = date(2026, 11, 28)
ROOT = Path(__file__).resolve().parents[2]


def rows(count: int) -> list[dict[str, object]]:
    return [
        {
            "id": uuid.UUID(int=n + 1),
            "current_title": "Senior Software Developer",
            "total_experience_years": 3 + n % 20,
            "skills": ["Python", "SQL", "Git", "Docker", "Linux"][: 2 + n % 4],
        }
        for n in range(count)
    ]


def test_requests_are_distinct_valid_and_cover_every_type() -> None:
    requests = build_requests(rows(60), per_type=40, seed=1)  # type: ignore[arg-type]
    assert set(requests) == set(SEARCH_TYPES)
    for kind, made in requests.items():
        assert len(made) == 40 or kind == SearchType.SKILLS_MATCH
        assert len({r.model_dump_json() for r in made}) == len(made)
    assert all(r.skills for r in requests[SearchType.SKILLS_MATCH])
    assert {r.skills_mode for r in requests[SearchType.SKILLS_MATCH]} == {"any", "all"}
    assert all(r.candidate_id for r in requests[SearchType.WORKED_WITH])
    assert build_requests(rows(60), 40, 1) == build_requests(rows(60), 40, 1)  # type: ignore[arg-type]


def test_postgres_statements_per_type() -> None:
    made = build_requests(rows(30), per_type=5, seed=1)  # type: ignore[arg-type]
    skills = next(r for r in made[SearchType.SKILLS_MATCH] if r.skills_mode == "all")
    sql, args = postgres.statement(skills, TODAY)
    assert "?&" in sql and args[0] == [s.lower() for s in skills.skills] and args[-1] == 20
    sql, args = postgres.statement(made[SearchType.WORKED_WITH][0], TODAY)
    assert sql == postgres.WORKED_WITH and args[1] == TODAY and args[2] == 30
    sql, _ = postgres.statement(made[SearchType.SAME_DEPARTMENT][0], TODAY)
    assert "ILIKE" in sql
    for kind in SEARCH_TYPES:
        sql, _ = postgres.statement(made[kind][0], TODAY)
        assert "count(*) OVER ()" in sql and "LIMIT" in sql


def test_a_benchmarks_api_writes_its_search_events_away_from_the_dev_stacks(monkeypatch) -> None:
    # The dev stack's analytics (what Dashboards shows) must not fill with a load run's million events.
    monkeypatch.delenv("SEARCH_EVENTS_PREFIX", raising=False)
    env = api_environment(API_PORT="1")
    prefix = Settings(_env_file=None, search_events_prefix=env["SEARCH_EVENTS_PREFIX"]).search_events_prefix
    assert prefix != Settings.model_fields["search_events_prefix"].default
    assert not prefix.startswith("search-events-")
    assert api_environment(SEARCH_EVENTS_PREFIX="mine-")["SEARCH_EVENTS_PREFIX"] == "mine-"


def test_percentile_by_nearest_rank_and_measurement_summary() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 51.0
    assert percentile(values, 0.99) == 99.0
    summary = Measurement([v / 1000 for v in values], 50, 2.0, 8).as_dict()
    assert summary["p95_ms"] == 95.0 and summary["throughput_rps"] == 25.0 and summary["n"] == 100


def test_targets_compare_each_ratio_with_its_bound() -> None:
    def peer(p50: float, p95: float, p99: float) -> dict[str, float]:
        return {"p50_ms": p50, "p95_ms": p95, "p99_ms": p99}

    results = {
        "skills_match": {
            "postgres": peer(100, 900, 1000),
            "raw": peer(10, 20, 30),
            "api": peer(12, 30, 40),
            "cached": peer(1, 2, 3),
        }
    }
    run = {"results": results, "ratios": ratios(results)}
    assert run["ratios"]["skills_match"] == {
        "api_over_raw_p50": 1.2,
        "postgres_over_api_p95": 30.0,
        "cached_p99_ms": 3,
    }
    assert all(check["met"] for check in check_targets(run))
    results["skills_match"]["api"] = peer(20, 60, 80)
    run = {"results": results, "ratios": ratios(results)}
    assert [c["met"] for c in check_targets(run)] == [False, True, False, False]


def test_fixed_cost_variants_name_parts_and_a_typo_is_refused() -> None:
    assert fixed_cost.parts_of("shipped") == set()
    assert fixed_cost.parts_of("no-store+no-mget") == {"no-store", "no-mget"}
    with pytest.raises(ValueError, match="'no-stores'"):
        fixed_cost.parts_of("no-stores")


def test_fixed_cost_table_says_no_cached_figure_without_the_lookup() -> None:
    row = {
        "api": 6.4, "raw": 4.4, "api_over_raw": 1.45, "health": 0.6, "cached": None,
        "server_request": 5.4, "server_search": 5.0, "server_engine": 4.3, "server_rest": 0.7, "samples": 500,
        "cpu_uncached": 2.214, "cpu_health": 0.31, "cpu_cached": None,
    }  # fmt: skip
    table = fixed_cost.markdown(
        {"size": 1000, "requests": 500, "types": {"worked_with": {"no-mget": row}}}, "cmd"
    )
    timings = "| worked_with | no-mget | 6.40 | 4.40 | 1.45 | 0.60 | - | 5.40 | 5.00 | 4.30 | 0.70 |"
    assert timings + " 2.21 | 0.31 | - |" in table


def test_ab_finds_a_paired_difference_the_noise_between_requests_would_hide() -> None:
    # Request times spread over 4-9 ms; the other API is 0.05 ms slower on every request.
    spread = random.Random(3)
    baseline = [4 + 5 * spread.random() for _ in range(400)]
    slower = [t + 0.05 for t in baseline]
    median, low, high = pairing.paired_difference(baseline, slower)
    assert median == pytest.approx(0.05) and low == pytest.approx(0.05) and high == pytest.approx(0.05)
    noisy = [t + spread.gauss(0.05, 0.02) for t in baseline]
    median, low, high = pairing.paired_difference(baseline, noisy)
    assert low < median < high and 0.04 < median < 0.06 and high - low < 0.02
    with pytest.raises(ValueError, match="equal"):
        pairing.paired_difference(baseline, slower[:-1])


def test_ab_rotates_which_target_goes_first() -> None:
    names = ["raw", "main", "branch"]
    orders = [pairing.rotated(names, n) for n in range(6)]
    assert all(sorted(order) == sorted(names) for order in orders)
    for position in range(3):
        assert sorted(order[position] for order in orders) == sorted(names * 2)


def test_ab_refuses_a_directory_that_is_not_a_checkout(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.argv", ["ab", "--checkouts", f"{ROOT},{tmp_path}"])
    with pytest.raises(SystemExit) as stopped:
        ab.main()
    assert stopped.value.code == 2
    assert f"{tmp_path} is not a checkout of this project" in capsys.readouterr().err


def test_ab_table_shows_the_baseline_and_the_difference_with_its_interval() -> None:
    times = {"raw": [4.0, 4.2, 4.1], "main": [5.6, 5.8, 5.7], "branch": [5.5, 5.75, 5.62]}
    row = ab.summarise(times, "main")
    assert row["apis"]["main"] == {"p50": 5.7, "p95": 5.8, "over_raw": 1.39}
    assert row["apis"]["branch"]["minus_baseline"][0] == pytest.approx(-0.08)
    results = {"size": 1000, "requests": 3, "rounds": 1, "checkouts": {"main": "abc", "branch": "def"}}
    table = ab.markdown({**results, "types": {"worked_with": row}}, "cmd")
    assert "| worked_with | 4.10 | main | 5.70 | 5.80 | 1.390 | baseline |" in table
    assert "| worked_with | 4.10 | branch | 5.62 | 5.75 | 1.371 | -0.080 [" in table


class _Peer:
    """What `indexes.first_bodies` asks of the raw peer: the request as answered, the relative's source."""

    async def answered_as(self, request: SearchRequest) -> SearchRequest:
        return request

    async def source(self, request: SearchRequest) -> dict[str, object] | None:
        return {"skills": ["Python"], "current_title": "Developer"} if request.candidate_id else None


async def test_indexes_sends_a_skills_search_its_first_pass_and_any_other_its_whole_body() -> None:
    requests = build_requests(rows(60), 10, seed=1)
    texts = [r for r in requests[SearchType.SKILLS_MATCH] if queries.feedback_text(r) is not None]
    others = requests[SearchType.SIMILAR_CANDIDATES][:3]
    bodies = await indexes.first_bodies(_Peer(), [*texts[:3], *others], TODAY)  # type: ignore[arg-type]
    first, whole = bodies[:3], bodies[3:]
    # The first pass reads the window's hits with the card's fields: the fetch a stored _source slows.
    assert all(body["size"] == queries.FEEDBACK_WINDOW and "full_name" in body["_source"] for body in first)
    assert whole[0] == queries.build_search(others[0], await _Peer().source(others[0]), TODAY, queries.Page())


class _Engine:
    """An engine that answers nothing and keeps every body it was sent."""

    def __init__(self) -> None:
        self.sent: list[dict] = []

    async def search(self, index: str, body: dict) -> dict:
        self.sent.append(body)
        return {"hits": {"hits": [], "total": {"value": 0, "relation": "eq"}}}


async def test_diagnose_times_the_first_pass_of_a_text_search_not_its_cheap_second_pass(monkeypatch) -> None:
    # Until session 44 a text search's variants were timed on the whole body over the first pass's window
    # (an ids filter of 50): a few milliseconds whatever was changed. The first pass over every match is
    # what costs, so its variants are what say where the time goes.
    requests = build_requests(rows(60), 10, seed=1)
    texts = [r for r in requests[SearchType.SKILLS_MATCH] if queries.feedback_text(r) is not None][:2]
    monkeypatch.setattr(
        diagnose, "VARIANTS", {SearchType.SKILLS_MATCH: diagnose.VARIANTS[SearchType.SKILLS_MATCH]}
    )
    monkeypatch.setattr(diagnose, "window_agreement", _no_agreement)
    peer = _Peer()
    peer.client, peer.alias, peer.today = _Engine(), "a", TODAY  # type: ignore[attr-defined]
    out = await diagnose.diagnose(peer, {SearchType.SKILLS_MATCH: texts})  # type: ignore[arg-type]
    sent = peer.client.sent  # type: ignore[attr-defined]
    assert len(sent) == len(texts) * len(diagnose.VARIANTS[SearchType.SKILLS_MATCH])
    assert all('"ids"' not in json.dumps(body["query"]) for body in sent)
    assert max(body["size"] for body in sent) == queries.FEEDBACK_WINDOW
    assert {name: row["n"] for name, row in out["skills_match"].items()} == dict.fromkeys(
        diagnose.VARIANTS[SearchType.SKILLS_MATCH], len(texts)
    )
    # The variants take turns going first: the first request's goes as sent, the second's with highlight.
    names = list(diagnose.VARIANTS[SearchType.SKILLS_MATCH])
    assert names[:2] == ["as sent", "with highlight"]
    assert "highlight" not in sent[0] and "highlight" in sent[len(names)]
    # Each change is read against the body as sent, request by request.
    assert "minus_as_sent" not in out["skills_match"]["as sent"]
    assert len(out["skills_match"]["no phrases"]["minus_as_sent"]) == 3


async def _no_agreement(*_args: object) -> None:
    return None


def test_indexes_table_gives_both_indexes_and_the_paired_difference(monkeypatch, capsys) -> None:
    row = {"samples": 2, "a": {"p50": 20.1, "p95": 40.2}, "b": {"p50": 15.0, "p95": 31.9}}
    results = {"size": 1000, "indexes": ["a", "b"], "rounds": 1}
    table = indexes.markdown(
        {**results, "types": {"skills_match": {**row, "difference_ms": [-4.5, -6, -3]}}}, "c"
    )
    assert "| skills_match | 2 | 20.1 / 40.2 | 15.0 / 31.9 | -4.500 [-6.000, -3.000] |" in table
    for given in ("only-one", "same,same"):
        monkeypatch.setattr("sys.argv", ["indexes", "--size", "1000", "--indexes", given])
        with pytest.raises(SystemExit) as stopped:
            indexes.main()
        assert stopped.value.code == 2 and "exactly two index names" in capsys.readouterr().err


def _marks(start: float, names: list[str], step: float = 0.001) -> list[tuple[str, float]]:
    return [(name, start + i * step) for i, name in enumerate(names)]


FRESH = [
    "read", "middleware in", "parse in", "parse out", "search in", "cache in", "engine in", "engine out",
    "engine in", "engine out", "cache out", "search out", "middleware out", "prepare", "write in",
    "write out",
]  # fmt: skip


def test_timeline_splits_each_fresh_search_at_the_next_read_and_skips_cache_hits() -> None:
    # Two fresh searches and a cache hit between them; marks 1 ms apart, the client 1 ms either side.
    first = _marks(10.0, FRESH)
    hit = _marks(
        20.0, ["read", "middleware in", "parse in", "parse out", "search in", "cache in", "cache out"]
    )
    second = _marks(30.0, FRESH)
    client = [("sent", 9.999), ("read", 10.016), ("sent", 19.999), ("read", 20.008)]
    client += [("sent", 29.999), ("read", 30.016)]
    searches = timeline.split_requests(client, first + hit + second)
    assert len(searches) == 2  # the hit made no engine call
    one = searches[0]
    assert one["the client sends -> the API reads it"] == pytest.approx(1.0)
    assert one["engine calls, first start to last end"] == pytest.approx(3.0)  # first in .. last out
    assert one["the write"] == pytest.approx(1.0)
    assert one["written -> the client has read it"] == pytest.approx(1.0)
    assert one[timeline.TOTAL] == pytest.approx(17.0)
    assert timeline.p50s(searches)["the write"] == pytest.approx(1.0)


def test_timeline_leaves_out_a_search_whose_marks_are_incomplete() -> None:
    broken = _marks(10.0, [name for name in FRESH if name != "prepare"])
    assert timeline.split_requests([("sent", 9.999), ("read", 10.02)], broken) == []
    with pytest.raises(ValueError, match="alternate"):
        timeline.split_requests([("read", 1.0), ("sent", 2.0)], broken)


def test_timeline_refuses_an_unknown_search_type(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.argv", ["timeline", "--type", "same_departmnet"])
    with pytest.raises(SystemExit) as stopped:
        timeline.main()
    assert stopped.value.code == 2 and "same_departmnet" in capsys.readouterr().err


@pytest.mark.skipif(
    not (shared_data_dir() / "jobs").exists(), reason="the postings are not in the shared data"
)
def test_long_texts_split_once_into_two_halves_of_long_non_it_texts() -> None:
    first, again = longtext.halves(), longtext.halves()
    assert first == again
    tuning, judging = ({text for _, text in first[half]} for half in ("tuning", "judging"))
    assert not tuning & judging and len(tuning) >= 200 and len(judging) >= 200
    for _, text in first["tuning"] + first["judging"]:
        assert len(text) <= MAX_QUERY_CHARS and len(text.split()) > queries.PER_WORD_MAX_WORDS
    assert {source for source, _ in first["judging"]} == {"posting window", "posting lead", "occupation"}
    assert not any(text.startswith("Computer") for source, text in first["judging"] if source == "occupation")


def test_long_text_arms_build_the_old_body_and_leave_the_shipped_one_alone() -> None:
    text = " ".join(f"word{n}" for n in range(30)) + " machine learning"
    request = SearchRequest(query=text)
    shipped = queries.build_search(request, None, TODAY)
    with longtext.ARMS["before"]():
        before = queries.build_search(request, None, TODAY)
    assert [next(iter(c)) for c in before["query"]["bool"]["must"][0]["bool"]["should"][:2]] == [
        "multi_match",
        "multi_match",
    ]
    assert queries.build_search(request, None, TODAY) == shipped != before
    for arm in longtext.ARMS.values():
        with arm():
            queries.build_search(request, None, TODAY)
    assert queries.build_search(request, None, TODAY) == shipped
    assert longtext.specific_words("the nurse and the nurse of data", 2) == "nurse data"
    assert longtext.overlap(["a", "c", "b"], ["c", "d"], 2) == 0.5
    assert longtext.summary([1.0] * 9 + [0.0]) == {"mean": 0.9, "worst_decile": 0.0}
