"""Running searches: build the query, ask OpenSearch, shape the answer (app/search/shaping.py), cache it. No
aiohttp types here."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import orjson
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import (
    ConnectionError as OpenSearchConnectionError,
)
from opensearchpy.exceptions import (
    ConnectionTimeout,
    NotFoundError,
    RequestError,
    TransportError,
)

from app.after_response import after_response
from app.errors import GatewayTimeout, NotFound, ServiceUnavailable, Unprocessable, field_problem
from app.metrics import (
    SEARCH_DURATION,
    SEARCH_ENGINE_DURATION,
    SEARCH_MATCH_SCORES,
    SEARCH_REQUESTS,
    SEARCH_RESULTS,
)
from app.search import queries, sorted_pages
from app.search.cache import ResponseCache, cache_key
from app.search.emails import split_emails
from app.search.queries import canonical
from app.search.schemas import (
    MAX_OFFSET,
    FacetBucket,
    SearchRequest,
    SearchResponse,
    SearchType,
    SortOrder,
)
from app.search.selectivity import FilterCounts, SkillCountReader, SkillCounts, answered_as_counted
from app.search.shaping import HitShaper, facet_json, shape_facets
from app.search_engine import missing_index_message

log = logging.getLogger(__name__)

# The ids of the candidates with any of these (lower-cased) email addresses.
EmailLookup = Callable[[Sequence[str]], Awaitable[list[str]]]


def normalize(request: SearchRequest) -> dict[str, Any]:
    """The request in canonical form: equal searches get equal cache keys."""
    data = request.model_dump(mode="json")
    data["skills"] = sorted({canonical(s).lower() for s in request.skills})
    data["required_skills"] = sorted({canonical(s).lower() for s in request.required_skills})
    for field in ("companies", "departments", "titles", "locations"):
        data[field] = sorted({v.strip().lower() for v in data[field]})
    data["query"] = " ".join((request.query or "").lower().split()) or None
    data["search_type"] = request.search_type.canonical.value
    if request.email_matches is not None:
        # Who the addresses named are decides the matches (the addresses themselves are never kept).
        data["email_matches"] = sorted(request.email_matches)
    return data


# Fields that shape a page, not which candidates match or their order: the next page may change them.
PAGE_FIELDS = frozenset(
    {"limit", "offset", "cursor", "include_details", "facets", "exact_total", "explain", "highlight"}
)


def search_fingerprint(normalized: dict[str, Any]) -> str:
    """A short digest of what decides a search's matches and their order (a `normalize`d request without
    PAGE_FIELDS): a cursor carries its search's, so it goes on with that search only."""
    data = {name: value for name, value in normalized.items() if name not in PAGE_FIELDS}
    return hashlib.blake2b(orjson.dumps(data, option=orjson.OPT_SORT_KEYS), digest_size=8).hexdigest()


def encode_cursor(position: dict[str, Any], search: str) -> str:
    """An opaque next_cursor: where the next page starts (`queries.Page` as JSON) and, as "for", the
    fingerprint of the search it belongs to (`search_fingerprint`)."""
    return base64.urlsafe_b64encode(orjson.dumps({**position, "for": search})).decode().rstrip("=")


def decode_cursor(cursor: str, search: str) -> queries.Page:
    """The page a next_cursor points at, or a 422 naming the cursor: one we did not issue, or one issued for
    another search (another type, text, filter or sort: its pages would skip or repeat candidates). A cursor
    without "for" was issued before cursors carried one, and is taken as it is."""
    try:
        value = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        value = None
    if isinstance(value, dict) and "for" in value and value.pop("for") != search:
        raise Unprocessable(
            "cursor is not valid", details=[{"field": "cursor", "problem": "a cursor of another search"}]
        )
    page = _page_of(value)
    if page is None:
        raise Unprocessable(
            "cursor is not valid", details=[{"field": "cursor", "problem": "not a cursor we issued"}]
        )
    return page


class CursorExpired(Unprocessable):
    """The point in time a cursor pages on is gone (PIT_KEEP_ALIVE after its last page, or a reindex's
    old index deleted)."""


