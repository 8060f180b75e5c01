"""Cursors of lists paged by creation time and id: opaque to clients; a foreign one is a 422 on `cursor`."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol, TypeVar

import orjson

from app.errors import Unprocessable, field_problem


class Positioned(Protocol):
    """A row a list is paged by: its creation time and id."""

    @property
    def created_at(self) -> datetime: ...

    @property
    def id(self) -> uuid.UUID: ...


# A row of a page as the list gives it (a user; a key with whether it is accepted).
R = TypeVar("R")


def page_and_cursor(rows: list[R], limit: int, last: Callable[[R], Positioned]) -> tuple[list[R], str | None]:
    """A page's rows and the next page's cursor (None on the last page), from a query that read one row more
    than the page (`limit + 1`), which says whether a next page exists; `last` gives a row's position."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    end = last(rows[-1])
    return rows, position_cursor(end.created_at, end.id)


def position_cursor(created_at: datetime, row_id: uuid.UUID) -> str:
    """Where a page ends: its last row's creation time and id, in the list's order."""
    position = {"created_at": created_at.isoformat(), "id": str(row_id)}
    return base64.urlsafe_b64encode(orjson.dumps(position)).decode().rstrip("=")


def read_position(cursor: str, route: str) -> tuple[datetime, uuid.UUID]:
    """The position a `position_cursor` holds, or a 422 naming `cursor` and the list (`route`) it is no
    cursor of."""
    try:
        position = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        created_at = datetime.fromisoformat(position["created_at"])
        if created_at.tzinfo is None:
            raise ValueError("no time zone")
        return created_at, uuid.UUID(position["id"])
    except (ValueError, TypeError, KeyError, orjson.JSONDecodeError):
        raise Unprocessable(
            "cursor is not a next_cursor this list gave",
            details=field_problem("cursor", f"not a next_cursor of GET {route}"),
        ) from None
