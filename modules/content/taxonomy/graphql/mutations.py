"""Taxonomy mutations: create, update (rename, move) and delete categories and tags.

Each is guarded by ``content.manage_taxonomy``; expected failures come back in ``errors``.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry

from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.content.permissions import MANAGE_TAXONOMY
from modules.content.settings import load_settings
from modules.content.taxonomy import categories, tags
from modules.content.taxonomy.graphql.inputs import (
    ContentCategoryCreateInput,
    ContentCategoryUpdateInput,
    ContentTagCreateInput,
    ContentTagUpdateInput,
    localized_names,
)
from modules.content.taxonomy.graphql.types import ContentCategory, ContentTag
from modules.content.taxonomy.models import CategoryRow, TagRow

__all__ = [
    "ContentCategoryDeletePayload",
    "ContentCategoryPayload",
    "ContentTagDeletePayload",
    "ContentTagPayload",
    "TaxonomyMutation",
]


@strawberry.type(description="Result of contentCategoryCreate and contentCategoryUpdate.")
class ContentCategoryPayload:
    """The category after the change, or why nothing changed."""

    category: ContentCategory | None = strawberry.field(description="The category.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of contentCategoryDelete.")
class ContentCategoryDeletePayload:
    """The deleted category's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted category's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of contentTagCreate and contentTagUpdate.")
class ContentTagPayload:
    """The tag after the change, or why nothing changed."""

    tag: ContentTag | None = strawberry.field(description="The tag.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of contentTagDelete.")
class ContentTagDeletePayload:
    """The deleted tag's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted tag's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def _default_locale(ctx: Context) -> str:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        return (await load_settings(session, tenant_id)).default_locale


async def _category(
    ctx: Context, act: Callable[[], Awaitable[CategoryRow]]
) -> ContentCategoryPayload:
    try:
        row = await act()
    except UserInputError as error:
        return ContentCategoryPayload(category=None, errors=user_errors(error.problems))
    category = ContentCategory.from_row(row, await _default_locale(ctx))
    return ContentCategoryPayload(category=category, errors=[])


async def _tag(ctx: Context, act: Callable[[], Awaitable[TagRow]]) -> ContentTagPayload:
    try:
        row = await act()
    except UserInputError as error:
        return ContentTagPayload(tag=None, errors=user_errors(error.problems))
    return ContentTagPayload(tag=ContentTag.from_row(row, await _default_locale(ctx)), errors=[])


def _category_id(value: strawberry.ID, field: str = "id") -> uuid.UUID:
    return local_id(value, "ContentCategory", field)


def _tag_id(value: strawberry.ID) -> uuid.UUID:
    return local_id(value, "ContentTag", "id")


def _category_change(given: ContentCategoryUpdateInput) -> categories.CategoryChange:
    parent: uuid.UUID | categories.Keep | None = categories.KEEP
    if given.parent_id is not strawberry.UNSET:
        parent = None if given.parent_id is None else _category_id(given.parent_id, "parentId")
    names = None if given.names is None else localized_names(given.names)
    return categories.CategoryChange(
        parent_id=parent, slug=given.slug, names=names, position=given.position
    )


_CategoryId = Annotated[strawberry.ID, strawberry.argument(description="The category's ID.")]
_TagId = Annotated[strawberry.ID, strawberry.argument(description="The tag's ID.")]


@strawberry.type(description="Taxonomy writes.")
class TaxonomyMutation:
    """Taxonomy mutations."""

    @strawberry.mutation(
        description="Create a category (a root, or under `parentId`).",
        directives=guarded(MANAGE_TAXONOMY),
    )
    async def content_category_create(
        self, info: Info, input: ContentCategoryCreateInput
    ) -> ContentCategoryPayload:
        """Create a category."""

        async def act() -> CategoryRow:
            parent = None if input.parent_id is None else _category_id(input.parent_id, "parentId")
            given = categories.CategoryInput(
                parent_id=parent,
                slug=input.slug,
                names=localized_names(input.names),
                position=input.position,
            )
            return await categories.create_category(info.context, given)

        return await _category(info.context, act)

    @strawberry.mutation(
        description="Rename, move (with its subtree) or reorder a category.",
        directives=guarded(MANAGE_TAXONOMY),
    )
    async def content_category_update(
        self, info: Info, input: ContentCategoryUpdateInput
    ) -> ContentCategoryPayload:
        """Update a category."""

        async def act() -> CategoryRow:
            category_id = _category_id(input.id)
            return await categories.update_category(
                info.context, category_id, _category_change(input)
            )

        return await _category(info.context, act)

    @strawberry.mutation(
        description="Delete a category without children; entries filed under it lose it.",
        directives=guarded(MANAGE_TAXONOMY),
    )
    async def content_category_delete(
        self, info: Info, id: _CategoryId
    ) -> ContentCategoryDeletePayload:
        """Delete a category."""
        try:
            await categories.delete_category(info.context, _category_id(id))
        except UserInputError as error:
            return ContentCategoryDeletePayload(deleted_id=None, errors=user_errors(error.problems))
        return ContentCategoryDeletePayload(deleted_id=id, errors=[])

    @strawberry.mutation(description="Create a tag.", directives=guarded(MANAGE_TAXONOMY))
    async def content_tag_create(
        self, info: Info, input: ContentTagCreateInput
    ) -> ContentTagPayload:
        """Create a tag."""

        async def act() -> TagRow:
            given = tags.TagInput(slug=input.slug, names=localized_names(input.names))
            return await tags.create_tag(info.context, given)

        return await _tag(info.context, act)

    @strawberry.mutation(
        description="Change a tag's slug or names.", directives=guarded(MANAGE_TAXONOMY)
    )
    async def content_tag_update(
        self, info: Info, input: ContentTagUpdateInput
    ) -> ContentTagPayload:
        """Update a tag."""

        async def act() -> TagRow:
            names = None if input.names is None else localized_names(input.names)
            given = tags.TagInput(slug=input.slug, names=names)
            return await tags.update_tag(info.context, _tag_id(input.id), given)

        return await _tag(info.context, act)

    @strawberry.mutation(
        description="Delete a tag; entries carrying it lose it.",
        directives=guarded(MANAGE_TAXONOMY),
    )
    async def content_tag_delete(self, info: Info, id: _TagId) -> ContentTagDeletePayload:
        """Delete a tag."""
        try:
            await tags.delete_tag(info.context, _tag_id(id))
        except UserInputError as error:
            return ContentTagDeletePayload(deleted_id=None, errors=user_errors(error.problems))
        return ContentTagDeletePayload(deleted_id=id, errors=[])
