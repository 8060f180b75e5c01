"""Candidate rows -> index documents (pure), and the loader that reads those rows from Postgres in batches."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from app.candidates.profile import profile_terms
from app.candidates.sample import sample_slot
from app.candidates.tenure import held_months, tenure_terms, tenure_years
from app.parsing.contact_patterns import without_contact_details
from app.parsing.dates import months_between as calendar_months
from app.search.list_share import list_share
from indexer.defaults import STREAM_BATCH_SIZE

Row = Mapping[str, Any]


@dataclass
class CandidateRecord:
    """One candidate with everything under it, as read from Postgres."""

    candidate: Row
    work_experience: list[Row] = field(default_factory=list)
    education: list[Row] = field(default_factory=list)
    skills: list[Row] = field(default_factory=list)
    resume_text: str | None = None

    @property
    def id(self) -> uuid.UUID:
        """The candidate's id, also the document id."""
        candidate_id: uuid.UUID = self.candidate["id"]
        return candidate_id

    @property
    def version(self) -> int:
        """The candidate's version, the document's external version."""
        return int(self.candidate["version"])


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def months_between(start: date | None, end: date | None, is_current: bool, today: date) -> int | None:
    """Whole months of a job; an open or current job runs until today (as the ingest's skill years do)."""
    if start is None:
        return None
    return calendar_months(start, today if is_current or end is None else end)


def build_document(record: CandidateRecord, today: date) -> dict[str, Any]:
    """The index document of one candidate; email and phone stay in Postgres (no PII beyond the name)."""
    c = record.candidate
    held = held_months(record.work_experience, today)
    # The resume's own words, its email addresses and phone numbers blanked: the document held them, read
    # in Dashboards and matched by a search for the number, also after an edit had removed them.
    text = without_contact_details(record.resume_text) if record.resume_text else None
    document: dict[str, Any] = {
        "candidate_id": str(record.id),
        "full_name": c["full_name"],
        "location": c["location"],
        "total_experience_years": _number(c["total_experience_years"]),
        "current_title": c["current_title"],
        "current_company": c["current_company"],
        "skills": [s["name"] for s in record.skills],
        "profile": profile_terms([s["name"] for s in record.skills], c["current_title"]),
        "sample": sample_slot(record.id),
        "skills_detail": [
            {"name": s["name"], "years": _number(s["years"]), "last_used": _day(s["last_used"])}
            for s in record.skills
        ],
        "work_experience": [
            {
                "company": w["company"],
                "company_key": w["company_key"],
                "department": w["department"],
                "title": w["title"],
                "location": w["location"],
                "start_date": _day(w["start_date"]),
                "end_date": _day(w["end_date"]),
                "is_current": bool(w["is_current"]),
                "months": months_between(w["start_date"], w["end_date"], bool(w["is_current"]), today),
                "description": w["description"],
            }
            for w in record.work_experience
        ],
        "work_months": tenure_terms(held),
        "work_years": tenure_years(held),
        "education": [
            {
                "institution": e["institution"],
                "degree": e["degree"],
                "field_of_study": e["field_of_study"],
                "start_date": _day(e["start_date"]),
                "end_date": _day(e["end_date"]),
                "graduation_year": e["graduation_year"],
            }
            for e in record.education
        ],
        "summary": c["summary"],
        "resume_text": text,
        "is_active": bool(c["is_active"]),
        "created_at": _instant(c["created_at"]),
        "updated_at": _instant(c["updated_at"]),
        "version": record.version,
    }
    # How much of the text is lists, by which a search ranks a resume of lists down
    # (`queries.LIST_SHARE_WEIGHT`); a candidate without a text, or without words, has none: its score stays.
    share = list_share(text)
    if share is not None:
        document["list_share"] = share
    return document


_CANDIDATES = """
SELECT id, full_name, location, current_title, current_company, total_experience_years, summary,
       is_active, version, created_at, updated_at
FROM candidates WHERE id = ANY($1::uuid[])
"""
_WORK = """
SELECT candidate_id, company, company_key, department, title, location, start_date, end_date, is_current,
       description
FROM work_experience WHERE candidate_id = ANY($1::uuid[]) ORDER BY candidate_id, position, id
"""
_EDUCATION = """
SELECT candidate_id, institution, degree, field_of_study, start_date, end_date, graduation_year
FROM education WHERE candidate_id = ANY($1::uuid[]) ORDER BY candidate_id, position, id
"""
_SKILLS = """
SELECT cs.candidate_id, s.name, cs.years, cs.last_used
FROM candidate_skills cs JOIN skills s ON s.id = cs.skill_id
WHERE cs.candidate_id = ANY($1::uuid[]) ORDER BY cs.candidate_id, lower(s.name)
"""
# The newest parsed resume stands for the candidate's resume text, whatever its status now: one being parsed
# again, or whose parse again failed, keeps the text of its earlier parse.
_RESUMES = """
SELECT DISTINCT ON (candidate_id) candidate_id, extracted_text
FROM resumes
WHERE candidate_id = ANY($1::uuid[]) AND extracted_text IS NOT NULL
ORDER BY candidate_id, created_at DESC
"""


async def _read_records(connection: asyncpg.Connection, ids: Sequence[uuid.UUID]) -> list[CandidateRecord]:
    records = {row["id"]: CandidateRecord(candidate=row) for row in await connection.fetch(_CANDIDATES, ids)}
    if not records:
        return []
    found = list(records)
    for row in await connection.fetch(_WORK, found):
        records[row["candidate_id"]].work_experience.append(row)
    for row in await connection.fetch(_EDUCATION, found):
        records[row["candidate_id"]].education.append(row)
    for row in await connection.fetch(_SKILLS, found):
        records[row["candidate_id"]].skills.append(row)
    for row in await connection.fetch(_RESUMES, found):
        records[row["candidate_id"]].resume_text = row["extracted_text"]
    return [records[i] for i in sorted(records)]


async def load_candidates(
    connection: asyncpg.Connection, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CandidateRecord]:
    """The current state of these candidates (absent ones are gone), read in one consistent snapshot."""
    if not ids:
        return {}
    # One snapshot for the five reads: a document never mixes a candidate row with older or newer children.
    async with connection.transaction(isolation="repeatable_read", readonly=True):
        return {record.id: record for record in await _read_records(connection, ids)}


# Below every candidate id: where a stream of all candidates starts.
BEFORE_FIRST = uuid.UUID(int=0)


async def stream_candidates(
    connection: asyncpg.Connection, batch_size: int = STREAM_BATCH_SIZE, after: uuid.UUID = BEFORE_FIRST
) -> AsyncGenerator[list[CandidateRecord], None]:
    """Every candidate after `after` in id order, a batch at a time; each batch is one snapshot, no long
    transaction."""
    while True:
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            ids = [
                row["id"]
                for row in await connection.fetch(
                    "SELECT id FROM candidates WHERE id > $1 ORDER BY id LIMIT $2", after, batch_size
                )
            ]
            if not ids:
                return
            records = await _read_records(connection, ids)
        after = ids[-1]
        yield records
