"""What get_resume_status tells an assistant of a resume not parsed yet."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from app.mcp.compact import resume_view
from app.resumes.schemas import ResumeOut

NOW = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)


def resume(status: str, attempts: int, **row: object) -> ResumeOut:
    return ResumeOut.model_validate(
        {
            "id": uuid.uuid4(),
            "candidate_id": None,
            "original_filename": "cv.pdf",
            "content_type": "application/pdf",
            "size_bytes": 10,
            "sha256": "0" * 64,
            "parsing_status": status,
            "error": row.pop("error", None),
            "parser_name": None,
            "parser_version": None,
            "attempts": attempts,
            "created_at": NOW,
            "updated_at": NOW,
            "processed_at": None,
            **row,
        }
    )


def test_a_stopped_workers_resume_says_when_another_takes_it_up() -> None:
    # An assistant asked about a resume whose worker was killed heard "processing" for five minutes, no more.
    lease = NOW + timedelta(minutes=5)
    view = resume_view(resume("processing", 1, locked_until=lease, next_attempt_at=NOW))
    assert view["status"] == "processing"
    assert view["lease_expires_at"] == lease.isoformat().replace("+00:00", "Z")
    assert "retry_at" not in view


def test_a_failed_attempt_says_when_the_next_one_comes_and_a_parsed_resume_neither() -> None:
    retry = NOW + timedelta(seconds=40)
    view = resume_view(resume("queued", 2, error="storage away", locked_until=None, next_attempt_at=retry))
    assert (view["error"], view["retry_at"]) == ("storage away", retry.isoformat().replace("+00:00", "Z"))
    assert "lease_expires_at" not in view
    done = resume_view(resume("completed", 1, locked_until=NOW, next_attempt_at=NOW))
    assert "lease_expires_at" not in done and "retry_at" not in done
