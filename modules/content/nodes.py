"""``node(id:)`` sources of content's types, each as visible as through its own queries.

- ``ContentEntry``: in the site's default locale; its working copy to holders of
  ``content.view_entries``, else what is live (null when nothing is).
- ``ContentRevision``: to holders of ``content.view_entries`` only.
- ``ContentCategory``, ``ContentTag``, ``Asset``: public, as in the entries that show them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import select

from app.registry import NodeSource
from app.runtime import Context
from modules.content.entries.graphql.types import ContentEntry, ContentRevision
from modules.content.entries.models import RevisionRow
from modules.content.entries.views import Edition, load_views
from modules.content.media.graphql.assets import load_assets
from modules.content.media.graphql.types import Asset
from modules.content.permissions import VIEW_ENTRIES
from modules.content.settings import load_settings
from modules.content.taxonomy.graphql.types import ContentCategory, ContentTag
from modules.content.taxonomy.models import CategoryRow, TagRow

__all__ = ["CONTENT_NODES"]

Term = TypeVar("Term", CategoryRow, TagRow)


def _may_view_entries(ctx: Context) -> bool:
    tenant = ctx.require_tenant()
    return ctx.principal.has_permission(VIEW_ENTRIES, tenant.id)


async def _entries(ctx: Context, ids: list[uuid.UUID]) -> Sequence[ContentEntry | None]:
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        locale = (await load_settings(session, tenant.id)).default_locale
    edition = Edition.WORKING if _may_view_entries(ctx) else Edition.LIVE
    views = await load_views(ctx, [(key, locale) for key in ids], edition)
    found = [views.get((key, locale)) for key in ids]
    return [ContentEntry.of(view) if view is not None else None for view in found]


async def _revisions(ctx: Context, ids: list[uuid.UUID]) -> Sequence[ContentRevision | None]:
    if not _may_view_entries(ctx):
        return [None] * len(ids)
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(RevisionRow).where(RevisionRow.tenant_id == tenant_id, RevisionRow.id.in_(ids))
        )
        found = {row.id: ContentRevision.from_row(row) for row in rows}
    return [found.get(key) for key in ids]


async def _terms(
    ctx: Context, model: type[Term], ids: list[uuid.UUID]
) -> tuple[dict[uuid.UUID, Term], str]:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        default = (await load_settings(session, tenant_id)).default_locale
        rows = await session.scalars(
            select(model).where(model.tenant_id == tenant_id, model.id.in_(ids))
        )
        return {row.id: row for row in rows}, default


async def _categories(ctx: Context, ids: list[uuid.UUID]) -> Sequence[ContentCategory | None]:
    rows, default = await _terms(ctx, CategoryRow, ids)
    return [ContentCategory.from_row(rows[key], default) if key in rows else None for key in ids]


async def _tags(ctx: Context, ids: list[uuid.UUID]) -> Sequence[ContentTag | None]:
    rows, default = await _terms(ctx, TagRow, ids)
    return [ContentTag.from_row(rows[key], default) if key in rows else None for key in ids]


async def _assets(ctx: Context, ids: list[uuid.UUID]) -> Sequence[Asset | None]:
    found = await load_assets(ctx, ids)
    return [found.get(key) for key in ids]


CONTENT_NODES = (
    NodeSource(type_name="ContentEntry", load=_entries),
    NodeSource(type_name="ContentRevision", load=_revisions),
    NodeSource(type_name="ContentCategory", load=_categories),
    NodeSource(type_name="ContentTag", load=_tags),
    NodeSource(type_name="Asset", load=_assets),
)
