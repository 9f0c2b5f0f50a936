"""``blogPosts`` (public, live), ``adminBlogPosts`` (editors, working copies), ``blogArchive``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from app.graphql.context import Info
from app.graphql.directives import guarded, public
from app.graphql.global_ids import local_id
from app.graphql.relay import After, Before, First, Last
from app.graphql.types import PageInfo
from app.runtime import Context
from modules.blog.listing.archive import list_archive
from modules.blog.listing.lists import ListRequest, PostFilter, PostPage, list_posts
from modules.blog.listing.nodes import Shaper
from modules.blog.listing.types import (
    AdminBlogPostFilter,
    BlogArchiveMonth,
    BlogPostConnection,
    BlogPostEdge,
    BlogPostFilter,
    BlogPostSort,
)
from modules.blog.permissions import VIEW_POSTS
from modules.content import api as content

__all__ = ["ListingQuery", "Page", "connection_of", "page_connection", "post_filter"]

_Locale = Annotated[
    str | None, strawberry.argument(description="The locale listed (default: the site's).")
]
_Search = Annotated[
    str | None,
    strawberry.argument(description="Words to look for (title above excerpt above body)."),
]
_Sort = Annotated[
    BlogPostSort | None,
    strawberry.argument(description="The order (default: newest first, or best match)."),
]


@dataclass(frozen=True, slots=True)
class Page:
    """The Relay arguments of one list field."""

    first: int | None
    after: str | None
    last: int | None = None
    before: str | None = None


def post_filter(given: BlogPostFilter | None, statuses: tuple[str, ...] | None) -> PostFilter:
    """Return the list filter of a GraphQL filter (global IDs checked)."""
    if given is None:
        return PostFilter(statuses=statuses)
    return PostFilter(
        category_id=None
        if given.category_id is None
        else local_id(given.category_id, "ContentCategory", "filter.categoryId"),
        tag_id=None
        if given.tag_id is None
        else local_id(given.tag_id, "ContentTag", "filter.tagId"),
        author_id=None
        if given.author_id is None
        else local_id(given.author_id, "BlogAuthor", "filter.authorId"),
        is_featured=given.is_featured,
        month=given.month,
        published_from=given.published_from,
        published_to=given.published_to,
        statuses=statuses,
    )


def page_connection(page: PostPage) -> BlogPostConnection:
    """Return a page of listed posts as a connection."""
    shaper = Shaper(page.site)
    edges = [
        BlogPostEdge(cursor=cursor, node=shaper.post(row), highlight=highlight)
        for row, cursor, highlight in zip(page.rows, page.cursors, page.highlights, strict=True)
    ]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return BlogPostConnection(edges=edges, page_info=info, total_count=page.total)


def _names(selections: Iterable[Selection]) -> Iterator[str]:
    """Yield the name of every field selected at any depth (through fragments too)."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        yield from _names(selection.selections)


def _sorting(sort: BlogPostSort | None) -> tuple[str | None, bool | None]:
    if sort is None:
        return None, None
    direction = None if sort.direction is None else sort.direction is content.SortDirection.DESC
    return sort.field.name.lower(), direction


async def connection_of(
    ctx: Context, request: ListRequest, sort: BlogPostSort | None = None
) -> BlogPostConnection:
    """Return one page of posts as a connection (``sort`` overrides the request's)."""
    if sort is not None:
        field, descending = _sorting(sort)
        request = ListRequest(
            edition=request.edition,
            locale=request.locale,
            filter=request.filter,
            search=request.search,
            sort=field,
            descending=descending,
            first=request.first,
            after=request.after,
            last=request.last,
            before=request.before,
            with_total=request.with_total,
        )
    return page_connection(await list_posts(ctx, request))


async def _list(
    info: Info,
    edition: str,
    locale: str | None,
    given: tuple[PostFilter, str | None, BlogPostSort | None],
    page: Page,
) -> BlogPostConnection:
    post_filter_, search, sort = given
    request = ListRequest(
        edition=edition,
        locale=locale,
        filter=post_filter_,
        search=search,
        first=page.first,
        after=page.after,
        last=page.last,
        before=page.before,
        # Count only when the query selects the total.
        with_total="totalCount" in set(_names(info.selected_fields)),
    )
    return await connection_of(info.context, request, sort)


@strawberry.type(description="Post lists and the archive.")
class ListingQuery:
    """List queries."""

    @strawberry.field(description="Published posts of one locale.", directives=public())
    async def blog_posts(
        self,
        info: Info,
        locale: _Locale = None,
        filter: Annotated[
            BlogPostFilter | None, strawberry.argument(description="Which posts.")
        ] = None,
        search: _Search = None,
        sort: _Sort = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> BlogPostConnection:
        """List live posts."""
        given = (post_filter(filter, None), search, sort)
        return await _list(info, "live", locale, given, Page(first, after, last, before))

    @strawberry.field(
        description="Working copies of posts in every state, for editors.",
        directives=guarded(VIEW_POSTS),
    )
    async def admin_blog_posts(
        self,
        info: Info,
        locale: _Locale = None,
        filter: Annotated[
            AdminBlogPostFilter | None, strawberry.argument(description="Which posts.")
        ] = None,
        search: _Search = None,
        sort: _Sort = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> BlogPostConnection:
        """List working copies."""
        statuses = (
            tuple(status.name.lower() for status in filter.status)
            if filter is not None and filter.status is not None
            else None
        )
        given = (post_filter(filter, statuses), search, sort)
        return await _list(info, "working", locale, given, Page(first, after, last, before))

    @strawberry.field(
        description="Months with published posts in a locale, newest first.", directives=public()
    )
    async def blog_archive(self, info: Info, locale: _Locale = None) -> list[BlogArchiveMonth]:
        """List the archive's months."""
        months = await list_archive(info.context, locale)
        return [BlogArchiveMonth(month=item.month, post_count=item.post_count) for item in months]
