"""Request DataLoaders of a customer's orders, read from the order list's ``idx_commerce_orders``.

``order_stats`` counts each customer's orders and sums, per currency, the totals of those whose
payment is paid or later (paid, partially refunded, refunded: the read table keeps no refunded
amount, so refunds are not taken off). ``order_pages`` pages each customer's orders, newest
first (ids are UUIDv7). Both load a page of customers in one batch
(``ix_idx_commerce_orders_customer``), so their statements do not grow with the page.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, case, func, select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.graphql.relay import Grouping, PageRequest, paginate_groups
from app.graphql.types import Connection
from app.runtime import Context
from modules.commerce.listing.order_models import OrderListingRow
from modules.commerce.order_models import OrderRow
from modules.commerce.order_rules import SETTLED
from modules.commerce.orders import find_orders

__all__ = ["OrderStats", "order_pages", "order_stats", "orders_by_id"]

_ROW = OrderListingRow
_ORDERS = Grouping(
    model=OrderListingRow,
    key=OrderListingRow.order_id,
    parent=OrderListingRow.customer_id,
    key_of=lambda row: row.order_id,
    parent_of=lambda row: row.customer_id or uuid.UUID(int=0),
)


@dataclass(slots=True)
class OrderStats:
    """A customer's order count and what their settled orders total, by currency."""

    count: int = 0
    spent: dict[str, int] = field(default_factory=dict)


def order_stats(ctx: Context) -> DataLoader[uuid.UUID, OrderStats]:
    """Return the request's loader of each customer's :class:`OrderStats`."""

    async def load(keys: list[uuid.UUID]) -> list[OrderStats]:
        tenant_id = ctx.require_tenant().id
        settled = _ROW.payment_status.in_(sorted(SETTLED))
        statement = (
            select(
                _ROW.customer_id,
                _ROW.currency,
                func.count(),
                func.sum(case((settled, _ROW.total_amount), else_=0)),
                func.count(case((settled, 1))),
            )
            .where(_ROW.tenant_id == tenant_id, _ROW.customer_id.in_(keys))
            .group_by(_ROW.customer_id, _ROW.currency)
            .order_by(_ROW.currency)
        )
        found: dict[uuid.UUID, OrderStats] = defaultdict(OrderStats)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            for customer_id, currency, count, spent, paid in await session.execute(statement):
                stats = found[customer_id]
                stats.count += int(count)
                if paid:
                    stats.spent[currency] = int(spent)
        return [found[key] for key in keys]

    return request_loader(ctx, "commerce.customer_order_stats", load)


def order_pages(
    ctx: Context, page: PageRequest
) -> DataLoader[uuid.UUID, Connection[OrderListingRow]]:
    """Return the request's loader of one page of each customer's order list rows."""

    async def load(keys: list[uuid.UUID]) -> list[Connection[OrderListingRow]]:
        tenant_id = ctx.require_tenant().id
        every: Select[tuple[OrderListingRow]] = select(_ROW)
        statement = every.where(_ROW.tenant_id == tenant_id)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            return await paginate_groups(
                session, statement, _ORDERS, keys, page, lambda row: row, newest_first=True
            )

    return request_loader(ctx, f"commerce.customer_order_pages:{page}", load)


def orders_by_id(ctx: Context) -> DataLoader[uuid.UUID, OrderRow | None]:
    """Return the request's loader of the shop's orders by id (staff reads)."""

    async def load(keys: list[uuid.UUID]) -> list[OrderRow | None]:
        found = await find_orders(ctx, keys)
        return [found.get(key) for key in keys]

    return request_loader(ctx, "commerce.orders_by_id", load)
