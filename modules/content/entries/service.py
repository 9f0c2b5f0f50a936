"""Writing entries: create, save drafts, add and delete translations, delete entries.

Every write runs in one transaction with its events; a refused write leaves nothing behind.
Publishing and the rest of the workflow live in :mod:`.workflow`.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ValidationFailed
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.content.body import parse_body, referenced_assets
from modules.content.entries.drafts import Draft, DraftInput, draft_of, merge_draft
from modules.content.entries.models import EntryRow, RedirectRow, RevisionRow, TranslationRow
from modules.content.entries.records import (
    actor_of,
    check_locale,
    lock_entry,
    lock_translation,
    next_revision_number,
)
from modules.content.entries.slugs import check_slug, claim_slug, unique_slug
from modules.content.entries.status import Status
from modules.content.events import (
    ENTRY_CREATED,
    ENTRY_DELETED,
    ENTRY_UPDATED,
    TRANSLATION_CREATED,
    TRANSLATION_DELETED,
    EntryChanged,
    EntryDeleted,
    EntryRevision,
    EntryState,
)
from modules.content.media.api import get_asset, release_asset_uses, set_asset_uses
from modules.content.settings import ContentSettings, load_settings
from modules.content.taxonomy.api import set_entry_terms

__all__ = [
    "KEEP",
    "EntryFields",
    "Keep",
    "create_entry",
    "create_translation",
    "delete_entry",
    "delete_translation",
    "sync_asset_uses",
    "update_entry",
    "write_revision",
]

OWNER_TYPE = "ContentEntry"
_KIND_PATTERN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class Keep(enum.Enum):
    """Leave the field as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryFields:
    """Fields shared by every locale of an entry; None lists leave the links unchanged."""

    cover_image_id: uuid.UUID | Keep | None = KEEP
    category_ids: Sequence[uuid.UUID] | None = None
    tag_ids: Sequence[uuid.UUID] | None = None
    tag_names: Sequence[str] | None = None


async def _slug_for(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    entry_id: uuid.UUID,
    locale: str,
    given: DraftInput,
    current: str | None,
) -> str:
    if given.slug is not None:
        slug = check_slug(given.slug)
        if slug != current:
            await claim_slug(session, tenant_id, entry_id, locale, slug)
        return slug
    if current is not None:
        return current
    return await unique_slug(session, tenant_id, locale, given.title or "")


async def write_revision(
    ctx: Context,
    session: AsyncSession,
    translation: TranslationRow,
    draft: Draft,
    *,
    restored_from: uuid.UUID | None = None,
) -> RevisionRow:
    """Store ``draft`` as the translation's next revision and make it the working copy."""
    kind, actor = actor_of(ctx.principal)
    revision = RevisionRow(
        tenant_id=translation.tenant_id,
        id=new_id(),
        entry_id=translation.entry_id,
        translation_id=translation.id,
        number=await next_revision_number(session, translation.tenant_id, translation.id),
        created_by_kind=kind,
        created_by_id=actor,
        restored_from_id=restored_from,
        created_at=ctx.runtime.clock.now(),
        **draft.revision_values(),
    )
    session.add(revision)
    translation.current_revision_id = revision.id
    translation.slug = draft.slug
    translation.updated_at = revision.created_at
    await session.flush()
    return revision


async def sync_asset_uses(ctx: Context, session: AsyncSession, entry: EntryRow) -> None:
    """Record every asset the entry uses: cover, and each live or working revision's images.

    Two reads whatever the number of locales: the translations, then their revisions.
    """
    uses: dict[str, uuid.UUID] = {}
    if entry.cover_asset_id is not None:
        uses["coverImage"] = entry.cover_asset_id
    translations = list(
        await session.scalars(
            select(TranslationRow).where(
                TranslationRow.tenant_id == entry.tenant_id, TranslationRow.entry_id == entry.id
            )
        )
    )
    editions = [
        (f"{translation.locale}.{edition}", revision_id)
        for translation in translations
        for edition, revision_id in (
            ("working", translation.current_revision_id),
            ("live", translation.published_revision_id),
        )
        if revision_id is not None
    ]
    revisions = {
        row.id: row
        for row in await session.scalars(
            select(RevisionRow).where(
                RevisionRow.tenant_id == entry.tenant_id,
                RevisionRow.id.in_({revision_id for _, revision_id in editions}),
            )
        )
    }
    for prefix, revision_id in editions:
        revision = revisions.get(revision_id)
        if revision is None:
            continue
        if revision.seo_image_asset_id is not None:
            uses[f"{prefix}.seo.image"] = revision.seo_image_asset_id
        for position, asset in enumerate(sorted(referenced_assets(parse_body(revision.body)))):
            uses[f"{prefix}.body.{position}"] = asset
    await set_asset_uses(
        session, entry.tenant_id, OWNER_TYPE, entry.id, uses, ctx.runtime.clock.now()
    )


