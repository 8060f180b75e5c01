"""`indexer run`: apply the index outbox to OpenSearch as changes commit (LISTEN, polling as a fallback)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import RequestError, TransportError
from redis.asyncio import Redis

from app.liveness import Heartbeat, serve_metrics
from app.metrics import exposition
from app.search.cache import bump_epoch
from app.settings import Settings
from indexer import metrics
from indexer.bulk import Outcome
from indexer.connections import Services, ServiceUnavailable
from indexer.consumer import OutboxLease
from indexer.defaults import DEFAULT_BATCH_SIZE, DEFAULT_MAX_ATTEMPTS, DEFAULT_POLL_INTERVAL
from indexer.documents import load_candidates
from indexer.indexes import add_new_fields, ensure_index
from indexer.mapping import IndexDefinition, needs_reindex
from indexer.outbox import collapse, mark_processed, read_backlog, record_failures, take_pending
from indexer.status import read_last_reindex
from indexer.sync import write_changes

log = logging.getLogger(__name__)

# The channel the outbox trigger notifies on every committed change.
OUTBOX_CHANNEL = "index_outbox"
# Backoff after a failed batch (OpenSearch or Postgres unreachable, items refused): doubles up to the cap.
INITIAL_BACKOFF = 0.25
MAX_BACKOFF = 30.0
# Seconds between refreshes of the backlog gauges.
STATS_INTERVAL = 5.0
# Batches in flight at once (BatchPipeline): each waits for the refresh that makes it searchable, one refresh
# interval (1 s) plus the refresh itself. At 100k, 4 and 8 measured within noise of each other (each ahead
# in one run; benchmarks/README.md, Indexer), and 4 holds fewer connections.
MAX_IN_FLIGHT = 4
# Seconds between two batch starts while another is in flight: changes committed close together share one
# bulk request (and one refresh listener) instead of one request each, and a change waits at most this long
# before its write goes out.
BATCH_SPACING = 0.25

# Errors that mean "a service is unreachable, restarting or overloaded right now": the batch is given back
# (its rows unlocked by the rollback) and retried with backoff; the daemon outlives any outage.
TRANSIENT_ERRORS = (
    OpenSearchConnectionError,
    TransportError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    OSError,
    TimeoutError,
)


@dataclass
class BatchReport:
    """What one batch did, by outbox row id."""

    taken: list[int] = field(default_factory=list)
    processed: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    dead: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    # Why the first of `retry` came back (OpenSearch's error type and reason), for the daemon's log.
    retry_error: str | None = None
    applied: int = 0


@dataclass(frozen=True)
class DaemonOptions:
    """Knobs of `indexer run`."""

    alias: str
    batch_size: int = DEFAULT_BATCH_SIZE
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    poll_interval: float = DEFAULT_POLL_INTERVAL
    # Batches in flight at once, and the seconds between their starts (BatchPipeline).
    max_in_flight: int = MAX_IN_FLIGHT
    batch_spacing: float = BATCH_SPACING
    # Stop once the outbox has nothing pending (a one-off drain) instead of waiting for more.
    until_empty: bool = False


async def apply_outbox_batch(
    pool: asyncpg.Pool, client: AsyncOpenSearch, alias: str, *, batch_size: int, max_attempts: int
) -> BatchReport:
    """Take pending rows (skipping rows other batches hold), write their candidates, settle the rows."""
    # The rows stay locked until OpenSearch has answered and their fate is written in the same transaction;
    # a daemon killed meanwhile gives them back untouched. The candidates are read on a second connection
    # (a snapshot of their own) that is given back before the write, so a batch waiting for its refresh
    # holds one connection.
    report = BatchReport()
    async with pool.acquire() as lock_connection:
        async with lock_connection.transaction():
            rows = await take_pending(lock_connection, batch_size)
            if not rows:
                return report
            report.taken = [row.id for row in rows]
            changes = collapse(rows)
            async with pool.acquire() as load_connection:
                records = await load_candidates(load_connection, [c.candidate_id for c in changes])
            results = await write_changes(
                client, alias, changes, records, require_alias=True, source="daemon"
            )
            acknowledged = datetime.now(UTC)
            failures: dict[int, str] = {}
            for change in changes:
                result = results[change.candidate_id]
                ids = [row.id for row in change.rows]
                if result.outcome in (Outcome.APPLIED, Outcome.SUPERSEDED):
                    report.processed += ids
                    report.applied += result.outcome is Outcome.APPLIED
                elif result.outcome is Outcome.FAILED:
                    failures.update(dict.fromkeys(ids, result.error or "failed"))
                else:
                    report.retry += ids
                    report.retry_error = report.retry_error or result.error
            await mark_processed(lock_connection, report.processed)
            report.dead = await record_failures(lock_connection, failures, max_attempts)
            report.failed = sorted(failures)
    created = {row.id: row.created_at for row in rows}
    for row_id in report.processed:
        metrics.SYNC_LAG.observe(max(0.0, (acknowledged - created[row_id]).total_seconds()))
    metrics.DEAD_LETTERS.inc(len(report.dead))
    for row_id in report.dead:
        log.error("outbox row %d is a dead letter: %s", row_id, failures[row_id])
    return report


class BatchPipeline:
    """Outbox batches in flight at once: at most `limit`, started at least `spacing` seconds apart.

    A live write returns once it is searchable (`refresh=wait_for`, up to one refresh interval). Batches one
    after another would make a change committed during that wait sit out the whole wait, then its own batch's:
    up to two refresh intervals. With batches overlapping, it goes out within `spacing` and waits for the next
    refresh only. Order is safe: every write carries the candidate's current version (external versions), and
    rows another batch holds are skipped, never shared.
    """

    def __init__(
        self, run_batch: Callable[[], Coroutine[Any, Any, BatchReport]], *, limit: int, spacing: float
    ) -> None:
        self._run_batch = run_batch
        self._limit = max(1, limit)
        self._spacing = spacing
        self._running: set[asyncio.Task[BatchReport]] = set()
        self._last_start = -math.inf

    @property
    def in_flight(self) -> int:
        return len(self._running)

    def ready_in(self, now: float) -> float | None:
        """Seconds until another batch may start (0: now), or None while `limit` batches are in flight."""
        if len(self._running) >= self._limit:
            return None
        if not self._running:
            return 0.0
        return max(0.0, self._last_start + self._spacing - now)

    def start(self, now: float) -> None:
        self._running.add(asyncio.create_task(self._run_batch()))
        self._last_start = now

    async def finished(self, event: asyncio.Event, seconds: float) -> list[asyncio.Task[BatchReport]]:
        """Wait up to `seconds` for a batch to finish or `event` to be set; the batches finished."""
        waker = asyncio.create_task(event.wait())
        try:
            await asyncio.wait({*self._running, waker}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waker.cancel()
        done = {task for task in self._running if task.done()}
        self._running -= done
        return sorted(done, key=id)

    async def drain(self) -> list[asyncio.Task[BatchReport]]:
        """Wait for every batch in flight to finish (a stop lets them settle their rows)."""
        if self._running:
            await asyncio.wait(self._running)
        done, self._running = list(self._running), set()
        return done


async def refresh_gauges(pool: asyncpg.Pool, cache: Redis, alias: str) -> None:
    """Backlog, dead letters and the last reindex's duration, for /metrics."""
    async with pool.acquire() as connection:
        backlog = await read_backlog(connection)
    metrics.OUTBOX_BACKLOG.set(backlog.pending)
    metrics.OUTBOX_OLDEST_AGE.set(backlog.oldest_age_seconds or 0.0)
    metrics.OUTBOX_DEAD.set(backlog.dead)
    last = await read_last_reindex(cache, alias)
    if last is not None:
        metrics.REINDEX_DURATION.set(last["seconds"])
        metrics.REINDEX_DOCUMENTS.set(last["documents"])


