"""What the auth routes accept and return."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator

from app.candidates.schemas import shows_something
from app.models import Role


def _not_blank(value: str) -> str:
    # Twelve spaces passed the length check and were a password anyone could guess.
    if not value.strip():
        raise ValueError("must not be only spaces")
    return value


# A new password, as registering, an admin's change or the user's own change gives it; never trimmed: what
# the user typed is what they log in with.
NewPassword = Annotated[str, Field(min_length=12, max_length=1024), AfterValidator(_not_blank)]


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=320, description="username or email")
    password: str = Field(min_length=1, max_length=1024)


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str | None = Field(
        default=None,
        min_length=1,
        max_length=4096,
        description="the refresh token; left out, the one the login's cookie holds (hr_refresh)",
    )


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="seconds the access token lives")


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    username: str
    role: Role
    is_active: bool
    created_at: datetime


class RegisterRequest(BaseModel):
    # Email and username are trimmed; the password never is: what the user typed is what they log in with.
    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    password: NewPassword
    role: Role = Role.VIEWER

    @field_validator("email", "username", mode="before")
    @classmethod
    def _trimmed(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value


class UserList(BaseModel):
    items: list[UserOut]
    limit: int
    next_cursor: str | None = Field(
        default=None,
        description="send as `cursor` for the next page, which goes on after this page's last user (oldest "
        "first); null on the last page",
    )


class PageQuery(BaseModel):
    """Query string of a list paged oldest first by cursor, GET /api/v1/users and /api/v1/api-keys: every user
    or key came in one answer, however many there were."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=50, ge=1, le=100, description="users or keys a page holds")
    cursor: str | None = Field(
        default=None, max_length=200, description="the `next_cursor` of the page before"
    )


class UserUpdate(BaseModel):
    """What an admin changes of a user: the role, whether the account may sign in, a new password. A
    deactivated user or a new password ends every session the user has at once."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    is_active: bool | None = None
    password: NewPassword | None = None

    @model_validator(mode="after")
    def _something(self) -> UserUpdate:
        if self.role is None and self.is_active is None and self.password is None:
            raise ValueError("give at least one of role, is_active, password")
        return self


class PasswordChange(BaseModel):
    """A signed-in user's own new password: the current one proves it is them, not a borrowed session."""

    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=1024)
    new_password: NewPassword


class MeOut(BaseModel):
    kind: Literal["user", "api_key"]
    id: uuid.UUID
    role: str
    permissions: list[str]
    user: UserOut | None = None


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # A name of invisible characters only (a zero-width space) is refused as a blank one is: the key was
    # listed without a name, which its admin could not tell from another.
    name: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(shows_something)]
    scope: Literal["read", "read_write"] = "read"


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    prefix: str
    scope: str
    created_by: uuid.UUID | None = Field(
        description="the admin who created the key: the key acts for them, refused while they are "
        "deactivated and never doing more than their role now allows (null: made by an operator in the "
        "database, or its creator's row deleted there; such a key keeps its own scope)"
    )
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool = Field(
        default=True,
        description="whether the key is accepted now: not revoked, and its creator not deactivated",
    )


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="the key itself: shown once, store it now")


class ApiKeyList(BaseModel):
    items: list[ApiKeyOut]
    limit: int
    next_cursor: str | None = Field(
        default=None,
        description="send as `cursor` for the next page, which goes on after this page's last key (oldest "
        "first); null on the last page",
    )
