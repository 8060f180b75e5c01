"""Index administration: the alias and the concrete indexes behind it."""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from dataclasses import dataclass
from typing import Any

from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import NotFoundError, RequestError

from indexer.mapping import IndexDefinition, alias_of, index_name, index_tag

log = logging.getLogger(__name__)

# Replicas when neither the definition nor the cluster says otherwise: OpenSearch's own default.
DEFAULT_REPLICAS = 1
# How long a force merge may take before the indexer stops waiting (the merge goes on in the engine): 1M
# candidates (3.8 GB) merge from 29 segments into 4 in about 80 s on 2 cores.
MERGE_TIMEOUT_SECONDS = 3 * 3600
# With a filtered `_source` (the definition leaves worked_with's time terms out of it) the engine keeps each
# document's whole JSON as a recovery copy until a merge finds the document flushed and behind every
# retention lease; the engine renews its own lease every 30 s. A merge waits up to this long for that, so a
# freshly loaded index does not keep a second copy of every document for good (+15 % of the 100k index).
HISTORY_WAIT_SECONDS = 45.0
HISTORY_POLL_SECONDS = 1.0
# Below this many documents (candidates) the recovery copies are small: the merge does not wait for them.
HISTORY_WAIT_MIN_DOCUMENTS = 20_000


class IndexStateError(Exception):
    """The alias or its indexes are not in a state the indexer can work with; the message says why."""


# The refresh interval a bulk load creates its index with, put back before the alias may point there: an
# index of the alias that still has it is a reindex's build, running or left by one that was killed.
BULK_LOAD_REFRESH = "-1"
# What such an index is, where the indexer names one.
UNFINISHED_BUILD = "an unfinished build of an interrupted reindex; `hr-indexer maintenance` deletes it"


@dataclass(frozen=True)
class IndexInfo:
    """One concrete index of an alias."""

    name: str
    created_ms: int
    # Still set up for the bulk load (no refreshes, no replicas): never a rollback target.
    unfinished: bool = False


async def current_index(client: AsyncOpenSearch, alias: str) -> str | None:
    """The concrete index the alias points to, or None when there is no alias yet."""
    try:
        response = await client.indices.get_alias(name=alias)
    except NotFoundError:
        if await client.indices.exists(index=alias):
            owner = alias_of(alias)
            if owner is not None:
                # An index name copied from `status` (the live index, or the one kept for rollback): the
                # advice to delete it took searches down until a reindex finished.
                raise IndexStateError(
                    f"'{alias}' is an index of alias '{owner}', not an alias: pass --alias {owner} "
                    "(or set INDEX_ALIAS to it)"
                ) from None
            raise IndexStateError(
                f"'{alias}' is a concrete index, not an alias: delete it, then run `hr-indexer reindex`"
            ) from None
        return None
    if len(response) != 1:
        raise IndexStateError(
            f"alias '{alias}' points to {len(response)} indexes: {', '.join(sorted(response))}"
        )
    return next(iter(response))


async def list_indexes(client: AsyncOpenSearch, alias: str) -> list[IndexInfo]:
    """Every index built for this alias, oldest first."""
    response = await client.indices.get_settings(
        index=f"{alias}-v*",
        name="index.creation_date,index.refresh_interval",
        allow_no_indices=True,
        expand_wildcards="open",
    )
    found = [
        IndexInfo(
            name=name,
            created_ms=int(body["settings"]["index"]["creation_date"]),
            unfinished=body["settings"]["index"].get("refresh_interval") == BULK_LOAD_REFRESH,
        )
        for name, body in response.items()
        if index_tag(alias, name) is not None
    ]
    return sorted(found, key=lambda info: (info.created_ms, info.name))


def rollback_targets(indexes: list[IndexInfo], live: str | None) -> list[str]:
    """The previous indexes a rollback may go back to, oldest first: neither the live one nor a build."""
    return [info.name for info in indexes if info.name != live and not info.unfinished]


def unfinished_builds(indexes: list[IndexInfo], live: str | None) -> list[str]:
    """The alias's indexes a reindex is building or a killed one left half-built; never the live one."""
    return [info.name for info in indexes if info.unfinished and info.name != live]


