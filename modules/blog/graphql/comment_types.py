"""GraphQL types of comments: ``BlogComment`` and its status, and their loaders.

Bodies are plain text: rendered HTML escapes everything, keeps line breaks and links URLs
(``rel="nofollow ugc"``).
"""

from __future__ import annotations

import enum
import html
import re
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import Select, select
from strawberry.dataloader import DataLoader

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.loaders import request_loader
from app.graphql.relay import Grouping, PageRequest, paginate, paginate_groups
from app.graphql.types import Connection, Node
from app.identity.customer_models import CustomerRow
from app.ids import encode_global_id
from app.runtime import Context
from modules.blog.comments import CommentStatus
from modules.blog.models import CommentRow
from modules.blog.permissions import MODERATE_COMMENTS
from modules.content import api as content

if TYPE_CHECKING:
    from modules.blog.graphql.types import BlogPost

__all__ = [
    "BlogComment",
    "BlogCommentStatus",
    "comment_page",
    "render_comment",
]

_LINK = re.compile(r"https?://[^\s<>\"']+")


@strawberry.enum(description="Where a comment stands.")
class BlogCommentStatus(enum.Enum):
    """GraphQL view of :class:`modules.blog.comments.CommentStatus`."""

    PENDING = strawberry.enum_value("pending", description="Waiting for a moderator.")
    APPROVED = strawberry.enum_value("approved", description="Visible to everyone.")
    SPAM = strawberry.enum_value("spam", description="Marked as spam; purged later.")
    DELETED = strawberry.enum_value("deleted", description="Removed by a moderator.")


def render_comment(body: str) -> str:
    """Return a plain-text body as safe HTML: escaped, line breaks kept, URLs linked."""
    parts: list[str] = []
    last = 0
    for match in _LINK.finditer(body):
        parts.append(html.escape(body[last : match.start()]))
        url = html.escape(match.group(0))
        parts.append(f'<a href="{url}" rel="nofollow ugc">{url}</a>')
        last = match.end()
    parts.append(html.escape(body[last:]))
    return "".join(parts).replace("\n", "<br>\n")


def _customer_names(ctx: Context) -> DataLoader[uuid.UUID, str | None]:
    async def load(keys: list[uuid.UUID]) -> list[str | None]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.execute(
                select(CustomerRow.id, CustomerRow.display_name).where(
                    CustomerRow.tenant_id == tenant.id, CustomerRow.id.in_(keys)
                )
            )
            found = {row[0]: row[1] for row in rows}
        return [found.get(key) for key in keys]

    return request_loader(ctx, "blog.customer_names", load)


async def comment_page(
    ctx: Context,
    page: PageRequest,
    *,
    post_id: uuid.UUID | None = None,
    parent_id: uuid.UUID | None = None,
    top_level: bool = False,
    statuses: list[str] | None = None,
    customer_id: uuid.UUID | None = None,
    newest_first: bool = False,
) -> Connection[BlogComment]:
    """Return one page of the tenant's comments matching the filters."""
    tenant_id = ctx.require_tenant().id
    statement: Select[tuple[CommentRow]] = select(CommentRow)
    statement = statement.where(CommentRow.tenant_id == tenant_id)
    if post_id is not None:
        statement = statement.where(CommentRow.post_id == post_id)
    if parent_id is not None:
        statement = statement.where(CommentRow.parent_id == parent_id)
    if top_level:
        statement = statement.where(CommentRow.parent_id.is_(None))
    if statuses is not None:
        statement = statement.where(CommentRow.status.in_(statuses))
    if customer_id is not None:
        statement = statement.where(CommentRow.author_customer_id == customer_id)
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        return await paginate(
            session,
            statement,
            CommentRow.id,
            page,
            BlogComment.from_row,
            lambda row: row.id,
            newest_first=newest_first,
        )


def _comments(ctx: Context) -> DataLoader[uuid.UUID, CommentRow | None]:
    async def load(keys: list[uuid.UUID]) -> list[CommentRow | None]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(CommentRow).where(CommentRow.tenant_id == tenant.id, CommentRow.id.in_(keys))
            )
            found = {row.id: row for row in rows}
        return [found.get(key) for key in keys]

    return request_loader(ctx, "blog.comments", load)


def _live_views(ctx: Context) -> DataLoader[tuple[uuid.UUID, str], content.EntryView | None]:
    async def load(keys: list[tuple[uuid.UUID, str]]) -> list[content.EntryView | None]:
        found = await content.load_views(ctx, keys, content.Edition.LIVE)
        return [found.get(key) for key in keys]

    return request_loader(ctx, "blog.live_views", load)


