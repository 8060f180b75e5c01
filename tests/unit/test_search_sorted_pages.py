"""Field-sorted pages in two steps: the probe that finds where a page ends, and the range that holds it.
That the pages equal the single body's on a real engine: tests/integration/test_search_api.py."""

from __future__ import annotations

from datetime import date

import pytest

from app.search import queries
from app.search.schemas import SearchRequest
from app.search.sorted_pages import bounded, has_value, probe, sorted_page

TODAY = date(2026, 11, 28)


def page_body(request: SearchRequest, page: queries.Page) -> dict:
    return queries.build_search(request, None, TODAY, page)


def answer(*values: object) -> dict:
    return {"hits": {"total": {"value": 400, "relation": "eq"}, "hits": [{"sort": [v]} for v in values]}}


def reach(body: dict) -> dict:
    (held_range,) = body["query"]["bool"]["filter"]
    (held,) = held_range["range"].values()
    return held


def test_the_engines_stand_ins_for_no_value_are_not_values() -> None:
    assert has_value(39.900000000000006) and has_value(1793490896405) and has_value(0)
    for stand_in in ("-Infinity", "Infinity", -(2**63), 2**63 - 1, float("inf"), True, None, "7"):
        assert not has_value(stand_in), stand_in


def test_a_relevance_page_has_no_probe() -> None:
    request = SearchRequest(query="data engineer")
    assert probe(page_body(request, queries.Page()), request, queries.Page()) is None
    on_pit = queries.Page(pit="p1", after=[1.5, 7])
    assert probe(page_body(request, on_pit), request, on_pit) is None


def test_the_probe_scores_nothing_and_reads_the_pages_last_candidate() -> None:
    request = SearchRequest(
        query="data engineer", sort="experience_desc", limit=20, facets=True, exact_total=True
    )
    body = page_body(request, queries.Page(offset=40))
    asked = probe(body, request, queries.Page(offset=40))
    assert asked is not None
    assert asked["query"] == {"bool": {"filter": [body["query"]]}}
    assert asked["sort"] == [{"total_experience_years": {"order": "desc", "missing": "_last"}}]
    assert (asked["from"], asked["size"], asked["_source"]) == (59, 1, False)
    assert asked["aggs"] == body["aggs"] and asked["track_total_hits"] is True  # it counts for the page


def test_a_cursor_pages_probe_starts_past_the_cursors_value() -> None:
    request = SearchRequest(sort="updated_desc", limit=10)
    page = queries.Page(after=[1793490896405, 3.2, "id"])
    asked = probe(page_body(request, page), request, page)
    assert asked is not None
    assert asked["search_after"] == [1793490896405] and asked["size"] == 10 and "from" not in asked
    among_no_years = queries.Page(after=["-Infinity", 3.2, "id"])
    by_years = SearchRequest(sort="experience_desc")
    assert probe(page_body(by_years, among_no_years), by_years, among_no_years) is None


@pytest.mark.parametrize(("sort", "bound"), [("experience_desc", "gte"), ("experience_asc", "lte")])
def test_the_range_holds_the_boundary_value_as_the_engine_rounds_it(sort: str, bound: str) -> None:
    # 39.9 comes back as 39.900000000000006; a range rounds its bound to the tenths the field keeps, so a
    # bound on the value itself would leave 39.9 out. Half a tenth of slack holds it.
    request = SearchRequest(query="data engineer", sort=sort, facets=True, exact_total=True)
    body = page_body(request, queries.Page())
    held = bounded(body, request, queries.Page(), answer(39.900000000000006))
    assert held is not None
    value = reach(held)[bound]
    assert abs(value - 39.9) == pytest.approx(0.05)
    assert held["query"]["bool"]["must"] == [body["query"]]  # the page's own query scores as before
    assert held["track_total_hits"] is False and "aggs" not in held  # counted by the probe
    assert held["sort"] == body["sort"] and held["from"] == 0 and held["size"] == request.limit


def test_a_cursor_page_is_held_between_the_cursor_and_the_boundary() -> None:
    request = SearchRequest(sort="updated_desc", limit=2)
    page = queries.Page(after=[1793490896405, 3.2, "id"])
    held = bounded(page_body(request, page), request, page, answer(1793490000000, 1793480000000))
    assert held is not None
    assert reach(held) == {"gte": 1793480000000, "lte": 1793490896405, "format": "epoch_millis"}
    assert held["search_after"] == page.after


def test_no_boundary_sends_the_page_as_it_is() -> None:
    request = SearchRequest(sort="experience_desc", limit=2)
    body = page_body(request, queries.Page())
    assert bounded(body, request, queries.Page(), answer()) is None  # fewer match than the page reaches
    assert bounded(body, request, queries.Page(), answer("-Infinity")) is None  # it reaches the no-years
    cursor = queries.Page(after=[7.5, 1.0, "id"])
    assert bounded(page_body(request, cursor), request, cursor, answer(7.4)) is None  # half a page past it


async def test_a_sorted_page_takes_its_total_and_facets_from_the_probe() -> None:
    request = SearchRequest(sort="experience_desc", limit=1, facets=True, exact_total=True)
    body = page_body(request, queries.Page())
    sent: list[dict] = []

    async def engine(asked: dict) -> dict:
        sent.append(asked)
        if len(sent) == 1:
            return {**answer(12.0), "aggregations": {"skills": {"buckets": []}}, "took": 3}
        return {"hits": {"total": {"value": 0, "relation": "gte"}, "hits": [{"_id": "a"}]}, "took": 5}

    result = await sorted_page(body, request, queries.Page(), engine)
    assert result is not None and len(sent) == 2
    assert result["hits"]["total"] == {"value": 400, "relation": "eq"}
    assert result["aggregations"] == {"skills": {"buckets": []}} and result["took"] == 8
    relevance = SearchRequest()
    assert await sorted_page(page_body(relevance, queries.Page()), relevance, queries.Page(), engine) is None
