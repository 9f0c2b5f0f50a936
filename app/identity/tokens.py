"""Access tokens (short-lived signed JWTs) and refresh tokens (opaque, stored as hashes)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

__all__ = ["AccessClaims", "AccessTokens", "InvalidToken", "hash_secret", "new_secret"]

_ALGORITHM = "HS256"
_AUDIENCE = "rustok"


class InvalidToken(Exception):
    """The token is malformed, forged, of another kind, or expired."""


@dataclass(frozen=True, slots=True)
class AccessClaims:
    """What an access token says: who, in which session, until when."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: datetime


def new_secret() -> str:
    """Return a new unguessable secret (refresh tokens, API keys, email links)."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """Return the SHA-256 hex digest under which a secret is stored and looked up."""
    return hashlib.sha256(secret.encode()).hexdigest()


class AccessTokens:
    """Issues and verifies access tokens signed with the server's secret key."""

    def __init__(self, secret_key: str, lifetime: timedelta) -> None:
        self._key = secret_key
        self.lifetime = lifetime

    def issue(
        self, user_id: uuid.UUID, session_id: uuid.UUID, now: datetime
    ) -> tuple[str, datetime]:
        """Return a token for the session and when it expires."""
        expires = now + self.lifetime
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
            "typ": "access",
            "aud": _AUDIENCE,
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm=_ALGORITHM), expires

    def verify(self, token: str, now: datetime) -> AccessClaims:
        """Return the claims of a valid token at ``now`` (the injectable clock, not the OS's)."""
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[_ALGORITHM],
                audience=_AUDIENCE,
                options={"verify_exp": False, "require": ["sub", "sid", "exp", "typ"]},
            )
            if claims["typ"] != "access":
                raise InvalidToken("not an access token")
            expires = datetime.fromtimestamp(int(claims["exp"]), tz=now.tzinfo)
            if expires <= now:
                raise InvalidToken("the access token has expired")
            return AccessClaims(uuid.UUID(claims["sub"]), uuid.UUID(claims["sid"]), expires)
        except (jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
            raise InvalidToken("the access token is not valid") from error
