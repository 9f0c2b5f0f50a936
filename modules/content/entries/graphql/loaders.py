"""DataLoaders of entries: revisions and translations by key, one query per batch."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import TypeVar

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.runtime import Context
from modules.content.entries.models import RevisionRow, TranslationRow
from modules.content.media.api import Asset, load_assets
from modules.content.settings import load_settings
from modules.content.taxonomy.api import EntryTerms, load_entry_terms

__all__ = ["assets", "revisions", "terms", "translations", "translations_of"]


Row = TypeVar("Row", RevisionRow, TranslationRow)


def _by_id(ctx: Context, name: str, model: type[Row]) -> DataLoader[uuid.UUID, Row | None]:
    async def load(keys: list[uuid.UUID]) -> list[Row | None]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(model).where(model.tenant_id == tenant.id, model.id.in_(keys))
            )
            found = {row.id: row for row in rows}
        return [found.get(key) for key in keys]

    return request_loader(ctx, name, load)


def revisions(ctx: Context) -> DataLoader[uuid.UUID, RevisionRow | None]:
    """Return the request's loader of revisions by id."""
    return _by_id(ctx, "content.revisions", RevisionRow)


def translations(ctx: Context) -> DataLoader[uuid.UUID, TranslationRow | None]:
    """Return the request's loader of translations by id."""
    return _by_id(ctx, "content.translation", TranslationRow)


def translations_of(ctx: Context) -> DataLoader[uuid.UUID, list[TranslationRow]]:
    """Return the request's loader of an entry's translations (by entry id, locale order)."""

    async def load(keys: list[uuid.UUID]) -> list[list[TranslationRow]]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(TranslationRow)
                .where(TranslationRow.tenant_id == tenant.id, TranslationRow.entry_id.in_(keys))
                .order_by(TranslationRow.locale)
            )
            found: dict[uuid.UUID, list[TranslationRow]] = defaultdict(list)
            for row in rows:
                found[row.entry_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "content.translations", load)


def assets(ctx: Context) -> DataLoader[uuid.UUID, Asset | None]:
    """Return the request's loader of assets by id (covers, SEO images, body images)."""

    async def load(keys: list[uuid.UUID]) -> list[Asset | None]:
        found = await load_assets(ctx, keys)
        return [found.get(key) for key in keys]

    return request_loader(ctx, "content.assets", load)


def terms(ctx: Context) -> DataLoader[uuid.UUID, tuple[EntryTerms, str]]:
    """Return the request's loader of entries' terms, with the site's default locale."""

    async def load(keys: list[uuid.UUID]) -> list[tuple[EntryTerms, str]]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            default = (await load_settings(session, tenant.id)).default_locale
            found = await load_entry_terms(session, tenant.id, keys)
        return [(found.get(key, EntryTerms()), default) for key in keys]

    return request_loader(ctx, "content.terms", load)
