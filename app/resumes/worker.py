"""`hr-worker`: parses queued resumes into candidate records, N jobs at a time."""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from multiprocessing import resource_tracker
from typing import Any

import asyncpg
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.composition import open_services
from app.liveness import Heartbeat, serve_metrics
from app.logs import setup_logging
from app.metrics import (
    FILE_PROCESSING_QUEUE_LENGTH,
    RESUME_PARSING_ERRORS,
    RESUME_PROCESSING_DURATION,
    WORKER_FAMILIES,
    exposition,
)
from app.migrate import database_schema_problem
from app.models import ParsingStatus
from app.parsing.base import ParsingError, ResumeParser, select_parser
from app.parsing.extract import ExtractionError
from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser
from app.resumes import queue
from app.resumes.processing import extract_and_parse, parse_offline, start_subprocess
from app.resumes.storage import storage_unavailable
from app.settings import Settings, load_settings

log = logging.getLogger("hr-worker")

# Seconds between queue scans when no NOTIFY arrives (the fallback when LISTEN is unavailable).
POLL_SECONDS = 2.0
# Seconds between attempts while the database is unavailable.
RETRY_SECONDS = 5.0
# Seconds between the log's reminders that the database is still unavailable.
OUTAGE_REMINDER_SECONDS = 60.0
# What a lost or refused database connection raises, through SQLAlchemy or from asyncpg itself.
DATABASE_DOWN = (OSError, TimeoutError, SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError)


# What reads a resume Claude's reading will not come for (`Worker.read`): its name and version on the row.
OFFLINE_PARSER = RuleBasedResumeParser()


class DatabaseUnavailable(Exception):
    """`--once` could not reach the database; the message names the error's kind."""


class PermanentFailure(Exception):
    """A job that no retry can fix (unreadable file, time limit): it ends as failed with this reason."""


class StorageUnavailable(Exception):
    """The storage directory is gone or empty (a volume not mounted yet, a share down): every stored file
    is missing, not this one, so the job is retried like any transient fault instead of failing for good."""


# A text with nothing of a resume in it ("hello") ended `completed` as a candidate without a name, contact,
# job, school or skill: a blank card in every list and facet. It fails with this reason instead.
NOTHING_FOUND = "found nothing of a resume in the file: no name, contact details, jobs, education or skills"


def found_nothing(parsed: ParsedResume) -> bool:
    """Whether the parse found none of what makes a candidate findable or reachable."""
    return not (
        parsed.name
        or parsed.email
        or parsed.phone
        or parsed.current_title
        or parsed.work_experience
        or parsed.education
        or parsed.skills
    )


class OutageLog:
    """The worker's log of a database outage: one line when it starts, a reminder a minute, one line when it
    ends. Each slot and the LISTEN connection logged every 5 s before (13 lines a minute with 2 slots), and
    nothing said when the database came back."""

    def __init__(self) -> None:
        self.since: float | None = None
        self.reminded = 0.0

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        if self.since is None:
            self.since = self.reminded = now
            log.warning(
                "database unavailable (%s); trying again every %.0fs", type(error).__name__, RETRY_SECONDS
            )
        elif now - self.reminded >= OUTAGE_REMINDER_SECONDS:
            self.reminded = now
            log.warning("database still unavailable after %.0fs (%s)", now - self.since, type(error).__name__)

    def reached(self) -> None:
        if self.since is not None:
            log.info("database reachable again after %.0fs", time.monotonic() - self.since)
            self.since = None


