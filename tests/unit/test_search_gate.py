"""The fair gate in front of OpenSearch: a burst waits its turn in order, and a long wait is a clear 503."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from opensearchpy.exceptions import RequestError, TransportError

from app.errors import ServiceUnavailable
from app.search.service import SearchService


class _SlowEngine:
    """Answers `search` after a pause, and notes the order calls reached it and the time limit they got."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.order: list[int] = []
        self.timeouts: list[float] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def search(self, *, request_timeout: float, tag: int) -> dict[str, Any]:
        self.order.append(tag)
        self.timeouts.append(request_timeout)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(self.seconds)
        self.in_flight -= 1
        return {"tag": tag}


def _service(engine: _SlowEngine, concurrency: int, queue_timeout: float) -> SearchService:
    return SearchService(
        engine,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        timeout_seconds=5.0,
        alias="candidates",
        concurrency=concurrency,
        queue_timeout_seconds=queue_timeout,
    )


async def test_a_burst_waits_its_turn_in_arrival_order_and_keeps_the_whole_engine_time_limit() -> None:
    engine = _SlowEngine(0.01)
    service = _service(engine, concurrency=2, queue_timeout=5.0)
    answers = await asyncio.gather(*(service.engine("search", tag=n) for n in range(20)))
    assert [a["tag"] for a in answers] == list(range(20))
    assert engine.order == list(range(20))
    assert engine.most_in_flight == 2
    assert set(engine.timeouts) == {5.0}


async def test_a_search_that_waits_too_long_for_its_turn_is_told_the_engine_is_busy() -> None:
    engine = _SlowEngine(0.5)
    service = _service(engine, concurrency=1, queue_timeout=0.05)
    first = asyncio.create_task(service.engine("search", tag=1))
    await asyncio.sleep(0.01)
    with pytest.raises(ServiceUnavailable) as refused:
        await service.engine("search", tag=2)
    assert refused.value.code == "busy" and "try again" in refused.value.message
    assert (await first)["tag"] == 1
    # The refused search gave its place back: the next one runs.
    assert (await service.engine("search", tag=3))["tag"] == 3


class _RefusingEngine:
    """Fails every `search` as OpenSearch 3 does for a point-in-time id it cannot read."""

    async def search(self, *, request_timeout: float, **kwargs: Any) -> dict[str, Any]:
        error = {"type": "unsupported_version_exception", "reason": "Unsupported version [ES 0.0.1]"}
        raise TransportError(500, "unsupported_version_exception", {"error": error, "status": 500})


async def test_a_point_in_time_id_opensearch_3_cannot_read_is_a_refused_cursor_not_an_outage() -> None:
    service = _service(_RefusingEngine(), concurrency=1, queue_timeout=1.0)  # type: ignore[arg-type]
    with pytest.raises(RequestError):  # as 2.x's 400; SearchService.run answers it with a 422
        await service.engine("search", body={"pit": {"id": "bm90IGEgcGl0"}, "query": {"match_all": {}}})
    with pytest.raises(ServiceUnavailable):  # the same failure without a point in time is the engine's
        await service.engine("search", body={"query": {"match_all": {}}})
