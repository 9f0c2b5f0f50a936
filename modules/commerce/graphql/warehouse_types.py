"""GraphQL types of inventory: ``Warehouse`` and ``StockLevel`` (plain attributes only)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.graphql.types import Node
from app.ids import encode_global_id
from modules.commerce.models import StockLevelRow, WarehouseRow

__all__ = ["StockLevel", "Warehouse"]


@strawberry.type(description="A place stock is kept.")
class Warehouse(Node):
    """A warehouse."""

    code: str = strawberry.field(description="The code, unique in the shop (`main`).")
    name: str = strawberry.field(description="The name.")
    address: JSON | None = strawberry.field(
        description="The address as text fields (`line1`, `city`, `country`, ...), if set."
    )
    is_active: bool = strawberry.field(
        description="Whether it takes new reservations and counts towards `isInStock`."
    )
    position: int = strawberry.field(description="Its place in allocation order, from 0.")

    @classmethod
    def from_row(cls, row: WarehouseRow) -> Warehouse:
        """Build from a warehouse row."""
        return cls(
            id=strawberry.ID(encode_global_id("Warehouse", row.id)),
            code=row.code,
            name=row.name,
            address=JSON(row.address) if row.address is not None else None,
            is_active=row.is_active,
            position=row.position,
        )


@strawberry.type(description="How many of a variant one warehouse holds.")
class StockLevel:
    """A variant's stock in one warehouse."""

    warehouse: Warehouse = strawberry.field(description="The warehouse.")
    on_hand: int = strawberry.field(description="How many are physically there.")
    reserved: int = strawberry.field(description="How many of those are promised to orders.")
    available: int = strawberry.field(
        description="On hand less reserved: what can still be sold (negative on backorder)."
    )

    @classmethod
    def from_rows(cls, level: StockLevelRow, warehouse: WarehouseRow) -> StockLevel:
        """Build from a level and its warehouse."""
        return cls(
            warehouse=Warehouse.from_row(warehouse),
            on_hand=level.on_hand,
            reserved=level.reserved,
            available=level.available,
        )
