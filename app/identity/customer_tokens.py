"""One-time tokens sent by email: verifying an address, resetting a password.

A token is a 256-bit secret; only its SHA-256 hash is stored, with its purpose and expiry. It
works once. Issuing a token retires the customer's earlier unused tokens of the same purpose,
so only the newest link works; using one retires the others too.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ValidationFailed
from app.identity.customer_models import CustomerTokenRow
from app.identity.tokens import hash_secret, new_secret

__all__ = ["consume_token", "issue_token", "retire_tokens"]

MAX_TOKEN_LENGTH = 200


async def issue_token(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    customer_id: uuid.UUID,
    purpose: str,
    now: datetime,
    lifetime: timedelta,
) -> str:
    """Store a new token's hash and return the token itself (to be mailed, never stored)."""
    await retire_tokens(session, tenant_id, customer_id, purpose, now)
    token = new_secret()
    session.add(
        CustomerTokenRow(
            tenant_id=tenant_id,
            token_hash=hash_secret(token),
            customer_id=customer_id,
            purpose=purpose,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    await session.flush()
    return token


async def consume_token(
    session: AsyncSession, *, tenant_id: uuid.UUID, token: str, purpose: str, now: datetime
) -> uuid.UUID:
    """Use a token once and return its customer; VALIDATION (field ``token``) when it cannot be.

    Raises:
        ValidationFailed: unknown (or of another tenant or purpose), already used, or expired.
    """
    row = None
    if 0 < len(token) <= MAX_TOKEN_LENGTH:
        row = await session.scalar(
            select(CustomerTokenRow)
            .where(
                CustomerTokenRow.tenant_id == tenant_id,
                CustomerTokenRow.token_hash == hash_secret(token),
            )
            .with_for_update()
        )
    if row is None or row.purpose != purpose:
        raise ValidationFailed("the link is not valid", field="token")
    if row.used_at is not None:
        raise ValidationFailed(
            "the link was already used, or a newer one was sent: use the newest", field="token"
        )
    if row.expires_at <= now:
        raise ValidationFailed("the link has expired: ask for a new one", field="token")
    await retire_tokens(session, tenant_id, row.customer_id, purpose, now)
    return row.customer_id


async def retire_tokens(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    customer_id: uuid.UUID,
    purpose: str,
    now: datetime,
) -> None:
    """Mark every unused token of ``purpose`` of a customer as used."""
    await session.execute(
        update(CustomerTokenRow)
        .where(
            CustomerTokenRow.tenant_id == tenant_id,
            CustomerTokenRow.customer_id == customer_id,
            CustomerTokenRow.purpose == purpose,
            CustomerTokenRow.used_at.is_(None),
        )
        .values(used_at=now)
    )
