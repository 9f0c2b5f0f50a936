"""Preview tokens: a frontend shows a translation's working copy to whoever holds the token.

Only the SHA-256 of a token is stored; the token itself is shown once, when it is created.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app.db.database import set_tenant
from app.errors import ValidationFailed
from app.ids import new_id
from app.jobs.declarations import JobContext, PeriodicJob
from app.runtime import Context
from app.tenants.models import TenantRow
from modules.content.entries.models import PreviewTokenRow, TranslationRow
from modules.content.entries.records import actor_of, lock_translation
from modules.content.settings import load_settings

__all__ = [
    "PRUNE_PREVIEW_TOKENS",
    "TOKEN_PREFIX",
    "create_preview_token",
    "find_previewed_translation",
]

TOKEN_PREFIX = "pv_"  # noqa: S105 - a marker, not a secret


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_preview_token(
    ctx: Context, entry_id: uuid.UUID, locale: str, expires_in_seconds: int | None
) -> tuple[str, datetime]:
    """Return a new token showing the translation's working copy, and when it expires."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        settings = await load_settings(session, tenant.id)
        ttl = expires_in_seconds or settings.preview_token_ttl_seconds
        if not 60 <= ttl <= settings.preview_token_ttl_seconds:
            raise ValidationFailed(
                f"between 60 and {settings.preview_token_ttl_seconds} seconds",
                field="expiresInSeconds",
            )
        locked = await lock_translation(session, tenant.id, entry_id, locale, field="entryId")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = ctx.runtime.clock.now()
        kind, actor = actor_of(ctx.principal)
        expires_at = now + timedelta(seconds=ttl)
        session.add(
            PreviewTokenRow(
                tenant_id=tenant.id,
                id=new_id(),
                translation_id=locked.translation.id,
                token_hash=_digest(token),
                expires_at=expires_at,
                created_by_kind=kind,
                created_by_id=actor,
                created_at=now,
            )
        )
    return token, expires_at


async def find_previewed_translation(ctx: Context, token: str) -> TranslationRow | None:
    """Return the translation a live token previews, or None (unknown or expired token)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        return await session.scalar(
            select(TranslationRow)
            .join(
                PreviewTokenRow,
                (PreviewTokenRow.tenant_id == TranslationRow.tenant_id)
                & (PreviewTokenRow.translation_id == TranslationRow.id),
            )
            .where(
                PreviewTokenRow.tenant_id == tenant.id,
                PreviewTokenRow.token_hash == _digest(token),
                PreviewTokenRow.expires_at > ctx.runtime.clock.now(),
            )
        )


async def _prune(job: JobContext) -> None:
    """Delete expired preview tokens, tenant by tenant (row security scopes each delete)."""
    # core_tenants is not row-secured: the one cross-tenant list a job may read.
    for tenant_id in list(await job.session.scalars(select(TenantRow.id))):
        await set_tenant(job.session, tenant_id)
        await job.session.execute(
            delete(PreviewTokenRow).where(
                PreviewTokenRow.tenant_id == tenant_id, PreviewTokenRow.expires_at <= job.now
            )
        )


PRUNE_PREVIEW_TOKENS = PeriodicJob(
    name="content.prune_preview_tokens", every=timedelta(days=1), run=_prune
)
