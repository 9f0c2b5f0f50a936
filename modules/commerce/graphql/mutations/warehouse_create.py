"""``warehouseCreate``: a place to keep stock."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import warehouses
from modules.commerce.graphql.inventory_inputs import WarehouseCreateInput, warehouse_fields
from modules.commerce.graphql.payloads import WarehousePayload, warehouse_payload
from modules.commerce.permissions import MANAGE_INVENTORY

__all__ = ["WarehouseCreateMutation"]


@strawberry.type(description="warehouseCreate.")
class WarehouseCreateMutation:
    """warehouseCreate."""

    @strawberry.mutation(
        description="Create a warehouse (last in allocation order unless told).",
        directives=guarded(MANAGE_INVENTORY),
    )
    async def warehouse_create(
        self,
        info: Info,
        input: Annotated[WarehouseCreateInput, strawberry.argument(description="The warehouse.")],
    ) -> WarehousePayload:
        """Create a warehouse."""
        ctx = info.context

        async def act() -> uuid.UUID:
            return await warehouses.create_warehouse(ctx, warehouse_fields(input))

        return await warehouse_payload(ctx, act)
