"""``stockAdjust``: count a variant's stock in a warehouse up or down."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from modules.commerce import inventory
from modules.commerce.graphql.inventory_inputs import StockAdjustInput, adjustment_of
from modules.commerce.graphql.payloads import StockAdjustPayload, stock_payload
from modules.commerce.models import StockLevelRow
from modules.commerce.permissions import MANAGE_INVENTORY

__all__ = ["StockAdjustMutation"]


@strawberry.type(description="stockAdjust.")
class StockAdjustMutation:
    """stockAdjust."""

    @strawberry.mutation(
        description=(
            "Change a variant's stock on hand in a warehouse, by a delta or to a count; "
            "recorded as a stock movement."
        ),
        directives=guarded(MANAGE_INVENTORY),
    )
    async def stock_adjust(
        self,
        info: Info,
        input: Annotated[StockAdjustInput, strawberry.argument(description="The change.")],
    ) -> StockAdjustPayload:
        """Adjust stock."""
        ctx = info.context

        async def act() -> StockLevelRow:
            return await inventory.adjust_stock(ctx, adjustment_of(input))

        return await stock_payload(ctx, act)
