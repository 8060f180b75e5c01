"""JWT access and refresh tokens: one algorithm, every registered claim checked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import jwt

from app.settings import Settings

ISSUER = "hr-resume-search"
AUDIENCE = "hr-resume-search-api"
# Only HMAC-SHA256: "none" and asymmetric algorithms (key confusion) are refused by the allow-list.
ALGORITHMS = ["HS256"]
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "typ", "jti"]

TokenType = Literal["access", "refresh"]


class TokenError(Exception):
    """The token is not one we issued, or not any more."""


@dataclass(frozen=True)
class TokenClaims:
    subject: uuid.UUID
    token_type: TokenType
    token_id: uuid.UUID
    expires_at: datetime
    role: str | None
    family: uuid.UUID | None


def issue(
    settings: Settings,
    subject: uuid.UUID,
    token_type: TokenType,
    *,
    role: str | None = None,
    family: uuid.UUID | None = None,
    token_id: uuid.UUID | None = None,
    expires_at: datetime | None = None,
) -> tuple[str, TokenClaims]:
    """A signed token and its claims; `token_id` and `expires_at` sign an issued token's identity again."""
    now = datetime.now(UTC)
    ttl = (
        timedelta(minutes=settings.jwt_access_ttl_minutes)
        if token_type == "access"
        else timedelta(days=settings.jwt_refresh_ttl_days)
    )
    claims = TokenClaims(subject, token_type, token_id or uuid.uuid4(), expires_at or now + ttl, role, family)
    payload: dict[str, Any] = {
        "sub": str(subject),
        "typ": token_type,
        "jti": str(claims.token_id),
        "iat": now,
        "exp": claims.expires_at,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    if role is not None:
        payload["role"] = role
    if family is not None:
        payload["fam"] = str(family)
    token = jwt.encode(payload, settings.jwt_signing_key, algorithm=ALGORITHMS[0])
    return token, claims


def decode(settings: Settings, token: str, expected: TokenType) -> TokenClaims:
    """Claims of a valid token of the expected type, or TokenError saying why not."""
    try:
        payload = jwt.decode(
            token,
            settings.jwt_signing_key,
            algorithms=ALGORITHMS,
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError:
        raise TokenError("token expired") from None
    except jwt.PyJWTError:
        raise TokenError("invalid token") from None
    if payload.get("typ") != expected:
        raise TokenError(f"not an {expected} token" if expected == "access" else f"not a {expected} token")
    try:
        return TokenClaims(
            subject=uuid.UUID(payload["sub"]),
            token_type=expected,
            token_id=uuid.UUID(payload["jti"]),
            expires_at=datetime.fromtimestamp(payload["exp"], UTC),
            role=payload.get("role"),
            family=uuid.UUID(payload["fam"]) if payload.get("fam") else None,
        )
    except (ValueError, TypeError):
        raise TokenError("invalid token") from None
