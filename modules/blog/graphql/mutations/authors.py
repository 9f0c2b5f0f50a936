"""Author mutations: create, update, delete (not while the author signs posts)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.blog import authors
from modules.blog.graphql.inputs import BlogAuthorCreateInput, BlogAuthorUpdateInput, author_fields
from modules.blog.graphql.types import BlogAuthor
from modules.blog.models import AuthorRow
from modules.blog.permissions import MANAGE_AUTHORS

__all__ = ["AuthorMutation"]


@strawberry.type(description="Result of an author mutation.")
class BlogAuthorPayload:
    """The profile after the change, or why nothing changed."""

    author: BlogAuthor | None = strawberry.field(description="The profile after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of blogAuthorDelete.")
class BlogAuthorDeletePayload:
    """The deleted profile's ID or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted profile's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def _author(ctx: Context, author_id: uuid.UUID) -> BlogAuthor | None:
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        row = await session.scalar(
            select(AuthorRow).where(AuthorRow.tenant_id == tenant.id, AuthorRow.id == author_id)
        )
    return BlogAuthor.from_row(row) if row is not None else None


async def _payload(ctx: Context, act: Callable[[], Awaitable[uuid.UUID]]) -> BlogAuthorPayload:
    try:
        author_id = await act()
    except UserInputError as error:
        return BlogAuthorPayload(author=None, errors=user_errors(error.problems))
    return BlogAuthorPayload(author=await _author(ctx, author_id), errors=[])


def _author_id(value: strawberry.ID) -> uuid.UUID:
    return local_id(value, "BlogAuthor", "id")


@strawberry.type(description="Author writes.")
class AuthorMutation:
    """Author mutations."""

    @strawberry.mutation(
        description="Create an author profile.", directives=guarded(MANAGE_AUTHORS)
    )
    async def blog_author_create(
        self,
        info: Info,
        input: Annotated[BlogAuthorCreateInput, strawberry.argument(description="The profile.")],
    ) -> BlogAuthorPayload:
        """Create a profile."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await authors.create_author(ctx, author_fields(input))

        return await _payload(ctx, act)

    @strawberry.mutation(
        description="Change an author profile.", directives=guarded(MANAGE_AUTHORS)
    )
    async def blog_author_update(
        self,
        info: Info,
        input: Annotated[BlogAuthorUpdateInput, strawberry.argument(description="Changes.")],
    ) -> BlogAuthorPayload:
        """Update a profile."""
        ctx = info.context

        async def act() -> uuid.UUID:
            author_id = _author_id(input.id)
            await authors.update_author(ctx, author_id, author_fields(input))
            return author_id

        return await _payload(ctx, act)

    @strawberry.mutation(
        description="Delete an author profile (not while it signs posts).",
        directives=guarded(MANAGE_AUTHORS),
    )
    async def blog_author_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The profile's ID.")],
    ) -> BlogAuthorDeletePayload:
        """Delete a profile."""
        try:
            await authors.delete_author(info.context, _author_id(id))
        except UserInputError as error:
            return BlogAuthorDeletePayload(deleted_id=None, errors=user_errors(error.problems))
        return BlogAuthorDeletePayload(deleted_id=id, errors=[])
