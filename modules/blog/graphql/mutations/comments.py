"""Comment mutations: posting (public) and moderating; and the moderators' queue."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded, public
from app.graphql.global_ids import local_id
from app.graphql.relay import PageRequest
from app.graphql.types import Connection, UserError, user_errors
from modules.blog import comments
from modules.blog.graphql.comment_types import BlogComment, BlogCommentStatus, comment_page
from modules.blog.models import CommentRow
from modules.blog.permissions import MODERATE_COMMENTS

__all__ = ["CommentMutation", "CommentQuery"]


@strawberry.input(description="A new comment; guests also give their name and e-mail.")
class BlogCommentCreateInput:
    """Input of blogCommentCreate."""

    post_id: strawberry.ID = strawberry.field(description="The `BlogPost` ID.")
    body: str = strawberry.field(description="Plain text; line breaks are kept.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="The approved top-level `BlogComment` this replies to."
    )
    locale: str | None = strawberry.field(
        default=None, description="The locale written in (default: the site's)."
    )
    guest_name: str | None = strawberry.field(
        default=None, description="A guest's name (guests only; required then)."
    )
    guest_email: str | None = strawberry.field(
        default=None, description="A guest's e-mail, shown to moderators only (guests only)."
    )


@strawberry.input(description="Comments to move to one status.")
class BlogCommentModerateInput:
    """Input of blogCommentModerate."""

    ids: list[strawberry.ID] = strawberry.field(description="`BlogComment` IDs (at most 100).")
    status: BlogCommentStatus = strawberry.field(description="APPROVED, SPAM or DELETED.")


@strawberry.input(description="Which comments the moderators' list holds.")
class BlogCommentFilter:
    """Filter of adminBlogComments."""

    status: list[BlogCommentStatus] | None = strawberry.field(
        default=None, description="Only these statuses."
    )
    post_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this `BlogPost`'s."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this `Customer`'s."
    )


@strawberry.type(description="Result of blogCommentCreate.")
class BlogCommentCreatePayload:
    """The comment with its status (pending: awaiting moderation) or why it was refused."""

    comment: BlogComment | None = strawberry.field(description="The comment as stored.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of blogCommentModerate.")
class BlogCommentModeratePayload:
    """The comments after the change, or why nothing changed."""

    comments: list[BlogComment] = strawberry.field(description="The comments, as given.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def _rows(info: Info, ids: list[strawberry.ID]) -> list[BlogComment]:
    tenant = info.context.require_tenant()
    found: list[BlogComment] = []
    async with info.context.runtime.db.transaction(tenant.id, readonly=True) as session:
        for value in ids:
            key = local_id(value, "BlogComment", "ids")
            row = await session.get(CommentRow, {"tenant_id": tenant.id, "id": key})
            if row is not None:
                found.append(BlogComment.from_row(row))
    return found


@strawberry.type(description="Comment writes.")
class CommentMutation:
    """Comment mutations."""

    @strawberry.mutation(
        description="Post a comment: customers as themselves, guests when the site allows.",
        directives=public(),
    )
    async def blog_comment_create(
        self,
        info: Info,
        input: Annotated[BlogCommentCreateInput, strawberry.argument(description="The comment.")],
    ) -> BlogCommentCreatePayload:
        """Post a comment."""
        try:
            given = comments.CommentInput(
                post_id=local_id(input.post_id, "BlogPost", "postId"),
                parent_id=local_id(input.parent_id, "BlogComment", "parentId")
                if input.parent_id is not None
                else None,
                body=input.body,
                locale=input.locale,
                guest_name=input.guest_name,
                guest_email=input.guest_email,
            )
            comment_id = await comments.create_comment(info.context, given)
        except UserInputError as error:
            return BlogCommentCreatePayload(comment=None, errors=user_errors(error.problems))
        created = await _rows(info, [strawberry.ID(BlogComment.global_id(comment_id))])
        return BlogCommentCreatePayload(comment=created[0], errors=[])

    @strawberry.mutation(
        description="Approve, mark as spam or delete comments.",
        directives=guarded(MODERATE_COMMENTS),
    )
    async def blog_comment_moderate(
        self,
        info: Info,
        input: Annotated[BlogCommentModerateInput, strawberry.argument(description="Which, how.")],
    ) -> BlogCommentModeratePayload:
        """Moderate comments."""
        try:
            ids = [
                local_id(value, "BlogComment", f"ids.{number}")
                for number, value in enumerate(input.ids)
            ]
            await comments.moderate_comments(
                info.context, ids, comments.CommentStatus[input.status.name]
            )
        except UserInputError as error:
            return BlogCommentModeratePayload(comments=[], errors=user_errors(error.problems))
        return BlogCommentModeratePayload(comments=await _rows(info, input.ids), errors=[])


@strawberry.type(description="Comment reads for moderators.")
class CommentQuery:
    """Comment queries."""

    @strawberry.field(
        description="Every comment, newest first, with moderators' fields.",
        directives=guarded(MODERATE_COMMENTS),
    )
    async def admin_blog_comments(
        self,
        info: Info,
        filter: Annotated[
            BlogCommentFilter | None, strawberry.argument(description="What to list.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to start after.")
        ] = None,
    ) -> Connection[BlogComment]:
        """Page through the comments."""
        page = PageRequest.from_arguments(first=first, after=after, max_size=100)
        given = filter or BlogCommentFilter()
        return await comment_page(
            info.context,
            page,
            post_id=local_id(given.post_id, "BlogPost", "filter.postId")
            if given.post_id is not None
            else None,
            customer_id=local_id(given.customer_id, "Customer", "filter.customerId")
            if given.customer_id is not None
            else None,
            statuses=[comments.CommentStatus[s.name].value for s in given.status]
            if given.status
            else None,
            newest_first=True,
        )
