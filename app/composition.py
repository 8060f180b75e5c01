"""Every client and service a process uses, built from `Settings` in one place and closed in one place.

The API (one cleanup context in app/main.py), the MCP server, the worker and the indexer each open one
`Services`. A part is built the first time it is asked for, so the worker never opens OpenSearch and the
indexer never starts the search-history writer; `aclose()` closes what was built, the last built first (so
a writer stops before the client it writes with). No aiohttp here: transports import this module, not the
reverse. The Anthropic SDK costs seconds to import, so it is imported only when a key is configured.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import cached_property, partial
from typing import TYPE_CHECKING, Literal

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.cache import create_redis
from app.db import create_engine
from app.search.cache import ResponseCache
from app.search.emails import candidates_with_emails
from app.search.events import SearchEventWriter
from app.search.history import HistoryWriter
from app.search.selectivity import SkillCountReader
from app.search.service import SearchService
from app.search_engine import close_opensearch, create_indexing_opensearch, create_opensearch
from app.settings import Settings

if TYPE_CHECKING:
    import asyncpg
    from anthropic import AsyncAnthropic
    from opensearchpy import AsyncOpenSearch
    from redis.asyncio import Redis

    from app.auth.key_cache import ApiKeyCache

Closer = Callable[[], Awaitable[object]]


class Services:
    """The process's clients and services, each built on first use from the settings."""

    def __init__(self, settings: Settings, *, opensearch_for: Literal["search", "indexing"] = "search"):
        self.settings = settings
        # Searches want a quick answer or none; the indexer would rather wait for a restarting node.
        self.opensearch_for = opensearch_for
        self._closers: list[Closer] = []
        self._pool: asyncpg.Pool | None = None

    @cached_property
    def engine(self) -> AsyncEngine:
        engine = create_engine(self.settings)
        self._closers.append(engine.dispose)
        return engine

    @cached_property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return async_sessionmaker(self.engine, expire_on_commit=False)

    @cached_property
    def redis(self) -> Redis:
        client = create_redis(self.settings)
        self._closers.append(client.aclose)
        return client

    @cached_property
    def opensearch(self) -> AsyncOpenSearch:
        if self.opensearch_for == "indexing":
            client = create_indexing_opensearch(self.settings)
        else:
            client = create_opensearch(self.settings)
        self._closers.append(lambda: close_opensearch(client))
        return client

    @cached_property
    def search(self) -> SearchService:
        settings = self.settings
        cache = ResponseCache(self.redis, settings.search_cache_ttl_seconds)
        self._closers.append(cache.close)
        counts = SkillCountReader(self.opensearch, settings.index_alias, settings.search_skill_counts_seconds)
        self._closers.append(counts.close)
        return SearchService(
            self.opensearch,
            cache,
            settings.search_timeout_seconds,
            settings.index_alias,
            concurrency=settings.search_concurrency,
            queue_timeout_seconds=settings.search_queue_timeout_seconds,
            total_cap=settings.search_total_hits_cap,
            skill_counts=counts,
            exact_below=settings.search_exact_count_below,
            exact_share=settings.search_exact_count_share,
            email_lookup=partial(candidates_with_emails, self.sessions),
        )

    @cached_property
    def history(self) -> HistoryWriter:
        """The search-history writer, running (needs the event loop)."""
        writer = HistoryWriter(self.sessions)
        writer.start()
        self._closers.append(writer.stop)
        return writer

    @cached_property
    def events(self) -> SearchEventWriter:
        """The search-analytics writer, running on the OpenSearch client (needs the event loop)."""
        settings = self.settings
        writer = SearchEventWriter(
            self.opensearch, settings.search_events_prefix, settings.search_events_retention_days
        )
        writer.start()
        self._closers.append(writer.stop)
        return writer

    @cached_property
    def anthropic(self) -> AsyncAnthropic | None:
        """The Claude client when ANTHROPIC_API_KEY is set, else None (and the SDK is never imported)."""
        settings = self.settings
        if settings.anthropic_api_key is None:
            return None
        from anthropic import AsyncAnthropic

        from app.parsing.claude import with_asked_waits

        client = AsyncAnthropic(
            api_key=settings.anthropic_api_key.get_secret_value(),
            timeout=settings.anthropic_timeout_seconds,
            max_retries=settings.anthropic_max_retries,
            http_client=with_asked_waits(),
        )
        self._closers.append(client.close)
        return client

    @cached_property
    def api_keys(self) -> ApiKeyCache:
        """API keys this process checked recently (a key revoked elsewhere works here until it expires).

        Imported here: only the API and the MCP server check keys, and the indexer must not load app.auth.
        """
        from app.auth.key_cache import ApiKeyCache

        return ApiKeyCache(self.settings.api_key_cache_seconds)

    async def postgres_pool(self, size: int) -> asyncpg.Pool:
        """A plain asyncpg pool (the indexer's bulk reads and LISTEN); raises what asyncpg raises."""
        if self._pool is not None:
            return self._pool
        import asyncpg

        pool = await asyncpg.create_pool(
            self.settings.sync_database_url, min_size=1, max_size=size, timeout=5, command_timeout=120
        )
        assert pool is not None
        self._pool = pool
        self._closers.append(pool.close)
        return pool

    async def aclose(self) -> None:
        """Close everything built, last built first; one failing close does not skip the others."""
        failure: BaseException | None = None
        while self._closers:
            try:
                await self._closers.pop()()
            except Exception as error:
                failure = failure or error
        if failure is not None:
            raise failure


@asynccontextmanager
async def open_services(
    settings: Settings, *, opensearch_for: Literal["search", "indexing"] = "search"
) -> AsyncIterator[Services]:
    """A `Services` for the block, closed when it ends (whatever way it ends)."""
    services = Services(settings, opensearch_for=opensearch_for)
    try:
        yield services
    finally:
        await services.aclose()