async def prune_previous(
    client: AsyncOpenSearch,
    alias: str,
    live: str | None,
    keep: int,
    *,
    replaced: str | None = None,
    dry_run: bool = False,
) -> list[IndexInfo]:
    """Delete the alias's previous indexes beyond the newest `keep` (INDEX_ROLLBACK_KEEP), and the unfinished
    builds a killed reindex left (its caller holds the reindex lock, so none is being built), never the live
    one; the one retention rule, applied after a reindex and by `hr-indexer maintenance`. Returns them.
    Without a live index (no alias yet) only the builds go.

    `replaced` (a reindex's: the index the alias left) counts as the newest previous index, whenever it was
    created: after a rollback the alias is on an older index than the one rolled back from, and the next
    reindex must keep the index it replaced, not the one the operator rolled away from."""
    indexes = await list_indexes(client, alias)
    previous = rollback_targets(indexes, live) if live is not None else []
    if replaced in previous:
        previous = [name for name in previous if name != replaced] + [replaced]
    doomed_names = {*previous[: max(0, len(previous) - keep)], *unfinished_builds(indexes, live)}
    doomed = [info for info in indexes if info.name in doomed_names]
    if not dry_run:
        for info in doomed:
            await delete_index(client, info.name)
    return doomed


def create_body(definition: IndexDefinition, *, bulk_load: bool) -> dict[str, Any]:
    """The create-index body; a bulk load starts without replicas and refreshes, restored before the swap."""
    body = copy.deepcopy(definition.body)
    if bulk_load:
        body["settings"]["index"].update({"number_of_replicas": 0, "refresh_interval": BULK_LOAD_REFRESH})
    return body


# The oldest OpenSearch the definition runs on: it makes LegacyBM25 the default similarity (the scores the
# ranking was tuned on; 3.x's BM25 divides text scores by 2.2 against rank features and constant scores)
# and sets `use_similarity` on the keyword fields the queries score (3.x scores a keyword term as a
# constant otherwise). 2.x knows neither.
MIN_ENGINE_MAJOR = 3


async def check_engine(client: AsyncOpenSearch) -> None:
    """IndexStateError, saying what to run instead, when the node is older than MIN_ENGINE_MAJOR."""
    number = str((await client.info())["version"]["number"])
    major = number.split(".", 1)[0]
    if not major.isdigit() or int(major) < MIN_ENGINE_MAJOR:
        raise IndexStateError(
            f"OpenSearch {number} cannot hold this index definition, which needs OpenSearch "
            f"{MIN_ENGINE_MAJOR}.x or later (README: 'OpenSearch 3'); point OPENSEARCH_URL at a 3.x node"
        )


async def create_index(
    client: AsyncOpenSearch, name: str, definition: IndexDefinition, *, bulk_load: bool = False
) -> None:
    """Create one concrete index from the definition, on a node new enough for it."""
    await check_engine(client)
    await client.indices.create(index=name, body=create_body(definition, bulk_load=bulk_load))


async def ensure_index(client: AsyncOpenSearch, alias: str, definition: IndexDefinition) -> tuple[str, bool]:
    """The alias's index, creating index and alias when missing; True when they were created now."""
    current = await current_index(client, alias)
    if current is not None:
        return current, False
    name = index_name(alias, definition)
    try:
        await create_index(client, name, definition)
    except RequestError as error:
        # Another process creating the same index at the same moment is fine: the definition is the same.
        if error.error != "resource_already_exists_exception":
            raise
        # A first reindex's build is not: pointing the alias there would serve its bulk-load settings (no
        # refreshes) for good.
        if any(info.name == name and info.unfinished for info in await list_indexes(client, alias)):
            raise IndexStateError(
                f"cannot put alias {alias} on {name}: a reindex is building it (try again once it is done), "
                f"or it is {UNFINISHED_BUILD}"
            ) from None
    await client.indices.update_aliases(body={"actions": [{"add": {"index": name, "alias": alias}}]})
    return name, True


async def add_new_fields(client: AsyncOpenSearch, index: str, definition: IndexDefinition) -> list[str]:
    """Add the definition's top-level fields the live index lacks, in place; the names added.

    A release whose definition adds a field writes documents carrying it, which the live index (strict
    mapping) would refuse until a reindex; with the field added they fit, and only its values in the
    documents written before stay missing until the reindex rebuilds them.
    """
    response = await client.indices.get_mapping(index=index)
    live = response[index]["mappings"].get("properties", {})
    new = {
        name: field for name, field in definition.body["mappings"]["properties"].items() if name not in live
    }
    if new:
        await client.indices.put_mapping(index=index, body={"properties": new})
    return sorted(new)


