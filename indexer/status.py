"""`indexer status`: where the alias points, counts on both sides, the outbox backlog and dead letters."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

import orjson
import redis.exceptions
from redis.asyncio import Redis

from indexer.connections import Services
from indexer.indexes import (
    UNFINISHED_BUILD,
    current_index,
    list_indexes,
    rollback_targets,
    unfinished_builds,
)
from indexer.mapping import IndexDefinition, index_name, index_tag, needs_reindex
from indexer.outbox import Backlog, read_backlog

log = logging.getLogger(__name__)


def last_reindex_key(alias: str) -> str:
    """Redis key holding the summary of the alias's last completed reindex (read by status and /metrics)."""
    return f"indexer:last-reindex:{alias}"


async def record_last_reindex(client: Redis, alias: str, summary: dict[str, Any]) -> None:
    """Keep the last reindex's summary where the daemon's /metrics and `status` can see it."""
    try:
        await client.set(last_reindex_key(alias), orjson.dumps(summary))
    except (redis.exceptions.RedisError, OSError) as error:
        log.warning("could not record the reindex summary: %s", error)


async def read_last_reindex(client: Redis, alias: str) -> dict[str, Any] | None:
    """The last reindex's summary, or None (never ran, or Redis is away)."""
    try:
        raw = await client.get(last_reindex_key(alias))
    except (redis.exceptions.RedisError, OSError):
        return None
    if raw is None:
        return None
    summary: dict[str, Any] = orjson.loads(raw)
    return summary


@dataclass(frozen=True)
class Status:
    """The state of one alias and the outbox feeding it."""

    alias: str
    index: str | None
    expected_index: str
    needs_reindex: bool
    previous_index: str | None
    # Every index `hr-indexer rollback --to` may go back to, newest first (previous_index the first).
    rollback_indexes: list[str]
    # Indexes of the alias a reindex is building, or left half-built when it was killed.
    unfinished_indexes: list[str]
    postgres_candidates: int
    index_documents: int | None
    backlog: Backlog
    last_reindex: dict[str, Any] | None

    @property
    def in_sync(self) -> bool:
        """Counts agree, nothing pending, nothing dead."""
        return (
            self.index is not None
            and self.postgres_candidates == self.index_documents
            and self.backlog.pending == 0
            and self.backlog.dead == 0
        )


async def read_status(services: Services, alias: str, definition: IndexDefinition) -> Status:
    """Collect the status from OpenSearch, Postgres and Redis."""
    client = services.opensearch
    index = await current_index(client, alias)
    documents = None
    others: list[str] = []
    indexes = await list_indexes(client, alias)
    unfinished = unfinished_builds(indexes, index)
    if index is not None:
        documents = int((await client.count(index=alias))["count"])
        others = rollback_targets(indexes, index)[::-1]
    async with services.pool.acquire() as connection:
        candidates = int(await connection.fetchval("SELECT count(*) FROM candidates"))
        backlog = await read_backlog(connection)
    return Status(
        alias=alias,
        index=index,
        expected_index=index_name(alias, definition),
        needs_reindex=needs_reindex(alias, index, definition),
        previous_index=others[0] if others else None,
        rollback_indexes=others,
        unfinished_indexes=unfinished,
        postgres_candidates=candidates,
        index_documents=documents,
        backlog=backlog,
        last_reindex=await read_last_reindex(services.redis, alias),
    )


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:
        return f"{seconds:.1f}s"
    if seconds < 7200:
        return f"{seconds / 60:.1f}m"
    return f"{seconds / 3600:.1f}h"


def format_status(status: Status) -> list[str]:
    """Human-readable lines, one fact each."""
    tag = index_tag(status.alias, status.index) if status.index else None
    if status.index is None:
        where = "missing (run `hr-indexer create` or `hr-indexer reindex`)"
    else:
        where = status.index + (
            " (definition changed: run `hr-indexer reindex`)" if status.needs_reindex else ""
        )
    lines = [
        f"alias:          {status.alias} -> {where}",
        f"definition:     {status.expected_index.removeprefix(status.alias + '-')} (live: {tag or '-'})",
        f"previous index: {status.previous_index or '-'} (for `hr-indexer rollback`)",
        *(
            f"older index:    {name} (for `hr-indexer rollback --to {name}`)"
            for name in status.rollback_indexes[1:]
        ),
        *(
            f"being built:    {name} (a reindex running, or {UNFINISHED_BUILD})"
            for name in status.unfinished_indexes
        ),
        f"candidates:     postgres {status.postgres_candidates}, opensearch "
        f"{'-' if status.index_documents is None else status.index_documents}",
        f"outbox:         {status.backlog.pending} pending, oldest {_age(status.backlog.oldest_age_seconds)}",
        f"dead letters:   {status.backlog.dead}"
        + (f" (last error: {status.backlog.last_dead_error})" if status.backlog.dead else ""),
    ]
    if status.last_reindex:
        last = status.last_reindex
        lines.append(
            f"last reindex:   {last['index']} at {last['finished_at']}, {last['documents']} documents in "
            f"{last['seconds']:.1f}s"
        )
    return lines


def status_json(status: Status) -> bytes:
    """The status as JSON, for scripts."""
    data = asdict(status)
    data["in_sync"] = status.in_sync
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)
