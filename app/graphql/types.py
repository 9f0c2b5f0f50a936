"""Shared GraphQL types: typed errors, Relay pages, the Node interface, 64-bit money units."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Generic, NewType, TypeVar

import strawberry
from strawberry.types.scalar import ScalarDefinition

from app.errors import ERROR_CODE_DESCRIPTIONS, ErrorCode, FieldProblem

__all__ = [
    "SCALAR_MAP",
    "Connection",
    "Edge",
    "GraphQLErrorCode",
    "MinorUnits",
    "Node",
    "PageInfo",
    "UserError",
    "user_errors",
]

_ErrorCodeValues = enum.Enum(  # type: ignore[misc]
    "ErrorCode",
    {
        code.name: strawberry.enum_value(code.value, description=ERROR_CODE_DESCRIPTIONS[code])
        for code in ErrorCode
    },
)
GraphQLErrorCode = strawberry.enum(
    _ErrorCodeValues,
    name="ErrorCode",
    description="Stable error codes: branch on these, never on messages.",
)

_MAX_MINOR_UNITS = 2**63 - 1


def _parse_minor_units(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError("MinorUnits must be an integer")
    number = int(value)
    if not -_MAX_MINOR_UNITS - 1 <= number <= _MAX_MINOR_UNITS:
        raise ValueError("MinorUnits must fit in 64 bits")
    return number


MinorUnits = NewType("MinorUnits", int)

SCALAR_MAP: dict[object, ScalarDefinition] = {
    MinorUnits: strawberry.scalar(
        name="MinorUnits",
        description="An amount of money in the currency's minor units (cents): a 64-bit integer.",
        serialize=int,
        parse_value=_parse_minor_units,
    )
}


@strawberry.type(description="One problem with a mutation's input; the operation changed nothing.")
class UserError:
    """A payload error."""

    code: GraphQLErrorCode = strawberry.field(description="What kind of problem.")  # type: ignore[valid-type]
    field: str | None = strawberry.field(
        description="Dotted path into the input (`variants.1.sku`), or null for the whole input."
    )
    message: str = strawberry.field(description="A human-readable explanation.")


def user_errors(problems: Sequence[FieldProblem]) -> list[UserError]:
    """Convert domain problems into payload errors."""
    return [
        UserError(
            code=GraphQLErrorCode[problem.code.name], field=problem.field, message=problem.message
        )
        for problem in problems
    ]


@strawberry.interface(description="An object with a global ID (Relay).")
class Node:
    """The Relay Node interface."""

    id: strawberry.ID = strawberry.field(description="The object's global ID.")


@strawberry.type(description="Where a page sits in the whole list (Relay).")
class PageInfo:
    """Relay page information."""

    has_next_page: bool = strawberry.field(description="Whether items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items precede this page.")
    start_cursor: str | None = strawberry.field(description="The first item's cursor.")
    end_cursor: str | None = strawberry.field(description="The last item's cursor.")


NodeType = TypeVar("NodeType")


@strawberry.type(description="One item of a page, with its cursor.")
class Edge(Generic[NodeType]):
    """A Relay edge."""

    cursor: str = strawberry.field(description="Pass as `after`/`before` to page from here.")
    node: NodeType = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list that can grow (Relay connection).")
class Connection(Generic[NodeType]):
    """A Relay connection with the total count."""

    edges: list[Edge[NodeType]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="How many items the whole list has.")
