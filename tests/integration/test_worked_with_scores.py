"""worked_with on the real engine: each colleague's score is the months they and the source spent together."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from app.candidates.tenure import held_months, tenure_terms, tenure_years
from app.search import queries
from app.search.schemas import SearchRequest, SearchType
from indexer.connections import Services
from tests.integration.test_indexer_support import alias, live_index, services

__all__ = ["alias", "live_index", "services"]

TODAY = date(2026, 12, 4)


def job(key: str, start: str, end: str | None) -> dict[str, Any]:
    return {"company_key": key, "start_date": start, "end_date": end, "is_current": end is None}


SOURCE = [job("acme", "2017-03-15", "2021-08-01"), job("globex", "2021-09-01", None)]
OTHERS = {
    "whole time at acme": [job("acme", "2010-01-01", "2022-01-01")],
    "part of a year": [job("acme", "2020-02-01", "2020-07-01")],
    "both companies": [job("acme", "2016-01-01", "2018-06-30"), job("globex", "2024-11-01", None)],
    "left and came back": [job("acme", "2017-01-01", "2018-01-01"), job("acme", "2019-05-01", "2019-09-01")],
    "at acme before": [job("acme", "2005-01-01", "2017-03-01")],
    "globex since": [job("globex", "2022-01-01", None)],
    "elsewhere": [job("initech", "2018-01-01", "2020-01-01")],
}


async def test_every_colleague_scores_the_months_spent_together(services: Services, live_index: str) -> None:
    ids = {name: str(uuid.uuid4()) for name in ["source", *OTHERS]}
    for name, jobs in [("source", SOURCE), *OTHERS.items()]:
        held = held_months(jobs, TODAY)
        document = {
            "candidate_id": ids[name],
            "full_name": name,
            "is_active": True,
            "work_experience": jobs,
            "work_months": tenure_terms(held),
            "work_years": tenure_years(held),
        }
        await services.opensearch.index(index=live_index, id=ids[name], body=document)
    await services.opensearch.indices.refresh(index=live_index)

    request = SearchRequest(search_type=SearchType.WORKED_WITH, candidate_id=ids["source"])
    source = {"work_experience": SOURCE}
    body = {"query": queries.worked_with(request, source, TODAY), "size": 20}
    hits = (await services.opensearch.search(index=live_index, body=body))["hits"]["hits"]
    scores = {hit["_source"]["full_name"]: hit["_score"] for hit in hits}
    expected = {
        name: queries.overlap_months(source, {"work_experience": jobs}, TODAY)
        for name, jobs in OTHERS.items()
    }
    assert scores == {name: months for name, months in expected.items() if months > 0}
    assert scores["whole time at acme"] == 53 and scores["both companies"] == 15 + 25
    # The terms are searched, never read back: each hit's stored _source leaves them out, so a page of
    # hits reads about half the bytes it did (benchmarks/README.md, "Issue 15, session 41").
    assert not [hit for hit in hits if {"work_months", "work_years"} & set(hit["_source"])]
    assert "elsewhere" not in scores and "at acme before" not in scores  # no month together

    # At least 12 months together: the minimum is on the sum over the shared companies.
    longer = SearchRequest(
        search_type=SearchType.WORKED_WITH, candidate_id=ids["source"], min_overlap_months=12
    )
    body = {"query": queries.worked_with(longer, source, TODAY), "size": 20}
    hits = (await services.opensearch.search(index=live_index, body=body))["hits"]["hits"]
    assert {hit["_source"]["full_name"] for hit in hits} == {n for n, m in expected.items() if m >= 12}
