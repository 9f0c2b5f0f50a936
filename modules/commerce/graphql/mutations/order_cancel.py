"""``orderCancel``: staff cancel a placed, unpaid order; its reserved stock is released."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from modules.commerce import orders
from modules.commerce.graphql.order_payloads import OrderCancelInput, OrderPayload, order_payload
from modules.commerce.permissions import MANAGE_ORDERS

__all__ = ["OrderCancelMutation"]


@strawberry.type(description="orderCancel.")
class OrderCancelMutation:
    """orderCancel."""

    @strawberry.mutation(
        description=(
            "Cancel a placed order that nothing was paid for or shipped from; its reserved "
            "stock is released."
        ),
        directives=guarded(MANAGE_ORDERS),
    )
    async def order_cancel(
        self,
        info: Info,
        input: Annotated[OrderCancelInput, strawberry.argument(description="The order and why.")],
    ) -> OrderPayload:
        """Cancel an order."""
        ctx = info.context

        async def act() -> uuid.UUID:
            order_id = local_id(input.id, "Order", "id")
            return await orders.cancel_order(ctx, order_id, input.reason)

        return await order_payload(ctx, act)
