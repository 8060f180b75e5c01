"""/api/v1/search: structured, lightweight and smart searches, filters, suggestions, history."""

from __future__ import annotations

import time

from aiohttp import web

from app import keys
from app.auth.middleware import principal_of
from app.auth.principal import Permission, requires
from app.errors import Unprocessable, field_problem
from app.openapi import api
from app.responses import json_body_response, json_response
from app.search import history, interpret, use_case
from app.search.schemas import (
    FiltersResponse,
    HistoryEntry,
    HistoryQuery,
    HistoryResponse,
    LightweightHit,
    LightweightResponse,
    SearchRequest,
    SearchResponse,
    SmartSearchRequest,
    SmartSearchResponse,
    SuggestQuery,
    SuggestResponse,
)
from app.search.service import SearchAnswer
from app.validation import NoParameters, no_query, parse_body, parse_query

routes = web.RouteTableDef()


async def search_and_record(
    request: web.Request, search: SearchRequest, started: float, interface: str, query_text: str | None
) -> SearchAnswer:
    """The search use case (search, history, event) for the caller of this request."""
    return await use_case.search_and_record(
        request.app[keys.SERVICES],
        principal_of(request),
        search,
        interface=interface,
        query_text=query_text,
        started=started,
    )


# `X-Search-Purpose` values the page sends with the searches it makes by itself, and their event interface.
_PAGE_PURPOSES = {"facet-counts": use_case.FACET_COUNTS, "candidate-panel": use_case.CANDIDATE_PANEL}


def page_interface(purpose: str) -> str:
    """The event interface of an `X-Search-Purpose`, or a 422 naming the header for a value it does not take:
    a misspelt one ("facet_counts") was read as none, so the page's own searches filled the history."""
    interface = _PAGE_PURPOSES.get(purpose)
    if interface is None:
        known = ", ".join(_PAGE_PURPOSES)
        raise Unprocessable(
            f"X-Search-Purpose {purpose[:40]!r} is not one this API knows: {known}",
            details=field_problem("X-Search-Purpose", f"not one of: {known} (or leave the header out)"),
        )
    return interface


@routes.post("/api/v1/search/candidates")
@api(
    "Search candidates",
    body=SearchRequest,
    response=SearchResponse,
    errors=(404, 415, 422, 503, 504),
    headers={
        "X-Search-Purpose": "facet-counts (a facet's counts beside a search filtered by it) or "
        "candidate-panel (the searches a candidate's page makes by itself): the search is no entry of the "
        "caller's history, and its analytics event says so"
    },
)
@requires(Permission.READ)
async def search_candidates(request: web.Request) -> web.Response:
    """Scored candidate search of any search type; a cached answer goes out as Redis holds it."""
    search = await parse_body(request, SearchRequest)
    # The page's own searches (facet counts, a candidate's colleagues and similar): no search of the history.
    purpose = request.headers.get("X-Search-Purpose")
    interface = use_case.STRUCTURED if purpose is None else page_interface(purpose)
    answer = await search_and_record(request, search, time.perf_counter(), interface, search.query)
    return json_body_response(answer.body())


@routes.post("/api/v1/search/candidates/lightweight")
@api(
    "Search candidates: ids, names, scores",
    body=SearchRequest,
    response=LightweightResponse,
    errors=(404, 415, 422, 503, 504),
)
@requires(Permission.READ)
async def search_lightweight(request: web.Request) -> web.Response:
    """The same search, answering only ids, names and scores."""
    search = await parse_body(request, SearchRequest)
    search = search.model_copy(
        update={"facets": False, "include_details": False, "explain": False, "highlight": False}
    )
    answer = await search_and_record(request, search, time.perf_counter(), use_case.LIGHTWEIGHT, search.query)
    response = answer.response()
    body = LightweightResponse(
        total=response.total,
        total_relation=response.total_relation,
        results=[
            LightweightHit(candidate_id=h.candidate_id, full_name=h.full_name, match_score=h.match_score)
            for h in response.results
        ],
        took_ms=response.took_ms,
        cached=response.cached,
        next_cursor=response.next_cursor,
    )
    return json_response(body)


@routes.post("/api/v1/search/smart")
@api(
    "Natural-language search",
    body=SmartSearchRequest,
    response=SmartSearchResponse,
    errors=(415, 422, 503, 504),
)
@requires(Permission.READ)
async def smart_search(request: web.Request) -> web.Response:
    """A natural-language request, interpreted, then searched; the interpretation comes back too."""
    body = await parse_body(request, SmartSearchRequest)
    app = request.app
    started = time.perf_counter()
    services = app[keys.SERVICES]
    interpreted, interpreter = await interpret.interpret(
        body.query, body.limit, app[keys.SETTINGS], services.anthropic, services.redis
    )
    interpreted = interpreted.model_copy(update={"facets": body.facets, "highlight": body.highlight})
    answer = await search_and_record(request, interpreted, started, use_case.SMART, body.query)
    return json_response(
        SmartSearchResponse(
            interpreted=interpreted,
            interpreter=interpreter,
            not_searched=list(interpreted.not_searched),
            warnings=list(interpreted.warnings),
            response=answer.response(),
        )
    )


@routes.get("/api/v1/search/filters")
@api("Facet values for filter UIs", query=NoParameters, response=FiltersResponse, errors=(422, 503, 504))
@requires(Permission.READ)
async def search_filters(request: web.Request) -> web.Response:
    no_query(request)
    data, cached = await request.app[keys.SEARCH].filters()
    return json_response(FiltersResponse.model_validate({**data, "cached": cached}))


@routes.get("/api/v1/search/suggest")
@api(
    "Autocomplete skills, companies, titles",
    query=SuggestQuery,
    response=SuggestResponse,
    errors=(422, 503, 504),
)
@requires(Permission.READ)
async def suggest(request: web.Request) -> web.Response:
    query = parse_query(request, SuggestQuery)
    values = await request.app[keys.SEARCH].suggest(query.field, query.prefix, query.limit)
    return json_response(SuggestResponse(field=query.field, prefix=query.prefix, suggestions=values))


@routes.get("/api/v1/search/history")
@api("The caller's own searches", query=HistoryQuery, response=HistoryResponse)
@requires(Permission.READ)
async def search_history(request: web.Request) -> web.Response:
    """The caller's own searches, newest first (API keys have no history)."""
    query = parse_query(request, HistoryQuery)
    user_id = principal_of(request).user_id
    if user_id is None:
        return json_response(HistoryResponse(items=[], total=0))
    rows, total = await history.list_history(
        request.app[keys.DB_SESSIONMAKER], user_id, query.limit, query.offset
    )
    items = [
        HistoryEntry(
            search_type=r.search_type,
            request=r.request,
            result_count=r.result_count,
            took_ms=r.took_ms,
            created_at=r.created_at.isoformat(),
        )
        for r in rows
    ]
    return json_response(HistoryResponse(items=items, total=total))


def setup_search(app: web.Application) -> None:
    app.router.add_routes(routes)
