"""The index_outbox table: taking pending rows, settling them, and the backlog figures.

Where the rows come from (triggers made by migration 0001, app/migrations/versions/20261128_0001_*.py):

- `candidates_bump_version` (BEFORE UPDATE on candidates) raises the candidate's `version` and `updated_at`
  on every update, so a later change always carries a higher version than an earlier one.
- `candidates_outbox` (AFTER INSERT, UPDATE or DELETE on candidates, per row) inserts one outbox row:
  `upsert` with the new version, or `delete` with the old version + 1 (a delete outranks every version),
  then `pg_notify('index_outbox')`, which wakes `hr-indexer run` (indexer/daemon.py, OUTBOX_CHANNEL).
- `<table>_touch_insert|update|delete` on work_experience, education and candidate_skills (per statement)
  touch each affected candidate once, which fires the two triggers above.

The rows are written in the same transaction as the change, so a committed change is never missed, whoever
made it (the API, the worker, psql); the daemon collapses a candidate's rows and indexes its current state.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

log = logging.getLogger(__name__)

# Seconds the reindex waits for write transactions that were open at its watermark to finish; a session
# left idle in a transaction should not block a reindex forever.
IN_FLIGHT_WAIT_SECONDS = 60.0

_COLUMNS = "id, candidate_id, operation::text AS operation, candidate_version, created_at, attempts"
# A dead letter stays one until `verify --repair` brought its candidate in sync (then processed_at is set).
_DEAD = "dead_at IS NOT NULL AND processed_at IS NULL"


@dataclass(frozen=True)
class OutboxRow:
    """One committed change of a candidate."""

    id: int
    candidate_id: uuid.UUID
    operation: str
    version: int
    created_at: datetime
    attempts: int


@dataclass
class CandidateChanges:
    """The outbox rows of one candidate in a batch, applied as one write of its current state."""

    candidate_id: uuid.UUID
    rows: list[OutboxRow]

    @property
    def delete_version(self) -> int | None:
        """The highest version among the delete rows, or None when the batch holds no delete."""
        versions = [row.version for row in self.rows if row.operation == "delete"]
        return max(versions) if versions else None


def collapse(rows: Iterable[OutboxRow]) -> list[CandidateChanges]:
    """Group a batch's rows by candidate, in the order each candidate first appears."""
    grouped: dict[uuid.UUID, CandidateChanges] = {}
    for row in rows:
        grouped.setdefault(row.candidate_id, CandidateChanges(row.candidate_id, [])).rows.append(row)
    return list(grouped.values())


def _row(record: asyncpg.Record) -> OutboxRow:
    return OutboxRow(
        id=record["id"],
        candidate_id=record["candidate_id"],
        operation=record["operation"],
        version=record["candidate_version"],
        created_at=record["created_at"],
        attempts=record["attempts"],
    )


async def take_pending(connection: asyncpg.Connection, limit: int) -> list[OutboxRow]:
    """Lock up to `limit` pending rows, oldest first; rows another daemon holds are skipped, never shared."""
    # Must run inside a transaction: the locks last until it ends, and a killed daemon's rows come back.
    records = await connection.fetch(
        f"SELECT {_COLUMNS} FROM index_outbox WHERE processed_at IS NULL AND dead_at IS NULL "
        "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
        limit,
    )
    return [_row(r) for r in records]


async def read_after(connection: asyncpg.Connection, after_id: int, limit: int) -> list[OutboxRow]:
    """Rows with an id above `after_id`, processed or not (a reindex's catch-up)."""
    records = await connection.fetch(
        f"SELECT {_COLUMNS} FROM index_outbox WHERE id > $1 ORDER BY id LIMIT $2", after_id, limit
    )
    return [_row(r) for r in records]


async def mark_processed(connection: asyncpg.Connection, ids: Sequence[int]) -> None:
    """Settle rows whose change OpenSearch acknowledged (or that a newer write already covers)."""
    # clock_timestamp(), not now(): now() is when the batch's transaction began (before the rows were even
    # taken), so processed_at - created_at would leave out the write and the refresh it waited for.
    if ids:
        await connection.execute(
            "UPDATE index_outbox SET processed_at = clock_timestamp() WHERE id = ANY($1::bigint[])", ids
        )


