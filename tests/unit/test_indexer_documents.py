"""Pure parts of the indexer: documents from rows, actions, item verdicts, batch collapsing, diffs."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import orjson
import pytest

from indexer.bulk import (
    EncodedBatch,
    Outcome,
    classify_item,
    delete_action,
    describe_error,
    index_action,
    write_encoded,
)
from indexer.documents import CandidateRecord, build_document, months_between
from indexer.outbox import OutboxRow, collapse
from indexer.sync import plan_actions
from indexer.verify import compare_versions, format_differences

TODAY = date(2026, 11, 28)
CANDIDATE_ID = uuid.UUID("00000000-0000-0000-0000-0000000000aa")
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _candidate(**changes: Any) -> dict[str, Any]:
    row = {
        "id": CANDIDATE_ID,
        "full_name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "+44 20 0000",
        "location": "London",
        "current_title": "Analyst",
        "current_company": "Engines Ltd",
        "total_experience_years": Decimal("12.5"),
        "summary": "Notes on the engine.",
        "is_active": True,
        "version": 7,
        "created_at": NOW,
        "updated_at": NOW,
    }
    return row | changes


def _record(**changes: Any) -> CandidateRecord:
    return CandidateRecord(
        candidate=_candidate(**changes),
        work_experience=[
            {
                "company": "Engines Ltd",
                "company_key": "engines",
                "department": "Research",
                "title": "Analyst",
                "location": "London",
                "start_date": date(2024, 1, 15),
                "end_date": None,
                "is_current": True,
                "description": "Wrote the first program.",
            }
        ],
        education=[
            {
                "institution": "Home",
                "degree": None,
                "field_of_study": "Mathematics",
                "start_date": None,
                "end_date": None,
                "graduation_year": 1835,
            }
        ],
        skills=[{"name": "Mathematics", "years": Decimal("20.0"), "last_used": date(2026, 1, 1)}],
        resume_text="Full resume text.",
    )


def test_document_carries_the_candidate_without_contact_details() -> None:
    document = build_document(_record(), TODAY)
    assert document["candidate_id"] == str(CANDIDATE_ID)
    assert document["version"] == 7
    assert document["total_experience_years"] == 12.5
    assert document["skills"] == ["Mathematics"]
    assert document["skills_detail"] == [{"name": "Mathematics", "years": 20.0, "last_used": "2026-01-01"}]
    assert document["work_experience"][0]["months"] == 34
    assert document["work_experience"][0]["start_date"] == "2024-01-15"
    assert document["education"][0]["graduation_year"] == 1835
    assert document["resume_text"] == "Full resume text."
    assert document["sample"] == CANDIDATE_ID.int % 65536  # the same slot on every build of this candidate
    assert document["updated_at"] == "2026-11-28T12:00:00+00:00"
    assert "email" not in document and "phone" not in document
    assert "ada@example.com" not in str(document)


def test_the_document_carries_the_share_of_its_text_on_list_lines_and_none_without_a_text() -> None:
    # A search ranks a resume of lists down by it: here the heading and the skill, two of the five words.
    text = "Skills\nExcel\nWrote the payroll."
    assert build_document(replace(_record(), resume_text=text), TODAY)["list_share"] == 0.4
    assert "list_share" not in build_document(replace(_record(), resume_text=None), TODAY)
    assert "list_share" not in build_document(replace(_record(), resume_text="2014 - 2018"), TODAY)


def test_the_resume_text_is_indexed_without_its_email_addresses_and_phone_numbers() -> None:
    # The text as extracted put both in the document, for Dashboards to show and a search for the number.
    dates = ("05/2014 to 12/2018", "2014 - 2018", "2014-2016 2017", "1,000,000")
    text = (
        "Ada Lovelace\nada@example.com | +44 (20) 7946-0958 | 0044 20 7946 0959\n"
        f"Analyst at Engines Ltd: {', '.join(dates)}; ada.l@engines.co.uk"
    )
    indexed = build_document(replace(_record(), resume_text=text), TODAY)["resume_text"]
    assert "@" not in indexed and "7946" not in indexed
    assert indexed.startswith("Ada Lovelace\n") and all(kept in indexed for kept in dates)


@pytest.mark.parametrize(
    ("start", "end", "current", "months"),
    [
        (date(2020, 1, 1), date(2021, 7, 1), False, 18),
        (date(2020, 1, 31), date(2020, 2, 1), False, 1),
        (date(2026, 1, 1), None, False, 10),
        (date(2026, 1, 1), date(2026, 3, 1), True, 10),
        (None, date(2020, 1, 1), False, None),
        (date(2027, 1, 1), None, True, 0),
    ],
)
def test_months_of_a_job(start: date | None, end: date | None, current: bool, months: int | None) -> None:
    assert months_between(start, end, current, TODAY) == months


def test_actions_use_external_versions() -> None:
    assert index_action("idx", {"candidate_id": "abc"}, 3) == {
        "_op_type": "index",
        "_index": "idx",
        "_id": "abc",
        "_version": 3,
        "_version_type": "external",
        "_source": {"candidate_id": "abc"},
    }
    assert delete_action("idx", CANDIDATE_ID, 4)["_version"] == 4


@pytest.mark.parametrize(
    ("operation", "item", "outcome"),
    [
        ("index", {"status": 201}, Outcome.APPLIED),
        (
            "index",
            {"status": 409, "error": {"type": "version_conflict_engine_exception"}},
            Outcome.SUPERSEDED,
        ),
        ("delete", {"status": 404, "result": "not_found"}, Outcome.SUPERSEDED),
        ("delete", {"status": 404, "error": {"type": "index_not_found_exception"}}, Outcome.RETRY),
        ("index", {"status": 429, "error": {"type": "rejected_execution_exception"}}, Outcome.RETRY),
        ("index", {"status": 503, "error": {"type": "unavailable_shards_exception"}}, Outcome.RETRY),
        (
            "index",
            {"status": 400, "error": {"type": "mapper_parsing_exception", "reason": "bad"}},
            Outcome.FAILED,
        ),
    ],
)
def test_every_bulk_item_gets_a_verdict(operation: str, item: dict[str, Any], outcome: Outcome) -> None:
    result = classify_item(operation, {"_id": str(CANDIDATE_ID), **item})
    assert (result.candidate_id, result.outcome) == (CANDIDATE_ID, outcome)


def test_error_description_is_short_and_names_the_cause() -> None:
    text = describe_error(
        {
            "type": "mapper_parsing_exception",
            "reason": "x" * 5000,
            "caused_by": {"type": "illegal", "reason": "y"},
        }
    )
    assert text.startswith("mapper_parsing_exception: xxx") and len(text) == 1000


def _row(row_id: int, candidate_id: uuid.UUID, operation: str, version: int) -> OutboxRow:
    return OutboxRow(row_id, candidate_id, operation, version, NOW, 0)


def test_a_batch_collapses_to_one_change_per_candidate() -> None:
    other = uuid.uuid4()
    changes = collapse(
        [
            _row(1, CANDIDATE_ID, "upsert", 1),
            _row(2, other, "upsert", 1),
            _row(3, CANDIDATE_ID, "upsert", 2),
            _row(4, CANDIDATE_ID, "delete", 3),
        ]
    )
    assert [c.candidate_id for c in changes] == [CANDIDATE_ID, other]
    assert [r.id for r in changes[0].rows] == [1, 3, 4]
    assert (changes[0].delete_version, changes[1].delete_version) == (3, None)


def test_plan_indexes_the_current_state_or_deletes_what_is_gone() -> None:
    gone, later = uuid.uuid4(), uuid.uuid4()
    changes = collapse(
        [
            _row(1, CANDIDATE_ID, "upsert", 5),
            _row(2, gone, "upsert", 1),
            _row(3, gone, "delete", 2),
            _row(4, later, "upsert", 1),
        ]
    )
    actions = plan_actions("idx", changes, {CANDIDATE_ID: _record()}, TODAY)
    # The current state wins over the row's version; `later` waits for its own delete row.
    assert [(a["_op_type"], a["_id"], a["_version"]) for a in actions] == [
        ("index", str(CANDIDATE_ID), 7),
        ("delete", str(gone), 2),
    ]


def test_differences_between_postgres_and_the_index() -> None:
    a, b, c, d = (uuid.UUID(int=i) for i in range(1, 5))
    found = compare_versions({a: 1, b: 3, c: 1}, {b: 2, c: 1, d: 9})
    assert (found.missing, found.stale, found.extra) == ([a], [b], {d: 9})
    assert not found.clean
    assert (
        format_differences(found)[0]
        == "postgres 3 candidates, index 3 documents: 1 missing, 1 stale, 1 extra"
    )
    assert compare_versions({a: 1}, {a: 1}).clean
    # The index ahead of Postgres (a database restored from an older backup): stale, and told apart.
    assert found.ahead == []
    restored = compare_versions({a: 1, b: 3}, {a: 4, b: 2})
    assert (restored.stale, restored.ahead) == ([a, b], [a])


def test_an_encoded_batch_is_a_bulk_body_of_external_versions() -> None:
    batch = EncodedBatch()
    batch.add(build_document(_record(), TODAY), 7)
    batch.add(build_document(_record(id=uuid.UUID(int=2), version=9), TODAY), 9)
    lines = batch.body([1, 0]).decode().splitlines()
    assert [orjson.loads(line) for line in lines[::2]] == [
        {"index": {"_id": str(uuid.UUID(int=2)), "version": 9, "version_type": "external"}},
        {"index": {"_id": str(CANDIDATE_ID), "version": 7, "version_type": "external"}},
    ]
    assert orjson.loads(lines[3])["full_name"] == "Ada Lovelace"


class _BusyOnce:
    """Answers a _bulk with one item refused as busy (429), one superseded (409), then accepts the resend."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def bulk(self, *, body: bytes, index: str, request_timeout: float) -> dict[str, Any]:
        self.bodies.append(body)
        if len(self.bodies) == 1:
            items = [
                {"index": {"_id": str(uuid.UUID(int=n)), "status": s}}
                for n, s in ((1, 201), (2, 429), (3, 409))
            ]
            return {"errors": True, "items": items}
        return {"errors": False, "items": [{"index": {"_id": str(uuid.UUID(int=2)), "status": 201}}]}


async def test_busy_items_alone_are_sent_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("indexer.bulk.BULK_INITIAL_BACKOFF", 0)
    batch = EncodedBatch()
    for n in (1, 2, 3):
        batch.add(build_document(_record(id=uuid.UUID(int=n)), TODAY), 7)
    client = _BusyOnce()
    result = await write_encoded(client, "idx", batch)  # type: ignore[arg-type]
    assert (result.applied, result.superseded, result.problems) == (2, 1, [])
    resent = client.bodies[1].decode().splitlines()
    assert len(resent) == 2 and orjson.loads(resent[0])["index"]["_id"] == str(uuid.UUID(int=2))
