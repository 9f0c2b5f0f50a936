"""GraphQL types of blog: ``BlogPost`` (a post in one locale), ``BlogAuthor``."""

from __future__ import annotations

import math
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.errors import BadRequest
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.loaders import request_loader
from app.graphql.relay import After, Before, First, Last, PageRequest
from app.graphql.types import Connection, Node
from app.identity.graphql.person import Person, find_person
from app.identity.people import PersonKind
from app.ids import encode_global_id
from modules.blog.comments import CommentStatus
from modules.blog.graphql import loaders
from modules.blog.graphql.comment_types import BlogComment, comment_page
from modules.blog.models import AuthorRow, PostRow
from modules.blog.permissions import VIEW_POSTS
from modules.content import api as content

if TYPE_CHECKING:
    from modules.blog.listing.types import BlogPostConnection

__all__ = ["MAX_RELATED", "BlogAuthor", "BlogAuthorLink", "BlogPost", "Listed"]

MAX_RELATED = 10


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

    @strawberry.field(
        description="The staff user behind the profile (null for a guest writer or a user gone).",
        directives=guarded(VIEW_POSTS),
    )
    async def user(self, info: Info) -> Person | None:
        """Load the user's card."""
        if self.row.user_id is None:
            return None
        return await find_person(info.context, PersonKind.USER.value, self.row.user_id)

    @strawberry.field(description="The author's published posts in a locale, newest first.")
    async def posts(
        self,
        info: Info,
        locale: Annotated[
            str | None, strawberry.argument(description="The locale (default: the site's).")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Annotated[BlogPostConnection, strawberry.lazy("modules.blog.listing.types")]:
        """Page through the author's live posts (one batch for every author of a list)."""
        from modules.blog.listing.by_author import list_author_pages
        from modules.blog.listing.lists import PostPage
        from modules.blog.listing.queries import page_connection

        ctx = info.context

        async def load(keys: list[uuid.UUID]) -> list[PostPage]:
            found = await list_author_pages(ctx, keys, locale, first, after)
            return [found[key] for key in keys]

        name = f"blog.author_posts:{locale}:{first}:{after}"
        page = await request_loader(ctx, name, load).load(self.row.id)
        return page_connection(page)

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


@dataclass(frozen=True, slots=True)
class Listed:
    """What a list hands a post pre-shaped, from the read model: nothing left to load."""

    authors: list[BlogAuthor]
    categories: list[content.ContentCategory]
    tags: list[content.ContentTag]
    comment_count: int
    pending_comment_count: int
    reading_time_minutes: int


@strawberry.type(description="A blog post in one locale: a content entry of kind `post`.")
class BlogPost(Node):
    """A post at its live or working revision.

    Built from the source (``of``: single reads, mutation payloads) or from a list's row
    (``listed`` set): then its authors, terms, counts and reading time need no loading.
    """

    locale: str = strawberry.field(description="The locale served.")
    is_fallback: bool = strawberry.field(
        description="True when the asked locale had none and the default's served."
    )
    title: str = strawberry.field(description="The title.")
    slug: str = strawberry.field(description="The slug in this locale.")
    excerpt: str = strawberry.field(
        description="The excerpt, or the body's first words when none was written."
    )
    published_at: datetime | None = strawberry.field(description="When this locale last went live.")
    is_featured: bool = strawberry.field(description="Whether the post is featured.")
    comments_enabled: bool = strawberry.field(
        description="Whether this post takes comments (the site setting also must)."
    )
    status: content.ContentStatus = strawberry.field(
        description="The workflow state.", directives=guarded(VIEW_POSTS)
    )
    publish_at: datetime | None = strawberry.field(
        description="When it goes live, if scheduled.", directives=guarded(VIEW_POSTS)
    )
    view: strawberry.Private[content.EntryView]
    listed: strawberry.Private[Listed | None]

    @strawberry.field(description="The underlying content entry (translations, revisions...).")
    def entry(self) -> content.ContentEntry:
        """Return the entry."""
        return content.ContentEntry.of(self.view)

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

    # The relation fields below are sync: a listed post answers at once, a post read from
    # the source answers with an awaitable (graphql-core awaits it).
    @strawberry.field(description="The authors, in byline order.", graphql_type=list[BlogAuthor])
    def authors(self, info: Info) -> list[BlogAuthor] | Awaitable[list[BlogAuthor]]:
        """List the authors."""
        if self.listed is not None:
            return self.listed.authors
        return self._authors(info)

    @strawberry.field(
        description="The categories it is filed under, shared by every locale.",
        graphql_type=list[content.ContentCategory],
    )
    def categories(
        self, info: Info
    ) -> list[content.ContentCategory] | Awaitable[list[content.ContentCategory]]:
        """List the categories."""
        if self.listed is not None:
            return self.listed.categories
        return self._categories(info)

    @strawberry.field(
        description="Its tags, shared by every locale.", graphql_type=list[content.ContentTag]
    )
    def tags(self, info: Info) -> list[content.ContentTag] | Awaitable[list[content.ContentTag]]:
        """List the tags."""
        if self.listed is not None:
            return self.listed.tags
        return self._tags(info)

    @strawberry.field(
        description="How many approved comments the post has (every locale).", graphql_type=int
    )
    def comment_count(self, info: Info) -> int | Awaitable[int]:
        """Count the approved comments."""
        if self.listed is not None:
            return self.listed.comment_count
        return self._counts(info, 0)

    @strawberry.field(
        description="How many comments wait for a moderator (every locale).",
        directives=guarded(VIEW_POSTS),
        graphql_type=int,
    )
    def pending_comment_count(self, info: Info) -> int | Awaitable[int]:
        """Count the pending comments."""
        if self.listed is not None:
            return self.listed.pending_comment_count
        return self._counts(info, 1)

    @strawberry.field(
        description="Minutes to read the body: words ÷ the site's reading speed.",
        graphql_type=int,
    )
    def reading_time_minutes(self, info: Info) -> int | Awaitable[int]:
        """Return the reading time, rounded up, at least 1."""
        if self.listed is not None:
            return self.listed.reading_time_minutes
        return self._reading_time(info)

    @strawberry.field(description="Approved top-level comments, oldest first.")
    async def comments(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[BlogComment]:
        """Page through the thread."""
        page = PageRequest.from_arguments(
            first=first, after=after, last=last, before=before, max_size=100
        )
        return await comment_page(
            info.context,
            page,
            post_id=self.view.entry_id,
            top_level=True,
            statuses=[CommentStatus.APPROVED.value],
        )

    @strawberry.field(
        description="Published posts in this locale sharing the most tags, then the newest."
    )
    async def related_posts(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="How many (at most 10).")] = 3,
    ) -> list[BlogPost]:
        """List related posts."""
        first = 3 if first is None else first
        if not 0 <= first <= MAX_RELATED:
            raise BadRequest(f"`first` must be between 0 and {MAX_RELATED}, got {first}")
        from modules.blog.listing.related import related_posts

        key = (self.view.entry_id, self.view.locale)
        related = await related_posts(info.context).load(key)
        return related[:first]

    async def _authors(self, info: Info) -> list[BlogAuthor]:
        rows = await loaders.bylines(info.context).load(self.view.entry_id)
        return [BlogAuthor.from_row(row) for row in rows]

    async def _categories(self, info: Info) -> list[content.ContentCategory]:
        found, default = await loaders.terms(info.context).load(self.view.entry_id)
        return [content.ContentCategory.from_row(row, default) for row in found.categories]

    async def _tags(self, info: Info) -> list[content.ContentTag]:
        found, default = await loaders.terms(info.context).load(self.view.entry_id)
        return [content.ContentTag.from_row(row, default) for row in found.tags]

    async def _counts(self, info: Info, which: int) -> int:
        return (await loaders.comment_counts(info.context).load(self.view.entry_id))[which]

    async def _reading_time(self, info: Info) -> int:
        tenant = info.context.require_tenant()
        settings = await loaders.settings(info.context).load(tenant.id)
        words = content.word_count(await self._body(info))
        return max(1, math.ceil(words / settings.words_per_minute))

    async def _body(self, info: Info) -> content.Body:
        revision = await content.find_revision(info.context, self.view.revision_id)
        return content.parse_body(revision.body) if revision is not None else ()

    @classmethod
    def of(cls, view: content.EntryView, row: PostRow) -> BlogPost:
        """Build from an entry view and the blog row (a read from the source)."""
        return cls(
            id=strawberry.ID(encode_global_id("BlogPost", row.id)),
            locale=view.locale,
            is_fallback=view.is_fallback,
            title=view.title,
            slug=view.slug,
            excerpt=view.excerpt,
            published_at=view.published_at,
            is_featured=row.is_featured,
            comments_enabled=row.comments_enabled,
            status=content.ContentStatus(view.status),
            publish_at=view.publish_at,
            view=view,
            listed=None,
        )

    @classmethod
    def listed_from(
        cls, view: content.EntryView, is_featured: bool, comments_enabled: bool, listed: Listed
    ) -> BlogPost:
        """Build from a list's row: the entry's view, blog's flags and the pre-shaped rest."""
        return cls(
            id=strawberry.ID(encode_global_id("BlogPost", view.entry_id)),
            locale=view.locale,
            is_fallback=False,
            title=view.title,
            slug=view.slug,
            excerpt=view.excerpt,
            published_at=view.published_at,
            is_featured=is_featured,
            comments_enabled=comments_enabled,
            status=content.ContentStatus(view.status),
            publish_at=view.publish_at,
            view=view,
            listed=listed,
        )
