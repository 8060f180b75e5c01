"""Search history is kept per user; callers without one (API keys, the local MCP process) leave none."""

from __future__ import annotations

import uuid

from app.search.history import HistoryWriter


def test_only_a_users_searches_are_queued() -> None:
    writer = HistoryWriter(sessions=None)  # type: ignore[arg-type]  # nothing is written here
    writer.record(None, "skills_match", {"skills": ["python"]}, 3, 5)
    assert writer.queue.empty()
    writer.record(uuid.uuid4(), "skills_match", {"skills": ["python"]}, 3, 5)
    assert writer.queue.qsize() == 1
