"""`hr-indexer dashboards import`: load app/dashboards/saved-objects.ndjson into OpenSearch Dashboards.

The saved-objects import API with `overwrite=true` replaces objects by id, so importing twice leaves the
same objects: safe at every start (compose runs it as a one-shot service). The two index patterns are
retitled to the configured alias (INDEX_ALIAS) and events prefix (SEARCH_EVENTS_PREFIX) on the way in.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from app.resources import SAVED_OBJECTS_FILE

DEFAULT_FILE = SAVED_OBJECTS_FILE
IMPORT_PATH = "/api/saved_objects/_import"
STATUS_PATH = "/api/status"
# Ids of the index patterns whose titles follow the settings.
CANDIDATES_PATTERN_ID = "hr-candidates"
EVENTS_PATTERN_ID = "hr-search-events"
# Seconds one HTTP request to Dashboards may take (an import of a few dozen objects takes well under one).
REQUEST_TIMEOUT = 30
# Seconds between readiness probes while Dashboards starts.
PROBE_INTERVAL = 2.0


class DashboardsError(Exception):
    """The import did not happen or was partial; the message says why in one line."""


@dataclass(frozen=True)
class ImportReport:
    """What Dashboards said about an import."""

    objects: int
    imported: int


def read_objects(path: Path) -> list[dict[str, Any]]:
    """The saved objects of an ndjson export, one per non-empty line."""
    try:
        lines = path.read_bytes().splitlines()
    except OSError as error:
        raise DashboardsError(f"cannot read {path}: {error.strerror or error}") from None
    objects = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                item = orjson.loads(line)
            except orjson.JSONDecodeError:
                item = None
            # JSON of another shape (a list, a number) ended the import in an AttributeError traceback.
            if not isinstance(item, dict):
                raise DashboardsError(f"{path}:{number} is not a JSON object")
            objects.append(item)
    return objects


def retitle(objects: list[dict[str, Any]], *, alias: str, events_prefix: str) -> list[dict[str, Any]]:
    """The objects with the index patterns pointing at the configured alias and events indexes."""
    titles = {CANDIDATES_PATTERN_ID: alias, EVENTS_PATTERN_ID: f"{events_prefix}*"}
    result = []
    for item in objects:
        if item.get("type") == "index-pattern" and item.get("id") in titles:
            item = {**item, "attributes": {**item["attributes"], "title": titles[item["id"]]}}
        result.append(item)
    return result


def to_ndjson(objects: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(item) + b"\n" for item in objects)


async def wait_until_ready(session: aiohttp.ClientSession, url: str, seconds: float) -> None:
    """Probe /api/status until Dashboards answers 200, for at most `seconds`."""
    deadline = time.monotonic() + seconds
    last = "no answer"
    while True:
        try:
            async with session.get(url + STATUS_PATH) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except (aiohttp.ClientError, TimeoutError) as error:
            last = str(error) or type(error).__name__
        if time.monotonic() >= deadline:
            raise DashboardsError(f"OpenSearch Dashboards at {url} is not ready after {seconds:g}s ({last})")
        await asyncio.sleep(PROBE_INTERVAL)


# What OpenSearch itself answers a Dashboards API path: a --url of the engine (9200), not Dashboards (5601).
_ENGINE_ANSWER = "no handler found for uri"


def _refusal(body: Any, text: str) -> str:
    """Why an import was refused, in the answer's own words (Dashboards' `message`, another server's
    `error` or its text), naming the likely mistake when OpenSearch answered instead of Dashboards."""
    reason = (body.get("message") or body.get("error")) if isinstance(body, dict) else None
    said = str(reason if reason is not None else text[:200]).strip() or "(no reason given)"
    if _ENGINE_ANSWER in said:
        said += " (that is OpenSearch: --url takes OpenSearch Dashboards' address, port 5601 by default)"
    return said


def _failure(body: Any) -> str:
    """The first errors of a partial import, named by object."""
    errors = (body.get("errors") or []) if isinstance(body, dict) else []
    shown = []
    for error in errors[:3]:
        kind = (error.get("error") or {}).get("type", "error")
        shown.append(f"{error.get('type')} {error.get('id')}: {kind}")
    return "; ".join(shown) or "no details"


async def import_objects(url: str, data: bytes, *, count: int, wait_seconds: float = 0) -> ImportReport:
    """POST the ndjson to the saved-objects import API (overwrite), after waiting for Dashboards if asked."""
    url = url.rstrip("/")
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        if wait_seconds > 0:
            await wait_until_ready(session, url, wait_seconds)
        form = aiohttp.FormData()
        form.add_field("file", data, filename="saved-objects.ndjson", content_type="application/ndjson")
        try:
            async with session.post(
                url + IMPORT_PATH, params={"overwrite": "true"}, data=form, headers={"osd-xsrf": "true"}
            ) as response:
                text = await response.text()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DashboardsError(f"cannot reach OpenSearch Dashboards at {url}: {error}") from None
    try:
        body = orjson.loads(text)
    except orjson.JSONDecodeError:
        body = None
    if status != 200:
        raise DashboardsError(
            f"OpenSearch Dashboards refused the import: HTTP {status} {_refusal(body, text)}"
        )
    if not isinstance(body, dict) or not body.get("success"):
        imported = body.get("successCount", 0) if isinstance(body, dict) else 0
        raise DashboardsError(f"imported {imported} of {count} objects; failed: {_failure(body)}")
    return ImportReport(objects=count, imported=int(body.get("successCount", count)))
