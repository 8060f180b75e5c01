"""The four ways to answer a search, each behind one call, and how their latency and throughput are taken."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import aiohttp
import asyncpg
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import NotFoundError
from redis.asyncio import Redis

from app.search import queries
from app.search.cache import EPOCH_KEY
from app.search.schemas import SearchRequest, SearchType
from app.search.selectivity import (
    EXACT_COUNT_BELOW,
    EXACT_SHARE,
    FilterCounts,
    SkillCounts,
    answered_as_counted,
)
from app.settings import Settings
from benchmarks.common import percentile
from benchmarks.search import postgres

Call = Callable[[SearchRequest], Awaitable[None]]


@dataclass
class Measurement:
    """Latencies of sequential requests and the rate at a fixed concurrency, for one peer and type."""

    latencies: list[float]
    throughput_requests: int
    throughput_seconds: float
    concurrency: int
    errors: int = 0
    cache_hits: int | None = None

    def as_dict(self) -> dict[str, Any]:
        ms = [v * 1000 for v in self.latencies]
        out: dict[str, Any] = {
            "n": len(ms),
            "p50_ms": round(percentile(ms, 0.50), 2),
            "p95_ms": round(percentile(ms, 0.95), 2),
            "p99_ms": round(percentile(ms, 0.99), 2),
            "mean_ms": round(statistics.fmean(ms), 2),
            "max_ms": round(max(ms), 2),
            "throughput_rps": round(self.throughput_requests / self.throughput_seconds, 1),
            "throughput_requests": self.throughput_requests,
            "concurrency": self.concurrency,
            "errors": self.errors,
        }
        if self.cache_hits is not None:
            out["cache_hits"] = self.cache_hits
        return out


@dataclass(frozen=True)
class Budget:
    """When a sequential phase stops: `minimum` requests past `seconds`, or `slow_minimum` requests past
    `slow_seconds` (a peer that takes seconds per request still gives a few samples, not hours)."""

    seconds: float
    minimum: int
    slow_seconds: float
    slow_minimum: int

    def spent(self, requests: int, elapsed: float) -> bool:
        return (requests >= self.minimum and elapsed > self.seconds) or (
            requests >= self.slow_minimum and elapsed > self.slow_seconds
        )


async def sequential(
    call: Call,
    requests: Sequence[SearchRequest],
    budget: Budget,
    before: Callable[[], Awaitable[None]] | None = None,
) -> list[float]:
    """One request at a time, timed each (`before` runs untimed ahead of each); stops at the budget."""
    latencies: list[float] = []
    started = time.perf_counter()
    for request in requests:
        if before is not None:
            await before()
        begun = time.perf_counter()
        await call(request)
        latencies.append(time.perf_counter() - begun)
        if budget.spent(len(latencies), time.perf_counter() - started):
            break
    return latencies


async def paired(
    first: Call,
    second: Call,
    requests: Sequence[SearchRequest],
    budget: Budget,
    before_second: Callable[[], Awaitable[None]] | None = None,
) -> tuple[list[float], list[float]]:
    """Each request sent to both peers one at a time, in turn first and second, so that neither always
    runs on caches the other has just warmed nor always in the other's wake; latencies of each.

    The budget counts half the elapsed time, as if each peer had run alone.
    """
    latencies: tuple[list[float], list[float]] = ([], [])
    started = time.perf_counter()
    for position, request in enumerate(requests):
        order = [(first, latencies[0], None), (second, latencies[1], before_second)]
        for call, out, before in order if position % 2 == 0 else reversed(order):
            if before is not None:
                await before()
            begun = time.perf_counter()
            await call(request)
            out.append(time.perf_counter() - begun)
        if budget.spent(len(latencies[0]), (time.perf_counter() - started) / 2):
            break
    return latencies


async def concurrent(
    call: Call, requests: Sequence[SearchRequest], concurrency: int, budget: float, cycle: bool
) -> tuple[int, float]:
    """`concurrency` loops sending requests back to back until the list (or, cycling, the budget) ends."""
    position = 0
    done = 0
    started = time.perf_counter()

    async def loop() -> None:
        nonlocal position, done
        while time.perf_counter() - started < budget:
            if position >= len(requests):
                if not cycle:
                    return
                position = 0
            request = requests[position]
            position += 1
            await call(request)
            done += 1

    await asyncio.gather(*(loop() for _ in range(concurrency)))
    return done, time.perf_counter() - started


class PostgresPeer:
    """(a) The Postgres-only search of the original design."""

    name = "postgres"

    def __init__(self, pool: asyncpg.Pool, today: date) -> None:
        self.pool = pool
        self.today = today
        self.errors = 0

    async def __call__(self, request: SearchRequest) -> None:
        async with self.pool.acquire() as connection:
            try:
                await postgres.search(connection, request, self.today)
            except asyncpg.QueryCanceledError:
                self.errors += 1


class RawPeer:
    """(b) The API's own query bodies (`build_search`), sent straight to OpenSearch, with the calls the
    API makes before it: relative searches first fetch the source document with the same get by id, and
    skills_match with text first runs the same title feedback first pass (`run_first_pass`)."""

    name = "raw"

    def __init__(
        self,
        client: AsyncOpenSearch,
        alias: str,
        today: date,
        counts: SkillCounts | None = None,
        exact_below: int = EXACT_COUNT_BELOW,
    ) -> None:
        self.client = client
        self.alias = alias
        self.today = today
        self.errors = 0
        # The index's skill counts, as the API reads them: a skills search its filters narrow enough
        # counts every match, in the API and here (`app.search.selectivity`).
        self.counts = counts
        self.exact_below = exact_below
        self.known = FilterCounts(Settings.model_fields["search_skill_counts_seconds"].default)

    async def answered_as(self, request: SearchRequest) -> SearchRequest:
        return await answered_as_counted(
            request, self.counts, self.exact_below, EXACT_SHARE, self.search, self.known
        )

    async def source(self, request: SearchRequest) -> dict[str, Any] | None:
        """The document of the candidate a relative search is about, fetched as the API does (a get)."""
        if request.candidate_id is None or request.search_type == SearchType.SKILLS_MATCH:
            return None
        try:
            found = await self.client.get(
                index=self.alias,
                id=str(request.candidate_id),
                _source_includes=queries.RELATIVE_SOURCE_FIELDS,
            )
        except NotFoundError:
            return {}
        source: dict[str, Any] = found["_source"]
        return source

    async def body(self, request: SearchRequest) -> dict[str, Any]:
        """The whole body of a request's first page (after the title feedback's first pass, run over its
        window for a windowed page): what ranks as the API's page does."""
        request = await self.answered_as(request)
        body, _ = await queries.build_with_feedback(
            request, await self.source(request), self.today, None, self.search
        )
        return body

    async def search(self, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = await self.client.search(index=self.alias, body=body)
        return answer

    async def matching(self, request: SearchRequest, ids: Sequence[str]) -> set[str]:
        """Which of `ids` the request's body lets in (its query with the ids as one more filter; the title
        feedback only ranks, so the body without it decides the same)."""
        body = queries.build_search(request, await self.source(request), self.today)
        query = {"bool": {"must": [body["query"]], "filter": [{"ids": {"values": list(ids)}}]}}
        answer = await self.search({"query": query, "size": len(ids), "_source": False})
        return {hit["_id"] for hit in answer["hits"]["hits"]}

    async def __call__(self, request: SearchRequest) -> dict[str, Any]:
        """A first page with the engine calls the API makes: a windowed skills_match page is the first pass
        and the feedback pass (`window_page`), anything else the first pass if any and the whole body."""
        source = await self.source(request)
        page = queries.Page(offset=request.offset)
        request = await self.answered_as(request)
        first = await queries.run_first_pass(request, self.today, page, self.search)
        if first is not None and queries.reorders_window(request, first):
            answer, _ = await queries.window_page(request, page, first, self.search)
            return answer
        feedback = first.feedback if first is not None else []
        window = first.window if first is not None else None
        return await self.search(
            queries.build_search(request, source, self.today, page, feedback, window=window)
        )


# What the API's clients accept where the API is timed against raw OpenSearch: what opensearch-py, the raw
# peer's client, asks for (it sends no Accept-Encoding, so OpenSearch answers uncompressed), so neither side
# pays for compressing and inflating answers the other does not. aiohttp would ask for gzip by default; the
# search benchmark's `--api-accept-encoding gzip` times the API as such a client calls it.
SAME_ENCODING_AS_RAW = "identity"


def api_headers(key: str, accept_encoding: str = SAME_ENCODING_AS_RAW) -> dict[str, str]:
    """A benchmark client's headers for the API: its API key and the encoding it accepts."""
    return {"X-API-Key": key, "Accept-Encoding": accept_encoding}


class ApiPeer:
    """(c)/(d) Our API over HTTP with an API key; `cached` reports how many answers came from the cache."""

    def __init__(self, session: aiohttp.ClientSession, base: str, redis: Redis, name: str) -> None:
        self.session = session
        self.url = f"{base}/api/v1/search/candidates"
        self.redis = redis
        self.name = name
        self.errors = 0
        self.cached = 0

    async def bump_epoch(self) -> None:
        """Invalidate every cached answer (the same INCR the indexer does after a batch)."""
        await self.redis.incr(EPOCH_KEY)

    async def __call__(self, request: SearchRequest) -> None:
        payload = request.model_dump(mode="json", exclude_defaults=True)
        async with self.session.post(self.url, json=payload) as response:
            body = await response.read()
        if response.status != 200:
            self.errors += 1
        elif b'"cached":true' in body:
            self.cached += 1


def distinct_ids(requests: Sequence[SearchRequest]) -> set[uuid.UUID]:
    return {r.candidate_id for r in requests if r.candidate_id is not None}


async def first_bodies(peer: RawPeer, requests: list[Any], today: date) -> list[dict[str, Any]]:
    """The body each request sends the engine first: the first pass of a search that takes title feedback
    (what reads the page's hits), else the whole search."""
    bodies = []
    for request in requests:
        request = await peer.answered_as(request)
        page = queries.Page(offset=request.offset)
        if queries.feedback_text(request) is not None:
            windowed = queries.in_window(request, page)
            bodies.append(queries.first_pass(request, today, windowed))
        else:
            bodies.append(queries.build_search(request, await peer.source(request), today, page))
    return bodies
