"""Post mutations: create, update, the workflow steps (through content), delete."""

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
from modules.blog import posts
from modules.blog.graphql.inputs import (
    BlogPostCreateInput,
    BlogPostPublishInput,
    BlogPostRefInput,
    BlogPostUpdateInput,
    draft_of,
    entry_fields_of,
    has_draft,
    has_entry_fields,
    post_fields_of,
)
from modules.blog.graphql.queries import find_post
from modules.blog.graphql.types import BlogPost
from modules.blog.permissions import DELETE_POSTS, EDIT_POSTS, PUBLISH_POSTS
from modules.content import api as content

__all__ = ["PostMutation"]


@strawberry.type(description="Result of a post mutation.")
class BlogPostPayload:
    """The post (working copy of the locale acted on) or why nothing changed."""

    post: BlogPost | None = strawberry.field(description="The post after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of blogPostDelete.")
class BlogPostDeletePayload:
    """The deleted post's ID or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted post's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def _locale(ctx: Context, locale: str | None) -> str:
    if locale is not None:
        return locale
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        return (await content.load_settings(session, tenant.id)).default_locale


def _post_id(value: strawberry.ID) -> uuid.UUID:
    return local_id(value, "BlogPost", "id")


async def _payload(
    ctx: Context, act: Callable[[], Awaitable[tuple[uuid.UUID, str]]]
) -> BlogPostPayload:
    try:
        post_id, locale = await act()
    except UserInputError as error:
        return BlogPostPayload(post=None, errors=user_errors(error.problems))
    post = await find_post(ctx, post_id, locale, content.Edition.WORKING)
    return BlogPostPayload(post=post, errors=[])


Step = Callable[[Context, uuid.UUID, str], Awaitable[None]]


async def _step(info: Info, given: BlogPostRefInput, step: Step) -> BlogPostPayload:
    ctx = info.context

    async def act() -> tuple[uuid.UUID, str]:
        post_id = _post_id(given.id)
        locale = await _locale(ctx, given.locale)
        await step(ctx, post_id, locale)
        return post_id, locale

    return await _payload(ctx, act)


_Input = Annotated[BlogPostRefInput, strawberry.argument(description="Post and locale.")]


@strawberry.type(description="Post writes.")
class PostMutation:
    """Post mutations."""

    @strawberry.mutation(description="Create a post as a draft.", directives=guarded(EDIT_POSTS))
    async def blog_post_create(
        self,
        info: Info,
        input: Annotated[BlogPostCreateInput, strawberry.argument(description="The post.")],
    ) -> BlogPostPayload:
        """Create a post."""
        ctx = info.context

        async def act() -> tuple[uuid.UUID, str]:
            return await posts.create_post(
                ctx,
                locale=await _locale(ctx, input.locale),
                draft=draft_of(input),
                entry_fields=entry_fields_of(input),
                fields=post_fields_of(input),
            )

        return await _payload(ctx, act)

    @strawberry.mutation(
        description="Save a new draft of a locale and/or the post's shared and blog fields.",
        directives=guarded(EDIT_POSTS),
    )
    async def blog_post_update(
        self,
        info: Info,
        input: Annotated[BlogPostUpdateInput, strawberry.argument(description="Changes.")],
    ) -> BlogPostPayload:
        """Update a post."""
        ctx = info.context

        async def act() -> tuple[uuid.UUID, str]:
            post_id = _post_id(input.id)
            locale = await _locale(ctx, input.locale)
            await posts.update_post(
                ctx,
                post_id,
                locale=locale,
                draft=draft_of(input) if has_draft(input) else None,
                entry_fields=entry_fields_of(input) if has_entry_fields(input) else None,
                fields=post_fields_of(input),
            )
            return post_id, locale

        return await _payload(ctx, act)

    @strawberry.mutation(
        description="Publish a post's working copy now, or schedule it with `publishAt`.",
        directives=guarded(PUBLISH_POSTS),
    )
    async def blog_post_publish(
        self,
        info: Info,
        input: Annotated[BlogPostPublishInput, strawberry.argument(description="What, when.")],
    ) -> BlogPostPayload:
        """Publish or schedule."""

        async def step(ctx: Context, post_id: uuid.UUID, locale: str) -> None:
            await posts.publish_post(ctx, post_id, locale, input.publish_at)

        return await _step(info, input, step)

    @strawberry.mutation(
        description="Take a post offline in a locale.", directives=guarded(PUBLISH_POSTS)
    )
    async def blog_post_unpublish(self, info: Info, input: _Input) -> BlogPostPayload:
        """Unpublish."""
        return await _step(info, input, posts.unpublish_post)

    @strawberry.mutation(
        description="Archive a post in a locale.", directives=guarded(PUBLISH_POSTS)
    )
    async def blog_post_archive(self, info: Info, input: _Input) -> BlogPostPayload:
        """Archive."""
        return await _step(info, input, posts.archive_post)

    @strawberry.mutation(
        description="Delete a post with all its locales (not while live or scheduled).",
        directives=guarded(DELETE_POSTS),
    )
    async def blog_post_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The post's ID.")],
    ) -> BlogPostDeletePayload:
        """Delete a post."""
        try:
            await posts.delete_post(info.context, _post_id(id))
        except UserInputError as error:
            return BlogPostDeletePayload(deleted_id=None, errors=user_errors(error.problems))
        return BlogPostDeletePayload(deleted_id=id, errors=[])
