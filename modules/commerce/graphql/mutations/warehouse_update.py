"""``warehouseUpdate``: rename, recode, move in allocation order, deactivate."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import warehouses
from modules.commerce.graphql.inventory_inputs import WarehouseUpdateInput, warehouse_fields
from modules.commerce.graphql.payloads import WarehousePayload, warehouse_payload
from modules.commerce.permissions import MANAGE_INVENTORY

__all__ = ["WarehouseUpdateMutation"]


@strawberry.type(description="warehouseUpdate.")
class WarehouseUpdateMutation:
    """warehouseUpdate."""

    @strawberry.mutation(
        description="Change a warehouse's fields (warehouses are deactivated, never deleted).",
        directives=guarded(MANAGE_INVENTORY),
    )
    async def warehouse_update(
        self,
        info: Info,
        input: Annotated[WarehouseUpdateInput, strawberry.argument(description="The changes.")],
    ) -> WarehousePayload:
        """Update a warehouse."""
        ctx = info.context

        async def act() -> uuid.UUID:
            warehouse_id = local_id(input.id, "Warehouse", "id")
            await warehouses.update_warehouse(ctx, warehouse_id, warehouse_fields(input))
            return warehouse_id

        return await warehouse_payload(ctx, act)
