"""``contentEntries`` (public, live) and ``adminContentEntries`` (editors, working copies)."""

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
from modules.content.entries.graphql.types import ContentEntry
from modules.content.listing.lists import EntryFilter, EntryPage, ListRequest, list_entries
from modules.content.listing.types import (
    AdminContentEntryFilter,
    ContentEntryConnection,
    ContentEntryEdge,
    ContentEntryFilter,
    ContentEntrySort,
    SortDirection,
)
from modules.content.permissions import VIEW_ENTRIES
from modules.content.taxonomy.api import EntryTerms

__all__ = ["ListingQuery"]

_Locale = Annotated[
    str | None, strawberry.argument(description="The locale listed (default: the site's).")
]
_Search = Annotated[
    str | None,
    strawberry.argument(description="Words to look for (title above excerpt above body)."),
]
_Sort = Annotated[
    ContentEntrySort | None,
    strawberry.argument(description="The order (default: newest first, or best match)."),
]


def _filter(given: ContentEntryFilter | None, statuses: tuple[str, ...] | None) -> EntryFilter:
    if given is None:
        return EntryFilter(statuses=statuses)
    return EntryFilter(
        kind=given.kind,
        category_id=local_id(given.category_id, "ContentCategory", "filter.categoryId")
        if given.category_id is not None
        else None,
        tag_id=local_id(given.tag_id, "ContentTag", "filter.tagId")
        if given.tag_id is not None
        else None,
        author_user_id=local_id(given.author_id, "User", "filter.authorId")
        if given.author_id is not None
        else None,
        published_from=given.published_from,
        published_to=given.published_to,
        statuses=statuses,
    )


def _connection(page: EntryPage) -> ContentEntryConnection:
    terms, default = page.terms, page.default_locale
    edges = [
        ContentEntryEdge(
            cursor=cursor,
            node=ContentEntry.of(
                view,
                (terms.get(view.entry_id, EntryTerms()), default)
                if terms is not None and default is not None
                else None,
            ),
            highlight=highlight,
        )
        for view, cursor, highlight in page.items
    ]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return ContentEntryConnection(edges=edges, page_info=info, total_count=page.total)


def _names(selections: Iterable[Selection]) -> Iterator[str]:
    """Yield the name of every field selected at any depth (through fragments too)."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        yield from _names(selection.selections)


def _sorting(sort: ContentEntrySort | None) -> tuple[str | None, bool | None]:
    if sort is None:
        return None, None
    direction = None if sort.direction is None else sort.direction is SortDirection.DESC
    return sort.field.name.lower(), direction


@dataclass(frozen=True, slots=True)
class _Page:
    first: int | None
    after: str | None
    last: int | None
    before: str | None


async def _list(
    info: Info,
    edition: str,
    locale: str | None,
    entry_filter: EntryFilter,
    search: str | None,
    sort: ContentEntrySort | None,
    page: _Page,
) -> ContentEntryConnection:
    field, descending = _sorting(sort)
    if field is None and search is None and edition == "working":
        field = "updated_at"
    # Only what the query selects: the count, and the page's categories and tags, loaded in
    # the list's transaction and handed to each entry (no second transaction).
    selected = set(_names(info.selected_fields))
    request = ListRequest(
        edition=edition,
        locale=locale,
        filter=entry_filter,
        search=search,
        sort=field,
        descending=descending,
        first=page.first,
        after=page.after,
        last=page.last,
        before=page.before,
        with_total="totalCount" in selected,
        with_terms=not selected.isdisjoint(("categories", "tags")),
    )
    return _connection(await list_entries(info.context, request))


@strawberry.type(description="Entry lists.")
class ListingQuery:
    """List queries."""

    @strawberry.field(description="Published entries of one locale.", directives=public())
    async def content_entries(
        self,
        info: Info,
        locale: _Locale = None,
        filter: Annotated[
            ContentEntryFilter | None, strawberry.argument(description="Which entries.")
        ] = None,
        search: _Search = None,
        sort: _Sort = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ContentEntryConnection:
        """List live entries."""
        page = _Page(first, after, last, before)
        return await _list(info, "live", locale, _filter(filter, None), search, sort, page)

    @strawberry.field(
        description="Working copies of entries in every state, for editors.",
        directives=guarded(VIEW_ENTRIES),
    )
    async def admin_content_entries(
        self,
        info: Info,
        locale: _Locale = None,
        filter: Annotated[
            AdminContentEntryFilter | None, strawberry.argument(description="Which entries.")
        ] = None,
        search: _Search = None,
        sort: _Sort = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ContentEntryConnection:
        """List working copies."""
        statuses = (
            tuple(status.name.lower() for status in filter.status)
            if filter is not None and filter.status is not None
            else None
        )
        page = _Page(first, after, last, before)
        entry_filter = _filter(filter, statuses)
        return await _list(info, "working", locale, entry_filter, search, sort, page)
