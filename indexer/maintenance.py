"""`hr-indexer maintenance`: remove what outlived its retention. Safe from cron: idempotent, quiet when done.

In this order, the index side first (an index OpenSearch refuses to delete stops the run before any row goes):

- daily search-events indexes older than SEARCH_EVENTS_RETENTION_DAYS (90) (the ISM policy does the same
  where the plugin exists; this command creates or updates that policy too),
- candidate indexes kept for rollback beyond INDEX_ROLLBACK_KEEP (1) besides the live one, and the half-built
  ones a killed reindex left,
- search history older than SEARCH_HISTORY_RETENTION_DAYS (90),
- failed resumes older than FAILED_RESUME_RETENTION_DAYS (7) that no candidate came from, rows and stored
  files.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import TransportError

from app.resumes.storage import remove_file, storage_unavailable
from app.search.events import ensure_retention_policy, index_day
from indexer.connections import Services
from indexer.indexes import IndexInfo, current_index, prune_previous
from indexer.lock import LockHeld, hold_lock, reindex_lock_key

log = logging.getLogger(__name__)

# Rows deleted per statement: short transactions, so the API's writes never wait long behind a purge.
DELETE_BATCH = 5000
# Indexes named per delete request (the URL carries them).
INDEX_DELETE_BATCH = 20


@dataclass
class MaintenanceReport:
    """What one run removed (or, dry, would remove)."""

    history: int = 0
    resumes: int = 0
    files: int = 0
    event_indexes: list[str] = field(default_factory=list)
    candidate_indexes: list[str] = field(default_factory=list)
    # Half-built indexes a killed reindex left behind.
    unfinished_indexes: list[str] = field(default_factory=list)
    # ISM policy of the events indexes: created, updated, unchanged, unavailable.
    policy: str = "unavailable"
    notes: list[str] = field(default_factory=list)
    # The alias named no index: its old indexes could not be told apart, so none was pruned (a typo in
    # --alias or INDEX_ALIAS pruned nothing for ever while saying "nothing to remove").
    alias_missing: bool = False
    # STORAGE_DIR was missing or empty while failed resumes had expired: none was removed, since their rows
    # would have gone and their files stayed on the real storage for good (a pod without the volume); or a
    # stored file could not be removed (read-only, another owner): the run stopped there.
    storage_missing: bool = False

    @property
    def removed_anything(self) -> bool:
        return bool(
            self.history
            or self.resumes
            or self.files
            or self.event_indexes
            or self.candidate_indexes
            or self.unfinished_indexes
        )


async def purge_search_history(pool: asyncpg.Pool, days: int, *, dry_run: bool) -> int:
    """Delete search history entries older than `days`; how many."""
    async with pool.acquire() as connection:
        if dry_run:
            return int(
                await connection.fetchval(
                    "SELECT count(*) FROM search_history "
                    "WHERE created_at < now() - make_interval(days => $1)",
                    days,
                )
            )
        total = 0
        while True:
            status = await connection.execute(
                "DELETE FROM search_history WHERE id IN (SELECT id FROM search_history "
                "WHERE created_at < now() - make_interval(days => $1) LIMIT $2)",
                days,
                DELETE_BATCH,
            )
            deleted = int(status.split()[-1])
            total += deleted
            if deleted < DELETE_BATCH:
                return total


class StorageMissing(Exception):
    """STORAGE_DIR is missing or empty where failed resumes are due: not the resume storage (a pod or host
    without its volume), so removing their rows would leave their files behind for good."""


async def purge_failed_resumes(
    pool: asyncpg.Pool, storage_dir: Path, days: int, *, dry_run: bool
) -> tuple[int, int]:
    """Delete failed resumes older than `days` and their files; (records, files) removed.

    Only resumes no candidate came from: one parsed before and failed when parsed again still holds its
    candidate's original file and text.

    A row and its file go in the same transaction, the file before the commit: a run that dies midway
    leaves at most a failed row without its file, which the next run removes.
    """
    query = (
        "SELECT id, storage_path FROM resumes WHERE parsing_status = 'failed' AND candidate_id IS NULL "
        "AND coalesce(processed_at, updated_at) < now() - make_interval(days => $1) "
        "ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED"
    )
    records = files = 0
    async with pool.acquire() as connection:
        if dry_run:
            rows = await connection.fetch(query.replace(" FOR UPDATE SKIP LOCKED", ""), days, 1_000_000)
            if rows and await asyncio.to_thread(storage_unavailable, storage_dir):
                raise StorageMissing(storage_dir)
            paths = [row["storage_path"] for row in rows]
            return len(rows), await asyncio.to_thread(_count_files, storage_dir, paths)
        while True:
            async with connection.transaction():
                rows = await connection.fetch(query, days, DELETE_BATCH)
                if not rows:
                    return records, files
                if not records and await asyncio.to_thread(storage_unavailable, storage_dir):
                    raise StorageMissing(storage_dir)  # before any row goes
                await connection.execute(
                    "DELETE FROM resumes WHERE id = ANY($1::uuid[])", [r["id"] for r in rows]
                )
                try:
                    for row in rows:
                        files += await asyncio.to_thread(
                            _remove_stored_file, storage_dir, row["storage_path"]
                        )
                except OSError as error:
                    # A read-only volume, a file of another owner (NFS): the batch's rows come back with the
                    # rollback, and a row whose file already went is removed by the next run, as above.
                    raise StorageNotWritable(records, files, error.strerror or type(error).__name__) from None
                records += len(rows)
            if len(rows) < DELETE_BATCH:
                return records, files


def _count_files(storage_dir: Path, stored: list[str]) -> int:
    root = storage_dir.resolve()
    return sum(1 for item in stored if Path(item).is_file() and Path(item).resolve().is_relative_to(root))


def _remove_stored_file(storage_dir: Path, stored: str) -> int:
    """Remove one stored file (only inside the storage directory); 1 when a file was there."""
    path = Path(stored)
    existed = path.is_file() and path.resolve().is_relative_to(storage_dir.resolve())
    remove_file(storage_dir, stored)
    return int(existed)


async def expired_event_indexes(client: AsyncOpenSearch, prefix: str, days: int, today: date) -> list[str]:
    """Daily events indexes whose day is more than `days` before today, oldest first."""
    rows = await client.cat.indices(index=f"{prefix}*", format="json", h="index", expand_wildcards="all")
    cutoff = today - timedelta(days=days)
    found = []
    for row in rows:
        day = index_day(prefix, row["index"])
        if day is not None and day < cutoff:
            found.append((day, row["index"]))
    return [name for _, name in sorted(found)]


async def purge_event_indexes(
    client: AsyncOpenSearch, prefix: str, days: int, today: date, *, dry_run: bool
) -> list[str]:
    """Delete the expired daily events indexes; their names."""
    names = await expired_event_indexes(client, prefix, days, today)
    if not dry_run:
        for start in range(0, len(names), INDEX_DELETE_BATCH):
            chunk = names[start : start + INDEX_DELETE_BATCH]
            await client.indices.delete(index=",".join(chunk), ignore_unavailable=True)
    return names


async def prune_candidate_indexes(
    services: Services, alias: str, keep: int, *, dry_run: bool
) -> tuple[str | None, list[IndexInfo]]:
    """Delete the alias's previous indexes beyond the newest `keep` and killed reindexes' builds; never the
    live one. Returns the live index (None: no such alias) and what went.

    Holds the reindex lock, so an index a running reindex is still building is never taken for an old one.
    """
    client = services.opensearch
    async with hold_lock(services.redis, reindex_lock_key(alias)):
        live = await current_index(client, alias)
        return live, await prune_previous(client, alias, live, keep, dry_run=dry_run)


class StorageNotWritable(Exception):
    """A stored file of an expired failed resume could not be removed; what was removed before it."""

    def __init__(self, records: int, files: int, reason: str) -> None:
        super().__init__(reason)
        self.records, self.files, self.reason = records, files, reason


class MaintenanceRefused(Exception):
    """OpenSearch refused a clean-up of the index side; the database was left as it was."""


async def run_maintenance(
    services: Services, alias: str, *, dry_run: bool = False, today: date | None = None
) -> MaintenanceReport:
    """Every clean-up, the index side first: when OpenSearch refuses one (a read-only index, a full disk),
    the run stops before the database loses a row, so Postgres and OpenSearch are left as they were, and a
    run once that is fixed does the whole job."""
    settings = services.settings
    today = today or datetime.now(UTC).date()
    report = MaintenanceReport()
    step = "search events indexes"
    try:
        report.event_indexes = await purge_event_indexes(
            services.opensearch,
            settings.search_events_prefix,
            settings.search_events_retention_days,
            today,
            dry_run=dry_run,
        )
        step = f"candidate indexes of {alias}"
        try:
            live, pruned = await prune_candidate_indexes(
                services, alias, settings.index_rollback_keep, dry_run=dry_run
            )
            if live is None:
                report.alias_missing = True
                report.notes.append(
                    f"candidate indexes: no alias {alias}, so no old index of it was pruned: is --alias "
                    "(or INDEX_ALIAS) right? `hr-indexer status` names the live one"
                )
            report.candidate_indexes = [info.name for info in pruned if not info.unfinished]
            report.unfinished_indexes = [info.name for info in pruned if info.unfinished]
        except LockHeld:
            report.notes.append(f"candidate indexes: a reindex of {alias} is running; pruning skipped")
        if not dry_run:
            step = "search events retention policy"
            report.policy = await ensure_retention_policy(
                services.opensearch, settings.search_events_prefix, settings.search_events_retention_days
            )
    except OpenSearchConnectionError:
        raise  # lost the node: said as for every command
    except TransportError as error:
        raise MaintenanceRefused(
            f"{step}: OpenSearch refused the clean-up ({error.status_code} {_reason(error)}); nothing was "
            "removed from the database: run `hr-indexer maintenance` again once that is fixed"
        ) from None
    report.history = await purge_search_history(
        services.pool, settings.search_history_retention_days, dry_run=dry_run
    )
    try:
        report.resumes, report.files = await purge_failed_resumes(
            services.pool, settings.storage_dir, settings.failed_resume_retention_days, dry_run=dry_run
        )
    except StorageMissing:
        report.storage_missing = True
        report.notes.append(
            f"failed resumes: none removed: the storage directory (STORAGE_DIR) {settings.storage_dir} is "
            "missing or empty, so their files would stay: run maintenance where the resume storage is mounted"
        )
    except StorageNotWritable as error:
        # It ended in an IsADirectoryError or PermissionError traceback, which named a stored file's path.
        report.resumes, report.files = error.records, error.files
        report.storage_missing = True
        report.notes.append(
            f"failed resumes: stopped: a stored file under STORAGE_DIR {settings.storage_dir} could not be "
            f"removed ({error.reason}); the rows of its batch stay: make the storage writable by this "
            "process's user (UID 10001 in the image) and run maintenance again"
        )
    return report


def _reason(error: TransportError) -> str:
    """OpenSearch's own words for a refusal ("index [x] blocked by: [...]"), else its error type."""
    info = error.info.get("error") if isinstance(error.info, dict) else None
    reason = info.get("reason") if isinstance(info, dict) else None
    return f"{error.error}: {reason}" if reason else str(error.error)


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def format_report(report: MaintenanceReport, services: Services, alias: str, *, dry_run: bool) -> list[str]:
    """The lines `hr-indexer maintenance` prints: one per kind of thing removed, or `nothing to remove`."""
    settings = services.settings
    verb = "would remove" if dry_run else "removed"
    lines = []
    if report.history:
        lines.append(
            f"search history: {verb} {_count(report.history, 'entry', 'entries')} "
            f"older than {settings.search_history_retention_days} days"
        )
    if report.resumes or report.files:
        records = _count(report.resumes, "record", "records")
        files = _count(report.files, "file", "files")
        lines.append(
            f"failed resumes: {verb} {records} and {files} "
            f"older than {settings.failed_resume_retention_days} days"
        )
    if report.event_indexes:
        lines.append(
            f"search events: {verb} {_count(len(report.event_indexes), 'index', 'indexes')} older than "
            f"{settings.search_events_retention_days} days: {', '.join(report.event_indexes)}"
        )
    if report.candidate_indexes:
        indexes = _count(len(report.candidate_indexes), "index", "indexes")
        lines.append(
            f"candidate indexes of {alias}: {verb} {indexes} beyond "
            f"the {settings.index_rollback_keep} kept for rollback: {', '.join(report.candidate_indexes)}"
        )
    if report.unfinished_indexes:
        indexes = _count(len(report.unfinished_indexes), "index", "indexes")
        lines.append(
            f"candidate indexes of {alias}: {verb} {indexes} an interrupted reindex left half-built: "
            f"{', '.join(report.unfinished_indexes)}"
        )
    if report.policy in ("created", "updated"):
        lines.append(
            f"search events: ISM retention policy {report.policy} "
            f"(delete after {settings.search_events_retention_days} days)"
        )
    lines.extend(report.notes)
    if not report.removed_anything:
        lines.append("nothing to remove" if not dry_run else "nothing would be removed")
    return lines
