"""Search analytics events: what one holds (and never holds), where it goes, how long it stays."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime

import orjson
from opensearchpy.exceptions import NotFoundError
from prometheus_client import REGISTRY

from app.search.events import (
    SearchEventWriter,
    build_event,
    build_policy,
    build_template,
    ensure_retention_policy,
    events_index,
    index_day,
)
from app.search.schemas import SearchHit, SearchRequest, SearchResponse, SearchType
from app.search.service import ANSWER_FIELDS, SearchAnswer

NOW = datetime(2025, 3, 7, 23, 59, 30, tzinfo=UTC)


def answer(total: int, cached: bool = False) -> SearchAnswer:
    hits = [
        SearchHit(
            candidate_id=uuid.uuid4(),
            full_name="Ada Lovelace",
            current_title="Engineer",
            current_company="Acme",
            location="London",
            total_experience_years=8,
            match_score=0.9,
            matched_skills=["Python"],
            missing_skills=[],
            match_reasons=[],
        )
        for _ in range(min(total, 2))
    ]
    response = SearchResponse(
        search_type=SearchType.SKILLS_MATCH, total=total, results=hits, took_ms=12, cached=cached
    )
    page = response.model_dump_json(exclude=ANSWER_FIELDS).encode()
    scores = [hit.match_score for hit in hits]
    return SearchAnswer(SearchType.SKILLS_MATCH, total, scores, 12, cached, page)


def event_of(search: SearchRequest, total: int = 5, **overrides: object) -> dict:
    arguments: dict = {
        "latency_ms": 12.345,
        "role": "recruiter",
        "interface": "structured",
        "query_text": search.query,
        "request_id": "req-1",
        "now": NOW,
        **overrides,
    }
    return build_event(search, answer(total), **arguments)


def test_an_event_holds_type_filters_skills_counts_and_timing() -> None:
    search = SearchRequest(
        query="  Ada   Lovelace python ",
        skills=["py", "Kubernetes"],
        companies=["Acme Corp "],
        locations=["Berlin"],
        min_experience_years=3,
        search_type=SearchType.COLLEAGUES,
        candidate_id=uuid.uuid4(),
    )
    event = event_of(search, total=5)
    assert event["@timestamp"] == "2025-03-07T23:59:30.000+00:00"
    assert event["search_type"] == "worked_with"  # colleagues is its alias
    assert event["skills"] == ["kubernetes", "python"]
    assert event["skills_count"] == 2
    assert event["filters"]["companies"] == ["acme corp"]
    assert event["filters"]["locations"] == ["berlin"]
    assert event["filters"]["min_experience_years"] == 3
    assert event["filters"]["candidate_relative"] is True
    assert event["filter_count"] == 3
    assert (event["query_length"], event["query_terms"]) == (len("Ada Lovelace python"), 3)
    assert (event["result_count"], event["returned_count"], event["zero_results"]) == (5, 2, False)
    assert (event["latency_ms"], event["cached"], event["user_role"]) == (12.35, False, "recruiter")
    assert event["request_id"] == "req-1"


def test_an_event_never_holds_the_query_text_names_or_candidate_ids() -> None:
    candidate = uuid.uuid4()
    search = SearchRequest(
        query="Ada Lovelace ada@example.com",
        search_type=SearchType.SIMILAR_CANDIDATES,
        candidate_id=candidate,
    )
    text = orjson.dumps(event_of(search)).decode().lower()
    # As words: a random id in the event may hold the letters "ada".
    assert not re.search(r"\b(ada|lovelace)\b", text)
    for secret in ("example.com", str(candidate)):
        assert secret not in text


def test_a_search_that_found_nobody_is_flagged() -> None:
    event = event_of(SearchRequest(skills=["COBOL"]), total=0)
    assert event["zero_results"] is True and event["returned_count"] == 0


def test_every_event_field_is_in_the_template_mapping() -> None:
    properties = build_template("search-events-")["template"]["mappings"]["properties"]
    event = event_of(
        SearchRequest(
            search_type=SearchType.WORKED_WITH,
            candidate_id=uuid.uuid4(),
            education_level="master",
            max_experience_years=9,
            departments=["Platform"],
            titles=["SRE"],
        )
    )
    for key, value in event.items():
        assert key in properties, key
        if isinstance(value, dict):
            assert set(value) <= set(properties[key]["properties"]), set(value) - set(
                properties[key]["properties"]
            )


def test_events_go_to_a_daily_index_by_utc_day() -> None:
    assert events_index("search-events-", NOW) == "search-events-2025.03.07"
    assert index_day("search-events-", "search-events-2025.03.07") == date(2025, 3, 7)
    for foreign in ("search-events-latest", "search-events-2025.13.01", "other-2025.03.07"):
        assert index_day("search-events-", foreign) is None


def test_the_template_and_the_policy_follow_the_prefix_and_retention() -> None:
    assert build_template("ops-search-events-")["index_patterns"] == ["ops-search-events-*"]
    policy = build_policy("ops-search-events-", 30)["policy"]
    assert policy["ism_template"][0]["index_patterns"] == ["ops-search-events-*"]
    [hot] = [state for state in policy["states"] if state["name"] == "hot"]
    assert hot["transitions"] == [{"state_name": "delete", "conditions": {"min_index_age": "30d"}}]
    [delete] = [state for state in policy["states"] if state["name"] == "delete"]
    assert delete["actions"] == [{"delete": {}}]


def failed(reason: str) -> float:
    return REGISTRY.get_sample_value("search_events_failed_total", {"reason": reason}) or 0.0


def test_a_full_queue_drops_and_counts_instead_of_waiting() -> None:
    writer = SearchEventWriter(None, "ops-search-events-", 90, queue_limit=2)  # type: ignore[arg-type]
    before = failed("queue_full")
    for _ in range(5):
        writer.record({"@timestamp": NOW.isoformat()})
    assert writer.queue.qsize() == 2
    assert failed("queue_full") - before == 3


class FakeIsm:
    """OpenSearch's ISM policy API as far as `ensure_retention_policy` uses it (the devstack node has no
    ISM plugin; the real one is exercised in compose). GET answers with defaults filled in, as ISM does."""

    def __init__(self, installed: bool) -> None:
        self.cat = self
        self.transport = self
        self.installed = installed
        self.policies: dict[str, dict] = {}
        self.seq_no = 0
        self.writes: list[tuple[str, dict | None]] = []

    async def plugins(self, **_: object) -> list[dict]:
        return [{"component": "opensearch-index-management"}] if self.installed else [{"component": "x"}]

    async def perform_request(
        self, method: str, path: str, params: dict | None = None, body: dict | None = None
    ) -> dict:
        policy_id = path.rsplit("/", 1)[-1]
        if method == "GET":
            if policy_id not in self.policies:
                raise NotFoundError(404, "not_found", {})
            stored = self.policies[policy_id]
            policy = json.loads(json.dumps(stored["policy"]))
            for state in policy["states"]:
                for action in state["actions"]:
                    action["retry"] = {"count": 3, "backoff": "exponential", "delay": "1m"}
            for item in policy["ism_template"]:
                item["last_updated_time"] = 1700000000000
            return {"_id": policy_id, "_seq_no": stored["seq"], "_primary_term": 1, "policy": policy}
        if policy_id in self.policies:
            assert params == {"if_seq_no": self.policies[policy_id]["seq"], "if_primary_term": 1}
        self.seq_no += 1
        self.policies[policy_id] = {"policy": body["policy"], "seq": self.seq_no}
        self.writes.append((policy_id, params))
        return {"_id": policy_id}


async def test_the_retention_policy_is_created_once_and_updated_when_the_retention_changes() -> None:
    ism = FakeIsm(installed=True)
    assert await ensure_retention_policy(ism, "search-events-", 90) == "created"  # type: ignore[arg-type]
    assert await ensure_retention_policy(ism, "search-events-", 90) == "unchanged"  # type: ignore[arg-type]
    assert await ensure_retention_policy(ism, "search-events-", 30) == "updated"  # type: ignore[arg-type]
    assert [policy_id for policy_id, _ in ism.writes] == ["search-events-retention"] * 2
    stored = ism.policies["search-events-retention"]["policy"]
    assert stored["states"][0]["transitions"][0]["conditions"] == {"min_index_age": "30d"}


async def test_without_the_ism_plugin_no_policy_is_written() -> None:
    ism = FakeIsm(installed=False)
    assert await ensure_retention_policy(ism, "search-events-", 90) == "unavailable"  # type: ignore[arg-type]
    assert ism.writes == []
