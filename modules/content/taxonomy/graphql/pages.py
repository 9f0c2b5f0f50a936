"""Pages of the taxonomy lists: keyset cursors over ``(sort value, id)``.

Categories list by position, tags by slug; a cursor holds the last row's sort value and id,
so each page is one index range whatever its size.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import orjson
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import BadRequest
from app.graphql.types import Connection, Edge, PageInfo

__all__ = ["Keyset", "Page", "paginate"]

Row = TypeVar("Row")
Item = TypeVar("Item")
SortValue = int | str


@dataclass(frozen=True, slots=True)
class Keyset:
    """The columns a list is ordered by: a sort value, then the id."""

    value: InstrumentedAttribute[int] | InstrumentedAttribute[str]
    id: InstrumentedAttribute[uuid.UUID]
    value_type: type[int] | type[str]


def _encode(value: SortValue, key: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(["t", value, str(key)])).decode()


def _decode(cursor: str, argument: str, value_type: type) -> tuple[SortValue, uuid.UUID]:
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        value = raw[1]
        if raw[0] == "t" and isinstance(value, int | str) and type(value) is value_type:
            return value, uuid.UUID(raw[2])
    except (ValueError, TypeError, IndexError, binascii.Error, orjson.JSONDecodeError):
        pass
    raise BadRequest(f"`{argument}` is not a cursor of this list")


@dataclass(frozen=True, slots=True)
class Page:
    """Validated Relay arguments: a page size and the cursors bounding it."""

    size: int
    backwards: bool
    after: str | None
    before: str | None

    @classmethod
    def of(
        cls,
        arguments: tuple[int | None, str | None, int | None, str | None],
        max_size: int,
    ) -> Page:
        """Check ``(first, after, last, before)`` (20 items by default); BadRequest otherwise."""
        first, after, last, before = arguments
        if first is not None and last is not None:
            raise BadRequest("pass `first` or `last`, not both")
        for name, value in (("first", first), ("last", last)):
            if value is not None and not 0 <= value <= max_size:
                raise BadRequest(f"`{name}` must be between 0 and {max_size}, got {value}")
        size = last if last is not None else first if first is not None else min(20, max_size)
        return cls(size=size, backwards=last is not None, after=after, before=before)


def _bound(statement: Select[Row], keyset: Keyset, cursor: str, argument: str) -> Select[Row]:
    value, key = _decode(cursor, argument, keyset.value_type)
    if argument == "after":
        beyond = or_(keyset.value > value, and_(keyset.value == value, keyset.id > key))
    else:
        beyond = or_(keyset.value < value, and_(keyset.value == value, keyset.id < key))
    return statement.where(beyond)


async def paginate(
    session: AsyncSession,
    statement: Select[Row],
    keyset: Keyset,
    page: Page,
    to_node: Callable[[Row], Item],
    key_of: Callable[[Row], tuple[SortValue, uuid.UUID]],
) -> Connection[Item]:
    """Run one page of ``statement`` in keyset order (plus one count) as a connection."""
    total = await session.scalar(select(func.count()).select_from(statement.subquery()))
    bounded = statement
    for argument, cursor in (("after", page.after), ("before", page.before)):
        if cursor is not None:
            bounded = _bound(bounded, keyset, cursor, argument)
    order = (
        (keyset.value.desc(), keyset.id.desc())
        if page.backwards
        else (keyset.value.asc(), keyset.id.asc())
    )
    found: Sequence[Row] = (
        await session.scalars(bounded.order_by(*order).limit(page.size + 1))
    ).all()
    has_more = len(found) > page.size
    rows = list(found[: page.size])
    if page.backwards:
        rows.reverse()
    edges = [Edge(cursor=_encode(*key_of(row)), node=to_node(row)) for row in rows]
    forward = (has_more, page.after is not None)
    has_next, has_previous = (page.before is not None, has_more) if page.backwards else forward
    info = PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=int(total or 0))
