"""Input objects of the customer group mutations, and their conversion to the service's."""

from __future__ import annotations

import uuid

import strawberry

from app.graphql.global_ids import local_id
from modules.commerce.customer_groups import GroupFields

__all__ = [
    "CustomerGroupCreateInput",
    "CustomerGroupMembersInput",
    "CustomerGroupUpdateInput",
    "customer_ids_of",
    "group_fields",
]


@strawberry.input(description="A new customer group.")
class CustomerGroupCreateInput:
    """A group's code and name."""

    code: str = strawberry.field(description="1 to 60 of a-z, 0-9, `-`, `_`; unique in the shop.")
    name: str = strawberry.field(description="1 to 200 characters; unique in the shop.")


@strawberry.input(description="Changes to a customer group (absent: unchanged).")
class CustomerGroupUpdateInput:
    """A group's ID and its changes."""

    id: strawberry.ID = strawberry.field(description="The `CustomerGroup` ID.")
    code: str | None = strawberry.field(default=None, description="A new code.")
    name: str | None = strawberry.field(default=None, description="A new name.")


@strawberry.input(description="Customers to add to, or remove from, a customer group.")
class CustomerGroupMembersInput:
    """A group's ID and customers."""

    id: strawberry.ID = strawberry.field(description="The `CustomerGroup` ID.")
    customer_ids: list[strawberry.ID] = strawberry.field(
        description="`Customer` IDs of the shop's customers (1 to 100)."
    )


def group_fields(given: CustomerGroupCreateInput | CustomerGroupUpdateInput) -> GroupFields:
    """Return the service's fields of a create or update input."""
    return GroupFields(code=given.code, name=given.name)


def customer_ids_of(given: CustomerGroupMembersInput) -> list[uuid.UUID]:
    """Return the customer UUIDs (VALIDATION at ``customerIds.N`` for a bad ID)."""
    return [
        local_id(customer, "Customer", f"customerIds.{number}")
        for number, customer in enumerate(given.customer_ids)
    ]
