"""API keys: an application's credential, scoped to some permissions in one tenant.

A key reads ``rk_<key id hex>_<secret>``. Only the SHA-256 of the secret is stored, so the whole
key is shown once, when it is created. A key holds tenant permissions the creator holds
(:mod:`app.identity.grants`), may expire, and can be revoked; a revoked or expired key is
refused as UNAUTHENTICATED at once (keys are looked up at every request, never cached).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from app.errors import ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.identity.access import API_KEY_PREFIX
from app.identity.events import API_KEY_CREATED, API_KEY_REVOKED, ApiKeyCreated, ApiKeyRevoked
from app.identity.grants import grant_problems, raise_problems
from app.identity.models import ApiKeyRow
from app.identity.tokens import hash_secret, new_secret
from app.ids import new_id
from app.runtime import Context

__all__ = [
    "CreatedApiKey",
    "api_keys_of",
    "create_api_key",
    "key_prefix",
    "list_api_keys",
    "revoke_api_key",
]


@dataclass(frozen=True, slots=True)
class CreatedApiKey:
    """A new key's row and the whole key, which nothing can show again."""

    row: ApiKeyRow
    key: str


def key_prefix(key_id: uuid.UUID) -> str:
    """Return the public start of a key, ``rk_<key id hex>``, which tells keys apart."""
    return f"{API_KEY_PREFIX}{key_id.hex}"


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _problems(
    ctx: Context,
    tenant_id: uuid.UUID,
    name: str,
    permissions: Sequence[str],
    expires_at: datetime | None,
) -> list[FieldProblem]:
    problems = []
    if not name or len(name) > 120 or any(ord(char) < 32 for char in name):
        problems.append(_problem("give a name of 1 to 120 characters, on one line", "name"))
    if not permissions:
        problems.append(_problem("give the key at least one permission", "permissions"))
    problems += grant_problems(ctx, tenant_id, permissions)
    if expires_at is not None and expires_at.tzinfo is None:
        problems.append(_problem("give the time with its UTC offset", "expiresAt"))
    elif expires_at is not None and expires_at <= ctx.runtime.clock.now():
        problems.append(_problem("the expiry must be in the future", "expiresAt"))
    return problems


async def create_api_key(
    ctx: Context,
    tenant_id: uuid.UUID,
    *,
    name: str,
    permissions: Sequence[str],
    expires_at: datetime | None = None,
) -> CreatedApiKey:
    """Create a key holding ``permissions`` in the tenant; VALIDATION for bad fields."""
    name = name.strip()
    raise_problems(_problems(ctx, tenant_id, name, permissions, expires_at))
    secret = new_secret()
    row = ApiKeyRow(
        id=new_id(),
        tenant_id=tenant_id,
        name=name,
        secret_hash=hash_secret(secret),
        permissions=sorted(set(permissions)),
        created_at=ctx.runtime.clock.now(),
        expires_at=expires_at,
        revoked_at=None,
        last_used_at=None,
    )
    async with ctx.runtime.db.transaction(tenant_id) as session:
        session.add(row)
        await session.flush()
        payload = ApiKeyCreated(
            api_key_id=str(row.id),
            name=row.name,
            permissions=list(row.permissions),
            expires_at=expires_at,
        )
        await emit(ctx, session, API_KEY_CREATED, payload, aggregate_id=row.id, tenant_id=tenant_id)
    return CreatedApiKey(row=row, key=f"{key_prefix(row.id)}_{secret}")


async def revoke_api_key(ctx: Context, tenant_id: uuid.UUID, key_id: uuid.UUID) -> ApiKeyRow:
    """Revoke a key of the tenant (a revoked key stays revoked); NOT_FOUND for another's key."""
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await session.get(ApiKeyRow, key_id, with_for_update=True)
        if row is None or row.tenant_id != tenant_id:
            raise NotFound("no such API key in this tenant", field="id")
        if row.revoked_at is not None:
            return row
        row.revoked_at = ctx.runtime.clock.now()
        payload = ApiKeyRevoked(api_key_id=str(row.id))
        await emit(ctx, session, API_KEY_REVOKED, payload, aggregate_id=row.id, tenant_id=tenant_id)
    return row


def api_keys_of(tenant_id: uuid.UUID) -> Select[tuple[ApiKeyRow]]:
    """Return the statement selecting the tenant's keys (the table is not row-secured)."""
    statement: Select[tuple[ApiKeyRow]] = select(ApiKeyRow)
    return statement.where(ApiKeyRow.tenant_id == tenant_id)


async def list_api_keys(ctx: Context, tenant_id: uuid.UUID) -> list[ApiKeyRow]:
    """Return every key of the tenant, oldest first, revoked and expired ones included."""
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        return list(await session.scalars(api_keys_of(tenant_id).order_by(ApiKeyRow.id)))
