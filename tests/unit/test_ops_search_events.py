"""Search analytics events: what one holds (and never holds), where it goes, how long it stays."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from datetime import UTC, date, datetime

import orjson
from opensearchpy.exceptions import NotFoundError
from prometheus_client import REGISTRY

from app.search.events import (
    BATCH_SIZE,
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


def test_an_event_that_cannot_be_encoded_is_counted_and_never_raises() -> None:
    writer = SearchEventWriter(None, "ops-search-events-", 90)  # type: ignore[arg-type]
    before = failed("build")
    writer.record({"latency_ms": 1.0})  # no timestamp, so no daily index
    writer.record({"@timestamp": NOW.isoformat(), "filters": {1: object()}})
    assert writer.queue.qsize() == 0
    assert failed("build") - before == 2


class FakeBulk:
    """OpenSearch's `_bulk` as the writer sees it through the filter path: a status per item, in order;
    documents whose `result_count` is in `busy` are refused with 429 the first `busy_rounds` times."""

    def __init__(self, busy: set[int], busy_rounds: int = 1) -> None:
        self.busy = busy
        self.busy_rounds = busy_rounds
        self.calls: list[list[dict]] = []
        self.stored: list[dict] = []

    async def bulk(self, body: bytes, filter_path: str, request_timeout: float) -> dict:
        lines = body.splitlines()
        actions, documents = lines[0::2], [orjson.loads(line) for line in lines[1::2]]
        assert all(
            orjson.loads(action)["index"]["_index"].startswith("ops-search-events-") for action in actions
        )
        self.calls.append(documents)
        items = []
        for document in documents:
            if document["result_count"] in self.busy and len(self.calls) <= self.busy_rounds:
                items.append({"index": {"status": 429, "error": {"type": "es_rejected_execution_exception"}}})
            elif "full_name" in document:
                items.append(
                    {"index": {"status": 400, "error": {"type": "strict_dynamic_mapping_exception"}}}
                )
            else:
                self.stored.append(document)
                items.append({"index": {"status": 201}})
        return {"errors": len(self.stored) < sum(map(len, self.calls)), "items": items}


def writer_over(fake: FakeBulk) -> SearchEventWriter:
    writer = SearchEventWriter(fake, "ops-search-events-", 90)  # type: ignore[arg-type]
    writer.prepared = True  # the template is the integration tests' business
    return writer


async def test_events_refused_as_busy_are_sent_again_and_stored_once(monkeypatch) -> None:
    monkeypatch.setattr("app.search.events.BULK_INITIAL_BACKOFF_SECONDS", 0)
    fake = FakeBulk(busy={1, 3})
    writer = writer_over(fake)
    for number in range(5):
        writer.record({"@timestamp": NOW.isoformat(), "result_count": number})
    assert await writer.flush() == 5
    assert [[d["result_count"] for d in call] for call in fake.calls] == [[0, 1, 2, 3, 4], [1, 3]]
    assert sorted(d["result_count"] for d in fake.stored) == [0, 1, 2, 3, 4]
    assert events_index("ops-search-events-", NOW) == "ops-search-events-2025.03.07"


async def test_events_still_refused_after_the_retries_are_counted_as_lost(monkeypatch) -> None:
    monkeypatch.setattr("app.search.events.BULK_INITIAL_BACKOFF_SECONDS", 0)
    fake = FakeBulk(busy={1}, busy_rounds=99)
    writer = writer_over(fake)
    busy_before, refused_before = (
        failed("es_rejected_execution_exception"),
        failed("strict_dynamic_mapping_exception"),
    )
    writer.record({"@timestamp": NOW.isoformat(), "result_count": 0})
    writer.record({"@timestamp": NOW.isoformat(), "result_count": 1})
    writer.record({"@timestamp": NOW.isoformat(), "result_count": 2, "full_name": "Ada Lovelace"})
    assert await writer.flush() == 1
    assert len(fake.calls) == 3  # the first send and two retries of the busy one
    assert failed("es_rejected_execution_exception") - busy_before == 1
    assert failed("strict_dynamic_mapping_exception") - refused_before == 1


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


async def test_a_periodic_send_takes_what_was_queued_not_what_arrives_while_it_sends() -> None:
    """Searches go on while a batch is sent; the events they add wait for the next period instead of
    going out one or two per `_bulk` request back to back, and at shutdown everything is sent."""
    fake = FakeBulk(busy=set())
    writer = SearchEventWriter(fake, "ops-search-events-", 90, flush_seconds=0.02)  # type: ignore[arg-type]
    writer.prepared = True
    send = fake.bulk
    traffic = True

    async def bulk_while_searching(body: bytes, filter_path: str, request_timeout: float) -> dict:
        await asyncio.sleep(0.001)  # the round trip, during which another search is answered
        if traffic:
            writer.record({"@timestamp": NOW.isoformat(), "result_count": 1})
        return await send(body, filter_path, request_timeout)

    fake.bulk = bulk_while_searching  # type: ignore[method-assign]
    for _ in range(2 * BATCH_SIZE + 1):
        writer.record({"@timestamp": NOW.isoformat(), "result_count": 0})
    writer.start()
    await asyncio.sleep(0.25)
    traffic = False
    await writer.stop()
    sizes = [len(call) for call in fake.calls]
    # The backlog in full batches at the first period, then one send per period (about 12 in 0.25 s).
    assert sizes[:2] == [BATCH_SIZE, BATCH_SIZE] and len(sizes) <= 20, sizes
    assert writer.queue.empty() and len(fake.stored) == sum(sizes)