def _page_of(value: Any) -> queries.Page | None:
    if not isinstance(value, dict):
        return None
    offset, pit, after, best = value.get("from"), value.get("pit"), value.get("after"), value.get("best")
    if best is not None and not (type(best) in (int, float) and 0 < best < float("inf")):
        return None
    if type(offset) is int and 0 < offset <= MAX_OFFSET and set(value) <= {"from", "best"}:
        return queries.Page(offset=offset, best=best)
    if not isinstance(after, list) or not after or (pit is not None and not isinstance(pit, str)):
        return None
    if set(value) - {"pit", "after", "best", "from"} or (offset is not None and pit is None):
        return None
    # A point in time's cursor counts the matches before its page ("from"), to go on from there when the
    # point in time has expired (`SearchService.resumed`); cursors issued before it carried none.
    if offset is not None and not (type(offset) is int and 0 < offset):
        return None
    # Every sort key but a field sort's last (candidate_id, a string) is a number (score, years, a date in
    # epoch milliseconds, a Lucene doc), or the engine's "Infinity" for years a candidate has none of (they
    # sort last): anything else is refused here, not by OpenSearch as a failed search.
    keys = after[:-1] if pit is None else after
    numbers = all(
        type(v) in (int, float) or (pit is None and v in sorted_pages.NO_VALUE_DOUBLES) for v in keys
    )
    if not numbers or (pit is None and not isinstance(after[-1], str)):
        return None
    return queries.Page(pit=pit, after=after, best=best, offset=offset or 0)


def next_page(request: SearchRequest, page: queries.Page, result: dict[str, Any]) -> dict[str, Any] | None:
    """Where the page after this one starts, when this one was full. Relevance order steps from the first
    page (sorted by score alone) onto a point in time at the next offset; field sorts go on from the last
    hit's sort values."""
    hits = result["hits"]["hits"]
    if len(hits) < request.limit or not hits:
        return None
    if "sort" not in hits[-1]:
        offset = page.offset + request.limit
        return {"from": offset} if offset < MAX_OFFSET else None
    position: dict[str, Any] = {"after": hits[-1]["sort"]}
    if page.pit is not None:
        position["pit"] = result.get("pit_id") or page.pit
        position["from"] = page.offset + request.limit
    return position


def unreadable_point_in_time(error: Exception, body: Any) -> bool:
    """OpenSearch 3 answers a point-in-time id it cannot decode (a cursor that is not ours) with a 500
    `unsupported_version_exception` where 2.x answered 400 `illegal_argument_exception`."""
    return (
        isinstance(error, TransportError)
        and isinstance(body, dict)
        and "pit" in body
        and error.error == "unsupported_version_exception"
    )


def engine_error(error: Exception, alias: str) -> Exception:
    """What an OpenSearch failure means to the caller, without internals; the log says what it was (the
    answer alone left the on-call engineer a log of bare 503s)."""
    answer = _engine_answer(error, alias)
    log.warning("search engine failure, answered %d: %s", answer.status, describe_engine_error(error))
    return answer


def describe_engine_error(error: Exception) -> str:
    """The failure's kind, status and OpenSearch's error type: never its reason text, which can quote the
    query (what was searched). A connection failure adds the client's own words (host and port)."""
    if isinstance(error, OpenSearchConnectionError):
        return f"{type(error).__name__}: {str(error.error)[:200]}"
    if isinstance(error, TransportError):
        return f"{type(error).__name__} {error.status_code} {error.error}"
    return type(error).__name__


def _engine_answer(error: Exception, alias: str) -> ServiceUnavailable | GatewayTimeout:
    if isinstance(error, ConnectionTimeout):
        return GatewayTimeout("the search engine did not answer in time; try again")
    if isinstance(error, NotFoundError):
        # Names the alias: a typo in INDEX_ALIAS reads as "not built" too, and `reindex` builds it either way.
        return ServiceUnavailable(missing_index_message(alias))
    if isinstance(error, OpenSearchConnectionError):
        return ServiceUnavailable("the search engine is unavailable; try again shortly")
    if isinstance(error, TransportError) and error.status_code == 429:
        return ServiceUnavailable("the search engine is overloaded; try again shortly")
    return ServiceUnavailable("the search engine could not run this search")


# What a search response holds beyond the page itself: they differ between answers to the same request.
ANSWER_FIELDS = {"search_type", "took_ms", "cached"}


