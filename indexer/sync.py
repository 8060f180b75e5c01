"""Apply candidates' changes to an index: load their current state, write it at their version, judge items.

Shared by the daemon (outbox batches), the reindex catch-up and `verify --repair`. Always writing the
current state at the current version makes every write idempotent: replays and reorderings are harmless.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
from opensearchpy import AsyncOpenSearch

from indexer.bulk import ItemResult, Outcome, count_results, delete_action, index_action, write_actions
from indexer.documents import CandidateRecord, build_document, load_candidates
from indexer.outbox import CandidateChanges

log = logging.getLogger(__name__)


def plan_actions(
    index: str, changes: Iterable[CandidateChanges], records: dict[uuid.UUID, CandidateRecord], today: date
) -> list[dict[str, Any]]:
    """One action per changed candidate: index its current state, or delete it when it is gone."""
    # A candidate that is gone without a delete row in this batch needs nothing: its delete row is newer and
    # carries the delete.
    actions = []
    for change in changes:
        record = records.get(change.candidate_id)
        if record is not None:
            actions.append(index_action(index, build_document(record, today), record.version))
        elif change.delete_version is not None:
            actions.append(delete_action(index, change.candidate_id, change.delete_version))
    return actions


async def write_planned(
    client: AsyncOpenSearch,
    actions: Sequence[dict[str, Any]],
    *,
    require_alias: bool,
    source: str,
) -> dict[uuid.UUID, ItemResult]:
    """Write the actions and return every candidate's verdict; an action without an answer is retried."""
    # Live writes wait until they are searchable: the search-cache epoch is bumped right after, and a
    # search cached between the acknowledgement and the next refresh would keep the old answer alive.
    refresh = "wait_for" if source == "daemon" else None
    results = {
        r.candidate_id: r
        async for r in write_actions(client, actions, require_alias=require_alias, refresh=refresh)
    }
    for action in actions:
        candidate_id = uuid.UUID(action["_id"])
        if candidate_id not in results:
            results[candidate_id] = ItemResult(candidate_id, action["_op_type"], Outcome.RETRY, "no answer")
    count_results(results.values(), source)
    return results


async def apply_changes(
    connection: asyncpg.Connection,
    client: AsyncOpenSearch,
    index: str,
    changes: Sequence[CandidateChanges],
    *,
    require_alias: bool,
    source: str,
) -> dict[uuid.UUID, ItemResult]:
    """Bring these candidates' documents to their current state; the verdict per candidate."""
    records = await load_candidates(connection, [c.candidate_id for c in changes])
    return await write_changes(client, index, changes, records, require_alias=require_alias, source=source)


async def write_changes(
    client: AsyncOpenSearch,
    index: str,
    changes: Sequence[CandidateChanges],
    records: dict[uuid.UUID, CandidateRecord],
    *,
    require_alias: bool,
    source: str,
) -> dict[uuid.UUID, ItemResult]:
    """Write the loaded current state of these candidates; the verdict per candidate."""
    actions = plan_actions(index, changes, records, datetime.now(UTC).date())
    results = await write_planned(client, actions, require_alias=require_alias, source=source)
    for change in changes:
        # Nothing to write (gone, with the delete in a later row) is as good as done.
        results.setdefault(change.candidate_id, ItemResult(change.candidate_id, "none", Outcome.SUPERSEDED))
    return results
