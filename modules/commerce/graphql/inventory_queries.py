"""Inventory reads: the warehouses, and one variant's stock movement trail, newest first."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import Select, select

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.relay import After, First, PageRequest, paginate
from app.graphql.types import Connection
from modules.commerce.graphql.movements import StockMovement
from modules.commerce.graphql.warehouse_types import Warehouse
from modules.commerce.models import StockMovementRow, WarehouseRow
from modules.commerce.permissions import VIEW_INVENTORY

__all__ = ["InventoryQuery"]


@strawberry.type(description="Inventory reads.")
class InventoryQuery:
    """Inventory queries."""

    @strawberry.field(
        description="Every warehouse, in allocation order.", directives=guarded(VIEW_INVENTORY)
    )
    async def warehouses(self, info: Info) -> list[Warehouse]:
        """List the warehouses (a shop has a handful)."""
        ctx = info.context
        tenant_id = ctx.require_tenant().id
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(WarehouseRow)
                .where(WarehouseRow.tenant_id == tenant_id)
                .order_by(WarehouseRow.position, WarehouseRow.code)
            )
            return [Warehouse.from_row(row) for row in rows]

    @strawberry.field(
        description="A variant's stock movements, newest first (in one warehouse, if given).",
        directives=guarded(VIEW_INVENTORY),
    )
    async def stock_movements(
        self,
        info: Info,
        variant_id: Annotated[
            strawberry.ID, strawberry.argument(description="The `ProductVariant` ID.")
        ],
        warehouse_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only this `Warehouse`'s movements."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[StockMovement]:
        """Page through the trail."""
        ctx = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=ctx.runtime.settings.max_page_size,
        )
        tenant_id = ctx.require_tenant().id
        every: Select[tuple[StockMovementRow]] = select(StockMovementRow)
        statement = every.where(
            StockMovementRow.tenant_id == tenant_id,
            StockMovementRow.variant_id == local_id(variant_id, "ProductVariant", "variantId"),
        )
        if warehouse_id is not None:
            warehouse = local_id(warehouse_id, "Warehouse", "warehouseId")
            statement = statement.where(StockMovementRow.warehouse_id == warehouse)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session,
                statement,
                StockMovementRow.id,
                page,
                StockMovement.from_row,
                lambda row: row.id,
                newest_first=True,
            )
