"""What the resume routes accept and return."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.errors import FieldProblem
from app.models import ParsingStatus


class ResumeOut(BaseModel):
    """A stored resume and where its parsing stands."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    candidate_id: uuid.UUID | None
    original_filename: str
    content_type: str
    size_bytes: int
    sha256: str
    parsing_status: ParsingStatus
    error: str | None
    parser_name: str | None
    parser_version: str | None
    attempts: int
    created_at: datetime
    updated_at: datetime
    processed_at: datetime | None
    lease_expires_at: datetime | None = Field(
        default=None,
        validation_alias="locked_until",
        description="while `processing`: when the parsing worker's lease on it ends. A worker stopped "
        "mid-parse (killed, out of memory, its node gone) leaves the resume `processing` until then; another "
        "worker takes it up at that time as its next attempt (`WORKER_VISIBILITY_TIMEOUT_SECONDS` after the "
        "claim)",
    )
    retry_at: datetime | None = Field(
        default=None,
        validation_alias="next_attempt_at",
        description="while `queued` after a failed attempt: when a worker tries it again (`error` says why "
        "the last attempt failed)",
    )
    parsed_data: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _only_while_waiting(self) -> ResumeOut:
        """The lease and the retry time only where they tell what the resume waits for."""
        if self.parsing_status != ParsingStatus.PROCESSING:
            self.lease_expires_at = None
        if self.parsing_status != ParsingStatus.QUEUED or self.attempts == 0:
            self.retry_at = None
        return self


class UploadAccepted(BaseModel):
    """The answer to an upload: the resume id, its status and where to follow it."""

    id: uuid.UUID
    status: ParsingStatus
    status_url: str
    duplicate: bool = False
    resume: ResumeOut | None = None


class ResumePage(BaseModel):
    items: list[ResumeOut]
    total: int
    limit: int
    offset: int
    next_cursor: str | None = Field(
        default=None,
        description="send as `cursor` for the next page, which goes on after this page's last resume: "
        "uploads that arrive meanwhile land before the first page, never shifting a later one; null on the "
        "last page",
    )


class ResumeListQuery(BaseModel):
    """Query string of GET /api/v1/resumes."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=10_000)
    status: ParsingStatus | None = None
    cursor: str | None = Field(
        default=None,
        max_length=200,
        description="the `next_cursor` of the page before (instead of `offset`, which stops at 10,000 and "
        "shifts as uploads arrive)",
    )

    @model_validator(mode="after")
    def _cursor_or_offset(self) -> ResumeListQuery:
        if self.cursor is not None and self.offset:
            raise FieldProblem("offset", "cannot be given with cursor: the cursor says where the page starts")
        return self
