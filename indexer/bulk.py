"""Bulk writes with external versions: actions, the streaming writer, and the verdict on every item."""

from __future__ import annotations

import asyncio
import enum
import uuid
from collections import Counter
from collections.abc import AsyncIterable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from opensearchpy import AsyncOpenSearch
from opensearchpy.helpers import async_streaming_bulk

from indexer import metrics

# Documents per _bulk request: a few hundred candidate documents are a few megabytes, the size OpenSearch
# handles best; larger requests only add memory pressure on a small node.
BULK_CHUNK_SIZE = 500
# Retries of the documents OpenSearch rejected with 429 (queue full), with exponential backoff from
# BULK_INITIAL_BACKOFF seconds: a busy node gets ~15 s to drain before the batch is given back.
BULK_MAX_RETRIES = 5
BULK_INITIAL_BACKOFF = 0.5
# Characters of an OpenSearch error kept in the outbox's last_error: the type and reason, not a novel.
ERROR_CHARS = 1000


class Outcome(enum.StrEnum):
    """What became of one action."""

    # OpenSearch applied it.
    APPLIED = "applied"
    # The index already holds this version or a newer one (external version conflict), or the document to
    # delete is already gone: nothing left to do, and never a regression.
    SUPERSEDED = "superseded"
    # OpenSearch refused the document itself (mapping, size): retrying soon will not help.
    FAILED = "failed"
    # The node is busy or missing the index: try the same action again later.
    RETRY = "retry"


@dataclass(frozen=True)
class ItemResult:
    """The verdict on one action, by candidate."""

    candidate_id: uuid.UUID
    operation: str
    outcome: Outcome
    error: str | None = None


def index_action(index: str, document: dict[str, Any], version: int) -> dict[str, Any]:
    """Index one document at the candidate's version; an older version can never overwrite a newer one."""
    return {
        "_op_type": "index",
        "_index": index,
        "_id": document["candidate_id"],
        "_version": version,
        "_version_type": "external",
        "_source": document,
    }


def delete_action(index: str, candidate_id: uuid.UUID, version: int) -> dict[str, Any]:
    """Delete one document at the delete's version, which outranks every version the candidate had."""
    return {
        "_op_type": "delete",
        "_index": index,
        "_id": str(candidate_id),
        "_version": version,
        "_version_type": "external",
    }


def describe_error(error: Any) -> str:
    """`type: reason` of an item error, short enough for a log line and a database column."""
    if isinstance(error, dict):
        text = f"{error.get('type', 'error')}: {error.get('reason', '')}"
        cause = error.get("caused_by")
        if isinstance(cause, dict):
            text += f" (caused by {cause.get('type')}: {cause.get('reason')})"
    else:
        text = str(error)
    return text[:ERROR_CHARS]


def classify_item(operation: str, item: dict[str, Any]) -> ItemResult:
    """The outcome of one item of a _bulk response."""
    candidate_id = uuid.UUID(item["_id"])
    status = int(item.get("status", 500))
    error = item.get("error")
    if 200 <= status < 300:
        return ItemResult(candidate_id, operation, Outcome.APPLIED)
    if status == 409:
        return ItemResult(candidate_id, operation, Outcome.SUPERSEDED)
    if status == 404 and operation == "delete" and error is None:
        return ItemResult(candidate_id, operation, Outcome.SUPERSEDED)
    error_type = error.get("type") if isinstance(error, dict) else None
    if status == 429 or status >= 500 or error_type == "index_not_found_exception":
        return ItemResult(candidate_id, operation, Outcome.RETRY, describe_error(error))
    return ItemResult(candidate_id, operation, Outcome.FAILED, describe_error(error))


def count_results(results: Iterable[ItemResult], source: str) -> None:
    """Record the item outcomes in the metrics."""
    for result in results:
        if result.outcome is Outcome.APPLIED:
            metrics.DOCUMENTS_INDEXED.labels(operation=result.operation, source=source).inc()
        elif result.outcome is Outcome.SUPERSEDED:
            metrics.VERSION_CONFLICTS.labels(source=source).inc()
        else:
            reason = (result.error or "unknown").split(":", 1)[0]
            metrics.BULK_FAILURES.labels(reason=reason).inc()