async def swap_alias(client: AsyncOpenSearch, alias: str, old: str | None, new: str) -> None:
    """Point the alias from old to new in one atomic _aliases call; fails if someone moved it meanwhile."""
    actions: list[dict[str, Any]] = []
    if old is not None:
        actions.append({"remove": {"index": old, "alias": alias, "must_exist": True}})
    actions.append({"add": {"index": new, "alias": alias}})
    await client.indices.update_aliases(body={"actions": actions})


async def configured_replicas(client: AsyncOpenSearch, definition: IndexDefinition) -> int:
    """Replicas the live index should have: the definition's value, else the cluster's default."""
    fixed = definition.body["settings"].get("index", {}).get("number_of_replicas")
    if fixed is not None:
        return int(fixed)
    response = await client.cluster.get_settings(include_defaults=True, flat_settings=True)
    for scope in ("transient", "persistent", "defaults"):
        value = response.get(scope, {}).get("cluster.default_number_of_replicas")
        if value is not None:
            return int(value)
    return DEFAULT_REPLICAS


async def restore_settings(
    client: AsyncOpenSearch, index: str, definition: IndexDefinition, replicas: int
) -> None:
    """Put back the refresh interval and replicas a bulk load switched off."""
    refresh = definition.body["settings"].get("index", {}).get("refresh_interval", "1s")
    await client.indices.put_settings(
        index=index, body={"index": {"refresh_interval": refresh, "number_of_replicas": replicas}}
    )


async def segment_count(client: AsyncOpenSearch, index: str) -> int:
    """The index's Lucene segments in its primary shards."""
    stats = await client.indices.stats(index=index, metric="segments")
    return int(stats["indices"][index]["primaries"]["segments"]["count"])


async def settle_history(client: AsyncOpenSearch, index: str, wait: float = HISTORY_WAIT_SECONDS) -> bool:
    """Flush the index and wait (at most `wait` seconds) until no retention lease of its primaries still
    holds an operation it has: a merge after that drops the documents' recovery copies. False when the
    leases did not catch up in time (the merge then keeps the copies of what they hold)."""
    await client.indices.flush(index=index)
    deadline = time.monotonic() + wait
    while True:
        stats = await client.indices.stats(index=index, level="shards", metric="docs")
        shards = [
            copy_
            for copies in stats["indices"][index]["shards"].values()
            for copy_ in copies
            if copy_.get("routing", {}).get("primary", True)
        ]
        if all(
            min((lease["retaining_seq_no"] for lease in shard["retention_leases"]["leases"]), default=0)
            > shard["seq_no"]["max_seq_no"]
            for shard in shards
        ):
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(HISTORY_POLL_SECONDS)


async def merge_segments(
    client: AsyncOpenSearch,
    index: str,
    segments: int,
    history_min_documents: int = HISTORY_WAIT_MIN_DOCUMENTS,
) -> tuple[int, int]:
    """Force-merge an index into at most `segments` segments: (segments before, after). A search visits
    every segment on its own (terms looked up, a collector per slice), so a bulk load's dozens of segments
    cost CPU on every search; fewer, larger ones prune better. One that has no more than that is left.
    An index of at least `history_min_documents` candidates is first flushed and its history settled
    (`settle_history`), so the merge also drops the recovery copies of the documents."""
    before = await segment_count(client, index)
    if before > segments:
        count = await client.count(index=index)
        if int(count["count"]) >= history_min_documents and not await settle_history(client, index):
            log.info(
                "%s: retention leases still behind after %.0f s; merging anyway", index, HISTORY_WAIT_SECONDS
            )
        await client.indices.forcemerge(
            index=index, max_num_segments=segments, request_timeout=MERGE_TIMEOUT_SECONDS
        )
        await client.indices.refresh(index=index)
    return before, await segment_count(client, index)


async def delete_index(client: AsyncOpenSearch, name: str) -> None:
    """Delete one concrete index; already gone is fine."""
    await client.indices.delete(index=name, ignore_unavailable=True)
