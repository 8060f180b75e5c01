"""`indexer verify`: compare ids and versions in Postgres and the index; `--repair` fixes the differences."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from opensearchpy import AsyncOpenSearch
from opensearchpy.helpers import async_scan

from app.search.cache import bump_epoch
from indexer.bulk import ItemResult, Outcome, delete_action
from indexer.connections import Services
from indexer.documents import load_candidates
from indexer.outbox import CandidateChanges
from indexer.progress import Progress
from indexer.sync import plan_actions, write_planned

# Documents per scroll page when reading ids and versions: only metadata travels, so pages can be large.
SCAN_PAGE_SIZE = 5000
# Candidates repaired per bulk request.
REPAIR_BATCH_SIZE = 500
# Ids printed per kind of difference; the counts are always complete.
SHOWN_IDS = 5


@dataclass
class Differences:
    """Where the index and Postgres disagree."""

    postgres_count: int
    index_count: int
    # In Postgres, not in the index.
    missing: list[uuid.UUID] = field(default_factory=list)
    # In both, at another version than Postgres's.
    stale: list[uuid.UUID] = field(default_factory=list)
    # Of the stale, those the index holds at a newer version than Postgres: the database was restored from a
    # backup older than the index. No write of theirs is taken (external versions) until a reindex.
    ahead: list[uuid.UUID] = field(default_factory=list)
    # In the index, gone from Postgres: id -> the version the index holds.
    extra: dict[uuid.UUID, int] = field(default_factory=dict)
    # In the index under an id that is no candidate's (written by hand, from Dashboards say): extra too.
    foreign: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        """Nothing missing, stale or extra."""
        return not (self.missing or self.stale or self.extra or self.foreign)


def compare_versions(postgres: dict[uuid.UUID, int], index: dict[uuid.UUID, int]) -> Differences:
    """The differences between two id -> version maps (pure)."""
    found = Differences(postgres_count=len(postgres), index_count=len(index))
    for candidate_id, version in postgres.items():
        indexed = index.get(candidate_id)
        if indexed is None:
            found.missing.append(candidate_id)
        elif indexed != version:
            found.stale.append(candidate_id)
            if indexed > version:
                found.ahead.append(candidate_id)
    found.extra = {i: v for i, v in index.items() if i not in postgres}
    found.missing.sort()
    found.stale.sort()
    found.ahead.sort()
    return found


async def read_index_versions(
    client: AsyncOpenSearch, index: str
) -> tuple[dict[uuid.UUID, int], dict[str, int]]:
    """Every document id and its external version, after a refresh so recent writes count; the documents
    whose id is no candidate id apart (one such ended verify and rollback in a ValueError traceback)."""
    await client.indices.refresh(index=index)
    versions: dict[uuid.UUID, int] = {}
    foreign: dict[str, int] = {}
    async for hit in async_scan(
        client,
        index=index,
        query={"query": {"match_all": {}}, "_source": False, "version": True, "sort": ["_doc"]},
        size=SCAN_PAGE_SIZE,
    ):
        try:
            versions[uuid.UUID(hit["_id"])] = int(hit["_version"])
        except ValueError:
            foreign[hit["_id"]] = int(hit["_version"])
    return versions, foreign


async def find_differences(services: Services, index: str) -> Differences:
    """Compare the index with Postgres."""
    # The index is read first: a document can only exist after its candidate committed, so one missing from
    # the later Postgres read is truly deleted, and Postgres versions only grow, so "index older" is real.
    indexed, foreign = await read_index_versions(services.opensearch, index)
    async with services.pool.acquire() as connection:
        rows = await connection.fetch("SELECT id, version FROM candidates")
    found = compare_versions({row["id"]: int(row["version"]) for row in rows}, indexed)
    found.foreign = foreign
    found.index_count += len(foreign)
    return found


def _chunks(ids: Sequence[uuid.UUID], size: int) -> list[Sequence[uuid.UUID]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


async def repair(
    services: Services, index: str, found: Differences, progress: Progress | None = None
) -> list[ItemResult]:
    """Index the current state of missing and stale candidates, delete the extra documents (those under an
    id that is no candidate's too, which no ItemResult names: `found.foreign` counts them); `progress`
    counts them as they are written (a repair of a million missing documents takes minutes)."""
    results: list[ItemResult] = []
    today = datetime.now(UTC).date()
    for chunk in _chunks(found.missing + found.stale, REPAIR_BATCH_SIZE):
        async with services.pool.acquire() as connection:
            records = await load_candidates(connection, chunk)
        # Candidates deleted since the comparison are skipped: their outbox delete row carries it on.
        actions = plan_actions(index, [CandidateChanges(i, []) for i in chunk], records, today)
        written = await write_planned(services.opensearch, actions, require_alias=False, source="repair")
        results += written.values()
        if progress is not None:
            progress.advance(len(chunk))
    extra = sorted(found.extra)
    for chunk in _chunks(extra, REPAIR_BATCH_SIZE):
        # One above the indexed version: enough to delete it, never above the delete row's own version.
        actions = [delete_action(index, i, found.extra[i] + 1) for i in chunk]
        written = await write_planned(services.opensearch, actions, require_alias=False, source="repair")
        results += written.values()
        if progress is not None:
            progress.advance(len(chunk))
    await _delete_foreign(services.opensearch, index, found)
    if results or found.foreign:
        # Searches cached before the repair answered without what it put back, for the cache's lifetime.
        await bump_epoch(services.redis)
    return results


async def _delete_foreign(client: AsyncOpenSearch, index: str, found: Differences) -> None:
    """Delete the documents under an id that is no candidate's (few: written by hand), one by one, each one
    version above the one read."""
    for document_id, version in sorted(found.foreign.items()):
        await client.delete(
            index=index, id=document_id, version=version + 1, version_type="external", ignore=[404]
        )


def format_differences(found: Differences) -> list[str]:
    """Human-readable lines: counts, and the first few ids of each kind."""
    lines = [
        f"postgres {found.postgres_count} candidates, index {found.index_count} documents: "
        + (
            "in sync"
            if found.clean
            else f"{len(found.missing)} missing, {len(found.stale)} stale, "
            f"{len(found.extra) + len(found.foreign)} extra"
        )
    ]
    extra = [*sorted(found.extra), *sorted(found.foreign)]
    for name, ids in (("missing", found.missing), ("stale", found.stale), ("extra", extra)):
        if ids:
            shown = ", ".join(str(i) for i in ids[:SHOWN_IDS])
            more = f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
            lines.append(f"  {name}: {shown}{more}")
    return lines


def still_different(before: Differences, after: Differences) -> set[uuid.UUID]:
    """The candidates that differed before a repair and still do after it."""
    differed = {*before.missing, *before.stale, *before.extra}
    return differed & {*after.missing, *after.stale, *after.extra}


def repair_failures(results: Sequence[ItemResult]) -> list[ItemResult]:
    """The repairs OpenSearch did not take."""
    return [r for r in results if r.outcome in (Outcome.FAILED, Outcome.RETRY)]
