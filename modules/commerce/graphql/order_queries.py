"""Order reads: the customer's ``myOrder``, the guest's ``orderByToken``, staff's ``order``."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import authenticated, guarded, public
from app.graphql.global_ids import local_id
from modules.commerce import orders
from modules.commerce.graphql.order_types import Order
from modules.commerce.permissions import VIEW_ORDERS

__all__ = ["OrderQuery"]


@strawberry.type(description="Commerce's order reads.")
class OrderQuery:
    """Order reads."""

    @strawberry.field(
        description=(
            "The signed-in customer's order with this number; null for an unknown number, "
            "another customer's order, or a caller who is not a customer of the shop."
        ),
        directives=authenticated(),
    )
    async def my_order(
        self,
        info: Info,
        number: Annotated[str, strawberry.argument(description="The order number.")],
    ) -> Order | None:
        """Find the customer's order."""
        row = await orders.find_customer_order(info.context, number)
        return Order.from_row(row) if row else None

    @strawberry.field(
        description=(
            "A guest's order, opened by the access token `checkoutComplete` returned; null "
            "for an unknown token (a customer's order is read signed in, with `myOrder`)."
        ),
        directives=public(),
    )
    async def order_by_token(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="The order access token.")],
    ) -> Order | None:
        """Find the guest's order."""
        row = await orders.find_guest_order(info.context, token)
        return Order.from_row(row) if row else None

    @strawberry.field(
        description="Any order of the shop, by its ID; null when there is none.",
        directives=guarded(VIEW_ORDERS),
    )
    async def order(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `Order` ID.")],
    ) -> Order | None:
        """Find an order (staff)."""
        order_id = local_id(id, "Order", "id")
        row = (await orders.find_orders(info.context, [order_id])).get(order_id)
        return Order.from_row(row) if row else None
