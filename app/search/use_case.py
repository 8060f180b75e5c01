"""The search use case: search, then history, then analytics event. The HTTP routes and the MCP tools call
this one function, so a search counts the same wherever it came from. No aiohttp here."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from app.after_response import after_response
from app.auth.principal import Principal
from app.composition import Services
from app.logs import current_request_id
from app.search.events import SEARCH_EVENTS_FAILED, build_event
from app.search.schemas import SearchRequest
from app.search.service import SearchAnswer, normalize

log = logging.getLogger(__name__)

# The `interface` of a search event: which door the search came through.
STRUCTURED = "structured"
LIGHTWEIGHT = "lightweight"
SMART = "smart"
MCP = "mcp"
MCP_SMART = "mcp_smart"
# The counts the page asks beside a search with a place, employer or experience band ticked: the same search
# without that facet's filter (`X-Search-Purpose: facet-counts`). An event says so; no history entry lists
# it as a search of the caller's own.
FACET_COUNTS = "facet_counts"
# The colleagues and similar candidates a candidate's page shows by itself (`X-Search-Purpose:
# candidate-panel`): searches the page makes, not the recruiter, so no history entry either.
CANDIDATE_PANEL = "candidate_panel"
# Interfaces of the page's own searches: an event each, never an entry of the caller's history.
_PAGE_OWN = frozenset({FACET_COUNTS, CANDIDATE_PANEL})
# Interfaces whose history entry says "smart" rather than the search type the request was turned into.
_SMART_INTERFACES = frozenset({SMART, MCP_SMART})


async def search_and_record(
    services: Services,
    principal: Principal,
    search: SearchRequest,
    *,
    interface: str,
    query_text: str | None,
    started: float | None = None,
) -> SearchAnswer:
    """Run a search for the caller; its history entry (a first page's only) and analytics event are queued,
    never awaited, and in the API only once the response is sent (`app.after_response`).

    `started` (a `time.perf_counter()` reading) is when the caller began, so a smart search's event
    latency includes the interpretation (and in the API, the response's writing); by default the search's
    own start.
    """
    started = time.perf_counter() if started is None else started
    answer = await services.search.search(search, principal.role)
    kind = "smart" if interface in _SMART_INTERFACES else search.search_type.value

    def record() -> None:
        # A search is one entry however many pages are read of it: a next page (by cursor or offset) is
        # counted as an event only; the page's own searches (facet counts, a candidate's panels) are no entry.
        if interface not in _PAGE_OWN and search.cursor is None and not search.offset:
            services.history.record(principal.user_id, kind, normalize(search), answer.total, answer.took_ms)
        record_event(services, principal, search, answer, started, interface=interface, query_text=query_text)

    after_response(record)
    return answer


def record_event(
    services: Services,
    principal: Principal,
    search: SearchRequest,
    answer: SearchAnswer,
    started: float,
    *,
    interface: str,
    query_text: str | None,
) -> None:
    """Queue the analytics event of a search that just answered; never raises, never waits."""
    try:
        event = build_event(
            search,
            answer,
            latency_ms=(time.perf_counter() - started) * 1000,
            role=principal.role,
            interface=interface,
            query_text=query_text,
            request_id=current_request_id(),
            now=datetime.now(UTC),
        )
    except Exception as error:  # analytics must never fail a search
        SEARCH_EVENTS_FAILED.labels(reason="build").inc()
        log.warning("search event not built: %s", type(error).__name__)
        return
    services.events.record(event)
