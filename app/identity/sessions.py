"""Signing in: sessions with short access tokens and rotating, single-use refresh tokens.

Presenting a refresh token that was already used means it leaked: the whole session (every
token of its family) is revoked.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Unauthenticated
from app.identity.models import RefreshTokenRow, SessionRow, UserRow
from app.identity.tokens import hash_secret, new_secret
from app.identity.users import UserStatus, find_user_by_email
from app.ids import new_id
from app.ratelimit.attempts import Attempt, limit_attempt
from app.runtime import Context

__all__ = ["IssuedTokens", "login", "logout", "refresh", "revoke_all_sessions"]

_WRONG_CREDENTIALS = "the email or the password is wrong"


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    """What a successful sign-in or refresh returns."""

    user: UserRow
    session_id: uuid.UUID
    access_token: str
    refresh_token: str
    expires_at: datetime


async def login(ctx: Context, email: str, password: str) -> IssuedTokens:
    """Check the credentials and open a session; Unauthenticated when they are wrong.

    Every call is one attempt against the login limits (per email and per client address),
    counted before the password is checked: TooManyAttempts once over either.
    """
    await limit_attempt(ctx, Attempt.LOGIN, email)
    runtime = ctx.runtime
    async with runtime.db.transaction() as session:
        user = await find_user_by_email(session, email)
        stored = user.password_hash if user is not None else None
        if not runtime.identity.passwords.verify(stored, password) or user is None:
            raise Unauthenticated(_WRONG_CREDENTIALS)
        if user.status != UserStatus.ACTIVE:
            raise Unauthenticated(_WRONG_CREDENTIALS)
        if stored and runtime.identity.passwords.needs_rehash(stored):
            user.password_hash = runtime.identity.passwords.hash(password)
        now = runtime.clock.now()
        session_row = SessionRow(id=new_id(), user_id=user.id, created_at=now, last_used_at=now)
        session.add(session_row)
        await session.flush()
        return await _issue(ctx, session, user, session_row.id, now)


async def _issue(
    ctx: Context, session: AsyncSession, user: UserRow, session_id: uuid.UUID, now: datetime
) -> IssuedTokens:
    identity = ctx.runtime.identity
    refresh_token = new_secret()
    session.add(
        RefreshTokenRow(
            token_hash=hash_secret(refresh_token),
            session_id=session_id,
            issued_at=now,
            expires_at=now + identity.refresh_lifetime,
        )
    )
    access, expires = identity.access_tokens.issue(user.id, session_id, now)
    return IssuedTokens(user, session_id, access, refresh_token, expires)


async def refresh(ctx: Context, refresh_token: str) -> IssuedTokens:
    """Trade a refresh token for a new pair; a reused token revokes its whole session.

    Each call is one attempt per client address, and once the token names its session, one
    per account (the session's user): TooManyAttempts when over either limit.
    """
    await limit_attempt(ctx, Attempt.REFRESH, None)
    runtime = ctx.runtime
    now = runtime.clock.now()
    async with runtime.db.transaction() as session:
        token = await session.scalar(
            select(RefreshTokenRow)
            .where(RefreshTokenRow.token_hash == hash_secret(refresh_token))
            .with_for_update()
        )
        if token is None:
            raise Unauthenticated("the refresh token is not valid")
        session_row = await session.get(SessionRow, token.session_id, with_for_update=True)
        if session_row is None or session_row.revoked_at is not None:
            raise Unauthenticated("the session has ended: sign in again")
        await limit_attempt(
            ctx, Attempt.REFRESH, f"user:{session_row.user_id}", count_address=False
        )
        if token.used_at is None:
            return await _rotate(ctx, session, token, session_row, now)
        # A used token came back: it leaked. Revoke the family, commit, then refuse.
        await _revoke(session, [session_row.id], now, "refresh token reused")
    runtime.identity.forget_sessions({session_row.id})
    raise Unauthenticated("the refresh token was already used: the session is revoked")


async def _rotate(
    ctx: Context,
    session: AsyncSession,
    token: RefreshTokenRow,
    session_row: SessionRow,
    now: datetime,
) -> IssuedTokens:
    if token.expires_at <= now:
        raise Unauthenticated("the refresh token has expired: sign in again")
    user = await session.get(UserRow, session_row.user_id)
    if user is None or user.status != UserStatus.ACTIVE:
        raise Unauthenticated("the account is not active")
    token.used_at = now
    session_row.last_used_at = now
    return await _issue(ctx, session, user, session_row.id, now)


async def _revoke(
    session: AsyncSession, session_ids: list[uuid.UUID], now: datetime, reason: str
) -> None:
    await session.execute(
        update(SessionRow)
        .where(SessionRow.id.in_(session_ids), SessionRow.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )


async def logout(ctx: Context, session_id: uuid.UUID) -> None:
    """End one session (its access tokens stop working within the principal cache's TTL)."""
    async with ctx.runtime.db.transaction() as session:
        await _revoke(session, [session_id], ctx.runtime.clock.now(), "signed out")
    ctx.runtime.identity.forget_sessions({session_id})


async def revoke_all_sessions(ctx: Context, user_id: uuid.UUID) -> int:
    """End every session of a user; return how many were open."""
    async with ctx.runtime.db.transaction() as session:
        ids = list(
            await session.scalars(
                select(SessionRow.id).where(
                    SessionRow.user_id == user_id, SessionRow.revoked_at.is_(None)
                )
            )
        )
        await _revoke(session, ids, ctx.runtime.clock.now(), "all sessions revoked")
    ctx.runtime.identity.forget_sessions(set(ids))
    return len(ids)
