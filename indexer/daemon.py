"""`indexer run`: apply the index outbox to OpenSearch as changes commit (LISTEN, polling as a fallback)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import TransportError
from prometheus_client import start_http_server
from redis.asyncio import Redis

from app.search.cache import bump_epoch
from app.settings import Settings
from indexer import metrics
from indexer.bulk import Outcome
from indexer.connections import Services, ServiceUnavailable
from indexer.consumer import OutboxLease
from indexer.defaults import DEFAULT_BATCH_SIZE, DEFAULT_MAX_ATTEMPTS, DEFAULT_POLL_INTERVAL
from indexer.indexes import ensure_index
from indexer.mapping import IndexDefinition, needs_reindex
from indexer.outbox import collapse, mark_processed, read_backlog, record_failures, take_pending
from indexer.status import read_last_reindex
from indexer.sync import apply_changes

log = logging.getLogger(__name__)

# The channel the outbox trigger notifies on every committed change.
OUTBOX_CHANNEL = "index_outbox"
# Backoff after a failed batch (OpenSearch or Postgres unreachable, items refused): doubles up to the cap.
INITIAL_BACKOFF = 0.25
MAX_BACKOFF = 30.0
# Seconds between refreshes of the backlog gauges.
STATS_INTERVAL = 5.0

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
    applied: int = 0


@dataclass(frozen=True)
class DaemonOptions:
    """Knobs of `indexer run`."""

    alias: str
    batch_size: int = DEFAULT_BATCH_SIZE
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    poll_interval: float = DEFAULT_POLL_INTERVAL
    # Stop once the outbox has nothing pending (a one-off drain) instead of waiting for more.
    until_empty: bool = False


async def apply_outbox_batch(
    pool: asyncpg.Pool, client: AsyncOpenSearch, alias: str, *, batch_size: int, max_attempts: int
) -> BatchReport:
    """Take pending rows (skipping rows another daemon holds), write their candidates, settle the rows."""
    # The rows stay locked until OpenSearch has answered and their fate is written in the same transaction;
    # a daemon killed meanwhile gives them back untouched.
    report = BatchReport()
    async with pool.acquire() as lock_connection, pool.acquire() as load_connection:
        async with lock_connection.transaction():
            rows = await take_pending(lock_connection, batch_size)
            if not rows:
                return report
            report.taken = [row.id for row in rows]
            changes = collapse(rows)
            results = await apply_changes(
                load_connection, client, alias, changes, require_alias=True, source="daemon"
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
        log.warning("%s was built from another index definition: run `indexer reindex`", index)
    if created:
        log.warning(
            "created index %s behind alias %s; run `indexer reindex` to load existing data",
            index,
            options.alias,
        )
    if metrics_port:
        host = services.settings.metrics_host
        try:
            start_http_server(metrics_port, addr=host)
        except OSError as error:
            raise ServiceUnavailable(
                f"cannot serve /metrics on {host}:{metrics_port}: {error.strerror or error} "
                "(INDEXER_METRICS_PORT, or --metrics-port 0 for none)"
            ) from None
        log.info("metrics on http://%s:%d/metrics", services.settings.metrics_host, metrics_port)
    wake = asyncio.Event()
    stopper = asyncio.create_task(_forward(stop, wake))
    listener = _Listener(services.settings, wake)
    backoff = INITIAL_BACKOFF
    epoch_owed = False
    next_stats = 0.0
    log.info("indexing outbox into alias %s (index %s)", options.alias, index)
    try:
        while not stop.is_set():
            await listener.ensure()
            if time.monotonic() >= next_stats:
                with contextlib.suppress(*TRANSIENT_ERRORS):
                    await refresh_gauges(services.pool, services.redis, options.alias)
                next_stats = time.monotonic() + STATS_INTERVAL
            wake.clear()
            started = time.perf_counter()
            try:
                # After a lost connection (Postgres restarted) the lease is taken again, or LockHeld ends
                # the daemon when another one took it meanwhile.
                await lease.ensure()
                report = await apply_outbox_batch(
                    services.pool,
                    services.opensearch,
                    options.alias,
                    batch_size=options.batch_size,
                    max_attempts=options.max_attempts,
                )
            except TRANSIENT_ERRORS as error:
                metrics.BULK_FAILURES.labels(reason="connection").inc()
                log.warning("batch given back, retrying in %.2fs: %s", backoff, _one_line(error))
                await _pause(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            if report.taken:
                metrics.BATCH_DURATION.observe(time.perf_counter() - started)
                log.debug(
                    "batch: %d rows, %d processed, %d failed, %d retry",
                    len(report.taken),
                    len(report.processed),
                    len(report.failed),
                    len(report.retry),
                )
            if report.applied or epoch_owed:
                epoch_owed = not await bump_epoch(services.redis)
            if report.failed or report.retry:
                await _pause(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = INITIAL_BACKOFF
            if options.until_empty:
                if not report.taken:
                    break
                continue
            if len(report.taken) < options.batch_size:
                await _pause(wake, options.poll_interval)
    finally:
        stopper.cancel()
        await listener.close()
        with contextlib.suppress(*TRANSIENT_ERRORS):
            await refresh_gauges(services.pool, services.redis, options.alias)
    log.info("indexer stopped")


async def _forward(stop: asyncio.Event, wake: asyncio.Event) -> None:
    """Wake the loop when a stop is requested, so it never sleeps through a SIGTERM."""
    await stop.wait()
    wake.set()


def _one_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:300]