@dataclass(frozen=True)
class SearchAnswer:
    """One search's answer: the page as cached JSON, and what metrics, history and analytics need of it."""

    search_type: SearchType
    total: int
    scores: list[float]
    took_ms: int
    cached: bool
    # The SearchResponse JSON without ANSWER_FIELDS: {"total", "results", "facets", ..., "next_cursor"}.
    page: bytes

    @property
    def returned(self) -> int:
        return len(self.scores)

    def body(self) -> bytes:
        """The SearchResponse JSON: this answer's own fields, then the page as it was stored."""
        head = orjson.dumps({"search_type": self.search_type, "took_ms": self.took_ms, "cached": self.cached})
        return head[:-1] + b"," + self.page[1:]

    def response(self) -> SearchResponse:
        """The answer as a model, for callers that reshape it (lightweight, smart search, MCP)."""
        return SearchResponse.model_validate_json(self.body())


def observe(answer: SearchAnswer, kind: SearchType, role: str, elapsed: float) -> None:
    """A search's metrics."""
    SEARCH_REQUESTS.labels(search_type=kind.value, user_type=role).inc()
    SEARCH_DURATION.labels(search_type=kind.value).observe(elapsed)
    SEARCH_RESULTS.labels(search_type=kind.value).observe(answer.returned)
    scores = SEARCH_MATCH_SCORES.labels(search_type=kind.value)
    for score in answer.scores:
        scores.observe(score)


def encode_page(page: dict[str, Any], took_ms: int) -> bytes:
    """A cache entry: a line of the figures metrics need, then the page JSON (`SearchResponse` without
    ANSWER_FIELDS: total, total_relation, results, facets, facets_sample, next_cursor, in that order)."""
    figures = {
        "total": page["total"],
        "took_ms": took_ms,
        "scores": [hit["match_score"] for hit in page["results"]],
    }
    return orjson.dumps(figures) + b"\n" + orjson.dumps(page)


