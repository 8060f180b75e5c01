"""`hr-worker --once` (a cron or batch run) ends when it cannot do its work, with one line and exit 1, and
says what became of the resumes it ran."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import sys
from datetime import timedelta
from typing import cast

import pytest
from sqlalchemy import func, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.models import ParsingStatus, Resume
from app.parsing.base import ResumeParser
from app.parsing.extract import PDF, TEXT
from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser
from app.resumes.queue import claim, queue_length
from app.resumes.worker import Worker
from app.settings import Settings
from tests.conftest import ROOT
from tests.integration.conftest import free_port, queue_directly
from tests.resume_samples import text_resume


async def _worker_once(limit: float, **env: str) -> tuple[int, str]:
    """`hr-worker --once --no-metrics` with these variables: its exit code and stderr (killed at `limit`)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.resumes.worker",
        "--once",
        "--no-metrics",
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, err = await asyncio.wait_for(process.communicate(), limit)
    except TimeoutError:
        process.kill()  # a worker that keeps waiting must not outlive the test
        await process.wait()
        raise
    assert process.returncode is not None
    return process.returncode, err.decode()


async def test_once_with_the_database_down_says_so_and_exits_1() -> None:
    # It logged "database unavailable ...; trying again in 5s" forever before, so a cron run never ended.
    nobody = f"postgresql://hr:secret@127.0.0.1:{free_port()}/hr"
    code, err = await _worker_once(30, DATABASE_URL=nobody, LOG_LEVEL="WARNING")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "hr-worker: the database is unavailable (ConnectionRefusedError); --once stops here"
    )
    assert "secret" not in err


