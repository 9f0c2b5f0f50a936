"""Order reads: the customer's ``myOrders`` and ``myOrder``, a guest's ``orderByToken``, staff's
``order``.

``myOrders`` pages through the signed-in customer's orders, newest first, in a fixed number of
statements whatever the page size (lines and variants through request DataLoaders).
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import Select, false, select

from app.graphql.context import Info
from app.graphql.directives import authenticated, guarded, public
from app.graphql.global_ids import local_id
from app.graphql.relay import After, First, PageRequest, paginate
from app.graphql.types import Connection
from modules.commerce import orders
from modules.commerce.cart_rules import caller_customer
from modules.commerce.graphql.order_types import Order
from modules.commerce.order_models import OrderRow
from modules.commerce.permissions import VIEW_ORDERS

__all__ = ["OrderQuery"]


@strawberry.type(description="Commerce's order reads.")
class OrderQuery:
    """Order reads."""

    @strawberry.field(
        description=(
            "The signed-in customer's orders, newest first; empty for a caller who is not a "
            "customer of the shop."
        ),
        directives=authenticated(),
    )
    async def my_orders(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Order]:
        """Page through the customer's orders."""
        ctx = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=ctx.runtime.settings.max_page_size,
        )
        tenant_id = ctx.require_tenant().id
        customer = caller_customer(ctx, tenant_id)
        every: Select[tuple[OrderRow]] = select(OrderRow)
        # Anyone but a customer of the shop owns no order: an empty page, not an error.
        mine = false() if customer is None else OrderRow.customer_id == customer
        statement = every.where(OrderRow.tenant_id == tenant_id, mine)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate(
                session,
                statement,
                OrderRow.id,
                page,
                Order.from_row,
                lambda row: row.id,
                newest_first=True,
            )

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