class Worker:
    """Claims jobs and runs them; extraction happens in subprocesses so a hostile file can be killed."""

    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        parser: ResumeParser | RuleBasedResumeParser,
    ):
        self.settings = settings
        self.sessions = sessions
        self.parser = parser
        self.offline = isinstance(parser, RuleBasedResumeParser)
        self.wakeup = asyncio.Event()
        self.outage = OutageLog()
        self._start_resource_tracker()
        self.pool = self._new_pool()
        # Jobs this process ran, by end state (completed, failed, queued: to be retried, lost: taken over).
        self.outcomes: Counter[str] = Counter()

    @staticmethod
    def _start_resource_tracker() -> None:
        """multiprocessing's resource tracker, started without its warnings. After a worker killed with
        SIGKILL it removes the pool's semaphores, as it should, but warned of them in two plain-text lines
        amid the worker's JSON log (it writes to the worker's stderr, outside our logging)."""
        quiet = "ignore::UserWarning:multiprocessing.resource_tracker"
        sys.warnoptions.append(quiet)  # the tracker's command line takes the running interpreter's -W options
        try:
            resource_tracker.ensure_running()
        finally:
            sys.warnoptions.remove(quiet)

    def _new_pool(self) -> concurrent.futures.ProcessPoolExecutor:
        # A spawned process starts without handlers: its warnings would reach stderr through logging's
        # last resort, as plain unscrubbed text. It writes the worker's JSON lines instead.
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self.settings.worker_concurrency,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_subprocess,
            initargs=(self.settings.log_level, os.getpid()),
        )

    def _recycle_pool(self) -> None:
        """Kill the subprocesses (one is stuck past its time limit) and start afresh."""
        for process in list(getattr(self.pool, "_processes", {}).values()):
            process.kill()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    async def in_pool(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(*args)` in a subprocess, which is killed past PARSE_TIME_LIMIT_SECONDS."""
        loop = asyncio.get_running_loop()
        limit = self.settings.parse_time_limit_seconds
        future = loop.run_in_executor(self.pool, function, *args)
        try:
            # A little grace over the extractor's own deadline, which it checks between pages.
            return await asyncio.wait_for(future, limit + 5)
        except TimeoutError:
            self._recycle_pool()
            RESUME_PARSING_ERRORS.labels(error_type="timeout").inc()
            raise PermanentFailure(f"reading the file took longer than {limit:g} seconds") from None
        except concurrent.futures.process.BrokenProcessPool:
            self._recycle_pool()
            raise

    async def extract(self, job: queue.Job) -> tuple[str, dict[str, Any] | None]:
        limit = self.settings.parse_time_limit_seconds
        try:
            text, offline = await self.in_pool(extract_and_parse, job.storage_path, self.offline, limit)
            return text, offline
        except ExtractionError as error:
            RESUME_PARSING_ERRORS.labels(error_type=error.code).inc()
            raise PermanentFailure(error.reason) from None
        except FileNotFoundError:
            if storage_unavailable(self.settings.storage_dir):
                raise StorageUnavailable(
                    f"the storage directory (STORAGE_DIR) {self.settings.storage_dir} is missing or empty"
                ) from None
            RESUME_PARSING_ERRORS.labels(error_type="file_missing").inc()
            raise PermanentFailure("the stored file is missing") from None

    async def read(
        self, parser: ResumeParser, job: queue.Job, text: str
    ) -> tuple[ParsedResume, str, str, str | None]:
        """Claude's reading of the text, or the offline parser's where Claude's will not come: an answer the
        same text would get again (cut off, refused, not of the resume's shape), a reading that finds
        nothing, or any failure on the job's last attempt. A resume so long that Claude's answer was cut
        off was asked again on every attempt, paid for each time, and failed. Returns the reading, its
        parser's name and version, and why the offline parser read it (None when Claude did)."""
        try:
            parsed = await parser.parse(text)
        except ParsingError as error:
            if not (error.repeats or job.attempt >= self.settings.worker_max_attempts):
                raise
            why = str(error)
        else:
            if not found_nothing(parsed):
                return parsed, parser.name, parser.version, parsed.note
            why = "Claude found nothing of a resume in it"
        parsed = ParsedResume.model_validate(await self.in_pool(parse_offline, text))
        # The reason is the parser's own wording, never the resume's text.
        log.info("resume %s read by the offline parser: %s", job.resume_id, why)
        return parsed, OFFLINE_PARSER.name, OFFLINE_PARSER.version, f"read by the offline parser: {why}"

    async def process(self, job: queue.Job) -> ParsingStatus | None:
        """Run one job to its end state; returns it (None when another worker took the job over)."""
        started = time.perf_counter()
        try:
            text, offline = await self.extract(job)
            name, version, note = self.parser.name, self.parser.version, None
            if offline is not None:
                parsed = ParsedResume.model_validate(offline)
            elif isinstance(self.parser, RuleBasedResumeParser):
                parsed = self.parser.parse(text)
            else:
                parsed, name, version, note = await self.read(self.parser, job, text)
            if found_nothing(parsed):
                RESUME_PARSING_ERRORS.labels(error_type="nothing_found").inc()
                raise PermanentFailure(NOTHING_FOUND)
            status = await queue.complete(self.sessions, job, text, parsed, name, version, note)
        except PermanentFailure as error:
            reason = str(error)
            status = await queue.fail(
                self.sessions, job, reason, permanent=True, max_attempts=self.settings.worker_max_attempts
            )
        except Exception as error:  # a transient fault (database, Claude, a crashed subprocess): retried
            log.warning("resume %s attempt %d failed: %s", job.resume_id, job.attempt, type(error).__name__)
            if not isinstance(error, ParsingError):  # Claude's are counted by their kind where raised
                RESUME_PARSING_ERRORS.labels(error_type=type(error).__name__).inc()
            tries = self.settings.worker_max_attempts
            # Claude's failures say which ("the Claude API answered HTTP 401"), never the resume's text.
            cause = (
                str(error)
                if isinstance(error, StorageUnavailable | ParsingError)
                else f"parsing failed ({type(error).__name__})"
            )
            reason = f"{cause}; " + (
                f"attempt {job.attempt} of {tries}, not retried"
                if job.attempt >= tries
                else "it will be retried"
            )
            # A rate limit's or an overload's retry-after: the next attempt no sooner (at 10 s, 40 s, ... it
            # was refused again, and the resume's attempts ran out while the API still asked to wait).
            status = await queue.fail(
                self.sessions,
                job,
                reason,
                permanent=False,
                max_attempts=self.settings.worker_max_attempts,
                not_before=error.retry_after if isinstance(error, ParsingError) else None,
            )
        took = time.perf_counter() - started
        if status is ParsingStatus.FAILED:
            # The reason is the extractor's or the one above: never the file's name or contents (PII).
            log.warning("resume %s failed: %s", job.resume_id, reason)
        elif status is ParsingStatus.COMPLETED:
            # One line a parsed resume too: the log said nothing of the resumes that went well, so whoever
            # followed an upload through it could not tell "parsed at 10:02" from "never picked up".
            log.info("resume %s completed in %.0f ms by %s", job.resume_id, took * 1000, name)
        elif status is None:
            # Its lease ran out mid-parse and another worker took it over: this parse was thrown away.
            log.warning(
                "resume %s was taken over by another worker after %.0f s (its lease, "
                "WORKER_VISIBILITY_TIMEOUT_SECONDS, ran out mid-parse); this attempt's result was dropped",
                job.resume_id,
                took,
            )
        outcome = str(status or "lost")
        self.outcomes[outcome] += 1
        RESUME_PROCESSING_DURATION.labels(status=outcome).observe(took)
        return status

    async def run_slot(self, stop: asyncio.Event, once: bool) -> None:
        """One of N concurrent loops: claim, process, repeat; sleep until woken when idle."""
        while not stop.is_set():
            try:
                job = await queue.claim(
                    self.sessions,
                    self.settings.worker_visibility_timeout_seconds,
                    max_attempts=self.settings.worker_max_attempts,
                )
                self.outage.reached()
                if job is not None:
                    await self.process(job)
                    continue
            except DATABASE_DOWN as error:
                if once:
                    # A one-shot run (cron, a batch job) reports the outage instead of waiting it out.
                    raise DatabaseUnavailable(type(error).__name__) from error
                # Postgres restarting or unreachable: the worker outlives it. A job it had claimed comes
                # back to the queue when its visibility timeout ends.
                self.outage.failed(error)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), RETRY_SECONDS)
                continue
            if once:
                return
            self.wakeup.clear()
            try:
                await asyncio.wait_for(self.wakeup.wait(), POLL_SECONDS)
            except TimeoutError:
                pass

    async def listen(self, stop: asyncio.Event) -> None:
        """Wake the slots on NOTIFY of the queue's channel; reconnect when the connection drops."""
        said = False  # one line an outage: the slots' lines say how it goes on
        while not stop.is_set():
            try:
                connection = await asyncpg.connect(self.settings.sync_database_url, timeout=5)
                said = False
                try:
                    await connection.add_listener(queue.CHANNEL, lambda *_: self.wakeup.set())
                    await stop.wait()
                finally:
                    await connection.close(timeout=2)
            except (OSError, asyncpg.PostgresError, TimeoutError) as error:
                if not said:
                    log.warning(
                        "LISTEN unavailable (%s); polling every %.0fs", type(error).__name__, POLL_SECONDS
                    )
                    said = True
                await asyncio.sleep(5)

    async def report_queue(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                FILE_PROCESSING_QUEUE_LENGTH.set(await queue.queue_length(self.sessions))
            except Exception as error:  # metrics must never stop the worker
                log.debug("queue length unavailable: %s", error)
            await asyncio.sleep(5)

    async def run(self, stop: asyncio.Event, once: bool = False) -> None:
        helpers = (
            []
            if once
            else [asyncio.create_task(self.listen(stop)), asyncio.create_task(self.report_queue(stop))]
        )
        try:
            await asyncio.gather(
                *(self.run_slot(stop, once) for _ in range(self.settings.worker_concurrency))
            )
        finally:
            stop.set()
            for task in helpers:
                task.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)
            self.pool.shutdown(wait=True, cancel_futures=True)


async def schema_problem(sessions: async_sessionmaker[AsyncSession]) -> str | None:
    """Why the database cannot serve this worker (not migrated, or behind), or None; None too when it does
    not answer: the slots wait for it then, as they do when it goes away later."""
    try:
        async with sessions() as session:
            return await database_schema_problem(session)
    except DATABASE_DOWN:
        return None


async def serve(settings: Settings, once: bool, heartbeat: Heartbeat | None = None) -> None:
    # The loop beats from the start, also while the database is waited for: /live answers 503 only when it
    # stops turning (the metrics thread answers /metrics whatever the loop does).
    beating = asyncio.create_task(heartbeat.keep()) if heartbeat is not None else None
    try:
        await _serve(settings, once)
    finally:
        if beating is not None:
            beating.cancel()


async def _serve(settings: Settings, once: bool) -> None:
    async with open_services(settings) as services:
        problem = await schema_problem(services.sessions)
        if problem is not None:
            # Not migrated: every claim would fail, and the loop below would call that "database unavailable".
            raise SystemExit(f"hr-worker: the database {problem}")
        worker = Worker(settings, services.sessions, select_parser(settings, services.anthropic))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        log.info("worker started: %d slots, parser %s", settings.worker_concurrency, worker.parser.name)
        try:
            await worker.run(stop, once=once)
        finally:
            log.info("worker stopped: %s", describe_outcomes(worker.outcomes))


def describe_outcomes(outcomes: Counter[str]) -> str:
    """What a worker's jobs came to, for its last line: "3 completed, 1 failed, 0 to retry"."""
    line = (
        f"{outcomes[ParsingStatus.COMPLETED]} completed, {outcomes[ParsingStatus.FAILED]} failed, "
        f"{outcomes[ParsingStatus.QUEUED]} to retry"
    )
    if outcomes["lost"]:
        line += f", {outcomes['lost']} taken over by another worker"
    return line


def with_concurrency(settings: Settings, concurrency: int) -> Settings:
    """The settings with `--concurrency`, held to WORKER_CONCURRENCY's bounds (a copy alone skips them: 1000
    slots meant up to 1000 parser processes); out of them, one line and exit 2 as for any bad argument."""
    try:
        return Settings.model_validate(settings.model_dump() | {"worker_concurrency": concurrency})
    except ValidationError as error:
        problem = error.errors()[0]["msg"]
        print(f"hr-worker: error: argument --concurrency: {problem}", file=sys.stderr)
        raise SystemExit(2) from None


def run(args: argparse.Namespace) -> None:
    """Run what `hr-worker` was asked (app/cli.py parsed it)."""
    settings = load_settings()
    if args.concurrency is not None:
        settings = with_concurrency(settings, args.concurrency)
    setup_logging(settings.log_level)
    heartbeat = None
    if not args.no_metrics and settings.worker_metrics_port:
        heartbeat = Heartbeat()
        try:
            serve_metrics(
                settings.worker_metrics_port, settings.metrics_host, heartbeat, exposition(WORKER_FAMILIES)
            )
        except OSError as error:
            # A second worker on one host needs a port of its own (or none), as `hr-indexer run` says too.
            where = f"{settings.metrics_host}:{settings.worker_metrics_port}"
            raise SystemExit(
                f"hr-worker: cannot serve /metrics on {where}: {error.strerror or error} "
                "(WORKER_METRICS_PORT, or --no-metrics)"
            ) from None
    try:
        asyncio.run(serve(settings, args.once, heartbeat))
    except DatabaseUnavailable as error:
        # Jobs it had claimed go back to the queue when their visibility timeout ends.
        raise SystemExit(f"hr-worker: the database is unavailable ({error}); --once stops here") from None


if __name__ == "__main__":
    from app.cli import worker_parser

    run(worker_parser().parse_args())