async def record_failures(
    connection: asyncpg.Connection, failures: dict[int, str], max_attempts: int
) -> list[int]:
    """Count one more failed attempt per row; rows reaching `max_attempts` become dead letters (returned)."""
    if not failures:
        return []
    records = await connection.fetch(
        """
        UPDATE index_outbox AS o
        SET attempts = o.attempts + 1,
            last_error = f.error,
            dead_at = CASE WHEN o.attempts + 1 >= $3 THEN now() END
        FROM unnest($1::bigint[], $2::text[]) AS f(id, error)
        WHERE o.id = f.id
        RETURNING o.id, o.dead_at IS NOT NULL AS dead
        """,
        list(failures),
        list(failures.values()),
        max_attempts,
    )
    return sorted(r["id"] for r in records if r["dead"])


async def latest_id(connection: asyncpg.Connection) -> int:
    """The highest outbox id committed so far (0 for an empty outbox)."""
    latest: int = await connection.fetchval("SELECT coalesce(max(id), 0) FROM index_outbox")
    return latest


async def settle_dead_letters(
    connection: asyncpg.Connection, up_to_id: int, still_failing: Sequence[uuid.UUID]
) -> int:
    """Mark dead letters up to `up_to_id` processed once a repair brought their candidates in sync."""
    # The repair wrote each candidate's current state, which supersedes every older change; rows of
    # candidates the index still refuses stay dead. dead_at and last_error remain as the history.
    settled = await connection.fetch(
        f"UPDATE index_outbox SET processed_at = now() WHERE {_DEAD} AND id <= $1 "
        "AND NOT (candidate_id = ANY($2::uuid[])) RETURNING id",
        up_to_id,
        list(still_failing),
    )
    return len(settled)


@dataclass(frozen=True)
class Backlog:
    """How far the index is behind: pending rows, the oldest one's age, and the dead letters."""

    pending: int
    oldest_age_seconds: float | None
    dead: int
    last_dead_error: str | None


async def read_backlog(connection: asyncpg.Connection) -> Backlog:
    """The outbox's pending and dead-letter figures."""
    pending = await connection.fetchrow(
        "SELECT count(*) AS n, extract(epoch FROM now() - min(created_at))::float8 AS age "
        "FROM index_outbox WHERE processed_at IS NULL AND dead_at IS NULL"
    )
    dead = await connection.fetchrow(
        f"SELECT count(*) AS n, (SELECT last_error FROM index_outbox WHERE {_DEAD} "
        f"ORDER BY dead_at DESC LIMIT 1) AS error FROM index_outbox WHERE {_DEAD}"
    )
    assert pending is not None and dead is not None
    return Backlog(
        pending=pending["n"], oldest_age_seconds=pending["age"], dead=dead["n"], last_dead_error=dead["error"]
    )


async def take_watermark(connection: asyncpg.Connection) -> int:
    """The highest outbox id, once every write transaction of this database open at that moment has ended."""
    # A transaction may hold a lower outbox id yet commit later; waiting for those means every change not
    # visible to a read after this point carries an id above the watermark, so a catch-up from it misses none.
    record = await connection.fetchrow(
        """
        SELECT coalesce((SELECT max(id) FROM index_outbox), 0) AS watermark,
               coalesce((SELECT array_agg(backend_xid::text) FROM pg_stat_activity
                         WHERE datname = current_database() AND backend_xid IS NOT NULL
                           AND pid <> pg_backend_pid()), '{}') AS open
        """
    )
    assert record is not None
    deadline = time.monotonic() + IN_FLIGHT_WAIT_SECONDS
    while record["open"]:
        still_open = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid::text = ANY($1::text[])",
            record["open"],
        )
        if not still_open:
            break
        if time.monotonic() > deadline:
            log.warning("write transactions older than the watermark are still open; going on without them")
            break
        await asyncio.sleep(0.05)
    watermark: int = record["watermark"]
    return watermark
