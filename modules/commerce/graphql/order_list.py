"""Staff's order list: ``orders(filter, search, sort, first/after/last/before)``.

It pages ``idx_commerce_orders`` (``modules.commerce.listing.order_lists``) and turns the page
into ``Order`` nodes with one query for the page's orders, so its statements do not grow with
the page size (the lines come through the request's DataLoader). Search reaches e-mail and
customer names only for holders of ``commerce.view_customers``, who see them on the orders;
anyone else searches by number.
"""

from __future__ import annotations

import enum
from dataclasses import replace
from datetime import datetime
from typing import Annotated

import strawberry

from app.errors import ValidationFailed
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.relay import After, Before, First, Last
from app.graphql.types import Connection, Edge, MinorUnits, PageInfo
from app.runtime import Context
from modules.commerce.graphql.order_types import (
    FulfilmentStatus,
    Order,
    OrderStatus,
    PaymentStatus,
)
from modules.commerce.listing.order_lists import (
    OrderListRequest,
    OrderPage,
    OrderSortKey,
    list_orders,
)
from modules.commerce.orders import find_orders
from modules.commerce.permissions import VIEW_CUSTOMERS, VIEW_ORDERS
from modules.content import api as content

__all__ = ["OrderFilter", "OrderListQuery", "OrderSort", "OrderSortField"]


@strawberry.input(description="Which orders the list shows (every given condition holds).")
class OrderFilter:
    """Order list filters."""

    status: list[OrderStatus] | None = strawberry.field(
        default=None, description="Only orders in one of these statuses."
    )
    payment_status: list[PaymentStatus] | None = strawberry.field(
        default=None, description="Only orders in one of these payment statuses."
    )
    fulfilment_status: list[FulfilmentStatus] | None = strawberry.field(
        default=None, description="Only orders in one of these fulfilment statuses."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this customer's orders (a `Customer` ID)."
    )
    placed_from: datetime | None = strawberry.field(
        default=None, description="Only orders placed at or after this time (with a time zone)."
    )
    placed_to: datetime | None = strawberry.field(
        default=None, description="Only orders placed before this time (with a time zone)."
    )
    currency: str | None = strawberry.field(
        default=None,
        description="Only orders in this ISO 4217 currency (needed by `totalMin`, `totalMax` "
        "and the `TOTAL` sort).",
    )
    total_min: MinorUnits | None = strawberry.field(
        default=None, description="Only orders totalling at least this, in minor units."
    )
    total_max: MinorUnits | None = strawberry.field(
        default=None, description="Only orders totalling at most this, in minor units."
    )


@strawberry.enum(description="What the order list is ordered by.")
class OrderSortField(enum.Enum):
    """Sort keys of `orders`."""

    PLACED_AT = strawberry.enum_value("placed_at", description="When placed (newest first).")
    TOTAL = strawberry.enum_value(
        "total", description="The total, smallest first (needs `filter.currency`)."
    )
    NUMBER = strawberry.enum_value("number", description="The order number, as text, A to Z.")


@strawberry.input(description="How to order the order list.")
class OrderSort:
    """A sort key and direction."""

    field: OrderSortField = strawberry.field(description="The sort key.")
    direction: content.SortDirection | None = strawberry.field(
        default=None,
        description="The direction (default: newest first; smallest first; A to Z).",
    )


def _moment(value: datetime | None, name: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValidationFailed("give the time with a time zone (`Z` for UTC)", field=name)
    return value


def _request(ctx: Context, given: OrderFilter | None, sort: OrderSort | None) -> OrderListRequest:
    chosen = given or OrderFilter()
    customer = chosen.customer_id
    direction = sort.direction if sort else None
    return OrderListRequest(
        statuses=[status.name.lower() for status in chosen.status or ()],
        payment_statuses=[status.name.lower() for status in chosen.payment_status or ()],
        fulfilment_statuses=[status.name.lower() for status in chosen.fulfilment_status or ()],
        customer_id=None
        if customer is None
        else local_id(customer, "Customer", "filter.customerId"),
        placed_from=_moment(chosen.placed_from, "filter.placedFrom"),
        placed_to=_moment(chosen.placed_to, "filter.placedTo"),
        currency=chosen.currency,
        total_min=chosen.total_min,
        total_max=chosen.total_max,
        may_see_customers=ctx.principal.has_permission(VIEW_CUSTOMERS, ctx.require_tenant().id),
        sort=OrderSortKey[sort.field.name] if sort else OrderSortKey.PLACED_AT,
        descending=None if direction is None else direction is content.SortDirection.DESC,
    )


async def _connection(ctx: Context, page: OrderPage) -> Connection[Order]:
    """Return the page as a connection of full orders, read in one query."""
    found = await find_orders(ctx, [row.order_id for row in page.rows]) if page.rows else {}
    edges = [
        Edge(cursor=cursor, node=Order.from_row(found[row.order_id]))
        for row, cursor in zip(page.rows, page.cursors, strict=True)
        # An order gone at the source whose row the projection has yet to drop.
        if row.order_id in found
    ]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=page.total)


@strawberry.type(description="Staff's order list.")
class OrderListQuery:
    """The order list."""

    @strawberry.field(
        description=(
            "The shop's orders from the order list read model: filtered, searched, sorted and "
            "paged (newest first by default)."
        ),
        directives=guarded(VIEW_ORDERS),
    )
    async def orders(
        self,
        info: Info,
        filter: Annotated[
            OrderFilter | None, strawberry.argument(description="Which orders.")
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Text in the number, e-mail or customer name (the number only "
                "without `commerce.view_customers`)."
            ),
        ] = None,
        sort: Annotated[
            OrderSort | None, strawberry.argument(description="The order (default: newest first).")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Order]:
        """List orders from the read model."""
        ctx = info.context
        request = replace(
            _request(ctx, filter, sort),
            search=search,
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return await _connection(ctx, await list_orders(ctx, request))