class _Listener:
    """LISTEN on the outbox channel over its own connection; reconnects lazily, polling covers the gaps."""

    def __init__(self, settings: Settings, wake: asyncio.Event) -> None:
        self._url = settings.sync_database_url
        self._wake = wake
        self._connection: asyncpg.Connection | None = None

    def _notified(self, *_: object) -> None:
        self._wake.set()

    async def ensure(self) -> None:
        if self._connection is not None and not self._connection.is_closed():
            return
        try:
            self._connection = await asyncpg.connect(self._url, timeout=5)
            await self._connection.add_listener(OUTBOX_CHANNEL, self._notified)
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            log.warning("LISTEN %s unavailable, polling instead: %s", OUTBOX_CHANNEL, error)
            self._connection = None
            return
        # Changes committed while nobody listened are picked up by the next batch.
        self._wake.set()

    async def close(self) -> None:
        if self._connection is not None and not self._connection.is_closed():
            with contextlib.suppress(Exception):
                await self._connection.close(timeout=2)


async def _pause(wake: asyncio.Event, seconds: float) -> None:
    """Sleep up to `seconds`, or less when woken (a notification or a stop request)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), seconds)


async def run_daemon(
    services: Services,
    definition: IndexDefinition,
    options: DaemonOptions,
    stop: asyncio.Event,
    *,
    metrics_port: int | None = None,
) -> None:
    """Apply the outbox until `stop` is set (SIGTERM): the batch in flight finishes, then the loop ends.

    Only while holding the database's consumer lease (LockHeld when another daemon has it).
    """
    lease = OutboxLease(services.settings, options.alias)
    await lease.ensure()
    try:
        await _apply_until_stopped(services, definition, options, stop, lease, metrics_port)
    finally:
        await lease.release()


async def _apply_until_stopped(
    services: Services,
    definition: IndexDefinition,
    options: DaemonOptions,
    stop: asyncio.Event,
    lease: OutboxLease,
    metrics_port: int | None,
) -> None:
    index, created = await ensure_index(services.opensearch, options.alias, definition)
    if needs_reindex(options.alias, index, definition):
        log.warning("%s was built from another index definition: run `hr-indexer reindex`", index)
        try:
            added = await add_new_fields(services.opensearch, index, definition)
        except RequestError as error:  # a field the live index has in another type: the reindex must do
            log.warning("cannot add the new fields to %s: %s", index, error.error)
            added = []
        if added:
            log.warning("added %s to %s; documents indexed before lack them until the reindex", added, index)
    if created:
        log.warning(
            "created index %s behind alias %s; run `hr-indexer reindex` to load existing data",
            index,
            options.alias,
        )
    beating = None
    if metrics_port:
        host = services.settings.metrics_host
        # /live beside /metrics: 503 once this loop stops turning, which /metrics (a thread) cannot tell.
        heartbeat = Heartbeat()
        try:
            serve_metrics(metrics_port, host, heartbeat, exposition(metrics.INDEXER_FAMILIES))
        except OSError as error:
            raise ServiceUnavailable(
                f"cannot serve /metrics on {host}:{metrics_port}: {error.strerror or error} "
                "(INDEXER_METRICS_PORT, or --metrics-port 0 for none)"
            ) from None
        log.info("metrics on http://%s:%d/metrics", services.settings.metrics_host, metrics_port)
        beating = asyncio.create_task(heartbeat.keep())
    wake = asyncio.Event()
    stopper = asyncio.create_task(_forward(stop, wake))
    listener = _Listener(services.settings, wake)
    # Each batch in flight holds a pooled connection until it settles, and briefly a second one to read its
    # candidates: with one connection to spare, some batch can always read and finish.
    limit = min(options.max_in_flight, services.pool.get_max_size() - 1)

    async def run_batch() -> BatchReport:
        started = time.perf_counter()
        report = await apply_outbox_batch(
            services.pool,
            services.opensearch,
            options.alias,
            batch_size=options.batch_size,
            max_attempts=options.max_attempts,
        )
        if report.taken:
            metrics.BATCH_DURATION.observe(time.perf_counter() - started)
        return report

    pipeline = BatchPipeline(run_batch, limit=limit, spacing=options.batch_spacing)
    state = _LoopState()
    log.info("indexing outbox into alias %s (index %s)", options.alias, index)
    try:
        while not stop.is_set():
            await listener.ensure()
            if time.monotonic() >= state.next_stats:
                with contextlib.suppress(*TRANSIENT_ERRORS):
                    await refresh_gauges(services.pool, services.redis, options.alias)
                state.next_stats = time.monotonic() + STATS_INTERVAL
            now = time.monotonic()
            ready_in = pipeline.ready_in(now)
            if state.due and ready_in == 0.0 and now >= state.paused_until:
                try:
                    # After a lost connection (Postgres restarted) the lease is taken again, or LockHeld ends
                    # the daemon when another one took it meanwhile.
                    await lease.ensure()
                except TRANSIENT_ERRORS as error:
                    state.back_off(error)
                    continue
                wake.clear()
                state.due = False
                pipeline.start(now)
                continue
            if options.until_empty and state.drained and pipeline.in_flight == 0:
                break
            # Sleep until a batch finishes, a notification (or stop) arrives, the next batch may start, or
            # the poll interval ends (a notification lost with the LISTEN connection).
            timeout = options.poll_interval
            if state.due:
                timeout = max(0.0, state.paused_until - now, ready_in if ready_in is not None else timeout)
            # While a batch is already due, only a stop ends the wait early (notifications change nothing).
            finished = await pipeline.finished(stop if state.due else wake, timeout)
            if wake.is_set() or (not finished and time.monotonic() - now >= options.poll_interval):
                state.due = True
            for task in finished:
                await _settle(services, options, task, state)
    finally:
        for task in await pipeline.drain():
            try:
                await _settle(services, options, task, state)
            except Exception as error:  # the loop is ending anyway; say what the last batches met
                log.error("batch failed while stopping: %s", _one_line(error))
        stopper.cancel()
        if beating is not None:
            beating.cancel()
        await listener.close()
        with contextlib.suppress(*TRANSIENT_ERRORS):
            await refresh_gauges(services.pool, services.redis, options.alias)
    log.info("indexer stopped")


@dataclass
class _LoopState:
    """What the daemon's loop carries from one turn to the next."""

    # Rows may be pending: at start, after a notification, a poll, or a full batch.
    due: bool = True
    # An until-empty run found nothing left to take.
    drained: bool = False
    # No batch starts before this (monotonic seconds): backoff after a failure.
    paused_until: float = 0.0
    backoff: float = INITIAL_BACKOFF
    # The search-cache epoch still has to be bumped (Redis was down when a batch applied changes).
    epoch_owed: bool = False
    next_stats: float = 0.0

    def back_off(self, error: BaseException | None = None) -> None:
        """No new batch for the current backoff, which doubles up to the cap; the rows come back then."""
        if error is not None:
            metrics.BULK_FAILURES.labels(reason="connection").inc()
            log.warning("batch given back, retrying in %.2fs: %s", self.backoff, _one_line(error))
        self.paused_until = time.monotonic() + self.backoff
        self.backoff = min(self.backoff * 2, MAX_BACKOFF)
        self.due = True