_REPLIES = Grouping(
    model=CommentRow,
    key=CommentRow.id,
    parent=CommentRow.parent_id,
    key_of=lambda row: row.id,
    parent_of=lambda row: row.parent_id or row.id,
)


def _reply_pages(ctx: Context, page: PageRequest) -> DataLoader[uuid.UUID, Connection[BlogComment]]:
    async def load(keys: list[uuid.UUID]) -> list[Connection[BlogComment]]:
        tenant = ctx.require_tenant()
        statement: Select[tuple[CommentRow]] = select(CommentRow)
        statement = statement.where(
            CommentRow.tenant_id == tenant.id, CommentRow.status == CommentStatus.APPROVED.value
        )
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            return await paginate_groups(
                session, statement, _REPLIES, keys, page, BlogComment.from_row
            )

    return request_loader(ctx, f"blog.reply_pages:{page}", load)


_First = Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")]
_After = Annotated[str | None, strawberry.argument(description="Cursor to start after.")]


@strawberry.type(description="A comment on a post, by a customer or a guest.")
class BlogComment(Node):
    """A comment."""

    is_guest: bool = strawberry.field(description="True when a guest wrote it.")
    body: str = strawberry.field(description="The text as written (plain text).")
    created_at: datetime = strawberry.field(description="When it was posted.")
    row: strawberry.Private[CommentRow]

    @strawberry.field(description="The body as safe HTML: escaped, line breaks, links.")
    def body_html(self) -> str:
        """Render the body."""
        return render_comment(self.row.body)

    @strawberry.field(description="The customer's display name, or the guest's name.")
    async def author_name(self, info: Info) -> str:
        """Return who wrote it."""
        if self.row.author_customer_id is None:
            return self.row.guest_name or ""
        name = await _customer_names(info.context).load(self.row.author_customer_id)
        return name or ""

    @strawberry.field(description="The post, live in the comment's locale (null while offline).")
    async def post(
        self, info: Info
    ) -> Annotated[BlogPost, strawberry.lazy("modules.blog.graphql.types")] | None:
        """Load the post (one batch for every comment of a page)."""
        from modules.blog.graphql.queries import post_of

        view = await _live_views(info.context).load((self.row.post_id, self.row.locale))
        return await post_of(info.context, view)

    @strawberry.field(description="The comment this one replies to.")
    async def parent(self, info: Info) -> BlogComment | None:
        """Load the parent."""
        if self.row.parent_id is None:
            return None
        row = await _comments(info.context).load(self.row.parent_id)
        return BlogComment.from_row(row) if row is not None else None

    @strawberry.field(description="Approved replies, oldest first.")
    async def replies(
        self, info: Info, first: _First = None, after: _After = None
    ) -> Connection[BlogComment]:
        """Page through the approved replies (one batch for every comment of a page)."""
        page = PageRequest.from_arguments(first=first, after=after, max_size=100)
        return await _reply_pages(info.context, page).load(self.row.id)

    @strawberry.field(description="The moderation status.", directives=guarded(MODERATE_COMMENTS))
    def status(self) -> BlogCommentStatus:
        """Return the status."""
        return BlogCommentStatus(self.row.status)

    @strawberry.field(
        description="A guest's e-mail address.", directives=guarded(MODERATE_COMMENTS)
    )
    def guest_email(self) -> str | None:
        """Return the guest's e-mail."""
        return self.row.guest_email

    @strawberry.field(
        description="A keyed hash of the client address, to spot one source.",
        directives=guarded(MODERATE_COMMENTS),
    )
    def client_hash(self) -> str:
        """Return the client hash."""
        return self.row.client_hash

    @strawberry.field(
        description="When it was last moderated.", directives=guarded(MODERATE_COMMENTS)
    )
    def moderated_at(self) -> datetime | None:
        """Return the moderation time."""
        return self.row.moderated_at

    @staticmethod
    def global_id(comment_id: uuid.UUID) -> str:
        """Return a comment's global ID."""
        return encode_global_id("BlogComment", comment_id)

    @classmethod
    def from_row(cls, row: CommentRow) -> BlogComment:
        """Build from a comment row."""
        return cls(
            id=strawberry.ID(cls.global_id(row.id)),
            is_guest=row.author_customer_id is None,
            body=row.body,
            created_at=row.created_at,
            row=row,
        )
