"""A request DataLoader of carts' discount codes, in the order they were applied."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.runtime import Context
from modules.commerce.discount_models import CartDiscountRow

__all__ = ["cart_discount_codes"]


def cart_discount_codes(ctx: Context) -> DataLoader[uuid.UUID, list[str]]:
    """Return the request's loader of a cart's codes (one query a batch)."""

    async def load(keys: list[uuid.UUID]) -> list[list[str]]:
        tenant_id = ctx.require_tenant().id
        found: dict[uuid.UUID, list[str]] = defaultdict(list)
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(CartDiscountRow)
                .where(CartDiscountRow.tenant_id == tenant_id, CartDiscountRow.cart_id.in_(keys))
                .order_by(CartDiscountRow.created_at, CartDiscountRow.code)
            )
            for row in rows:
                found[row.cart_id].append(row.code)
        return [found[key] for key in keys]

    return request_loader(ctx, "commerce.cart_discount_codes", load)