async def _settle(
    services: Services, options: DaemonOptions, task: asyncio.Task[BatchReport], state: _LoopState
) -> None:
    """Account for a finished batch: backoff on failure, the epoch bump, whether to take again at once."""
    error = task.exception()
    if error is not None:
        if not isinstance(error, TRANSIENT_ERRORS):
            raise error
        state.back_off(error)
        return
    report = task.result()
    if report.taken:
        log.debug(
            "batch: %d rows, %d processed, %d failed, %d retry",
            len(report.taken),
            len(report.processed),
            len(report.failed),
            len(report.retry),
        )
    if report.applied or state.epoch_owed:
        state.epoch_owed = not await bump_epoch(services.redis)
    if report.retry:
        # OpenSearch gave writes back (429, 5xx, no index behind the alias): retried after the backoff, and
        # said at most once a backoff (30 s at the most); silent before, while only a metric told.
        log.warning(
            "batch given back (%d outbox rows), retrying in %.2fs: %s",
            len(report.retry),
            state.backoff,
            report.retry_error or "no answer",
        )
    if report.failed or report.retry:
        state.back_off()
        return
    state.backoff = INITIAL_BACKOFF
    if options.until_empty:
        # Keep taking until a batch finds nothing.
        state.drained = not report.taken
        state.due = state.due or bool(report.taken)
    elif len(report.taken) >= options.batch_size:
        # A full batch: more rows are likely waiting, notified or not.
        state.due = True


async def _forward(stop: asyncio.Event, wake: asyncio.Event) -> None:
    """Wake the loop when a stop is requested, so it never sleeps through a SIGTERM."""
    await stop.wait()
    wake.set()


def _one_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:300]
