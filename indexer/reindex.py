"""`indexer reindex` and `indexer rollback`: build a new index beside the live one, then move the alias.

Reindex: lock -> watermark -> new index (no replicas, no refresh) -> stream every candidate -> catch up on
the outbox past the watermark -> refresh -> force-merge into INDEX_MERGE_SEGMENTS segments (4 by default;
a large corpus streams in that many parts, each merged into a segment of its own, so they come out about
equal) -> restore settings (replicas copy the merged segments) -> one atomic alias swap -> catch up again ->
keep INDEX_ROLLBACK_KEEP previous indexes for rollback (1 by default), delete older ones. On failure the
new index is deleted and the alias never moved. Searches keep reading the old index through the alias the
whole time.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
import uuid
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from opensearchpy import AsyncOpenSearch

from app.search.cache import bump_epoch
from indexer import metrics
from indexer.bulk import EncodedBatch, ItemResult, Outcome, write_encoded
from indexer.connections import Services
from indexer.documents import BEFORE_FIRST, STREAM_BATCH_SIZE, build_document, stream_candidates
from indexer.indexes import (
    UNFINISHED_BUILD,
    IndexInfo,
    IndexStateError,
    configured_replicas,
    create_index,
    current_index,
    delete_index,
    list_indexes,
    merge_segments,
    prune_previous,
    restore_settings,
    rollback_targets,
    segment_count,
    swap_alias,
    unfinished_builds,
)
from indexer.lock import LOCK_TTL_SECONDS, hold_lock, no_lock, reindex_lock_key
from indexer.mapping import IndexDefinition, index_name
from indexer.outbox import collapse, read_after, take_watermark
from indexer.progress import Progress
from indexer.status import record_last_reindex
from indexer.sync import apply_changes
from indexer.verify import find_differences, repair, repair_failures

log = logging.getLogger(__name__)

# Outbox rows read per catch-up step.
CATCH_UP_BATCH = 1000
# Bulk requests in flight while streaming: a shard indexes one request on one write thread, so a second
# request keeps another core busy (+50% on a 2-CPU node); a third only queues behind them.
BULK_CONCURRENCY = 2
# Batches of documents built ahead of the bulk writers, so Postgres reads overlap OpenSearch writes.
PREFETCH_BATCHES = 2
# Failed documents named in the error message.
SHOWN_FAILURES = 3
# The fewest candidates a part of a balanced bulk load reads (`load_parts`): smaller corpora load in one
# part and merge once at the end.
MIN_PART_DOCUMENTS = 20_000


class ReindexError(Exception):
    """A reindex or rollback could not finish; the alias was not moved. The message says why."""


@dataclass
class ReindexReport:
    """What a reindex did."""

    index: str
    previous: str | None
    documents: int
    catch_up_rows: int
    seconds: float
    # Of which streaming every candidate (read, build, bulk): the part that grows with the data.
    stream_seconds: float
    deleted: list[str] = field(default_factory=list)
    # The new index's segments after the bulk load and after the force merge (equal when none was asked),
    # and the merge's seconds.
    segments_written: int = 0
    segments: int = 0
    merge_seconds: float = 0.0
    # Cached searches were told the index changed (False: Redis did not answer; they expire by their TTL).
    cache_invalidated: bool = True

    @property
    def rate(self) -> float:
        """Documents per second over the whole run."""
        return self.documents / self.seconds if self.seconds > 0 else 0.0


@dataclass
class RollbackReport:
    """What a rollback did."""

    index: str
    previous: str
    repaired: int
    catch_up_rows: int
    cache_invalidated: bool = True


async def fresh_index_name(client: AsyncOpenSearch, alias: str, definition: IndexDefinition) -> str:
    """The plain versioned name, or a timestamped one when an index of this definition already exists."""
    name = index_name(alias, definition)
    moment = datetime.now(UTC)
    while await client.indices.exists(index=name):
        name = index_name(alias, definition, rebuild=moment.strftime("%Y%m%d%H%M%S"))
        moment += timedelta(seconds=1)
    return name


async def _produce(
    services: Services, batch_size: int, queue: asyncio.Queue[Any], after: uuid.UUID, limit: int | None
) -> uuid.UUID:
    """Read candidates after `after` in id order (`limit` of them at least, the batch that reaches it whole;
    None: all) and queue them encoded for `_bulk`, then one end mark per writer. The last id read."""
    today = datetime.now(UTC).date()
    read = 0
    async with services.pool.acquire() as connection:
        async with aclosing(stream_candidates(connection, batch_size, after)) as stream:
            async for records in stream:
                batch = EncodedBatch()
                for record in records:
                    batch.add(build_document(record, today), record.version)
                await queue.put(batch)
                after, read = records[-1].id, read + len(records)
                if limit is not None and read >= limit:
                    break
    for _ in range(BULK_CONCURRENCY):
        await queue.put(None)
    return after


async def stream_all(
    services: Services,
    index: str,
    batch_size: int,
    progress: Progress,
    after: uuid.UUID,
    limit: int | None,
) -> tuple[int, uuid.UUID]:
    """Write the candidates after `after` (`limit` of them, None: all) into the index: the documents written
    and the last id read. Every item is checked and any refusal fails the reindex."""
    queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=PREFETCH_BATCHES)
    written = 0
    failures: list[ItemResult] = []

    async def write() -> None:
        nonlocal written
        while (batch := await queue.get()) is not None:
            result = await write_encoded(services.opensearch, index, batch)
            written += result.applied + result.superseded
            failures.extend(result.problems)
            progress.advance(len(batch.ids))

    producer = asyncio.create_task(_produce(services, batch_size, queue, after, limit))
    tasks = [producer] + [asyncio.create_task(write()) for _ in range(BULK_CONCURRENCY)]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            error = task.exception()
            if error is not None:
                raise error
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    if failures:
        shown = "; ".join(f"{f.candidate_id}: {f.error}" for f in failures[:SHOWN_FAILURES])
        raise ReindexError(f"{len(failures)} documents were refused ({shown})")
    return written, producer.result()


def load_parts(total: int, segments: int) -> list[int | None]:
    """How many candidates each part of a bulk load reads (the last one: the rest, None), so that merging
    after each part leaves `segments` segments of about equal size. One part when no merge is asked or
    the parts would be under MIN_PART_DOCUMENTS."""
    parts = max(1, min(segments, total // MIN_PART_DOCUMENTS))
    size = -(-total // parts)
    return [size] * (parts - 1) + [None]


async def load_balanced(
    services: Services, index: str, total: int, batch_size: int, progress: Progress
) -> tuple[int, float]:
    """Stream every candidate into the new index in INDEX_MERGE_SEGMENTS parts, force-merging after part k
    into k segments: the k - 1 earlier parts are the largest segments, so the merge leaves them alone and
    folds part k into one segment of its own. A single forced merge at the end would instead fold
    everything but the bulk load's few largest segments into one (OpenSearch gives forced merges no size
    limit): one segment of about 70 % of the documents, which one core then searches alone while the
    other waits. The documents written and the seconds spent merging."""
    written, merging = 0, 0.0
    after = BEFORE_FIRST
    for part, limit in enumerate(load_parts(total, services.settings.index_merge_segments), start=1):
        count, after = await stream_all(services, index, batch_size, progress, after, limit)
        written += count
        if limit is not None and count:
            started = time.monotonic()
            await services.opensearch.indices.refresh(index=index)
            await merge_segments(services.opensearch, index, part)
            merging += time.monotonic() - started
    return written, merging


async def catch_up(services: Services, index: str, after_id: int) -> tuple[int, int]:
    """Apply every outbox row above `after_id` to the index (processed or not); the last id and row count."""
    # Rows are not marked: the daemon settles them on the live index; writing the current state at the
    # current version twice is harmless.
    last, total = after_id, 0
    while True:
        async with services.pool.acquire() as connection:
            rows = await read_after(connection, last, CATCH_UP_BATCH)
            if not rows:
                return last, total
            results = await apply_changes(
                connection, services.opensearch, index, collapse(rows), require_alias=False, source="reindex"
            )
        refused = [r for r in results.values() if r.outcome in (Outcome.FAILED, Outcome.RETRY)]
        if refused:
            shown = "; ".join(f"{f.candidate_id}: {f.error}" for f in refused[:SHOWN_FAILURES])
            raise ReindexError(f"catch-up: {len(refused)} documents were refused ({shown})")
        last, total = rows[-1].id, total + len(rows)
        if len(rows) < CATCH_UP_BATCH:
            return last, total


async def merge(services: Services, index: str, show_progress: bool = False) -> tuple[int, int]:
    """Force-merge a freshly built index into INDEX_MERGE_SEGMENTS segments (none asked: left as it is):
    its segments before and after."""
    wanted = services.settings.index_merge_segments
    if wanted <= 0:
        return (count := await segment_count(services.opensearch, index)), count
    if show_progress:
        print(f"merging {index} into at most {wanted} segments ...", file=sys.stderr, flush=True)
    return await merge_segments(services.opensearch, index, wanted)


async def reindex(
    services: Services,
    definition: IndexDefinition,
    alias: str,
    *,
    batch_size: int = STREAM_BATCH_SIZE,
    show_progress: bool = False,
    lock_ttl: float = LOCK_TTL_SECONDS,
    lock: bool = True,
) -> ReindexReport:
    """Rebuild the alias's index from Postgres without a moment of empty or failing searches; `lock=False`
    runs without the reindex lock (Redis down, and the operator knows no other reindex runs)."""
    client = services.opensearch
    held = hold_lock(services.redis, reindex_lock_key(alias), lock_ttl) if lock else no_lock()
    async with held as lock_lost:
        started = time.monotonic()
        old = await current_index(client, alias)
        async with services.pool.acquire() as connection:
            total = int(await connection.fetchval("SELECT count(*) FROM candidates"))
            watermark = await take_watermark(connection)
        new = await fresh_index_name(client, alias, definition)
        log.info("building %s (alias %s -> %s), outbox watermark %d", new, alias, old or "nothing", watermark)
        moved = False
        try:
            await create_index(client, new, definition, bulk_load=True)
            progress = Progress(total, enabled=show_progress)
            try:
                documents, merge_seconds = await load_balanced(services, new, total, batch_size, progress)
            finally:
                progress.finish()
            stream_seconds = progress.elapsed - merge_seconds
            last, caught = await catch_up(services, new, watermark)
            await client.indices.refresh(index=new)
            # Merged while the index has no replicas: a replica then copies the merged segments once
            # instead of merging its own copy of the bulk load's dozens.
            merge_started = time.monotonic()
            written, segments = await merge(services, new, show_progress)
            merge_seconds += time.monotonic() - merge_started
            await restore_settings(client, new, definition, await configured_replicas(client, definition))
            # Primaries allocated (the server waits up to its default 30 s) before readers are sent there.
            await client.cluster.health(index=new, wait_for_status="yellow")
            last, more = await catch_up(services, new, last)
            await client.indices.refresh(index=new)
            if lock_lost.is_set():
                raise ReindexError(
                    "lost the reindex lock (another reindex may have started); alias not moved"
                )
            await swap_alias(client, alias, old, new)
            moved = True
        except BaseException as error:
            if not moved:
                unchanged = f"alias {alias} unchanged ({old or 'no index'})"
                if isinstance(error, asyncio.CancelledError | KeyboardInterrupt):
                    # SIGTERM or Ctrl-C (indexer/commands.py cancels the task): asked for, not a failure.
                    log.warning("reindex interrupted; deleting %s, %s", new, unchanged)
                    error.add_note(unchanged)
                else:
                    log.error("reindex failed; deleting %s, %s", new, unchanged)
                try:
                    await asyncio.shield(delete_index(client, new))
                except Exception as failure:
                    # OpenSearch lost mid-build: the delete fails too. The build stays, and the error that
                    # ended the reindex (not the delete's) says so, with what removes it.
                    log.error("could not delete %s: %s", new, failure)
                    error.add_note(
                        f"the half-built index {new} is left (its delete failed too): the next reindex or "
                        "`hr-indexer maintenance` deletes it"
                    )
            raise
        invalidated = await bump_epoch(services.redis)
        try:
            # Changes the daemon wrote to the old index just before the swap reach the new one too.
            _, after = await catch_up(services, new, last)
            # The previous indexes beyond INDEX_ROLLBACK_KEEP go, the one just replaced kept first (after a
            # rollback it is older than the index rolled away from).
            pruned = await prune_previous(
                client, alias, new, services.settings.index_rollback_keep, replaced=old
            )
            deleted = [info.name for info in pruned]
        except Exception as error:
            raise ReindexError(
                f"alias {alias} now points to {new}, but finishing up failed ({error}); "
                "run `hr-indexer verify --repair`"
            ) from error
        seconds = time.monotonic() - started
    report = ReindexReport(
        index=new,
        previous=old,
        documents=documents,
        catch_up_rows=caught + more + after,
        seconds=seconds,
        stream_seconds=stream_seconds,
        deleted=deleted,
        segments_written=written,
        segments=segments,
        merge_seconds=merge_seconds,
        cache_invalidated=invalidated,
    )
    metrics.REINDEX_DURATION.set(seconds)
    metrics.REINDEX_DOCUMENTS.set(documents)
    await record_last_reindex(
        services.redis,
        alias,
        {
            "index": new,
            "previous": old,
            "documents": documents,
            "seconds": round(seconds, 3),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    )
    return report


def _chosen_target(alias: str, to: str, live: str, others: list[str], indexes: list[IndexInfo]) -> str:
    """`--to`'s index when it is one a rollback may go to, or ReindexError saying which ones are."""
    if to in others:
        return to
    choices = f"the previous indexes of '{alias}' are {', '.join(reversed(others))}"
    if to == live:
        raise ReindexError(f"{to} is the live index of '{alias}' already; {choices}")
    if any(info.name == to for info in indexes):
        raise ReindexError(f"{to} is {UNFINISHED_BUILD}, no way back; {choices}")
    raise ReindexError(f"{to} is no previous index of '{alias}'; {choices}")


