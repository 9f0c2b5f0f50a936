"""The request's loader of resolved prices: ``ProductVariant.price`` for whoever asks.

Keys are ``(variant_id, currency, quantity)``; one batch resolves them for the caller (a
signed-in customer of the shop, or a guest for anyone else) through
:func:`modules.commerce.price_resolution.resolve_prices`, two statements per currency asked,
whatever the number of variants.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.runtime import Context
from modules.commerce.cart_rules import caller_customer
from modules.commerce.price_resolution import ResolvedPrice, resolve_prices

__all__ = ["PriceKey", "resolved_prices"]

PriceKey = tuple[uuid.UUID, str, int]


def resolved_prices(ctx: Context) -> DataLoader[PriceKey, ResolvedPrice | None]:
    """Return the request's loader of the caller's unit prices."""

    async def load(keys: list[PriceKey]) -> list[ResolvedPrice | None]:
        tenant_id = ctx.require_tenant().id
        customer = caller_customer(ctx, tenant_id)
        by_currency: dict[str, list[PriceKey]] = defaultdict(list)
        for key in keys:
            by_currency[key[1]].append(key)
        found: dict[PriceKey, ResolvedPrice | None] = {}
        now = ctx.runtime.clock.now()
        async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            for currency, wanted in by_currency.items():
                items = [(variant, quantity) for variant, _, quantity in wanted]
                prices = await resolve_prices(session, tenant_id, items, currency, customer, now)
                found.update(zip(wanted, prices, strict=True))
        return [found[key] for key in keys]

    return request_loader(ctx, "commerce.resolved_prices", load)
