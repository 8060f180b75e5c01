"""The durable parsing queue, kept in the resumes table itself: the whole job lifecycle of a resume.

Enqueue (a new upload's row, app/resumes/service.py, then `notify_workers`; `enqueue_again` to reprocess),
claim, complete and fail are here; the worker that runs jobs is app/resumes/worker.py.

A job is a resume row that is `queued` and due, or `processing` with an expired lease (its worker died).
Claiming takes the row with SELECT ... FOR UPDATE SKIP LOCKED, so workers never wait on each other and
never take the same job; the attempt number is the lease token, so a worker whose lease was taken over
cannot write its late result.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.candidates.ingest import apply_parsed_resume
from app.metrics import RESUME_PARSING_ERRORS
from app.models import ParsingStatus, Resume
from app.parsing.models import ParsedResume

log = logging.getLogger("hr-worker")

# The channel a committed enqueue notifies; idle workers LISTEN on it (and poll as a fallback).
CHANNEL = "resume_queue"

# What a failed parse of a resume parsed before adds to its error: nothing of the earlier parse was lost.
KEPT_EARLIER_PARSE = "the candidate keeps its record from the earlier parse, unchanged"

# Backoff before the next try: 10 s, 40 s, 90 s, ... capped at 15 minutes.
BACKOFF_BASE_SECONDS = 10.0
BACKOFF_CAP_SECONDS = 900.0


@dataclass(frozen=True)
class Job:
    """A claimed resume: what the worker needs to parse it, and its lease."""

    resume_id: uuid.UUID
    attempt: int
    storage_path: str
    content_type: str


async def notify_workers(session: AsyncSession) -> None:
    """Wake idle workers when the transaction that queued a job commits."""
    await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


async def enqueue_again(session: AsyncSession, resume_id: uuid.UUID) -> None:
    """Queue a stored resume once more, from its first attempt (reprocessing)."""
    await session.execute(
        update(Resume)
        .where(Resume.id == resume_id)
        .values(
            parsing_status=ParsingStatus.QUEUED,
            attempts=0,
            error=None,
            next_attempt_at=func.now(),
            locked_until=None,
            updated_at=func.now(),
        )
    )
    await notify_workers(session)


def backoff(attempt: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * attempt * attempt, BACKOFF_CAP_SECONDS))


async def claim(
    sessions: async_sessionmaker[AsyncSession], visibility_seconds: float, *, max_attempts: int
) -> Job | None:
    """Take the next due job, or None when there is none. A job whose worker stopped mid-parse on its last
    attempt is failed instead of taken again (`abandon`)."""
    while True:
        async with sessions.begin() as session:
            now = func.now()
            row = await session.scalar(
                select(Resume)
                .where(
                    or_(
                        (Resume.parsing_status == ParsingStatus.QUEUED) & (Resume.next_attempt_at <= now),
                        (Resume.parsing_status == ParsingStatus.PROCESSING) & (Resume.locked_until < now),
                    )
                )
                .order_by(Resume.next_attempt_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if row is None:
                return None
            if row.parsing_status == ParsingStatus.PROCESSING and row.attempts >= max_attempts:
                abandon(row)
                continue
            row.parsing_status = ParsingStatus.PROCESSING
            row.attempts = row.attempts + 1
            row.locked_until = datetime.now().astimezone() + timedelta(seconds=visibility_seconds)
            row.updated_at = datetime.now().astimezone()
            return Job(row.id, row.attempts, row.storage_path, row.content_type)


def abandon(row: Resume) -> None:
    """Fail a job whose every attempt ended with its worker (killed, out of memory) before a result was
    written. It was taken again each time its lease ran out, without end: a resume that kills the worker
    parsing it (a file that exhausts its memory) crash-looped every worker, and took the jobs in flight
    beside it down each time."""
    reason = (
        f"the worker parsing it stopped before it finished, {row.attempts} times "
        "(killed or out of memory?); not retried"
    )
    if row.candidate_id is not None:
        reason = f"{reason}; {KEPT_EARLIER_PARSE}"
    log.warning("resume %s failed: %s", row.id, reason)
    RESUME_PARSING_ERRORS.labels(error_type="worker_stopped").inc()
    row.parsing_status = ParsingStatus.FAILED
    row.error = reason
    row.locked_until = None
    row.processed_at = datetime.now().astimezone()
    row.updated_at = datetime.now().astimezone()


async def hold(session: AsyncSession, job: Job) -> Resume | None:
    """Lock the job's row if this worker still holds its lease; None when another worker took it over."""
    return await session.scalar(
        select(Resume)
        .where(
            Resume.id == job.resume_id,
            Resume.parsing_status == ParsingStatus.PROCESSING,
            Resume.attempts == job.attempt,
        )
        .with_for_update()
    )


async def complete(
    sessions: async_sessionmaker[AsyncSession],
    job: Job,
    extracted_text: str,
    parsed: ParsedResume,
    parser_name: str,
    parser_version: str,
    note: str | None = None,
) -> ParsingStatus | None:
    """Store the result and the candidate in one transaction, if the lease is still ours (else None);
    `note` is kept as the resume's error (why the offline parser read a resume meant for Claude)."""
    async with sessions.begin() as session:
        resume = await hold(session, job)
        if resume is None:
            return None
        await apply_parsed_resume(session, resume, parsed)
        await session.execute(
            update(Resume)
            .where(Resume.id == job.resume_id)
            .values(
                candidate_id=resume.candidate_id,
                extracted_text=extracted_text,
                parsed_data=parsed.model_dump(mode="json"),
                parsing_status=ParsingStatus.COMPLETED,
                error=note,
                parser_name=parser_name,
                parser_version=parser_version,
                locked_until=None,
                processed_at=func.now(),
                updated_at=func.now(),
            )
        )
    return ParsingStatus.COMPLETED


async def fail(
    sessions: async_sessionmaker[AsyncSession],
    job: Job,
    reason: str,
    *,
    permanent: bool,
    max_attempts: int,
    not_before: float | None = None,
) -> ParsingStatus | None:
    """Record a failure: retry later with backoff (or after `not_before` seconds when that is later: the
    wait an API asked for), or mark it failed for good; None if the lease was lost."""
    async with sessions.begin() as session:
        resume = await hold(session, job)
        if resume is None:
            return None
        final = permanent or job.attempt >= max_attempts
        status = ParsingStatus.FAILED if final else ParsingStatus.QUEUED
        if final and resume.candidate_id is not None:
            # A parse again that failed changed nothing: the earlier parse's candidate, text and file stand.
            reason = f"{reason}; {KEPT_EARLIER_PARSE}"
        await session.execute(
            update(Resume)
            .where(Resume.id == job.resume_id)
            .values(
                parsing_status=status,
                error=reason[:2000],
                locked_until=None,
                next_attempt_at=func.now() + max(backoff(job.attempt), timedelta(seconds=not_before or 0)),
                processed_at=func.now() if final else None,
                updated_at=func.now(),
            )
        )
        return status


async def queue_length(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Resumes waiting for a worker: queued (whether due or backing off), and those a killed worker left,
    whose lease has run out (`claim` takes them as it takes queued ones)."""
    async with sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Resume)
            .where(
                or_(
                    Resume.parsing_status == ParsingStatus.QUEUED,
                    (Resume.parsing_status == ParsingStatus.PROCESSING) & (Resume.locked_until < func.now()),
                )
            )
        )
    return count or 0
