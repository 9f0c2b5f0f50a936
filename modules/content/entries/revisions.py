"""Restoring an older revision: it is copied into a new working copy; nothing is published."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.errors import Conflict, NotFound
from app.events.emit import emit
from app.runtime import Context
from modules.content.entries.drafts import draft_of
from modules.content.entries.models import RevisionRow, TranslationRow
from modules.content.entries.records import lock_translation
from modules.content.entries.service import sync_asset_uses, write_revision
from modules.content.entries.slugs import claim_slug
from modules.content.events import ENTRY_REVISION_RESTORED, RevisionRestored

__all__ = ["restore_revision"]


async def restore_revision(ctx: Context, revision_id: uuid.UUID) -> tuple[uuid.UUID, str]:
    """Copy revision ``revision_id`` into a new current revision of its translation.

    Returns:
        The entry id and locale of the translation.
    """
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        source = await session.scalar(
            select(RevisionRow).where(
                RevisionRow.tenant_id == tenant.id, RevisionRow.id == revision_id
            )
        )
        if source is None:
            raise NotFound("no such revision", field="revisionId")
        locale = await session.scalar(
            select(TranslationRow.locale).where(
                TranslationRow.tenant_id == tenant.id, TranslationRow.id == source.translation_id
            )
        )
        if locale is None:
            raise NotFound("no such revision", field="revisionId")
        locked = await lock_translation(session, tenant.id, source.entry_id, locale)
        if source.id == locked.current.id:
            raise Conflict("this revision is the working copy already", field="revisionId")
        draft = draft_of(source)
        if draft.slug != locked.translation.slug:
            await claim_slug(session, tenant.id, source.entry_id, locale, draft.slug)
        revision = await write_revision(
            ctx, session, locked.translation, draft, restored_from=source.id
        )
        await sync_asset_uses(ctx, session, locked.entry)
        payload = RevisionRestored(
            entry_id=str(source.entry_id),
            kind=locked.entry.kind,
            locale=locale,
            revision_id=str(revision.id),
            restored_from_id=str(source.id),
        )
        await emit(ctx, session, ENTRY_REVISION_RESTORED, payload, aggregate_id=source.entry_id)
    return source.entry_id, locale
