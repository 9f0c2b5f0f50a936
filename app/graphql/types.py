"""Shared GraphQL types: typed errors, Relay pages, the Node interface, money (ADR 0003)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Generic, NewType, TypeVar

import strawberry
from strawberry.types.scalar import ScalarDefinition

from app.errors import ERROR_CODE_DESCRIPTIONS, ErrorCode, FieldProblem
from app.money import MAX_AMOUNT

__all__ = [
    "SCALAR_MAP",
    "Connection",
    "Edge",
    "GraphQLErrorCode",
    "MinorUnits",
    "Money",
    "MoneyInput",
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


def _parse_minor_units(value: object) -> int:
    # A JSON number only: a float (1.5, or 100.0) is refused, never rounded (ADR 0003).
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("MinorUnits must be an integer count of minor units")
    if not -MAX_AMOUNT <= value <= MAX_AMOUNT:
        raise ValueError("MinorUnits must lie within ±(2^53 - 1)")
    return value


MinorUnits = NewType("MinorUnits", int)

SCALAR_MAP: dict[object, ScalarDefinition] = {
    MinorUnits: strawberry.scalar(
        name="MinorUnits",
        description=(
            "An amount of money in the currency's minor units (cents): an integer within "
            "±(2^53 - 1), so JavaScript clients never lose precision."
        ),
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


@strawberry.type(description="An exact amount of money: integer minor units of one currency.")
class Money:
    """An amount in minor units and its ISO 4217 currency."""

    amount: MinorUnits = strawberry.field(description="The amount in minor units (cents).")
    currency: str = strawberry.field(description="The ISO 4217 currency code (`EUR`).")


@strawberry.input(description="An amount of money: integer minor units of one currency.")
class MoneyInput:
    """An amount as a mutation takes it."""

    amount: MinorUnits = strawberry.field(description="The amount in minor units (cents).")
    currency: str = strawberry.field(description="The ISO 4217 currency code (`EUR`).")


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
