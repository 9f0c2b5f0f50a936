"""Reading one entry for display: the working copy (editors), the live one (everyone)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.runtime import Context
from modules.content.body import excerpt, parse_body
from modules.content.entries.models import EntryRow, RedirectRow, RevisionRow, TranslationRow
from modules.content.settings import load_settings

Keyed = TypeVar("Keyed", EntryRow, RevisionRow)

__all__ = [
    "Edition",
    "EntryView",
    "find_live_by_slug",
    "find_redirect",
    "find_view",
    "load_views",
    "view_of_translation",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryView:
    """What a ``ContentEntry`` shows: one translation at one revision, pre-shaped.

    Lists build it from the read model, single reads from the source; the body, SEO fields
    and review note are loaded by revision or translation id only when asked for.
    """

    entry_id: uuid.UUID
    translation_id: uuid.UUID
    revision_id: uuid.UUID
    kind: str
    locale: str
    status: str
    slug: str
    title: str
    excerpt: str
    author_user_id: uuid.UUID | None
    cover_asset_id: uuid.UUID | None
    published_at: datetime | None
    publish_at: datetime | None
    updated_at: datetime
    has_unpublished_changes: bool
    is_fallback: bool = False


class Edition(Enum):
    """Which revision of a translation to show."""

    WORKING = "working"
    LIVE = "live"


def _revision_id(translation: TranslationRow, edition: Edition) -> uuid.UUID | None:
    if edition is Edition.WORKING:
        return translation.current_revision_id
    return translation.published_revision_id


async def _view(
    session: AsyncSession, translation: TranslationRow, edition: Edition, *, is_fallback: bool
) -> EntryView | None:
    revision_id = _revision_id(translation, edition)
    if revision_id is None:
        return None
    tenant_id = translation.tenant_id
    entry = await session.get(EntryRow, {"tenant_id": tenant_id, "id": translation.entry_id})
    revision = await session.get(RevisionRow, {"tenant_id": tenant_id, "id": revision_id})
    if entry is None or revision is None:
        return None
    return _shaped(translation, entry, revision, is_fallback=is_fallback)


def _shaped(
    translation: TranslationRow, entry: EntryRow, revision: RevisionRow, *, is_fallback: bool
) -> EntryView:
    return EntryView(
        entry_id=entry.id,
        translation_id=translation.id,
        revision_id=revision.id,
        kind=entry.kind,
        locale=translation.locale,
        status=translation.status,
        slug=translation.slug,
        title=revision.title,
        excerpt=revision.excerpt or excerpt(parse_body(revision.body)),
        author_user_id=entry.author_user_id,
        cover_asset_id=entry.cover_asset_id,
        published_at=translation.published_at,
        publish_at=translation.publish_at,
        updated_at=translation.updated_at,
        has_unpublished_changes=translation.published_revision_id
        != translation.current_revision_id,
        is_fallback=is_fallback,
    )


async def load_views(
    ctx: Context, wanted: Sequence[tuple[uuid.UUID, str]], edition: Edition
) -> dict[tuple[uuid.UUID, str], EntryView]:
    """Return the views of many ``(entry id, locale)`` pairs at once, in three statements.

    Pairs without a translation at ``edition`` are missing from the result (no fallback).
    """
    tenant_id = ctx.require_tenant().id
    if not wanted:
        return {}
    pairs = set(wanted)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        translations = [
            row
            for row in await session.scalars(
                select(TranslationRow).where(
                    TranslationRow.tenant_id == tenant_id,
                    TranslationRow.entry_id.in_({entry_id for entry_id, _ in pairs}),
                )
            )
            if (row.entry_id, row.locale) in pairs and _revision_id(row, edition) is not None
        ]
        entries = await _by_id(session, EntryRow, tenant_id, {row.entry_id for row in translations})
        revisions = await _by_id(
            session, RevisionRow, tenant_id, {_revision_id(row, edition) for row in translations}
        )
    found: dict[tuple[uuid.UUID, str], EntryView] = {}
    for row in translations:
        entry, revision = entries.get(row.entry_id), revisions.get(_revision_id(row, edition))
        if entry is not None and revision is not None:
            found[(row.entry_id, row.locale)] = _shaped(row, entry, revision, is_fallback=False)
    return found


async def _by_id(
    session: AsyncSession,
    model: type[Keyed],
    tenant_id: uuid.UUID,
    ids: set[uuid.UUID | None],
) -> dict[uuid.UUID | None, Keyed]:
    if not ids:
        return {}
    rows = await session.scalars(
        select(model).where(model.tenant_id == tenant_id, model.id.in_(ids))
    )
    return {row.id: row for row in rows}


async def view_of_translation(
    ctx: Context, translation: TranslationRow, edition: Edition
) -> EntryView | None:
    """Return the view of a translation already loaded (a preview, say)."""
    async with ctx.runtime.db.transaction(translation.tenant_id, readonly=True) as session:
        return await _view(session, translation, edition, is_fallback=False)


async def find_view(
    ctx: Context, entry_id: uuid.UUID, locale: str | None, edition: Edition
) -> EntryView | None:
    """Return the entry in ``locale`` (the tenant's default when None), or None."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        if locale is None:
            locale = (await load_settings(session, tenant.id)).default_locale
        translation = await session.scalar(
            select(TranslationRow).where(
                TranslationRow.tenant_id == tenant.id,
                TranslationRow.entry_id == entry_id,
                TranslationRow.locale == locale,
            )
        )
        if translation is None:
            return None
        return await _view(session, translation, edition, is_fallback=False)


async def _live_by_slug(
    session: AsyncSession, tenant_id: uuid.UUID, slug: str, locale: str
) -> TranslationRow | None:
    return await session.scalar(
        select(TranslationRow).where(
            TranslationRow.tenant_id == tenant_id,
            TranslationRow.locale == locale,
            TranslationRow.slug == slug,
            TranslationRow.published_revision_id.is_not(None),
        )
    )


async def find_live_by_slug(ctx: Context, slug: str, locale: str | None) -> EntryView | None:
    """Return the live entry at ``slug``; with fallback on, the default locale's when absent."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        settings = await load_settings(session, tenant.id)
        wanted = locale or settings.default_locale
        translation = await _live_by_slug(session, tenant.id, slug, wanted)
        if translation is not None:
            return await _view(session, translation, Edition.LIVE, is_fallback=False)
        if not settings.fallback_to_default_locale or wanted == settings.default_locale:
            return None
        translation = await _live_by_slug(session, tenant.id, slug, settings.default_locale)
        if translation is None:
            return None
        return await _view(session, translation, Edition.LIVE, is_fallback=True)


async def find_redirect(ctx: Context, slug: str, locale: str | None) -> tuple[str, str] | None:
    """Return ``(locale, live slug)`` an old slug points at, or None."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        wanted = locale or (await load_settings(session, tenant.id)).default_locale
        target = await session.scalar(
            select(TranslationRow.slug)
            .join(
                RedirectRow,
                (RedirectRow.tenant_id == TranslationRow.tenant_id)
                & (RedirectRow.entry_id == TranslationRow.entry_id)
                & (RedirectRow.locale == TranslationRow.locale),
            )
            .where(
                RedirectRow.tenant_id == tenant.id,
                RedirectRow.locale == wanted,
                RedirectRow.from_slug == slug,
                TranslationRow.published_revision_id.is_not(None),
            )
        )
        return (wanted, target) if target is not None else None