async def _apply_fields(
    ctx: Context, session: AsyncSession, entry: EntryRow, fields: EntryFields
) -> list[str]:
    changed: list[str] = []
    if (
        not isinstance(fields.cover_image_id, Keep)
        and fields.cover_image_id != entry.cover_asset_id
    ):
        if fields.cover_image_id is not None:
            await get_asset(session, entry.tenant_id, fields.cover_image_id, field="coverImageId")
        entry.cover_asset_id = fields.cover_image_id
        changed.append("coverImageId")
    if (fields.category_ids, fields.tag_ids, fields.tag_names) != (None, None, None):
        changed += await set_entry_terms(
            ctx,
            session,
            entry.id,
            category_ids=fields.category_ids,
            tag_ids=fields.tag_ids,
            tag_names=fields.tag_names,
        )
    return changed


async def _check_seo_image(session: AsyncSession, tenant_id: uuid.UUID, draft: DraftInput) -> None:
    if draft.seo_image_id is not None:
        await get_asset(session, tenant_id, draft.seo_image_id, field="seo.imageId")


def _check_kind(kind: str) -> str:
    if not 1 <= len(kind) <= 40 or not set(kind) <= _KIND_PATTERN or not kind[0].isalpha():
        raise ValidationFailed("a kind is lowercase letters, digits and _", field="kind")
    return kind


async def _new_translation(
    ctx: Context,
    session: AsyncSession,
    entry: EntryRow,
    locale: str,
    draft_input: DraftInput,
    settings: ContentSettings,
    base: Draft | None = None,
) -> tuple[TranslationRow, RevisionRow]:
    now = ctx.runtime.clock.now()
    slug = await _slug_for(session, entry.tenant_id, entry.id, locale, draft_input, None)
    draft = merge_draft(base, draft_input, settings, slug=slug)
    await _check_seo_image(session, entry.tenant_id, draft_input)
    translation = TranslationRow(
        tenant_id=entry.tenant_id,
        id=new_id(),
        entry_id=entry.id,
        locale=locale,
        slug=slug,
        status=Status.DRAFT.value,
        current_revision_id=uuid.UUID(int=0),
        created_at=now,
        updated_at=now,
    )
    session.add(translation)
    await session.flush()
    revision = await write_revision(ctx, session, translation, draft)
    return translation, revision


async def create_entry(
    ctx: Context,
    *,
    locale: str,
    draft: DraftInput,
    kind: str = "page",
    fields: EntryFields | None = None,
    author_user_id: uuid.UUID | None = None,
) -> tuple[uuid.UUID, str]:
    """Create an entry with its first translation as a draft; emit ``content.entry.created``.

    Returns:
        The entry id and the locale of its first translation.
    """
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        settings = await load_settings(session, tenant.id)
        check_locale(settings, locale)
        now = ctx.runtime.clock.now()
        entry = EntryRow(
            tenant_id=tenant.id,
            id=new_id(),
            kind=_check_kind(kind),
            author_user_id=author_user_id,
            created_at=now,
            updated_at=now,
        )
        session.add(entry)
        await session.flush()
        _translation, revision = await _new_translation(
            ctx, session, entry, locale, draft, settings
        )
        await _apply_fields(ctx, session, entry, fields or EntryFields())
        await sync_asset_uses(ctx, session, entry)
        payload = EntryRevision(
            entry_id=str(entry.id), kind=entry.kind, locale=locale, revision_id=str(revision.id)
        )
        await emit(ctx, session, ENTRY_CREATED, payload, aggregate_id=entry.id)
    return entry.id, locale


def _draft_changes(old: Draft, new: Draft) -> list[str]:
    names = {
        "title": "title",
        "slug": "slug",
        "body": "body",
        "excerpt": "excerpt",
        "seo_title": "seo.title",
        "seo_description": "seo.description",
        "canonical_url": "seo.canonicalUrl",
        "seo_image_id": "seo.imageId",
    }
    return [label for name, label in names.items() if getattr(old, name) != getattr(new, name)]


async def _leave_redirect(
    session: AsyncSession, translation: TranslationRow, old_slug: str, now_slug: str
) -> None:
    if translation.first_published_at is None or old_slug == now_slug:
        return
    session.add(
        RedirectRow(
            tenant_id=translation.tenant_id,
            id=new_id(),
            locale=translation.locale,
            from_slug=old_slug,
            entry_id=translation.entry_id,
            created_at=translation.updated_at,
        )
    )