async def write_actions(
    client: AsyncOpenSearch,
    actions: Iterable[dict[str, Any]] | AsyncIterable[dict[str, Any]],
    *,
    require_alias: bool = False,
    chunk_size: int = BULK_CHUNK_SIZE,
    request_timeout: float = 60.0,
    refresh: str | None = None,
) -> AsyncIterable[ItemResult]:
    """Stream actions through async_streaming_bulk (429s retried with backoff) and judge every item."""
    # Connection errors and whole-request failures propagate: the caller decides whether to retry the batch.
    params: dict[str, Any] = {"request_timeout": request_timeout}
    if require_alias:
        # Writes through the alias must never auto-create a concrete index with a guessed mapping.
        params["require_alias"] = True
    if refresh is not None:
        params["refresh"] = refresh
    async for _ok, info in async_streaming_bulk(
        client,
        actions,
        chunk_size=chunk_size,
        max_retries=BULK_MAX_RETRIES,
        initial_backoff=BULK_INITIAL_BACKOFF,
        max_backoff=8,
        raise_on_error=False,
        raise_on_exception=True,
        yield_ok=True,
        **params,
    ):
        operation, item = next(iter(info.items()))
        yield classify_item(operation, item)


@dataclass
class EncodedBatch:
    """Index actions already encoded as `_bulk` lines, one pair per document, in candidate order."""

    ids: list[str] = field(default_factory=list)
    lines: list[bytes] = field(default_factory=list)

    def add(self, document: dict[str, Any], version: int) -> None:
        """Append `index` of this document at this external version."""
        candidate_id = document["candidate_id"]
        self.ids.append(candidate_id)
        self.lines.append(b'{"index":{"_id":"%s","version":%d,"version_type":"external"}}' % (
            candidate_id.encode(), version))  # fmt: skip
        self.lines.append(orjson.dumps(document))

    def body(self, positions: Iterable[int]) -> bytes:
        """The `_bulk` body of the documents at these positions."""
        return b"".join(self.lines[2 * i] + b"\n" + self.lines[2 * i + 1] + b"\n" for i in positions)


@dataclass
class BatchResult:
    """What became of an encoded batch: applied and superseded counts, and every other item's verdict."""

    applied: int = 0
    superseded: int = 0
    problems: list[ItemResult] = field(default_factory=list)


async def write_encoded(
    client: AsyncOpenSearch, index: str, batch: EncodedBatch, *, request_timeout: float = 60.0
) -> BatchResult:
    """One `_bulk` request of pre-encoded documents; items refused with 429 are resent with backoff.

    The reindex's hot path: documents are encoded once with orjson as they are built, a response without
    errors is counted in one step, and items are only inspected one by one when something went wrong.
    """
    result = BatchResult()
    pending = list(range(len(batch.ids)))
    backoff = BULK_INITIAL_BACKOFF
    for attempt in range(BULK_MAX_RETRIES + 1):
        response = await client.bulk(body=batch.body(pending), index=index, request_timeout=request_timeout)
        if not response.get("errors"):
            result.applied += len(pending)
            break
        busy = []
        for position, item in zip(pending, response["items"], strict=True):
            verdict = classify_item("index", item["index"])
            if verdict.outcome is Outcome.APPLIED:
                result.applied += 1
            elif verdict.outcome is Outcome.SUPERSEDED:
                result.superseded += 1
            elif int(item["index"].get("status", 0)) == 429 and attempt < BULK_MAX_RETRIES:
                busy.append(position)
            else:
                result.problems.append(verdict)
        if not busy:
            break
        pending = busy
        await asyncio.sleep(backoff)
        backoff = min(backoff * 2, 8)
    metrics.DOCUMENTS_INDEXED.labels(operation="index", source="reindex").inc(result.applied)
    if result.superseded:
        metrics.VERSION_CONFLICTS.labels(source="reindex").inc(result.superseded)
    for reason, count in Counter((p.error or "unknown").split(":", 1)[0] for p in result.problems).items():
        metrics.BULK_FAILURES.labels(reason=reason).inc(count)
    return result
