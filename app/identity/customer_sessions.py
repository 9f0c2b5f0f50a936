"""Customers signing in to one tenant: sessions with rotating, single-use refresh tokens.

The same rules as users' sessions (ADR 0005), in tenant-scoped tables: a refresh token presented
a second time means it leaked, and the whole session is revoked. Passwords are checked outside
the writing transaction, so a slow hash never holds a write lock.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Unauthenticated
from app.identity.customer_access import CustomerClaims
from app.identity.customer_models import (
    CustomerRefreshTokenRow,
    CustomerRow,
    CustomerSessionRow,
    CustomerStatus,
)
from app.identity.tokens import hash_secret, new_secret
from app.identity.users import normalize_email
from app.ids import new_id
from app.ratelimit.attempts import Attempt, limit_attempt
from app.runtime import Context

__all__ = ["CustomerTokens", "login", "logout", "refresh", "revoke_sessions"]

_WRONG_CREDENTIALS = "the email or the password is wrong"


@dataclass(frozen=True, slots=True)
class CustomerTokens:
    """What a successful customer sign-in or refresh returns."""

    customer: CustomerRow
    session_id: uuid.UUID
    access_token: str
    refresh_token: str
    expires_at: datetime


async def login(ctx: Context, email: str, password: str) -> CustomerTokens:
    """Check the credentials in the request's tenant and open a session.

    Raises:
        Unauthenticated: the same message for an unknown email, a wrong password and a
            disabled account.
    """
    tenant_id = ctx.require_tenant().id
    # Keyed by tenant too: attempts at one shop do not lock the same email out of another.
    await limit_attempt(ctx, Attempt.LOGIN, f"{tenant_id}:{normalize_email(email)}")
    runtime = ctx.runtime
    passwords = runtime.identity.passwords
    async with runtime.db.transaction(tenant_id, readonly=True) as session:
        customer = await session.scalar(
            select(CustomerRow).where(
                CustomerRow.tenant_id == tenant_id, CustomerRow.email == normalize_email(email)
            )
        )
    stored = customer.password_hash if customer is not None else None
    if not passwords.verify(stored, password) or customer is None or stored is None:
        raise Unauthenticated(_WRONG_CREDENTIALS)
    if customer.status != CustomerStatus.ACTIVE:
        raise Unauthenticated(_WRONG_CREDENTIALS)
    rehashed = passwords.hash(password) if passwords.needs_rehash(stored) else None
    now = runtime.clock.now()
    async with runtime.db.transaction(tenant_id) as session:
        if rehashed is not None:
            await session.execute(
                update(CustomerRow)
                .where(
                    CustomerRow.tenant_id == tenant_id,
                    CustomerRow.id == customer.id,
                    CustomerRow.password_hash == stored,
                )
                .values(password_hash=rehashed)
            )
        session_row = CustomerSessionRow(
            tenant_id=tenant_id,
            id=new_id(),
            customer_id=customer.id,
            created_at=now,
            last_used_at=now,
        )
        session.add(session_row)
        await session.flush()
        return await _issue(ctx, session, customer, session_row.id, now)


async def _issue(
    ctx: Context,
    session: AsyncSession,
    customer: CustomerRow,
    session_id: uuid.UUID,
    now: datetime,
) -> CustomerTokens:
    access = ctx.runtime.identity.customers
    refresh_token = new_secret()
    session.add(
        CustomerRefreshTokenRow(
            tenant_id=customer.tenant_id,
            token_hash=hash_secret(refresh_token),
            session_id=session_id,
            issued_at=now,
            expires_at=now + access.refresh_lifetime,
        )
    )
    expires = now + access.tokens.lifetime
    claims = CustomerClaims(customer.id, customer.tenant_id, session_id, expires)
    return CustomerTokens(
        customer, session_id, access.tokens.issue(claims, now), refresh_token, expires
    )


async def refresh(ctx: Context, refresh_token: str) -> CustomerTokens:
    """Trade a refresh token for a new pair; a reused token revokes its whole session."""
    tenant_id = ctx.require_tenant().id
    await limit_attempt(ctx, Attempt.REFRESH, None)
    runtime = ctx.runtime
    now = runtime.clock.now()
    async with runtime.db.transaction(tenant_id) as session:
        token = await session.scalar(
            select(CustomerRefreshTokenRow)
            .where(
                CustomerRefreshTokenRow.tenant_id == tenant_id,
                CustomerRefreshTokenRow.token_hash == hash_secret(refresh_token),
            )
            .with_for_update()
        )
        if token is None:
            raise Unauthenticated("the refresh token is not valid")
        session_row = await session.get(
            CustomerSessionRow, (tenant_id, token.session_id), with_for_update=True
        )
        if session_row is None or session_row.revoked_at is not None:
            raise Unauthenticated("the session has ended: sign in again")
        if token.used_at is None:
            return await _rotate(ctx, session, token, session_row, now)
        # A used token came back: it leaked. Revoke the family, commit, then refuse.
        await _revoke(session, tenant_id, [session_row.id], now, "refresh token reused")
    runtime.identity.customers.forget_sessions({session_row.id})
    raise Unauthenticated("the refresh token was already used: the session is revoked")


async def _rotate(
    ctx: Context,
    session: AsyncSession,
    token: CustomerRefreshTokenRow,
    session_row: CustomerSessionRow,
    now: datetime,
) -> CustomerTokens:
    if token.expires_at <= now:
        raise Unauthenticated("the refresh token has expired: sign in again")
    customer = await session.get(CustomerRow, (session_row.tenant_id, session_row.customer_id))
    if customer is None or customer.status != CustomerStatus.ACTIVE:
        raise Unauthenticated("the account is not active")
    token.used_at = now
    session_row.last_used_at = now
    return await _issue(ctx, session, customer, session_row.id, now)


async def _revoke(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    session_ids: list[uuid.UUID],
    now: datetime,
    reason: str,
) -> None:
    await session.execute(
        update(CustomerSessionRow)
        .where(
            CustomerSessionRow.tenant_id == tenant_id,
            CustomerSessionRow.id.in_(session_ids),
            CustomerSessionRow.revoked_at.is_(None),
        )
        .values(revoked_at=now, revoked_reason=reason)
    )


async def logout(ctx: Context, session_id: uuid.UUID) -> None:
    """End one session of the request's tenant."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await _revoke(session, tenant_id, [session_id], ctx.runtime.clock.now(), "signed out")
    ctx.runtime.identity.customers.forget_sessions({session_id})


async def revoke_sessions(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    customer_id: uuid.UUID,
    now: datetime,
    reason: str,
) -> set[uuid.UUID]:
    """End every open session of a customer in ``session``'s transaction; return their ids.

    The caller forgets the returned sessions in the principal cache once it has committed.
    """
    ids = set(
        await session.scalars(
            select(CustomerSessionRow.id).where(
                CustomerSessionRow.tenant_id == tenant_id,
                CustomerSessionRow.customer_id == customer_id,
                CustomerSessionRow.revoked_at.is_(None),
            )
        )
    )
    if ids:
        await _revoke(session, tenant_id, sorted(ids), now, reason)
    return ids
