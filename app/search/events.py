"""Search analytics: one event per search, written in batches to daily `<prefix>YYYY.MM.DD` indexes.

An event says what kind of search ran and how it went: type, normalized filters, skills asked, result
count, latency, cached or not, the caller's role. It never holds a name, an email or the free-text query
(which may name people): only the query's length and term count.

Recording encodes the event as its two `_bulk` lines and puts them on a bounded queue without waiting; a
background task sends the queue with `_bulk`. A slow or missing OpenSearch therefore never slows or fails a
search: events are dropped and counted instead (`search_events_failed_total`). Encoding at record time
spreads the work over the searches: a flush only joins bytes, so sending a busy second's events no longer
holds the API's loop for milliseconds. The index template (app/mappings/search-events.json) is installed
before the first write; retention is an ISM policy where the plugin exists, and `hr-indexer maintenance`
otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import ConflictError, NotFoundError, TransportError
from prometheus_client import Counter

from app.resources import MAPPINGS_DIR
from app.search.schemas import SearchRequest
from app.search.service import SearchAnswer, normalize

log = logging.getLogger(__name__)

TEMPLATE_FILE = MAPPINGS_DIR / "search-events.json"
POLICY_FILE = MAPPINGS_DIR / "search-events-policy.json"
# The plugin that runs ISM policies (in the OpenSearch image, not in the devstack node).
ISM_PLUGIN = "opensearch-index-management"

# Events held in memory at most; past that new ones are dropped (analytics is not worth a slow search).
QUEUE_LIMIT = 10_000
# Events per _bulk request: small documents, so one request carries a busy minute.
BATCH_SIZE = 500
# Seconds between sends: events become visible within a few seconds, in few requests.
FLUSH_SECONDS = 1.0
# Seconds one _bulk request may take; a hung node costs the background task, never a search.
BULK_TIMEOUT_SECONDS = 10
# Retries of events OpenSearch rejected with 429 (queue full), backing off from half a second.
BULK_MAX_RETRIES = 2
BULK_INITIAL_BACKOFF_SECONDS = 0.5
# What a _bulk answer is trimmed to: each item's status and error type, in order (not the ids, indexes,
# versions and shard counts of every stored event).
BULK_FILTER_PATH = "errors,items.*.status,items.*.error.type"
# Seconds shutdown waits for the last events before giving them up.
SHUTDOWN_SECONDS = 5.0

# Declared here rather than in app/metrics.py: only the API process writes events.
SEARCH_EVENTS_WRITTEN = Counter("search_events_written_total", "Search analytics events stored.")
SEARCH_EVENTS_FAILED = Counter(
    "search_events_failed_total",
    "Search analytics events lost, by reason (queue_full, unavailable, or OpenSearch's error type).",
    ["reason"],
)
EVENT_FAMILIES = (SEARCH_EVENTS_WRITTEN, SEARCH_EVENTS_FAILED)

_DAY_SUFFIX = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})$")
# Filters copied from the normalized request into an event; the query text and candidate ids never are.
_LIST_FILTERS = ("companies", "departments", "titles", "locations")


def events_index(prefix: str, when: datetime) -> str:
    """The daily index an event of `when` (UTC) goes to."""
    return f"{prefix}{when.astimezone(UTC):%Y.%m.%d}"


def index_day(prefix: str, index: str) -> date | None:
    """The day a daily events index holds, or None for a name that is not one."""
    if not index.startswith(prefix):
        return None
    match = _DAY_SUFFIX.match(index[len(prefix) :])
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def template_name(prefix: str) -> str:
    return prefix.rstrip("-")


def policy_id(prefix: str) -> str:
    return f"{prefix.rstrip('-')}-retention"


def build_template(prefix: str, path: Path = TEMPLATE_FILE) -> dict[str, Any]:
    """The index template body for this prefix."""
    body: dict[str, Any] = orjson.loads(path.read_bytes())
    body["index_patterns"] = [f"{prefix}*"]
    return body


def build_policy(prefix: str, retention_days: int, path: Path = POLICY_FILE) -> dict[str, Any]:
    """The ISM policy body: indexes of this prefix are deleted once older than the retention."""
    body: dict[str, Any] = orjson.loads(path.read_bytes())
    policy = body["policy"]
    for state in policy["states"]:
        for transition in state["transitions"]:
            if transition["state_name"] == "delete":
                transition["conditions"] = {"min_index_age": f"{retention_days}d"}
    policy["ism_template"] = [{"index_patterns": [f"{prefix}*"], "priority": 100}]
    return body


async def ensure_template(client: AsyncOpenSearch, prefix: str) -> None:
    """Install (or overwrite) the index template: idempotent, and the next daily index picks up changes."""
    await client.indices.put_index_template(name=template_name(prefix), body=build_template(prefix))


async def ism_available(client: AsyncOpenSearch) -> bool:
    """Whether the node runs the Index State Management plugin."""
    plugins = await client.cat.plugins(format="json", h="component")
    return any(item.get("component") == ISM_PLUGIN for item in plugins)


def _policy_essentials(policy: dict[str, Any]) -> Any:
    """What decides the retention: state names, transitions, index patterns. OpenSearch stores the policy
    with defaults filled in (retry settings, timestamps), so whole bodies never compare equal."""
    return (
        [(state["name"], state.get("transitions")) for state in policy.get("states", [])],
        sorted(pattern for item in policy.get("ism_template") or [] for pattern in item["index_patterns"]),
    )


async def ensure_retention_policy(client: AsyncOpenSearch, prefix: str, retention_days: int) -> str:
    """Create or update the ISM policy; returns created, updated, unchanged or unavailable (no plugin)."""
    if not await ism_available(client):
        return "unavailable"
    wanted = build_policy(prefix, retention_days)
    path = f"/_plugins/_ism/policies/{policy_id(prefix)}"
    try:
        stored = await client.transport.perform_request("GET", path)
    except NotFoundError:
        await client.transport.perform_request("PUT", path, body=wanted)
        return "created"
    if _policy_essentials(stored["policy"]) == _policy_essentials(wanted["policy"]):
        return "unchanged"
    params = {"if_seq_no": stored["_seq_no"], "if_primary_term": stored["_primary_term"]}
    try:
        await client.transport.perform_request("PUT", path, params=params, body=wanted)
    except ConflictError:
        return "unchanged"  # another process updated it at the same moment
    return "updated"


def build_event(
    search: SearchRequest,
    answer: SearchAnswer,
    *,
    latency_ms: float,
    role: str,
    interface: str,
    query_text: str | None,
    request_id: str | None,
    now: datetime,
) -> dict[str, Any]:
    """The analytics document of one search: filters and counts, never the query text or a candidate id."""
    normalized = normalize(search)
    filters: dict[str, Any] = {name: normalized[name] for name in _LIST_FILTERS if normalized[name]}
    for name in ("min_experience_years", "max_experience_years"):
        if normalized[name] is not None:
            filters[name] = normalized[name]
    if search.education_level is not None:
        filters["education_level"] = search.education_level.value
    filters["sort"] = search.sort.value
    filters["candidate_relative"] = search.candidate_id is not None
    if normalized["search_type"] == "worked_with":
        filters["same_department"] = search.same_department
        filters["min_overlap_months"] = search.min_overlap_months
    skills = sorted({*normalized["skills"], *normalized["required_skills"]})
    text = " ".join((query_text or "").split())
    event: dict[str, Any] = {
        "@timestamp": now.astimezone(UTC).isoformat(timespec="milliseconds"),
        "search_type": normalized["search_type"],
        "interface": interface,
        "user_role": role,
        # The asked skills, required ones (skill facets ticked) among them.
        "skills": skills,
        "skills_count": len(skills),
        "skills_mode": search.skills_mode,
        "filters": filters,
        "filter_count": sum(1 for name in _LIST_FILTERS if normalized[name])
        + sum(1 for name in ("min_experience_years", "max_experience_years") if normalized[name] is not None)
        + (search.education_level is not None),
        "query_length": len(text),
        "query_terms": len(text.split()),
        "result_count": answer.total,
        "returned_count": answer.returned,
        "zero_results": answer.total == 0,
        "latency_ms": round(latency_ms, 2),
        "cached": answer.cached,
        "page": bool(search.offset or search.cursor),
    }
    if request_id:
        event["request_id"] = request_id
    return event


def bulk_lines(prefix: str, event: dict[str, Any]) -> bytes:
    """An event's `_bulk` action and document lines, for the daily index of its timestamp."""
    index = events_index(prefix, datetime.fromisoformat(event["@timestamp"]))
    return b'{"index":{"_index":%s}}\n%s\n' % (orjson.dumps(index), orjson.dumps(event))


