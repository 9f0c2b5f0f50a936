"""DataLoaders of entries: revisions and translations by key, one query per batch."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Select, select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.graphql.relay import Grouping, PageRequest, paginate_groups
from app.graphql.types import Connection
from app.runtime import Context
from modules.content.entries.models import RevisionRow, TranslationRow
from modules.content.media.api import Asset, load_assets
from modules.content.settings import load_settings
from modules.content.taxonomy.api import EntryTerms, load_entry_terms

__all__ = ["assets", "revision_pages", "revisions", "terms", "translations", "translations_of"]


Row = TypeVar("Row", RevisionRow, TranslationRow)
Item = TypeVar("Item")
_REVISIONS = Grouping(
    model=RevisionRow,
    key=RevisionRow.id,
    parent=RevisionRow.translation_id,
    key_of=lambda row: row.id,
    parent_of=lambda row: row.translation_id,
)


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


def revision_pages(
    ctx: Context, page: PageRequest, to_node: Callable[[RevisionRow], Item]
) -> DataLoader[uuid.UUID, Connection[Item]]:
    """Return the request's loader of one page of revisions (newest first) per translation.

    A list of entries asking for their revisions costs two statements, not two per entry.
    """

    async def load(keys: list[uuid.UUID]) -> list[Connection[Item]]:
        tenant = ctx.require_tenant()
        statement: Select[tuple[RevisionRow]] = select(RevisionRow)
        statement = statement.where(RevisionRow.tenant_id == tenant.id)
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            return await paginate_groups(
                session, statement, _REVISIONS, keys, page, to_node, newest_first=True
            )

    return request_loader(ctx, f"content.revision_pages:{page}", load)


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