async def rollback(
    services: Services,
    alias: str,
    *,
    to: str | None = None,
    lock_ttl: float = LOCK_TTL_SECONDS,
    lock: bool = True,
) -> RollbackReport:
    """Point the alias back at a previous index, first bringing that index up to date with Postgres: `to`,
    or else the newest one built (with INDEX_ROLLBACK_KEEP at 2 or more, `to` reaches the older ones)."""
    client = services.opensearch
    held = hold_lock(services.redis, reindex_lock_key(alias), lock_ttl) if lock else no_lock()
    async with held as lock_lost:
        live = await current_index(client, alias)
        if live is None:
            raise IndexStateError(f"alias '{alias}' does not exist: nothing to roll back")
        indexes = await list_indexes(client, alias)
        others = rollback_targets(indexes, live)
        if not others:
            # A killed reindex's half-built index is no way back: a bulk load's documents and settings.
            builds = unfinished_builds(indexes, live)
            left = f" ({', '.join(builds)}: {UNFINISHED_BUILD})" if builds else ""
            raise ReindexError(f"no previous index of '{alias}' to roll back to{left}")
        target = others[-1] if to is None else _chosen_target(alias, to, live, others, indexes)
        async with services.pool.acquire() as connection:
            watermark = await take_watermark(connection)
        # The previous index missed every change since it lost the alias: compare and repair it first.
        found = await find_differences(services, target)
        if found.ahead:
            # Built before Postgres was restored from an older backup: it would answer with what the restore
            # undid, and refuse every edit of those candidates (external versions). No repair can fix that.
            raise ReindexError(
                f"{target} holds {len(found.ahead)} candidates at a newer version than Postgres (built "
                "before the database was restored from an older backup?); alias not moved"
            )
        results = await repair(services, target, found)
        refused = repair_failures(results)
        if refused:
            raise ReindexError(
                f"{target} refused {len(refused)} documents ({refused[0].candidate_id}: {refused[0].error}); "
                "alias not moved"
            )
        last, caught = await catch_up(services, target, watermark)
        await client.indices.refresh(index=target)
        if lock_lost.is_set():
            raise ReindexError("lost the reindex lock; alias not moved")
        await swap_alias(client, alias, live, target)
        _, after = await catch_up(services, target, last)
        invalidated = await bump_epoch(services.redis)
    return RollbackReport(
        index=target,
        previous=live,
        repaired=len(results),
        catch_up_rows=caught + after,
        cache_invalidated=invalidated,
    )