def _item_outcome(item: dict[str, Any]) -> tuple[int, str]:
    """A bulk answer item's status and, when refused, a bounded label: OpenSearch's error type."""
    result: Any = next(iter(item.values()), None) if item else None
    if not isinstance(result, dict):
        return 0, "unavailable"
    status = result.get("status")
    error = result.get("error")
    reason = (
        str(error["type"])[:60]
        if isinstance(error, dict) and isinstance(error.get("type"), str)
        else "unavailable"
    )
    return (status if isinstance(status, int) else 0), reason


class SearchEventWriter:
    """Takes events without waiting and sends them to OpenSearch in the background."""

    def __init__(
        self,
        client: AsyncOpenSearch,
        prefix: str,
        retention_days: int,
        *,
        flush_seconds: float = FLUSH_SECONDS,
        queue_limit: int = QUEUE_LIMIT,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.retention_days = retention_days
        self.flush_seconds = flush_seconds
        # Each event as its two `_bulk` lines (`bulk_lines`).
        self.queue: asyncio.Queue[bytes] = asyncio.Queue(queue_limit)
        self.prepared = False
        self.stopping = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def record(self, event: dict[str, Any]) -> None:
        """Queue one event, encoded; never waits, never raises."""
        try:
            lines = bulk_lines(self.prefix, event)
        except (KeyError, TypeError, ValueError) as error:  # no timestamp, or a value JSON cannot carry
            SEARCH_EVENTS_FAILED.labels(reason="build").inc()
            log.warning("search event not encoded: %s", type(error).__name__)
            return
        try:
            self.queue.put_nowait(lines)
        except asyncio.QueueFull:
            SEARCH_EVENTS_FAILED.labels(reason="queue_full").inc()

    async def prepare(self) -> bool:
        """Install the template (and the retention policy where ISM exists) once per process."""
        if self.prepared:
            return True
        try:
            await ensure_template(self.client, self.prefix)
        except (TransportError, OSError) as error:
            log.warning("search events template not installed: %s", type(error).__name__)
            return False
        try:
            outcome = await ensure_retention_policy(self.client, self.prefix, self.retention_days)
            log.info("search events retention policy: %s", outcome)
        except (TransportError, OSError) as error:
            # Retention still happens through `hr-indexer maintenance`; events are worth writing anyway.
            log.warning("search events retention policy not installed: %s", type(error).__name__)
        self.prepared = True
        return True

    async def flush(self) -> int:
        """Send up to one batch of what is queued now; the number of events stored. Events OpenSearch
        refused with 429 (its write queue full) are sent again, backing off; any other refusal is counted
        by its error type, and a batch that could not be sent at all as `unavailable`."""
        batch: list[bytes] = []
        while not self.queue.empty() and len(batch) < BATCH_SIZE:
            batch.append(self.queue.get_nowait())
        if not batch:
            return 0
        # Without the template the day's index would get dynamic mappings (text, not keyword): drop instead.
        if not await self.prepare():
            SEARCH_EVENTS_FAILED.labels(reason="unavailable").inc(len(batch))
            return 0
        written = 0
        pending = batch
        for attempt in range(BULK_MAX_RETRIES + 1):
            try:
                answer = await self.client.bulk(
                    body=b"".join(pending), filter_path=BULK_FILTER_PATH, request_timeout=BULK_TIMEOUT_SECONDS
                )
            except (TransportError, OSError, TimeoutError) as error:
                log.warning("search events batch not sent: %s", type(error).__name__)
                SEARCH_EVENTS_FAILED.labels(reason="unavailable").inc(len(pending))
                break
            items = answer.get("items") or []
            retry: list[bytes] = []
            for lines, item in zip(pending, items, strict=False):
                status, reason = _item_outcome(item)
                if 200 <= status < 300:
                    written += 1
                elif status == 429 and attempt < BULK_MAX_RETRIES:
                    retry.append(lines)
                else:
                    SEARCH_EVENTS_FAILED.labels(reason=reason).inc()
            if len(items) < len(pending):  # an answer without an item per event: the rest is lost
                SEARCH_EVENTS_FAILED.labels(reason="unavailable").inc(len(pending) - len(items))
            pending = retry
            if not pending:
                break
            await asyncio.sleep(BULK_INITIAL_BACKOFF_SECONDS * 2**attempt)
        SEARCH_EVENTS_WRITTEN.inc(written)
        if written < len(batch):
            log.warning("stored %d of %d search events", written, len(batch))
        return written

    async def drain(self, everything: bool = True) -> None:
        """Send the batches queued now; with `everything`, also the events that arrive meanwhile, until the
        queue is empty. Under steady traffic every send finds a few new events, so a periodic send that ran
        until the queue was empty kept the node busy with back-to-back `_bulk` requests of one to three
        events (80 in 0.2 s while cached searches were answered at 1M, each a write to the node beside the
        searches): those wait for the next period."""
        batches = -(-self.queue.qsize() // BATCH_SIZE)
        while not self.queue.empty() and (everything or batches > 0):
            batches -= 1
            try:
                await self.flush()
            except Exception as error:  # the writer must outlive anything OpenSearch does
                log.warning("search events batch lost: %s", type(error).__name__)

    async def run(self) -> None:
        """Send what is queued every FLUSH_SECONDS; once stopping, send what is left and end."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), self.flush_seconds)
            stopping = self.stopping.is_set()
            await self.drain(everything=stopping)
            if stopping:
                return

    def start(self) -> None:
        self.task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        """Send what is queued (for at most SHUTDOWN_SECONDS), then stop."""
        self.stopping.set()
        if self.task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self.task), SHUTDOWN_SECONDS)
        except TimeoutError:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            if not self.queue.empty():
                SEARCH_EVENTS_FAILED.labels(reason="shutdown").inc(self.queue.qsize())
                log.warning("dropped %d search events at shutdown", self.queue.qsize())
