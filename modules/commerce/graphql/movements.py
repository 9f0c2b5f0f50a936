"""``StockMovement``: one entry of the stock trail, and the reasons a level changes."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry

from app.graphql.context import Info
from app.graphql.types import Node
from app.identity.graphql.person import Person, find_person
from app.ids import encode_global_id
from modules.commerce.graphql import loaders
from modules.commerce.graphql.order_types import visible_order
from modules.commerce.graphql.types import ProductVariant
from modules.commerce.graphql.warehouse_types import Warehouse
from modules.commerce.inventory import StockReason
from modules.commerce.models import StockMovementRow

__all__ = ["StockAdjustReason", "StockMovement", "StockMovementReason"]


@strawberry.enum(description="Why a stock level changed.")
class StockMovementReason(enum.Enum):
    """GraphQL view of :class:`modules.commerce.inventory.StockReason`."""

    ADJUSTMENT = strawberry.enum_value("adjustment", description="Counted up or down by staff.")
    RECEIPT = strawberry.enum_value("receipt", description="Goods received from a supplier.")
    RETURN = strawberry.enum_value("return", description="Goods a customer sent back.")
    RESERVATION = strawberry.enum_value("reservation", description="Promised to an order.")
    RELEASE = strawberry.enum_value("release", description="A promise to an order given back.")
    FULFILMENT = strawberry.enum_value(
        "fulfilment", description="Reserved stock that left the warehouse for an order."
    )


@strawberry.enum(description="Why staff change the stock on hand.")
class StockAdjustReason(enum.Enum):
    """The reasons `stockAdjust` takes."""

    ADJUSTMENT = strawberry.enum_value("adjustment", description="A count or a correction.")
    RECEIPT = strawberry.enum_value("receipt", description="Goods received (adds stock).")
    RETURN = strawberry.enum_value("return", description="Goods sent back (adds stock).")

    def to_reason(self) -> StockReason:
        """Return the service's reason."""
        return StockReason(self.value)


@strawberry.type(description="One change of a variant's stock in a warehouse: the audit trail.")
class StockMovement(Node):
    """A stock movement."""

    on_hand_delta: int = strawberry.field(description="How the stock on hand changed.")
    reserved_delta: int = strawberry.field(description="How the reserved stock changed.")
    reason: StockMovementReason = strawberry.field(description="Why.")
    note: str | None = strawberry.field(description="The note given with an adjustment.")
    created_at: datetime = strawberry.field(description="When.")
    row: strawberry.Private[StockMovementRow]

    @strawberry.field(description="The variant whose stock changed.")
    async def variant(self, info: Info) -> ProductVariant | None:
        """Load the variant."""
        found = await loaders.variants_by_id(info.context).load(self.row.variant_id)
        return ProductVariant.from_row(found) if found is not None else None

    @strawberry.field(description="The warehouse whose stock changed.")
    async def warehouse(self, info: Info) -> Warehouse | None:
        """Load the warehouse."""
        found = await loaders.warehouses(info.context).load(self.row.warehouse_id)
        return Warehouse.from_row(found) if found is not None else None

    @strawberry.field(
        description=(
            "What the change was made for: the `Order` of a reservation or a release (null "
            "without `commerce.view_orders`, and for adjustments)."
        )
    )
    async def reference(self, info: Info) -> Node | None:
        """Load the order the movement names, if the caller may see orders."""
        if self.row.reference_type != "order" or self.row.reference_id is None:
            return None
        return await visible_order(info.context, self.row.reference_id)

    @strawberry.field(description="Who made the change; the system for jobs and the CLI.")
    async def actor(self, info: Info) -> Person | None:
        """Load the person."""
        return await find_person(info.context, self.row.actor_kind, self.row.actor_id)

    @classmethod
    def from_row(cls, row: StockMovementRow) -> StockMovement:
        """Build from a movement row."""
        return cls(
            id=strawberry.ID(encode_global_id("StockMovement", row.id)),
            on_hand_delta=row.on_hand_delta,
            reserved_delta=row.reserved_delta,
            reason=StockMovementReason(row.reason),
            note=row.note,
            created_at=row.created_at,
            row=row,
        )
