"""Search history is kept per user; callers without one (API keys, the local MCP process) leave none."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from sqlalchemy.exc import OperationalError

from app.search import history
from app.search.history import HistoryWriter


def test_only_a_users_searches_are_queued() -> None:
    writer = HistoryWriter(sessions=None)  # type: ignore[arg-type]  # nothing is written here
    writer.record(None, "skills_match", {"skills": ["python"]}, 3, 5)
    assert writer.queue.empty()
    writer.record(uuid.uuid4(), "skills_match", {"skills": ["python"]}, 3, 5)
    assert writer.queue.qsize() == 1


async def test_stop_ends_the_writer_when_the_driver_turns_its_cancel_into_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A write that never finishes, interrupted by stop(), whose cancellation the driver reports as a
    # database error: flush swallows that (as it must for real errors), and the loop used to go on sleeping
    # and writing for ever, so the API's shutdown waited on it without end.
    monkeypatch.setattr(history, "STOP_SECONDS", 0.3)
    writer = HistoryWriter(sessions=None)  # type: ignore[arg-type]
    writing = asyncio.Event()
    written: list[dict] = []

    async def write(entries: list[dict]) -> None:
        if not writing.is_set():
            writing.set()
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                raise OperationalError("INSERT", {}, Exception("connection closed")) from None
        written.extend(entries)

    writer._write = write  # type: ignore[method-assign]
    writer.start()
    writer.record(uuid.uuid4(), "skills_match", {"skills": ["python"]}, 3, 5)
    await asyncio.wait_for(writing.wait(), 5)
    writer.record(uuid.uuid4(), "skills_match", {"skills": ["go"]}, 1, 5)
    started = time.monotonic()
    await asyncio.wait_for(writer.stop(), 10)
    assert time.monotonic() - started < 3
    assert writer.task is not None and writer.task.done()
    # The stuck batch is lost (logged), the one queued behind it written.
    assert [entry["request"]["skills"] for entry in written] == [["go"]]


async def test_stop_lets_a_write_in_flight_finish() -> None:
    writer = HistoryWriter(sessions=None)  # type: ignore[arg-type]
    writing = asyncio.Event()
    written: list[dict] = []

    async def write(entries: list[dict]) -> None:
        writing.set()
        await asyncio.sleep(0.2)
        written.extend(entries)

    writer._write = write  # type: ignore[method-assign]
    writer.start()
    writer.record(uuid.uuid4(), "skills_match", {"skills": ["python"]}, 3, 5)
    await asyncio.wait_for(writing.wait(), 5)
    await asyncio.wait_for(writer.stop(), 10)
    assert [entry["request"]["skills"] for entry in written] == [["python"]]
