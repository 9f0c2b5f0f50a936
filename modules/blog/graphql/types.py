"""GraphQL types of blog: ``BlogPost`` (a post in one locale), ``BlogAuthor``."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.relay import PageRequest
from app.graphql.types import Connection, Node
from app.ids import encode_global_id
from modules.blog.comments import CommentStatus
from modules.blog.graphql import loaders
from modules.blog.graphql.comment_types import BlogComment, approved_counts, comment_page
from modules.blog.models import AuthorRow, PostRow
from modules.blog.permissions import VIEW_POSTS
from modules.content import api as content

__all__ = ["BlogAuthor", "BlogAuthorLink", "BlogPost"]


@strawberry.type(description="A link on an author's profile.")
class BlogAuthorLink:
    """A profile link."""

    label: str = strawberry.field(description="What the link is (`Website`, `Mastodon`).")
    url: str = strawberry.field(description="The absolute URL.")


@strawberry.type(description="An author profile: a user's, or a guest writer's.")
class BlogAuthor(Node):
    """An author profile."""

    slug: str = strawberry.field(description="The profile's address part, unique in the site.")
    display_name: str = strawberry.field(description="The name shown in bylines.")
    links: list[BlogAuthorLink] = strawberry.field(description="Links, in order.")
    row: strawberry.Private[AuthorRow]

    @strawberry.field(description="The biography in a locale (null when none was written).")
    def bio(
        self,
        locale: Annotated[
            str | None,
            strawberry.argument(description="The locale (default: the first one written)."),
        ] = None,
    ) -> str | None:
        """Return the biography."""
        texts = self.row.bio or {}
        if locale is not None:
            return texts.get(locale)
        return next(iter(texts.values()), None)

    @strawberry.field(description="The portrait, if any.")
    async def avatar(self, info: Info) -> content.Asset | None:
        """Load the portrait."""
        if self.row.avatar_asset_id is None:
            return None
        return await loaders.assets(info.context).load(self.row.avatar_asset_id)

    @classmethod
    def from_row(cls, row: AuthorRow) -> BlogAuthor:
        """Build from a profile row."""
        return cls(
            id=strawberry.ID(encode_global_id("BlogAuthor", row.id)),
            slug=row.slug,
            display_name=row.display_name,
            links=[BlogAuthorLink(label=link["label"], url=link["url"]) for link in row.links],
            row=row,
        )


@strawberry.type(description="A blog post in one locale: a content entry of kind `post`.")
class BlogPost(Node):
    """A post at its live or working revision."""

    view: strawberry.Private[content.EntryView]
    row: strawberry.Private[PostRow]

    @strawberry.field(description="The underlying content entry (translations, revisions...).")
    def entry(self) -> content.ContentEntry:
        """Return the entry."""
        return content.ContentEntry.of(self.view)

    @strawberry.field(description="The locale served.")
    def locale(self) -> str:
        """Return the locale."""
        return self.view.locale

    @strawberry.field(description="True when the asked locale had none and the default's served.")
    def is_fallback(self) -> bool:
        """Return whether this is a fallback."""
        return self.view.is_fallback

    @strawberry.field(description="The title.")
    def title(self) -> str:
        """Return the title."""
        return self.view.title

    @strawberry.field(description="The slug in this locale.")
    def slug(self) -> str:
        """Return the slug."""
        return self.view.slug

    @strawberry.field(description="When this locale last went live.")
    def published_at(self) -> datetime | None:
        """Return the publication time."""
        return self.view.published_at

    @strawberry.field(description="The excerpt, or the body's first words when none was written.")
    async def excerpt(self, info: Info) -> str:
        """Return the excerpt."""
        if self.view.excerpt:
            return self.view.excerpt
        return content.excerpt(await self._body(info))

    @strawberry.field(description="The body blocks.")
    async def body(self, info: Info) -> content.RichTextDocument:
        """Return the blocks."""
        return content.RichTextDocument(content.body_to_json(await self._body(info)))

    @strawberry.field(description="The body rendered as safe HTML.")
    async def body_html(self, info: Info) -> str:
        """Render the body."""
        return content.render_html(await self._body(info))

    @strawberry.field(description="The SEO fields.")
    async def seo(self, info: Info) -> content.SeoFields:
        """Return the SEO fields."""
        revision = await content.find_revision(info.context, self.view.revision_id)
        if revision is None:
            return content.SeoFields(
                title=None, description=None, canonical_url=None, image_id=None
            )
        return content.SeoFields(
            title=revision.seo_title,
            description=revision.seo_description,
            canonical_url=revision.canonical_url,
            image_id=revision.seo_image_asset_id,
        )

    @strawberry.field(description="The cover image, shared by every locale.")
    async def cover_image(self, info: Info) -> content.Asset | None:
        """Load the cover image."""
        if self.view.cover_asset_id is None:
            return None
        return await loaders.assets(info.context).load(self.view.cover_asset_id)

    @strawberry.field(description="The authors, in byline order.")
    async def authors(self, info: Info) -> list[BlogAuthor]:
        """List the authors."""
        rows = await loaders.bylines(info.context).load(self.row.id)
        return [BlogAuthor.from_row(row) for row in rows]

    @strawberry.field(description="Whether the post is featured.")
    def is_featured(self) -> bool:
        """Return the featured flag."""
        return self.row.is_featured

    @strawberry.field(description="Whether this post takes comments (the site setting also must).")
    def comments_enabled(self) -> bool:
        """Return the post's comment switch."""
        return self.row.comments_enabled

    @strawberry.field(description="How many approved comments the post has (every locale).")
    async def comment_count(self, info: Info) -> int:
        """Count the approved comments."""
        return await approved_counts(info.context).load(self.row.id)

    @strawberry.field(description="Approved top-level comments, oldest first.")
    async def comments(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to start after.")
        ] = None,
        last: Annotated[int | None, strawberry.argument(description="Last items (≤ 100).")] = None,
        before: Annotated[
            str | None, strawberry.argument(description="Cursor to end before.")
        ] = None,
    ) -> Connection[BlogComment]:
        """Page through the thread."""
        page = PageRequest.from_arguments(
            first=first, after=after, last=last, before=before, max_size=100
        )
        return await comment_page(
            info.context,
            page,
            post_id=self.row.id,
            top_level=True,
            statuses=[CommentStatus.APPROVED.value],
        )

    @strawberry.field(description="Minutes to read the body: words ÷ the site's reading speed.")
    async def reading_time_minutes(self, info: Info) -> int:
        """Return the reading time, rounded up, at least 1."""
        tenant = info.context.require_tenant()
        settings = await loaders.settings(info.context).load(tenant.id)
        words = content.word_count(await self._body(info))
        return max(1, math.ceil(words / settings.words_per_minute))

    @strawberry.field(description="The workflow state.", directives=guarded(VIEW_POSTS))
    def status(self) -> content.ContentStatus:
        """Return the status."""
        return content.ContentStatus(self.view.status)

    @strawberry.field(
        description="When it goes live, if scheduled.", directives=guarded(VIEW_POSTS)
    )
    def publish_at(self) -> datetime | None:
        """Return the scheduled time."""
        return self.view.publish_at

    async def _body(self, info: Info) -> content.Body:
        revision = await content.find_revision(info.context, self.view.revision_id)
        return content.parse_body(revision.body) if revision is not None else ()

    @classmethod
    def of(cls, view: content.EntryView, row: PostRow) -> BlogPost:
        """Build from an entry view and the blog row."""
        return cls(id=strawberry.ID(encode_global_id("BlogPost", row.id)), view=view, row=row)
