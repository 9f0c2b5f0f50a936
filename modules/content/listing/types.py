"""GraphQL types of entry lists: filters, sorting, and the connection with highlights."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from app.graphql.types import PageInfo
from modules.content.entries.graphql.types import ContentEntry, ContentStatus

__all__ = [
    "AdminContentEntryFilter",
    "ContentEntryConnection",
    "ContentEntryEdge",
    "ContentEntryFilter",
    "ContentEntrySort",
    "ContentEntrySortField",
    "SortDirection",
]


@strawberry.enum(description="What an entry list is ordered by.")
class ContentEntrySortField(enum.Enum):
    """Sort keys of entry lists."""

    PUBLISHED_AT = strawberry.enum_value(
        "published_at", description="Publication time (last save for never-published drafts)."
    )
    TITLE = strawberry.enum_value("title", description="Title, alphabetically.")
    UPDATED_AT = strawberry.enum_value("updated_at", description="Last save.")
    RELEVANCE = strawberry.enum_value("relevance", description="Best match first (needs `search`).")


@strawberry.enum(description="Ascending or descending.")
class SortDirection(enum.Enum):
    """A sort direction."""

    ASC = strawberry.enum_value("asc", description="Smallest, oldest or A first.")
    DESC = strawberry.enum_value("desc", description="Largest, newest or Z first.")


@strawberry.input(description="How to order an entry list.")
class ContentEntrySort:
    """A sort order."""

    field: ContentEntrySortField = strawberry.field(description="The sort key.")
    direction: SortDirection | None = strawberry.field(
        default=None, description="The direction (default: newest first; A to Z for titles)."
    )


@strawberry.input(description="Which entries a list holds.")
class ContentEntryFilter:
    """Filters of contentEntries."""

    kind: str | None = strawberry.field(default=None, description="Only this kind.")
    category_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only entries in this category or below it."
    )
    tag_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only entries with this tag."
    )
    author_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only entries by this `User`."
    )
    published_from: datetime | None = strawberry.field(
        default=None, description="Published at or after this time."
    )
    published_to: datetime | None = strawberry.field(
        default=None, description="Published before this time."
    )


@strawberry.input(description="Which entries an editor's list holds.")
class AdminContentEntryFilter(ContentEntryFilter):
    """Filters of adminContentEntries."""

    status: list[ContentStatus] | None = strawberry.field(
        default=None, description="Only entries in one of these states."
    )


@strawberry.type(description="An entry in a list.")
class ContentEntryEdge:
    """A Relay edge with a search highlight."""

    cursor: str = strawberry.field(description="Pass as `after`/`before` to page from here.")
    node: ContentEntry = strawberry.field(description="The entry.")
    highlight: str | None = strawberry.field(
        description="When searching: where it matched, HTML-escaped, hits in `<mark>`."
    )


@strawberry.type(description="A page of entries (Relay connection).")
class ContentEntryConnection:
    """A Relay connection of entries."""

    edges: list[ContentEntryEdge] = strawberry.field(description="The entries of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="How many entries the whole list has.")
