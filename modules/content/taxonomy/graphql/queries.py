"""Taxonomy reads: the category tree level by level and the tag list, both public."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from sqlalchemy import select

from app.graphql.context import Info
from app.graphql.directives import public
from app.graphql.global_ids import local_id
from app.graphql.relay import After, Before
from app.graphql.types import Connection
from modules.content.settings import load_settings
from modules.content.taxonomy.graphql.pages import Keyset, Page, paginate
from modules.content.taxonomy.graphql.types import ContentCategory, ContentTag
from modules.content.taxonomy.models import CategoryRow, TagRow
from modules.content.taxonomy.names import slugify

__all__ = ["TaxonomyQuery"]

_First = Annotated[
    int | None, strawberry.argument(description="At most this many from the start (0-100).")
]
_Last = Annotated[
    int | None, strawberry.argument(description="At most this many from the end (0-100).")
]

_CATEGORY_ORDER = Keyset(CategoryRow.position, CategoryRow.id, int)
_TAG_ORDER = Keyset(TagRow.slug, TagRow.id, str)


def _parent_id(parent_id: strawberry.ID | None) -> uuid.UUID | None:
    return None if parent_id is None else local_id(parent_id, "ContentCategory", "parentId")


@strawberry.type(description="Taxonomy reads.")
class TaxonomyQuery:
    """Taxonomy queries."""

    @strawberry.field(
        description="One level of the category tree (the roots, or a parent's children), by "
        "position.",
        directives=public(),
    )
    async def content_categories(
        self,
        info: Info,
        parent_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The parent `ContentCategory`; absent: the roots."),
        ] = None,
        first: _First = None,
        after: After = None,
        last: _Last = None,
        before: Before = None,
    ) -> Connection[ContentCategory]:
        """List one level of categories."""
        page = Page.of((first, after, last, before), info.context.runtime.settings.max_page_size)
        parent = _parent_id(parent_id)
        tenant_id = info.context.require_tenant().id
        statement = select(CategoryRow).where(
            CategoryRow.tenant_id == tenant_id,
            CategoryRow.parent_id.is_(None) if parent is None else CategoryRow.parent_id == parent,
        )
        async with info.context.runtime.db.transaction(tenant_id, readonly=True) as session:
            locale = (await load_settings(session, tenant_id)).default_locale
            return await paginate(
                session,
                statement,
                _CATEGORY_ORDER,
                page,
                lambda row: ContentCategory.from_row(row, locale),
                lambda row: (row.position, row.id),
            )

    @strawberry.field(description="The tenant's tags, by slug.", directives=public())
    async def content_tags(
        self,
        info: Info,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Only tags whose slug contains this text, slugified (`New Y` "
                "finds `new-york`)."
            ),
        ] = None,
        first: _First = None,
        after: After = None,
        last: _Last = None,
        before: Before = None,
    ) -> Connection[ContentTag]:
        """List tags."""
        page = Page.of((first, after, last, before), info.context.runtime.settings.max_page_size)
        tenant_id = info.context.require_tenant().id
        statement = select(TagRow).where(TagRow.tenant_id == tenant_id)
        if search is not None:
            statement = statement.where(TagRow.slug.contains(slugify(search), autoescape=True))
        async with info.context.runtime.db.transaction(tenant_id, readonly=True) as session:
            locale = (await load_settings(session, tenant_id)).default_locale
            return await paginate(
                session,
                statement,
                _TAG_ORDER,
                page,
                lambda row: ContentTag.from_row(row, locale),
                lambda row: (row.slug, row.id),
            )
