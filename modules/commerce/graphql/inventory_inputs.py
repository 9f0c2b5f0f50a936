"""Input objects of the inventory mutations, and their conversion to the services' inputs."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.graphql.global_ids import local_id
from modules.commerce.graphql.movements import StockAdjustReason
from modules.commerce.inventory import StockAdjustment
from modules.commerce.warehouses import WarehouseFields

__all__ = [
    "StockAdjustInput",
    "WarehouseCreateInput",
    "WarehouseUpdateInput",
    "adjustment_of",
    "warehouse_fields",
]


@strawberry.input(description="A new warehouse.")
class WarehouseCreateInput:
    """A warehouse's fields."""

    code: str = strawberry.field(description="The code: a-z, 0-9, `-`, `_`; unique in the shop.")
    name: str = strawberry.field(description="The name.")
    address: JSON | None = strawberry.field(
        default=None, description="The address as an object of text fields."
    )
    is_active: bool | None = strawberry.field(
        default=None, description="Whether it takes reservations (default true)."
    )
    position: int | None = strawberry.field(
        default=None, description="Its place in allocation order (default: last)."
    )


@strawberry.input(description="Changes to a warehouse (absent: unchanged).")
class WarehouseUpdateInput:
    """A warehouse's changes."""

    id: strawberry.ID = strawberry.field(description="The `Warehouse` ID.")
    code: str | None = strawberry.field(default=None, description="The new code.")
    name: str | None = strawberry.field(default=None, description="The new name.")
    address: JSON | None = strawberry.field(
        default=None, description="The new address; an empty object clears it."
    )
    is_active: bool | None = strawberry.field(
        default=None, description="Whether it takes reservations."
    )
    position: int | None = strawberry.field(
        default=None, description="Its new place in allocation order."
    )


@strawberry.input(description="A change of a variant's stock on hand in one warehouse.")
class StockAdjustInput:
    """A stock adjustment: give `onHandDelta` or `onHand`, exactly one."""

    variant_id: strawberry.ID = strawberry.field(description="The `ProductVariant` ID.")
    warehouse_id: strawberry.ID = strawberry.field(description="The `Warehouse` ID.")
    on_hand_delta: int | None = strawberry.field(
        default=None, description="How many to add (negative: to take away)."
    )
    on_hand: int | None = strawberry.field(
        default=None, description="The counted stock on hand, replacing the current figure."
    )
    reason: StockAdjustReason = strawberry.field(
        default=StockAdjustReason.ADJUSTMENT, description="Why (default ADJUSTMENT)."
    )
    note: str | None = strawberry.field(
        default=None, description="A note for the trail (at most 500 characters)."
    )


def warehouse_fields(given: WarehouseCreateInput | WarehouseUpdateInput) -> WarehouseFields:
    """Return the service's fields of a warehouse input."""
    return WarehouseFields(
        code=given.code,
        name=given.name,
        address=given.address,
        is_active=given.is_active,
        position=given.position,
    )


def adjustment_of(given: StockAdjustInput) -> StockAdjustment:
    """Return the service's adjustment of a stockAdjust input (VALIDATION for a bad ID)."""
    return StockAdjustment(
        variant_id=local_id(given.variant_id, "ProductVariant", "variantId"),
        warehouse_id=local_id(given.warehouse_id, "Warehouse", "warehouseId"),
        on_hand_delta=given.on_hand_delta,
        on_hand=given.on_hand,
        reason=given.reason.to_reason(),
        note=given.note,
    )
