"""Keyset pagination of Relay connections over a time-ordered (UUIDv7) key."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute, aliased

from app.errors import BadRequest
from app.graphql.types import Connection, Edge, PageInfo

__all__ = [
    "After",
    "Before",
    "First",
    "Grouping",
    "Last",
    "PageRequest",
    "decode_cursor",
    "encode_cursor",
    "paginate",
    "paginate_groups",
]

# The Relay arguments of every connection field, described once.
First = Annotated[int | None, strawberry.argument(description="Page size from the start.")]
After = Annotated[str | None, strawberry.argument(description="Start after this cursor.")]
Last = Annotated[int | None, strawberry.argument(description="Page size from the end.")]
Before = Annotated[str | None, strawberry.argument(description="End before this cursor.")]

Row = TypeVar("Row")
Item = TypeVar("Item")
_CURSOR_PREFIX = "k:"


def encode_cursor(key: uuid.UUID) -> str:
    """Return the opaque cursor of the item keyed ``key``."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{key}".encode()).decode()


def decode_cursor(cursor: str, argument: str) -> uuid.UUID:
    """Return the key inside ``cursor``; BadRequest naming ``argument`` if it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not raw.startswith(_CURSOR_PREFIX):
            raise ValueError(raw)
        return uuid.UUID(raw.removeprefix(_CURSOR_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest(f"`{argument}` is not a cursor returned by this list") from None


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Validated Relay arguments: a page size and the cursors bounding it."""

    size: int
    backwards: bool
    after: uuid.UUID | None
    before: uuid.UUID | None

    @classmethod
    def from_arguments(
        cls,
        *,
        first: int | None,
        after: str | None,
        max_size: int,
        last: int | None = None,
        before: str | None = None,
    ) -> PageRequest:
        """Check the page arguments; BadRequest when they are out of bounds or contradictory.

        ``last`` and ``before`` are left out by lists that page forwards only.
        """
        if first is not None and last is not None:
            raise BadRequest("pass `first` or `last`, not both")
        for name, value in (("first", first), ("last", last)):
            if value is not None and not 0 <= value <= max_size:
                raise BadRequest(f"`{name}` must be between 0 and {max_size}, got {value}")
        size = last if last is not None else first if first is not None else min(20, max_size)
        return cls(
            size=size,
            backwards=last is not None,
            after=decode_cursor(after, "after") if after is not None else None,
            before=decode_cursor(before, "before") if before is not None else None,
        )


async def paginate(
    session: AsyncSession,
    statement: Select[tuple[Row]],
    key: QueryableAttribute[uuid.UUID],
    page: PageRequest,
    to_node: Callable[[Row], Item],
    key_of: Callable[[Row], uuid.UUID],
    *,
    newest_first: bool = False,
) -> Connection[Item]:
    """Run one page of ``statement`` ordered by ``key`` (plus one count) as a connection.

    The list runs oldest first by default; ``newest_first`` reverses it (``after`` then means
    older than the cursor), still one keyset-bounded query whatever the page size.
    """
    total = await session.scalar(select(func.count()).select_from(statement.subquery()))
    bounded = statement
    if page.after is not None:
        bounded = bounded.where(key < page.after if newest_first else key > page.after)
    if page.before is not None:
        bounded = bounded.where(key > page.before if newest_first else key < page.before)
    order = key.desc() if page.backwards != newest_first else key.asc()
    rows: Sequence[Any] = (
        await session.scalars(bounded.order_by(order).limit(page.size + 1))
    ).all()
    return _connection(list(rows), int(total or 0), page, to_node, key_of)


def _connection(
    rows: list[Row],
    total: int,
    page: PageRequest,
    to_node: Callable[[Row], Item],
    key_of: Callable[[Row], uuid.UUID],
) -> Connection[Item]:
    """Shape up to ``page.size + 1`` rows fetched in page order into a connection."""
    has_more = len(rows) > page.size
    rows = rows[: page.size]
    if page.backwards:
        rows.reverse()
    edges = [Edge(cursor=encode_cursor(key_of(row)), node=to_node(row)) for row in rows]
    if page.backwards:
        has_next, has_previous = page.before is not None, has_more
    else:
        has_next, has_previous = has_more, page.after is not None
    info = PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=total)


@dataclass(frozen=True, slots=True)
class Grouping(Generic[Row]):
    """How :func:`paginate_groups` splits a statement: the mapped class, its key, its parent."""

    model: type[Row]
    key: QueryableAttribute[uuid.UUID]
    parent: QueryableAttribute[uuid.UUID] | QueryableAttribute[uuid.UUID | None]
    key_of: Callable[[Row], uuid.UUID]
    parent_of: Callable[[Row], uuid.UUID]


async def paginate_groups(
    session: AsyncSession,
    statement: Select[tuple[Row]],
    grouping: Grouping[Row],
    parents: Sequence[uuid.UUID],
    page: PageRequest,
    to_node: Callable[[Row], Item],
    *,
    newest_first: bool = False,
) -> list[Connection[Item]]:
    """Return the same page of ``statement`` for each parent, in two statements in all.

    A nested connection under a list (an entry's revisions, a comment's replies) would
    otherwise cost a page and a count per parent. One windowed query ranks each parent's rows
    (``row_number()`` per parent, in page order) and keeps ``page.size + 1`` of each; one
    grouped count gives the totals. The result is one connection per parent, in order.
    """
    scoped = statement.where(grouping.parent.in_(parents))
    counted = scoped.subquery()
    totals: dict[uuid.UUID, int] = {
        parent: int(count)
        for parent, count in await session.execute(
            select(counted.c[grouping.parent.key], func.count()).group_by(
                counted.c[grouping.parent.key]
            )
        )
    }
    key = grouping.key
    if page.after is not None:
        scoped = scoped.where(key < page.after if newest_first else key > page.after)
    if page.before is not None:
        scoped = scoped.where(key > page.before if newest_first else key < page.before)
    order = key.desc() if page.backwards != newest_first else key.asc()
    rank = func.row_number().over(partition_by=grouping.parent, order_by=order).label("rank")
    ranked = scoped.add_columns(rank).subquery()
    entity = aliased(grouping.model, ranked)
    rows = await session.scalars(
        select(entity).where(ranked.c.rank <= page.size + 1).order_by(ranked.c.rank)
    )
    by_parent: dict[uuid.UUID, list[Row]] = {parent: [] for parent in parents}
    for row in rows:
        by_parent[grouping.parent_of(row)].append(row)
    return [
        _connection(by_parent[parent], totals.get(parent, 0), page, to_node, grouping.key_of)
        for parent in parents
    ]
