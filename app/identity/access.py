"""Who a credential is, and what it may do in the request's tenant.

:class:`Identity` turns an access token or an API key into a principal, with the member's
permissions in the request's tenant. Results are cached for ``RUSTOK_PRINCIPAL_CACHE_SECONDS``
(sign-out and role changes in this process forget them at once).
"""

from __future__ import annotations

import hmac
import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import ApiKeyPrincipal, UserPrincipal
from app.clock import Clock
from app.config import Settings
from app.db import Database, set_tenant
from app.errors import Unauthenticated
from app.identity.customer_access import CustomerAccess
from app.identity.models import (
    ApiKeyRow,
    MembershipRoleRow,
    MembershipRow,
    RolePermissionRow,
    RoleRow,
    SessionRow,
    UserRow,
)
from app.identity.passwords import Passwords
from app.identity.roles import builtin_permissions
from app.identity.tokens import AccessTokens, InvalidToken, hash_secret
from app.registry import Registry

__all__ = [
    "API_KEY_PREFIX",
    "KEY_USE_RESOLUTION",
    "Identity",
    "member_permissions",
    "parse_api_key",
]

API_KEY_PREFIX = "rk_"
_INVALID_KEY = "the API key is not valid"
# How precisely an API key's ``last_used_at`` is kept: one write per key per this period.
KEY_USE_RESOLUTION = timedelta(minutes=1)

_CacheKey = tuple[uuid.UUID, uuid.UUID | None]


def parse_api_key(raw: str) -> tuple[uuid.UUID, str]:
    """Split ``rk_<key id hex>_<secret>``; ValueError if it is not of that form."""
    body = raw.removeprefix(API_KEY_PREFIX)
    key_id, sep, secret = body.partition("_")
    if not raw.startswith(API_KEY_PREFIX) or not sep or not secret:
        raise ValueError("not an API key")
    return uuid.UUID(hex=key_id), secret


async def member_permissions(
    session: AsyncSession, registry: Registry, tenant_id: uuid.UUID, user_id: uuid.UUID
) -> tuple[list[str], frozenset[str]]:
    """Return a member's role names and the permissions they grant in ``tenant_id``."""
    await set_tenant(session, tenant_id)
    roles = (
        await session.execute(
            select(RoleRow.id, RoleRow.name, RoleRow.is_builtin)
            .join(
                MembershipRoleRow,
                (MembershipRoleRow.tenant_id == RoleRow.tenant_id)
                & (MembershipRoleRow.role_id == RoleRow.id),
            )
            # Only a current membership grants anything, even if an assignment outlived it.
            .join(
                MembershipRow,
                (MembershipRow.tenant_id == MembershipRoleRow.tenant_id)
                & (MembershipRow.user_id == MembershipRoleRow.user_id),
            )
            .where(MembershipRoleRow.tenant_id == tenant_id, MembershipRoleRow.user_id == user_id)
            .order_by(RoleRow.name)
        )
    ).all()
    declared = registry.permissions().values()
    granted: set[str] = set()
    custom = [role_id for role_id, _, builtin in roles if not builtin]
    for _, name, builtin in roles:
        if builtin:
            granted |= builtin_permissions(name, declared)
    if custom:
        rows = await session.scalars(
            select(RolePermissionRow.permission).where(
                RolePermissionRow.tenant_id == tenant_id, RolePermissionRow.role_id.in_(custom)
            )
        )
        known = {permission.name for permission in declared}
        granted |= {name for name in rows if name in known}
    return [name for _, name, _ in roles], frozenset(granted)


