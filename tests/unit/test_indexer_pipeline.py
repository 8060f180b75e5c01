"""The daemon's batch pipeline: a change committed while a batch waits for its refresh goes out at once."""

from __future__ import annotations

import asyncio

from indexer.daemon import BatchPipeline, BatchReport
from indexer.reindex import MIN_PART_DOCUMENTS, load_parts


class FakeBatches:
    """Batches that take their rows at once and return when the next "refresh" is released."""

    def __init__(self) -> None:
        self.refresh = asyncio.Event()
        self.started = 0
        self.most_at_once = 0
        self._running = 0

    async def run(self) -> BatchReport:
        self.started += 1
        self._running += 1
        self.most_at_once = max(self.most_at_once, self._running)
        number = self.started
        try:
            await self.refresh.wait()
        finally:
            self._running -= 1
        return BatchReport(taken=[number], processed=[number], applied=1)


async def test_a_second_batch_goes_out_while_the_first_waits_for_its_refresh() -> None:
    batches = FakeBatches()
    pipeline = BatchPipeline(batches.run, limit=4, spacing=0.2)
    assert pipeline.ready_in(100.0) == 0.0
    pipeline.start(100.0)
    await asyncio.sleep(0)
    # The first batch is still waiting: the next may start once the spacing has passed, not after the refresh.
    assert abs((pipeline.ready_in(100.05) or 0.0) - 0.15) < 1e-9
    assert pipeline.ready_in(100.2) == 0.0
    pipeline.start(100.2)
    await asyncio.sleep(0)
    assert (batches.started, batches.most_at_once, pipeline.in_flight) == (2, 2, 2)
    batches.refresh.set()
    finished = await pipeline.finished(asyncio.Event(), 1.0)
    finished += await pipeline.drain()
    assert sorted(task.result().taken[0] for task in finished) == [1, 2]
    assert pipeline.in_flight == 0


async def test_never_more_batches_in_flight_than_the_limit() -> None:
    batches = FakeBatches()
    pipeline = BatchPipeline(batches.run, limit=2, spacing=0.0)
    pipeline.start(1.0)
    pipeline.start(1.0)
    await asyncio.sleep(0)
    assert pipeline.ready_in(50.0) is None
    batches.refresh.set()
    await pipeline.drain()
    assert pipeline.ready_in(50.0) == 0.0
    assert batches.most_at_once == 2


async def test_waiting_ends_on_the_event_or_the_timeout_without_losing_a_batch() -> None:
    batches = FakeBatches()
    pipeline = BatchPipeline(batches.run, limit=4, spacing=0.2)
    pipeline.start(0.0)
    assert await pipeline.finished(asyncio.Event(), 0.01) == []
    woken = asyncio.Event()
    woken.set()
    assert await pipeline.finished(woken, 5.0) == []
    assert pipeline.in_flight == 1
    batches.refresh.set()
    (task,) = await pipeline.finished(asyncio.Event(), 5.0)
    assert task.result().applied == 1


async def test_a_limit_below_one_still_runs_batches_one_at_a_time() -> None:
    batches = FakeBatches()
    pipeline = BatchPipeline(batches.run, limit=0, spacing=0.2)
    pipeline.start(0.0)
    assert pipeline.ready_in(10.0) is None
    batches.refresh.set()
    assert len(await pipeline.drain()) == 1


def test_a_bulk_load_is_cut_into_equal_parts_when_it_is_large_enough() -> None:
    assert load_parts(1_000_000, 4) == [250_000, 250_000, 250_000, None]
    # The last part takes the rest (and anything added meanwhile).
    assert load_parts(100_001, 4) == [25_001, 25_001, 25_001, None]
    # Too small for parts of MIN_PART_DOCUMENTS, or no merge asked: one part.
    assert load_parts(MIN_PART_DOCUMENTS * 2, 4) == [MIN_PART_DOCUMENTS, None]
    assert load_parts(MIN_PART_DOCUMENTS - 1, 4) == [None]
    assert load_parts(1_000_000, 0) == [None]
