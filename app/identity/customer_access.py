"""Customer access tokens and the customer principal behind one.

A customer access token is a short-lived HS256 JWT like a user's, but of type ``customer`` and
bound to the customer's tenant (claim ``tid``): it is accepted only on requests whose
``X-Tenant`` names that tenant. The session behind it is checked (and cached for
``RUSTOK_PRINCIPAL_CACHE_SECONDS``) as a user's is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from sqlalchemy import select

from app.auth.principal import CustomerPrincipal
from app.clock import Clock
from app.config import Settings
from app.db import Database
from app.errors import Unauthenticated
from app.identity.customer_models import CustomerRow, CustomerSessionRow, CustomerStatus
from app.identity.tokens import InvalidToken

__all__ = ["CustomerAccess", "CustomerAccessTokens", "CustomerClaims", "is_customer_token"]

_ALGORITHM = "HS256"
_AUDIENCE = "rustok"
_TYPE = "customer"
_MAX_CACHED = 10_000


@dataclass(frozen=True, slots=True)
class CustomerClaims:
    """What a customer access token says: who, in which tenant and session, until when."""

    customer_id: uuid.UUID
    tenant_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: datetime


def is_customer_token(token: str) -> bool:
    """Return whether ``token`` claims to be a customer token (verified only afterwards)."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return False
    return isinstance(claims, dict) and claims.get("typ") == _TYPE


class CustomerAccessTokens:
    """Issues and verifies customer access tokens signed with the server's secret key."""

    def __init__(self, secret_key: str, lifetime: timedelta) -> None:
        self._key = secret_key
        self.lifetime = lifetime

    def issue(self, claims: CustomerClaims, now: datetime) -> str:
        """Return the signed token of ``claims`` (``expires_at`` included)."""
        payload = {
            "sub": str(claims.customer_id),
            "tid": str(claims.tenant_id),
            "sid": str(claims.session_id),
            "typ": _TYPE,
            "aud": _AUDIENCE,
            "iat": int(now.timestamp()),
            "exp": int(claims.expires_at.timestamp()),
        }
        return jwt.encode(payload, self._key, algorithm=_ALGORITHM)

    def verify(self, token: str, now: datetime) -> CustomerClaims:
        """Return the claims of a valid customer token at ``now`` (the injectable clock)."""
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[_ALGORITHM],
                audience=_AUDIENCE,
                options={"verify_exp": False, "require": ["sub", "tid", "sid", "exp", "typ"]},
            )
            if claims["typ"] != _TYPE:
                raise InvalidToken("not a customer token")
            expires = datetime.fromtimestamp(int(claims["exp"]), tz=now.tzinfo)
            parsed = CustomerClaims(
                uuid.UUID(claims["sub"]),
                uuid.UUID(claims["tid"]),
                uuid.UUID(claims["sid"]),
                expires,
            )
        except (jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
            raise InvalidToken("the access token is not valid") from error
        if expires <= now:
            raise InvalidToken("the access token has expired")
        return parsed


class CustomerAccess:
    """Turns a customer access token into a :class:`CustomerPrincipal` of its own tenant."""

    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self._db = db
        self._clock = clock
        self.tokens = CustomerAccessTokens(
            settings.effective_secret_key, timedelta(minutes=settings.access_token_minutes)
        )
        self.refresh_lifetime = timedelta(days=settings.refresh_token_days)
        self._ttl = timedelta(seconds=settings.principal_cache_seconds)
        self._cache: dict[uuid.UUID, tuple[datetime, CustomerPrincipal]] = {}

    def forget_sessions(self, session_ids: set[uuid.UUID]) -> None:
        """Drop cached principals of these sessions (after sign-out, reset or revocation)."""
        for session_id in session_ids:
            self._cache.pop(session_id, None)

    async def principal(self, token: str, tenant_id: uuid.UUID | None) -> CustomerPrincipal:
        """Return the customer behind ``token``; Unauthenticated outside the token's tenant."""
        now = self._clock.now()
        try:
            claims = self.tokens.verify(token, now)
        except InvalidToken as error:
            raise Unauthenticated(str(error)) from None
        if claims.tenant_id != tenant_id:
            raise Unauthenticated(
                "a customer token is valid only in its own tenant: send that tenant's X-Tenant"
            )
        cached = self._cache.get(claims.session_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        principal = await self._load(claims)
        if self._ttl:
            if len(self._cache) > _MAX_CACHED:
                self._cache.clear()
            self._cache[claims.session_id] = (now + self._ttl, principal)
        return principal

    async def _load(self, claims: CustomerClaims) -> CustomerPrincipal:
        async with self._db.transaction(claims.tenant_id, readonly=True) as session:
            row = (
                await session.execute(
                    select(CustomerSessionRow.revoked_at, CustomerRow.status)
                    .join(
                        CustomerRow,
                        (CustomerRow.tenant_id == CustomerSessionRow.tenant_id)
                        & (CustomerRow.id == CustomerSessionRow.customer_id),
                    )
                    .where(
                        CustomerSessionRow.tenant_id == claims.tenant_id,
                        CustomerSessionRow.id == claims.session_id,
                        CustomerSessionRow.customer_id == claims.customer_id,
                    )
                )
            ).first()
        if row is None or row[0] is not None:
            raise Unauthenticated("the session has ended: sign in again")
        if row[1] != CustomerStatus.ACTIVE:
            raise Unauthenticated("the account is not active")
        return CustomerPrincipal(
            customer_id=claims.customer_id,
            tenant_id=claims.tenant_id,
            session_id=claims.session_id,
        )