async def update_entry(
    ctx: Context,
    entry_id: uuid.UUID,
    *,
    locale: str | None,
    draft: DraftInput | None = None,
    fields: EntryFields | None = None,
) -> list[str]:
    """Save a new draft of one translation and/or the shared fields; emit one event.

    A changed slug of a translation that was ever published leaves a redirect from the old
    one. Nothing changed → no revision and no event.

    Returns:
        The names of the input fields that changed.
    """
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        settings = await load_settings(session, tenant.id)
        entry = await lock_entry(session, tenant.id, entry_id)
        changed: list[str] = []
        payload = EntryChanged(entry_id=str(entry.id), kind=entry.kind, changed=[])
        if draft is not None:
            if locale is None:
                raise ValidationFailed("name the locale of the draft", field="locale")
            locked = await lock_translation(session, tenant.id, entry_id, locale)
            old = draft_of(locked.current)
            slug = await _slug_for(session, tenant.id, entry.id, locale, draft, old.slug)
            new = merge_draft(old, draft, settings, slug=slug)
            await _check_seo_image(session, tenant.id, draft)
            changed += _draft_changes(old, new)
            if changed:
                revision = await write_revision(ctx, session, locked.translation, new)
                await _leave_redirect(session, locked.translation, old.slug, new.slug)
                payload = payload.model_copy(
                    update={
                        "locale": locale,
                        "revision_id": str(revision.id),
                        "slug": new.slug,
                        "previous_slug": old.slug if old.slug != new.slug else None,
                    }
                )
        changed += await _apply_fields(ctx, session, entry, fields or EntryFields())
        if not changed:
            return []
        entry.updated_at = ctx.runtime.clock.now()
        await sync_asset_uses(ctx, session, entry)
        payload = payload.model_copy(update={"changed": changed})
        await emit(ctx, session, ENTRY_UPDATED, payload, aggregate_id=entry.id)
    return changed


async def create_translation(
    ctx: Context,
    entry_id: uuid.UUID,
    *,
    locale: str,
    draft: DraftInput,
    copy_from_locale: str | None = None,
) -> None:
    """Add a translation in ``locale`` (optionally starting from another locale's draft)."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        settings = await load_settings(session, tenant.id)
        check_locale(settings, locale)
        entry = await lock_entry(session, tenant.id, entry_id, field="entryId")
        existing = await session.scalar(
            select(TranslationRow.id).where(
                TranslationRow.tenant_id == tenant.id,
                TranslationRow.entry_id == entry_id,
                TranslationRow.locale == locale,
            )
        )
        if existing is not None:
            raise Conflict(f"the entry already has a {locale!r} translation", field="locale")
        base = None
        if copy_from_locale is not None:
            source = await lock_translation(
                session, tenant.id, entry_id, copy_from_locale, field="copyFromLocale"
            )
            base = draft_of(source.current)
        _translation, revision = await _new_translation(
            ctx, session, entry, locale, draft, settings, base
        )
        await sync_asset_uses(ctx, session, entry)
        payload = EntryRevision(
            entry_id=str(entry.id), kind=entry.kind, locale=locale, revision_id=str(revision.id)
        )
        await emit(ctx, session, TRANSLATION_CREATED, payload, aggregate_id=entry.id)


_LIVE = frozenset({Status.PUBLISHED.value, Status.SCHEDULED.value})


async def delete_translation(ctx: Context, entry_id: uuid.UUID, locale: str) -> None:
    """Delete one translation; CONFLICT for the last one or one that is live or scheduled."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        locked = await lock_translation(session, tenant.id, entry_id, locale, field="entryId")
        others = await session.scalar(
            select(TranslationRow.id).where(
                TranslationRow.tenant_id == tenant.id,
                TranslationRow.entry_id == entry_id,
                TranslationRow.locale != locale,
            )
        )
        if others is None:
            raise Conflict("an entry keeps at least one translation", field="locale")
        if locked.translation.status in _LIVE:
            raise Conflict("unpublish or unschedule the translation first", field="locale")
        # Revisions and preview tokens go with it (ON DELETE CASCADE on both backends).
        await session.execute(
            delete(TranslationRow).where(
                TranslationRow.tenant_id == tenant.id, TranslationRow.id == locked.translation.id
            )
        )
        session.expunge(locked.translation)
        await sync_asset_uses(ctx, session, locked.entry)
        payload = EntryState(entry_id=str(entry_id), kind=locked.entry.kind, locale=locale)
        await emit(ctx, session, TRANSLATION_DELETED, payload, aggregate_id=entry_id)


async def delete_entry(ctx: Context, entry_id: uuid.UUID) -> None:
    """Delete an entry with everything it owns; CONFLICT while a translation is live."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        entry = await lock_entry(session, tenant.id, entry_id)
        translations = list(
            await session.scalars(
                select(TranslationRow).where(
                    TranslationRow.tenant_id == tenant.id, TranslationRow.entry_id == entry_id
                )
            )
        )
        live = sorted(row.locale for row in translations if row.status in _LIVE)
        if live:
            raise Conflict(
                f"unpublish or unschedule it first (live in {', '.join(live)})", field="id"
            )
        await release_asset_uses(session, tenant.id, OWNER_TYPE, entry_id)
        # Translations, revisions, redirects, preview tokens and taxonomy links cascade.
        await session.execute(
            delete(EntryRow).where(EntryRow.tenant_id == tenant.id, EntryRow.id == entry_id)
        )
        payload = EntryDeleted(
            entry_id=str(entry_id),
            kind=entry.kind,
            locales=sorted(row.locale for row in translations),
        )
        await emit(ctx, session, ENTRY_DELETED, payload, aggregate_id=entry_id)