class SearchService:
    """The candidate search, shared by the HTTP API and the MCP server."""

    def __init__(
        self,
        client: AsyncOpenSearch,
        cache: ResponseCache,
        timeout_seconds: float,
        alias: str,
        *,
        concurrency: int,
        queue_timeout_seconds: float,
        total_cap: int = queries.TOTAL_HITS_CAP,
        skill_counts: SkillCountReader | None = None,
        exact_below: int = 0,
        exact_share: float = 1.0,
        email_lookup: EmailLookup | None = None,
    ) -> None:
        self.client = client
        self.alias = alias
        self.cache = cache
        self.timeout = timeout_seconds
        # A fair (FIFO) gate in front of OpenSearch: under a burst, searches wait their turn here, so
        # the engine time limit measures the engine, not the queue, and no search waits behind
        # later ones (which is what turned a burst of 500 concurrent searches into 504s).
        self.gate = asyncio.Semaphore(concurrency)
        self.queue_timeout = queue_timeout_seconds
        self.total_cap = total_cap
        # Skills searches whose filters let in at most `exact_below` candidates count (and score) every
        # match: cheaper than pruning there (`selectivity`).
        self.skill_counts = skill_counts
        self.exact_below = exact_below
        self.exact_share = exact_share
        # How many candidates the filter sets of recent searches let in (`answered_as_counted`).
        self.filter_counts = FilterCounts(skill_counts.max_age) if skill_counts is not None else None
        # The candidates with the email addresses a text names, from Postgres (app/search/emails.py).
        self.email_lookup = email_lookup

    async def with_emails_found(self, request: SearchRequest) -> SearchRequest:
        """The request of the candidates with the addresses its text names (`split_emails`) or that were
        named beside it, when there are any: the index holds no addresses, and its analyzers would match
        everyone at an address's domain."""
        found, rest = split_emails(request.query)
        emails = tuple(dict.fromkeys(request.emails + tuple(found)))
        if not emails or self.email_lookup is None:
            return request
        return request.with_email_matches(await self.email_lookup(emails), rest)

    async def engine(self, call: str, **kwargs: Any) -> Any:
        """One OpenSearch call once it is this search's turn, timed, failures turned into API errors."""
        try:
            async with asyncio.timeout(self.queue_timeout):
                await self.gate.acquire()
        except TimeoutError:
            raise ServiceUnavailable(
                "too many searches are waiting for the search engine; try again shortly",
                code="busy",
                retry_after=1,
            ) from None
        started = time.perf_counter()
        try:
            return await getattr(self.client, call)(request_timeout=self.timeout, **kwargs)
        except (NotFoundError, RequestError):
            raise  # the caller knows what a missing index or a refused cursor means
        except (TransportError, OpenSearchConnectionError) as error:
            if unreadable_point_in_time(error, kwargs.get("body")):
                # A refused cursor, as 2.x's 400 for the same id says: the caller answers 422.
                raise RequestError(400, error.error, error.info) from None
            raise engine_error(error, self.alias) from None
        finally:
            self.gate.release()
            SEARCH_ENGINE_DURATION.observe(time.perf_counter() - started)

    async def source_candidate(self, candidate_id: uuid.UUID) -> dict[str, Any]:
        """The indexed document of the candidate a relative search is about, or a 404. A realtime get by
        id (no query or fetch phase over every segment); an alias over more than one index (never ours,
        whose reindex swaps it atomically) is asked with an ids search instead."""
        try:
            found = await self.engine(
                "get", index=self.alias, id=str(candidate_id), _source_includes=queries.RELATIVE_SOURCE_FIELDS
            )
        except NotFoundError as error:
            if not isinstance(error.info, dict) or "found" not in error.info:
                # No index behind the alias, not a missing candidate.
                raise engine_error(error, self.alias) from None
            found = {"found": False}
        except RequestError:
            found = await self.source_by_search(candidate_id)
        if not found.get("found"):
            raise NotFound(
                f"no candidate with id {candidate_id}",
                details=field_problem("candidate_id", "no such candidate"),
            )
        source: dict[str, Any] = found["_source"]
        return source

    async def source_by_search(self, candidate_id: uuid.UUID) -> dict[str, Any]:
        """The candidate's document as a get would give it, by an ids search."""
        try:
            answer = await self.engine(
                "search",
                index=self.alias,
                body={
                    "query": {"ids": {"values": [str(candidate_id)]}},
                    "size": 1,
                    "_source": queries.RELATIVE_SOURCE_FIELDS,
                },
            )
        except (NotFoundError, RequestError) as error:
            raise engine_error(error, self.alias) from None
        hits = answer["hits"]["hits"]
        return {"found": True, "_source": hits[0]["_source"]} if hits else {"found": False}

    async def run(
        self, request: SearchRequest, search: str, source_lookup: asyncio.Future[dict[str, Any]] | None = None
    ) -> bytes:
        """Execute one search uncached; the cache entry of its answer (`encode_page`). `search`: the request's
        `search_fingerprint` as the caller sent it (it is answered as counted below, and its next page is
        asked as sent). `source_lookup`: the document of the candidate a relative search is about, already
        asked for."""
        counts = self.skill_counts.counts() if self.skill_counts is not None else None
        request = await answered_as_counted(
            request,
            counts,
            self.exact_below,
            self.exact_share,
            self.search_body,
            self.filter_counts,
        )
        source = None
        if source_lookup is not None:
            source = await source_lookup
        elif is_relative(request):
            source = await self.source_candidate(request.candidate_id)  # type: ignore[arg-type]
        page = (
            decode_cursor(request.cursor, search) if request.cursor else queries.Page(offset=request.offset)
        )
        order = queries.sort_clause(request.sort)
        sort = order or queries.PIT_SORT
        # A relevance page goes on from sort values only on its point in time: without one the engine
        # refuses the body, which was a 503 for a made-up cursor.
        if page.after is not None and (len(page.after) != len(sort) or (order is None and page.pit is None)):
            raise Unprocessable(
                "cursor is not valid", details=[{"field": "cursor", "problem": "not a cursor of this sort"}]
            )
        today = date.today()
        facets = None
        if queries.sampled_facets(request):
            # Beside the page's own engine calls: it needs only the request and its source candidate.
            facets = asyncio.ensure_future(self.sample_facets(request, source, today))
            facets.add_done_callback(_retrieve)
        try:
            result, first, page = await self.resumed(request, source, today, page)
        except BaseException:
            if facets is not None:
                facets.cancel()
            raise
        hits = result["hits"]["hits"]
        # A relevance page's scores are relative to the search's best, its first page's first hit: relative
        # to the page's own best, every page's first hit was 1.0 (100 % on the first card "Show more" added)
        # and a candidate's score changed with `limit`.
        best = page.best or max((h.get("_score") or 0.0 for h in hits), default=0.0)
        shape = HitShaper(request, source, today)
        # A windowed page counts nothing: its total and facets are the first pass's.
        counted = first.answer if first is not None and first.window is not None else result
        total = counted["hits"]["total"]
        position = next_page(request, page, result)
        if position is not None and request.sort == SortOrder.RELEVANCE and best > 0:
            position["best"] = best
        if page.pit is not None:
            hits = await self.still_found(hits)
        took = (first.took if first is not None else 0) + int(result.get("took", 0))
        facet_page: dict[str, Any] = {"facets": None, "facets_sample": None}
        if facets is not None:
            facet_page["facets"], facet_page["facets_sample"], facet_took = await facets
            took += facet_took
        elif request.facets:
            facet_page["facets"] = facet_json(counted.get("aggregations", {}))
        return encode_page(
            {
                "total": total["value"],
                "total_relation": "gte" if total.get("relation") == "gte" else "eq",
                "results": [shape(h, best) for h in hits],
                **facet_page,
                "next_cursor": encode_cursor(position, search) if position is not None else None,
            },
            took_ms=took,
        )

    async def resumed(
        self, request: SearchRequest, source: dict[str, Any] | None, today: date, page: queries.Page
    ) -> tuple[dict[str, Any], queries.FirstPass | None, queries.Page]:
        """`page`, or when its point in time has expired (five minutes after the last page: a recruiter who
        came back to "Show more"), the page from the same number of matches on the live index, scored
        against the same best, on a new point in time for the pages after it. Candidates added or removed
        since can move a match across that step, as on the pages before a point in time opens; past
        MAX_OFFSET, or with a cursor that does not count its matches, the expiry stays a 422."""
        try:
            return await self.page(request, source, today, page)
        except CursorExpired:
            if not page.offset or page.offset + request.limit > MAX_OFFSET:
                raise
        return await self.page(request, source, today, queries.Page(offset=page.offset, best=page.best))

    async def page(
        self, request: SearchRequest, source: dict[str, Any] | None, today: date, page: queries.Page
    ) -> tuple[dict[str, Any], queries.FirstPass | None, queries.Page]:
        """The engine's answer for a page (with the first pass of a search that takes title feedback), and
        where the page stands (a relevance page's first step past the window opens a point in time)."""
        first = await queries.run_first_pass(request, today, page, self.search_body, self.total_cap)
        windowed = first is not None and first.window is not None
        if page.pit is None and page.after is None and page.offset and request.cursor and not windowed:
            # The first step past a relevance page: a point in time keeps the order of later pages.
            page = replace(page, pit=await self.open_point_in_time())
        if first is not None and queries.reorders_window(request, first):
            result, lift_took = await queries.window_page(request, page, first, self.search_body)
            result["took"] = lift_took
        elif first is not None and first.passed is not None:
            result = await self.past_window(request, source, today, page, first, first.passed)
        else:
            feedback = first.feedback if first is not None else []
            window = first.window if first is not None else None
            body = queries.build_search(request, source, today, page, feedback, self.total_cap, window)
            sorted_result = await sorted_pages.sorted_page(body, request, page, self.search_body)
            if sorted_result is not None:
                return sorted_result, first, page
            result = await self.search_page(body, page)
        return result, first, page

    async def search_page(self, body: dict[str, Any], page: queries.Page) -> dict[str, Any]:
        """One page's body, on its point in time when it has one (gone: the cursor has expired)."""
        try:
            result: dict[str, Any] = await self.engine(
                "search", index=None if page.pit else self.alias, body=body
            )
        except (NotFoundError, RequestError) as error:
            if page.pit is not None:
                raise CursorExpired(
                    "cursor has expired",
                    details=[{"field": "cursor", "problem": "expired; search again from the first page"}],
                ) from None
            raise engine_error(error, self.alias) from None
        return result

    async def past_window(
        self,
        request: SearchRequest,
        source: dict[str, Any] | None,
        today: date,
        page: queries.Page,
        first: queries.FirstPass,
        passed: list[str],
    ) -> dict[str, Any]:
        """A relevance page of a search with title feedback that is not inside the window: the window's last
        hits as the pages inside it order them (a page that starts there), then the other matches in the
        whole search's order, so that paging shows every match once. The total counts the window back in."""
        head: list[dict[str, Any]] = []
        took = 0
        if page.after is None and page.offset < len(passed):
            shown = request.model_copy(update={"limit": len(passed) - page.offset})
            window = replace(first, window=passed)
            if queries.reorders_window(request, window):
                answer, took = await queries.window_page(shown, page, window, self.search_body)
            else:  # explanations or highlights: the whole body over the window, as a page inside it
                inside = queries.Page(offset=page.offset)  # on the live alias, as the first pass was
                body = queries.build_search(
                    shown, source, today, inside, first.feedback, self.total_cap, passed
                )
                answer = await self.search_body(body)
                took = int(answer.get("took", 0))
            head = answer["hits"]["hits"]
        rest = request.model_copy(update={"limit": request.limit - len(head)})
        body = queries.build_search(
            rest,
            source,
            today,
            queries.past_window_page(page, passed),
            first.feedback,
            self.total_cap,
            leave_out=passed,
        )
        result = await self.search_page(body, page)
        result["hits"]["hits"] = head + result["hits"]["hits"]
        result["took"] = int(result.get("took", 0)) + took
        total = result["hits"]["total"]
        if total.get("relation") != "gte":
            total["value"] += len(passed)
        return result

    async def sample_facets(
        self, request: SearchRequest, source: dict[str, Any] | None, today: date
    ) -> tuple[dict[str, list[dict[str, Any]]], int | None, int]:
        """The facets of a search's best matches (`queries.facet_sample`): the facets, how many matches
        they count (None when that is every match), and the engine's milliseconds."""
        sample = await self.search_body(queries.facet_sample(request, source, today, queries.FACET_SAMPLE))
        ids = [hit["_id"] for hit in sample["hits"]["hits"]]
        counted = await self.search_body(queries.facet_counts(ids, request))
        took = int(sample.get("took", 0)) + int(counted.get("took", 0))
        counts = len(ids) if len(ids) >= queries.FACET_SAMPLE else None
        return facet_json(counted.get("aggregations", {})), counts, took

    async def search_body(self, body: dict[str, Any]) -> dict[str, Any]:
        """One search body against the alias."""
        try:
            answer: dict[str, Any] = await self.engine("search", index=self.alias, body=body)
        except (NotFoundError, RequestError) as error:
            raise engine_error(error, self.alias) from None
        return answer

    async def still_found(self, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The hits of a page read from a point in time that a search now still finds. The point in time
        keeps the index as it was when paging began, so a candidate erased or deactivated since was shown
        on the later pages for as long as the paging went on (five minutes after each page)."""
        if not hits:
            return hits
        live = await self.search_body(queries.still_searchable([hit["_id"] for hit in hits]))
        found = {hit["_id"] for hit in live["hits"]["hits"]}
        return [hit for hit in hits if hit["_id"] in found]

    async def open_point_in_time(self) -> str:
        """A point in time on the alias for the pages of one relevance search."""
        try:
            opened = await self.engine("create_pit", index=self.alias, keep_alive=queries.PIT_KEEP_ALIVE)
        except (NotFoundError, RequestError) as error:
            raise engine_error(error, self.alias) from None
        pit: str = opened["pit_id"]
        return pit

    async def search(self, request: SearchRequest, role: str) -> SearchAnswer:
        """A search through the cache, with its metrics; a cached page is passed on as stored."""
        started = time.perf_counter()
        kind = request.search_type.canonical
        request = await self.with_emails_found(request)
        normalized = normalize(request)
        key = cache_key("candidates", normalized, "all", self.alias)
        source_lookup = None
        if is_relative(request) and not self.cache.expects_hit(key):
            # A search this process has not answered at the current epoch most likely misses the cache:
            # its source candidate is asked for while the cache is, which takes the cache's round trip off
            # a fresh search. On a hit after all, the answer is dropped.
            source_lookup = asyncio.ensure_future(self.source_candidate(request.candidate_id))  # type: ignore[arg-type]
            source_lookup.add_done_callback(_retrieve)
        entry, cached = await self.cache.get_or_compute(
            "candidates", key, lambda: self.run(request, search_fingerprint(normalized), source_lookup)
        )
        line, _, page = entry.partition(b"\n")
        figures = orjson.loads(line)
        elapsed = time.perf_counter() - started
        answer = SearchAnswer(
            search_type=request.search_type,
            total=figures["total"],
            scores=figures["scores"],
            # The engine's time for a fresh answer; for a cached one, the time it took to fetch.
            took_ms=int(elapsed * 1000) if cached else figures["took_ms"],
            cached=cached,
            page=page,
        )
        after_response(lambda: observe(answer, kind, role, elapsed))
        return answer

    async def aggregate(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            result = await self.engine("search", index=self.alias, body=body)
        except (NotFoundError, RequestError) as error:
            raise engine_error(error, self.alias) from None
        aggregations: dict[str, Any] = result.get("aggregations", {})
        return aggregations

    async def compute_filters(self) -> dict[str, Any]:
        body = {
            "size": 0,
            "query": {"term": {"is_active": True}},
            "aggs": {
                "skills": {"terms": {"field": "skills.raw", "size": 100}},
                # Employers as the company filter reads them: anyone who worked there, by company key. Current
                # employers by spelling were listed before, so "Acme Corp 39" let in 64 people, and "ACME
                # Inc." was another value letting in the same 64.
                "companies": queries.companies_facet(100),
                "locations": {"terms": {"field": "location.raw", "size": 100}},
                "titles": {"terms": {"field": "current_title.raw", "size": 100}},
                "experience": {"stats": {"field": "total_experience_years"}},
            },
        }
        aggregations = await self.aggregate(body)
        stats = aggregations.pop("experience", {})
        return {
            **facet_json(aggregations),
            "experience_years": {"min": stats.get("min"), "max": stats.get("max"), "avg": stats.get("avg")},
            "cached": False,
        }

    async def filters(self) -> tuple[dict[str, Any], bool]:
        """Facet values for filter UIs, cached like searches, except that after a change the values cached
        before it are answered while the new ones are computed (`get_or_revalidate`): at 1M candidates the
        aggregation takes about a quarter of a second, and the indexer changes the epoch after every batch."""

        async def compute() -> bytes:
            return orjson.dumps(await self.compute_filters())

        key = cache_key("filters", {}, "all", self.alias)
        entry, cached = await self.cache.get_or_revalidate("filters", key, compute)
        data: dict[str, Any] = orjson.loads(entry)
        return data, cached

    async def suggest(self, field: str, prefix: str, limit: int) -> list[FacetBucket]:
        """Values of the field starting with prefix (any case), most common first."""
        counts = self.skill_counts.counts() if self.skill_counts is not None else None
        body = suggest_body(field, prefix, limit, counts)
        aggregations = await self.aggregate(body)
        return shape_facets(aggregations).get("values", [])


def suggest_body(field: str, prefix: str, limit: int, counts: SkillCounts | None) -> dict[str, Any]:
    """The aggregation of a field's values starting with prefix. Only the candidates with such a value are
    aggregated (the include's regex as a filter too), unless the skill counts say the prefix's skills are a
    large share of all ("Mi": Microsoft's), where the filter costs more than it saves."""
    source = SUGGEST_FIELDS[field]
    matching = queries.prefix_regex(prefix)
    skill = canonical(prefix) if field == "skill" else prefix
    if not skill.casefold().startswith(prefix.casefold()):
        # A whole name the catalogue reads as a skill's ("k8s", "golang", "js"), as the search does: the skill
        # too, which no value starting with the prefix named ("k8s" suggested nothing).
        matching = f"({matching})|({queries.prefix_regex(skill).removesuffix('.*')})"
    who: list[dict[str, Any]] = [{"term": {"is_active": True}}]
    if field != "skill" or counts is None or counts.share_starting(prefix) < SUGGEST_FILTER_BELOW:
        who.append({"regexp": {source: {"value": matching}}})
    return {
        "size": 0,
        "track_total_hits": False,
        "query": {"bool": {"filter": who}},
        "aggs": {"values": {"terms": {"field": source, "size": limit, "include": matching}}},
    }


def is_relative(request: SearchRequest) -> bool:
    """Whether the search is about one candidate, whose indexed document it needs first."""
    return request.candidate_id is not None and request.search_type != SearchType.SKILLS_MATCH


def _retrieve(lookup: asyncio.Future[Any]) -> None:
    """Mark a lookup's failure seen: a lookup whose answer was not needed fails unheard, not as a warning."""
    if not lookup.cancelled():
        lookup.exception()


# Which keyword field each autocomplete kind draws from.
SUGGEST_FIELDS = {"skill": "skills.raw", "company": "current_company.raw", "title": "current_title.raw"}
# A skill prefix whose skills hold at least this share of the index's skill mentions is aggregated over every
# candidate: at 1M a filter on "mi" (27 % of mentions, Microsoft's) took 121 ms against 80 ms without, on "s"
# (11 %) 77 against 86, on "da" 15 against 76 ms.
SUGGEST_FILTER_BELOW = 0.2