class Identity:
    """Password hashing, token issuing, and credential → principal resolution."""

    def __init__(self, db: Database, registry: Registry, clock: Clock, settings: Settings) -> None:
        self._db = db
        self._registry = registry
        self._clock = clock
        self.passwords = Passwords.for_cost(settings.password_hash_cost)
        self.access_tokens = AccessTokens(
            settings.effective_secret_key, timedelta(minutes=settings.access_token_minutes)
        )
        self.refresh_lifetime = timedelta(days=settings.refresh_token_days)
        self._ttl = timedelta(seconds=settings.principal_cache_seconds)
        self._cache: dict[_CacheKey, tuple[datetime, UserPrincipal, uuid.UUID]] = {}
        self.customers = CustomerAccess(db, clock, settings)

    def forget_sessions(self, session_ids: set[uuid.UUID]) -> None:
        """Drop cached principals of these sessions (after sign-out or revocation)."""
        for key in [key for key in self._cache if key[0] in session_ids]:
            self._cache.pop(key, None)

    def forget_user(self, user_id: uuid.UUID) -> None:
        """Drop cached principals of a user (after a role or status change)."""
        for key in [key for key, value in self._cache.items() if value[2] == user_id]:
            self._cache.pop(key, None)

    async def user_principal(self, token: str, tenant_id: uuid.UUID | None) -> UserPrincipal:
        """Return the principal of an access token, with its permissions in ``tenant_id``."""
        now = self._clock.now()
        try:
            claims = self.access_tokens.verify(token, now)
        except InvalidToken as error:
            raise Unauthenticated(str(error)) from None
        key = (claims.session_id, tenant_id)
        cached = self._cache.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        principal = await self._load_user(claims.user_id, claims.session_id, tenant_id)
        if self._ttl:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key] = (now + self._ttl, principal, claims.user_id)
        return principal

    async def _load_user(
        self, user_id: uuid.UUID, session_id: uuid.UUID, tenant_id: uuid.UUID | None
    ) -> UserPrincipal:
        async with self._db.transaction(readonly=True) as session:
            row = (
                await session.execute(
                    select(SessionRow.revoked_at, UserRow.status, UserRow.is_platform_admin)
                    .join(UserRow, UserRow.id == SessionRow.user_id)
                    .where(SessionRow.id == session_id, SessionRow.user_id == user_id)
                )
            ).first()
            if row is None or row[0] is not None:
                raise Unauthenticated("the session has ended: sign in again")
            if row[1] != "active":
                raise Unauthenticated("the account is not active")
            memberships: dict[uuid.UUID, frozenset[str]] = {}
            if tenant_id is not None:
                _, granted = await member_permissions(session, self._registry, tenant_id, user_id)
                memberships[tenant_id] = granted
        return UserPrincipal(
            user_id=user_id,
            is_platform_admin=bool(row[2]),
            memberships=memberships,
            session_id=session_id,
        )

    async def api_key_principal(self, raw: str) -> ApiKeyPrincipal:
        """Return the principal of an API key; Unauthenticated if unknown, revoked or expired."""
        try:
            key_id, secret = parse_api_key(raw)
        except ValueError:
            raise Unauthenticated(_INVALID_KEY) from None
        async with self._db.transaction(readonly=True) as session:
            key = await session.get(ApiKeyRow, key_id)
        now = self._clock.now()
        if key is None or not hmac.compare_digest(key.secret_hash, hash_secret(secret)):
            raise Unauthenticated(_INVALID_KEY)
        if key.revoked_at is not None or (key.expires_at is not None and key.expires_at <= now):
            raise Unauthenticated("the API key is revoked or expired")
        if key.last_used_at is None or key.last_used_at <= now - KEY_USE_RESOLUTION:
            await self._mark_used(key, now)
        return ApiKeyPrincipal(
            key_id=key.id, tenant_id=key.tenant_id, permissions=frozenset(key.permissions)
        )

    async def _mark_used(self, key: ApiKeyRow, now: datetime) -> None:
        """Record the key's use, at most once per resolution (a busy key writes once a minute).

        The guard in the statement keeps concurrent requests from writing it twice.
        """
        async with self._db.transaction(key.tenant_id) as session:
            await session.execute(
                update(ApiKeyRow)
                .where(
                    ApiKeyRow.id == key.id,
                    or_(
                        ApiKeyRow.last_used_at.is_(None),
                        ApiKeyRow.last_used_at <= now - KEY_USE_RESOLUTION,
                    ),
                )
                .values(last_used_at=now)
            )
