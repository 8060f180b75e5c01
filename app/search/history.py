"""Search history, written off the request's hot path in batches."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.errors import DATABASE_DOWN
from app.models import SearchHistory

log = logging.getLogger(__name__)

# Entries held in memory at most; past that new entries are dropped (history is not worth a slow search).
QUEUE_LIMIT = 10_000
BATCH_SIZE = 200
FLUSH_SECONDS = 0.5
# Longest wait for a write in flight when stopping, and then for the loop to end once interrupted.
STOP_SECONDS = 5.0


class HistoryWriter:
    """Takes entries without waiting and writes them in the background."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_LIMIT)
        self.task: asyncio.Task[None] | None = None
        # Set by `stop`: the loop ends at its next turn even where the cancel that interrupts a write comes
        # back from the database driver as an ordinary error, which `flush` swallows.
        self.stopping = asyncio.Event()

    def record(
        self, user_id: uuid.UUID | None, search_type: str, request: dict[str, Any], count: int, took_ms: int
    ) -> None:
        """Queue a user's search. Callers without a user (API keys, the local MCP process) have no history:
        their rows could never be listed, and an HR tool's every search would be an INSERT."""
        if user_id is None:
            return
        entry = {
            "user_id": user_id,
            "search_type": search_type,
            "request": request,
            "result_count": count,
            "took_ms": took_ms,
        }
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(entry)

    async def flush(self) -> None:
        """Write what is queued now."""
        batch: list[dict[str, Any]] = []
        while not self.queue.empty() and len(batch) < BATCH_SIZE:
            batch.append(self.queue.get_nowait())
        if not batch:
            return
        try:
            await self._write(batch)
        except DATABASE_DOWN as error:  # the database being down must not take the writer with it
            log.warning("dropped %d search history entries: %s", len(batch), type(error).__name__)
        except SQLAlchemyError:
            # One row the database refuses (its user deleted meanwhile, a value it cannot store) fails the
            # batch's INSERT; the others are written one by one so only that row is lost.
            await self._write_one_by_one(batch)

    async def _write(self, entries: list[dict[str, Any]]) -> None:
        async with self.sessions.begin() as session:
            await session.execute(insert(SearchHistory), entries)

    async def _write_one_by_one(self, batch: list[dict[str, Any]]) -> None:
        dropped: dict[str, int] = {}
        for entry in batch:
            try:
                await self._write([entry])
            except Exception as error:  # any failure of one row drops that row only
                dropped[type(error).__name__] = dropped.get(type(error).__name__, 0) + 1
        if dropped:
            log.warning(
                "dropped %d of %d search history entries: %s", sum(dropped.values()), len(batch), dropped
            )

    async def run(self) -> None:
        """Write what is queued every FLUSH_SECONDS, until `stop`."""
        while not self.stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), FLUSH_SECONDS)
            while not self.queue.empty() and not self.stopping.is_set():
                await self.flush()

    def start(self) -> None:
        self.task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        """Stop the loop (a write in flight gets STOP_SECONDS to finish, then is interrupted), then write
        what is left."""
        self.stopping.set()
        if self.task is not None:
            ended, _ = await asyncio.wait({self.task}, timeout=STOP_SECONDS)
            if not ended:
                self.task.cancel()
                await asyncio.wait({self.task}, timeout=STOP_SECONDS)
        while not self.queue.empty():
            await self.flush()


async def list_history(
    sessions: async_sessionmaker[AsyncSession], user_id: uuid.UUID, limit: int, offset: int
) -> tuple[list[SearchHistory], int]:
    async with sessions() as session:
        total = await session.scalar(
            select(func.count()).select_from(SearchHistory).where(SearchHistory.user_id == user_id)
        )
        rows = await session.scalars(
            select(SearchHistory)
            .where(SearchHistory.user_id == user_id)
            .order_by(SearchHistory.created_at.desc(), SearchHistory.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return list(rows), total or 0
