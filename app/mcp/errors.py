"""The one place that turns any failure of a tool into the message a model reads (never a crash)."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError

from app.errors import NOT_MIGRATED, ApiError, not_migrated, validation_details

log = logging.getLogger(__name__)


def field_problems(error: ValidationError) -> str:
    """Each bad argument as 'name: problem', the name as a dotted path (list items by position)."""
    return detail_fields(validation_details(error, whole="arguments"))


def detail_fields(details: Any) -> str:
    """The fields an ApiError's details name ([{field, problem}], the one shape), said as one line."""
    if not isinstance(details, list):
        return ""
    return "; ".join(
        f"{d['field']}: {d['problem']}"
        for d in details
        if isinstance(d, dict) and {"field", "problem"} <= set(d)
    )


def failure_outcome(error: Exception) -> str:
    """A failed tool call as `mcp_tool_calls_total` counts it: `refused` when the caller can correct it (its
    arguments, its key, its rights, a record that is not there), `failed` when the server's side failed."""
    if isinstance(error, ValidationError) or (isinstance(error, ApiError) and error.status < 500):
        return "refused"
    return "failed"


def describe_failure(tool: str, error: Exception) -> str:
    """What went wrong, said so a model can correct its call or tell the user; internals stay in the log."""
    if isinstance(error, ValidationError):
        return f"invalid arguments for {tool}: {field_problems(error)}"
    if isinstance(error, ApiError):
        fields = detail_fields(error.details)
        return f"{error.message} ({fields})" if fields else error.message
    if isinstance(error, OperationalError | InterfaceError | ConnectionError | TimeoutError):
        log.warning("tool %s: the database failed: %s", tool, type(error).__name__)
        return f"{tool} could not reach the database right now; try again shortly"
    if not_migrated(error):
        log.error("tool %s: the database is not migrated to this version", tool)
        return f"{tool} cannot run: {NOT_MIGRATED}"
    log.exception("tool %s failed", tool)
    return f"{tool} failed with an internal error; the server log has the details"
