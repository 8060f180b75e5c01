"""Who is calling and what they may do: roles and API-key scopes mapped to permissions."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from app.models import Role


class Permission(enum.StrEnum):
    READ = "read"  # search and read candidates and resumes
    WRITE = "write"  # upload, reprocess, edit and erase
    ADMIN = "admin"  # manage users and API keys


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.READ}),
    Role.RECRUITER: frozenset({Permission.READ, Permission.WRITE}),
    Role.ADMIN: frozenset({Permission.READ, Permission.WRITE, Permission.ADMIN}),
}
SCOPE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "read": frozenset({Permission.READ}),
    "read_write": frozenset({Permission.READ, Permission.WRITE}),
}


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: a user (by token) or an HR tool (by API key)."""

    kind: str  # "user" or "api_key"
    id: uuid.UUID
    role: str  # the user's role, or "api_key"
    permissions: frozenset[Permission]

    @property
    def actor(self) -> str:
        """How the audit log names the caller: kind and id, never a name or an email."""
        return f"{self.kind}:{self.id}"

    @property
    def user_id(self) -> uuid.UUID | None:
        return self.id if self.kind == "user" else None


Handler = TypeVar("Handler", bound=Callable[..., Awaitable[Any]])
PERMISSION_ATTR = "__required_permission__"
PUBLIC = "public"


def requires(permission: Permission) -> Callable[[Handler], Handler]:
    """Mark a handler with the permission it needs; the auth middleware enforces it."""

    def mark(handler: Handler) -> Handler:
        setattr(handler, PERMISSION_ATTR, permission)
        return handler

    return mark


def public(handler: Handler) -> Handler:
    """Mark a handler that anyone may call (health, readiness, login)."""
    setattr(handler, PERMISSION_ATTR, PUBLIC)
    return handler
