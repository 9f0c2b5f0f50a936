"""``Order.discounts``: what each discount took off an order, frozen when it was placed."""

from __future__ import annotations

import uuid
from collections import defaultdict

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.graphql.types import MinorUnits, Money
from app.runtime import Context
from modules.commerce.discount_models import OrderDiscountRow

__all__ = ["OrderDiscount", "order_discounts"]


@strawberry.type(description="What one discount took off an order, as it was when placed.")
class OrderDiscount:
    """A discount an order used; later edits or deletion of the discount change nothing here."""

    discount_id: strawberry.ID = strawberry.field(
        description="The discount's ID (it may since have been deleted)."
    )
    code: str | None = strawberry.field(description="Its code; null for an automatic discount.")
    name: str = strawberry.field(description="The discount's name when the order was placed.")
    amount: Money = strawberry.field(description="What it took off the order's lines.")

    @classmethod
    def from_row(cls, row: OrderDiscountRow, currency: str) -> OrderDiscount:
        """Build from a row, in the order's currency."""
        return cls(
            discount_id=strawberry.ID(str(row.discount_id)),
            code=row.code,
            name=row.name,
            amount=Money(amount=MinorUnits(row.amount), currency=currency),
        )


def order_discounts(ctx: Context) -> DataLoader[uuid.UUID, list[OrderDiscountRow]]:
    """Return the request's loader of orders' discounts, oldest discount first (one query)."""

    async def load(keys: list[uuid.UUID]) -> list[list[OrderDiscountRow]]:
        tenant_id = ctx.require_tenant().id
        found: dict[uuid.UUID, list[OrderDiscountRow]] = defaultdict(list)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(OrderDiscountRow)
                .where(OrderDiscountRow.tenant_id == tenant_id, OrderDiscountRow.order_id.in_(keys))
                .order_by(OrderDiscountRow.order_id, OrderDiscountRow.discount_id)
            )
            for row in rows:
                found[row.order_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "commerce.order_discounts", load)