async def test_once_logs_each_failed_resume_and_what_the_run_came_to(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # It logged "worker started" and "worker stopped" and nothing between: a corrupt file failed unseen
    # by whoever reads the worker's log (only a metric and the row said so).
    pdf = b"%PDF-1.7\n1 0 obj << /Pages 9 0 R >>\nendobj\n%%EOF\n"
    broken = (await queue_directly(db, settings, pdf, PDF, "jane-doe-cv.pdf")).id
    code, err = await _worker_once(60)
    assert code == 0, err
    messages = [json.loads(line)["message"] for line in err.splitlines()]
    assert f"resume {broken} failed: the PDF is damaged and cannot be read" in messages
    assert messages[-1] == "worker stopped: 0 completed, 1 failed, 0 to retry"
    assert "jane" not in err  # the file's name is the person's: never logged


class _FailingParser:
    """A parser that always fails the way a transient fault does (Claude down, say)."""

    name = "failing"
    version = "1"

    async def parse(self, text: str) -> ParsedResume:
        raise RuntimeError("boom")


async def test_a_resume_out_of_attempts_says_it_is_not_retried(
    db: async_sessionmaker[AsyncSession], settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # Its stored error said "it will be retried" although it had failed for good.
    resume_id = (await queue_directly(db, settings, text_resume(email="fine@example.com"), TEXT)).id
    once = settings.model_copy(update={"worker_max_attempts": 1, "worker_concurrency": 1})
    worker = Worker(once, db, cast(ResumeParser, _FailingParser()))
    with caplog.at_level(logging.WARNING, logger="hr-worker"):
        await worker.run(asyncio.Event(), once=True)
    async with db() as session:
        resume = await session.get(Resume, resume_id)
    assert resume is not None and resume.parsing_status is ParsingStatus.FAILED
    assert resume.error == "parsing failed (RuntimeError); attempt 1 of 1, not retried"
    assert f"resume {resume_id} failed: {resume.error}" in caplog.messages
    assert worker.outcomes == {"failed": 1}


async def test_the_log_says_when_a_resume_is_parsed_and_when_a_parse_was_taken_over(
    db: async_sessionmaker[AsyncSession], settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # The worker logged failures only: a recruiter's "my upload never showed up" could not be told from the
    # log ("parsed at 10:02" or "never picked up"), and a parse thrown away because another worker took the
    # job over mid-parse (a lease too short) left no trace at all.
    done = (await queue_directly(db, settings, text_resume(email="done@example.com"), TEXT)).id
    one = settings.model_copy(update={"worker_concurrency": 1})
    worker = Worker(one, db, RuleBasedResumeParser())
    with caplog.at_level(logging.INFO, logger="hr-worker"):
        await worker.run(asyncio.Event(), once=True)
    assert any(re.fullmatch(rf"resume {done} completed in \d+ ms by rule_based", m) for m in caplog.messages)

    taken = (await queue_directly(db, settings, text_resume(email="taken@example.com"), TEXT)).id
    job = await claim(db, one.worker_visibility_timeout_seconds, max_attempts=5)
    assert job is not None and job.resume_id == taken
    async with db.begin() as session:  # its lease ran out, and another worker claimed it
        await session.execute(
            update(Resume).where(Resume.id == taken).values(locked_until=func.now() - timedelta(seconds=1))
        )
    assert await claim(db, one.worker_visibility_timeout_seconds, max_attempts=5) is not None
    worker = Worker(one, db, RuleBasedResumeParser())
    caplog.clear()
    try:
        with caplog.at_level(logging.INFO, logger="hr-worker"):
            assert await worker.process(job) is None
    finally:
        worker.pool.shutdown(wait=True)
    lines = [m for m in caplog.messages if str(taken) in m]
    assert len(lines) == 1 and re.fullmatch(
        rf"resume {taken} was taken over by another worker after \d+ s \(its lease, "
        r"WORKER_VISIBILITY_TIMEOUT_SECONDS, ran out mid-parse\); this attempt's result was dropped",
        lines[0],
    ), lines


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.close()


async def test_a_database_outage_is_one_line_then_a_reminder_a_minute_then_a_line_when_it_ends(
    settings: Settings,
) -> None:
    # Each slot and the LISTEN connection logged every 5 s while Postgres was away (13 lines a minute with 2
    # slots, 65 with 16), and nothing said when it came back. The database here is a forwarder to the real
    # one that starts listening only after a while.
    port = free_port()
    target = make_url(settings.database_url)
    outage = target.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)

    async def forward(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        reader, writer = await asyncio.open_connection(target.host, target.port or 5432)
        await asyncio.gather(_pipe(client_reader, writer), _pipe(reader, client_writer))

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.resumes.worker",
        "--no-metrics",
        "--concurrency",
        "3",
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": outage, "LOG_LEVEL": "INFO"},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await asyncio.sleep(16)  # three rounds of retries of every slot
        server = await asyncio.start_server(forward, "127.0.0.1", port)
        await asyncio.sleep(8)  # the slots' next try reaches the database
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
        server.close()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    messages = [json.loads(line)["message"] for line in err.decode().splitlines()]
    down = [m for m in messages if "unavailable" in m]
    assert len(down) <= 2, down  # the database's line, and the LISTEN connection's
    assert [m for m in down if m.startswith("database unavailable (ConnectionRefusedError)")], down
    assert [m for m in messages if m.startswith("database reachable again after ")], messages


async def test_the_queue_length_counts_the_jobs_a_killed_worker_left(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # file_processing_queue_length counted queued rows only: the jobs of a killed worker, whose lease had run
    # out and which wait for a worker as much as queued ones, were left out (the ResumeQueueBacklog alert
    # and the dashboard read 0 while they waited).
    await queue_directly(db, settings, text_resume(email="queued@example.com"), TEXT)
    await queue_directly(db, settings, text_resume(email="left@example.com"), TEXT)
    held = await claim(db, settings.worker_visibility_timeout_seconds, max_attempts=5)
    assert held is not None
    assert await queue_length(db) == 1  # one queued, one held by a live worker
    async with db.begin() as session:  # the worker holding it was killed, and its lease ran out
        await session.execute(
            update(Resume)
            .where(Resume.id == held.resume_id)
            .values(locked_until=func.now() - timedelta(seconds=1))
        )
    assert await queue_length(db) == 2


async def test_a_resume_whose_every_attempt_ended_with_its_worker_is_failed_not_taken_again(
    db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # A resume that kills the worker parsing it (a file that exhausts its memory) was taken again each time
    # its lease ran out, attempt 6, 7, ... without end: the worker crash-looped, and took the jobs in flight
    # beside it down each time. Its last attempt's worker stopped too, so it is failed, saying so.
    poison = (await queue_directly(db, settings, text_resume(email="poison@example.com"), TEXT)).id
    fine = (await queue_directly(db, settings, text_resume(email="fine@example.com"), TEXT)).id
    async with db.begin() as session:  # the fifth worker to take it was killed too, and its lease ran out
        await session.execute(
            update(Resume)
            .where(Resume.id == poison)
            .values(
                parsing_status=ParsingStatus.PROCESSING,
                attempts=settings.worker_max_attempts,
                locked_until=func.now() - timedelta(seconds=1),
            )
        )
    code, err = await _worker_once(60, LOG_LEVEL="INFO")
    assert code == 0, err
    async with db() as session:
        left = await session.get(Resume, poison)
        parsed = await session.get(Resume, fine)
    assert left is not None and parsed is not None
    assert left.parsing_status is ParsingStatus.FAILED and left.attempts == settings.worker_max_attempts
    assert left.error == (
        f"the worker parsing it stopped before it finished, {settings.worker_max_attempts} times "
        "(killed or out of memory?); not retried"
    )
    assert parsed.parsing_status is ParsingStatus.COMPLETED  # the queue goes on past it
    lines = [json.loads(line)["message"] for line in err.splitlines() if str(poison) in line]
    assert lines == [f"resume {poison} failed: {left.error}"]
