"""GraphQL types of post lists: filters, sorting, the connection with highlights, the archive."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from app.graphql.types import PageInfo
from modules.blog.graphql.types import BlogPost
from modules.content import api as content

__all__ = [
    "AdminBlogPostFilter",
    "BlogArchiveMonth",
    "BlogPostConnection",
    "BlogPostEdge",
    "BlogPostFilter",
    "BlogPostSort",
    "BlogPostSortField",
]


@strawberry.enum(description="What a post list is ordered by.")
class BlogPostSortField(enum.Enum):
    """Sort keys of post lists."""

    PUBLISHED_AT = strawberry.enum_value(
        "published_at", description="Publication time (last save for never-published drafts)."
    )
    TITLE = strawberry.enum_value("title", description="Title, alphabetically.")
    RELEVANCE = strawberry.enum_value("relevance", description="Best match first (needs `search`).")


@strawberry.input(description="How to order a post list.")
class BlogPostSort:
    """A sort order."""

    field: BlogPostSortField = strawberry.field(description="The sort key.")
    direction: content.SortDirection | None = strawberry.field(
        default=None, description="The direction (default: newest first; A to Z for titles)."
    )


@strawberry.input(description="Which posts a list holds.")
class BlogPostFilter:
    """Filters of blogPosts."""

    category_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts in this `ContentCategory` or below it."
    )
    tag_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts with this `ContentTag`."
    )
    author_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts by this `BlogAuthor`."
    )
    is_featured: bool | None = strawberry.field(
        default=None, description="Only featured (true) or only other (false) posts."
    )
    month: str | None = strawberry.field(
        default=None, description="Only posts published in this month (`2026-11`)."
    )
    published_from: datetime | None = strawberry.field(
        default=None, description="Published at or after this time."
    )
    published_to: datetime | None = strawberry.field(
        default=None, description="Published before this time."
    )


@strawberry.input(description="Which posts an editor's list holds.")
class AdminBlogPostFilter(BlogPostFilter):
    """Filters of adminBlogPosts."""

    status: list[content.ContentStatus] | None = strawberry.field(
        default=None, description="Only posts in one of these states."
    )


@strawberry.type(description="A post in a list.")
class BlogPostEdge:
    """A Relay edge with a search highlight."""

    cursor: str = strawberry.field(description="Pass as `after`/`before` to page from here.")
    node: BlogPost = strawberry.field(description="The post.")
    highlight: str | None = strawberry.field(
        description="When searching: where it matched, HTML-escaped, hits in `<mark>`."
    )


@strawberry.type(description="A page of posts (Relay connection).")
class BlogPostConnection:
    """A Relay connection of posts."""

    edges: list[BlogPostEdge] = strawberry.field(description="The posts of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="How many posts the whole list has.")


@strawberry.type(description="A month of the blog's archive.")
class BlogArchiveMonth:
    """Published posts of one month."""

    month: str = strawberry.field(description="The month, `YYYY-MM` (`2026-11`).")
    post_count: int = strawberry.field(description="How many posts went live in it.")
