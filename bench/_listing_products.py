"""Seeding the catalog for the ``products`` listing: active products with 2 or 3 variants each.

Product n (``Product 0000`` ...) has the option ``Size`` with the values S and M, and L too for
odd n, and one variant per value (so alternately 2 and 3 variants, 2,500 for 1,000 products),
each with one price in the shop's default currency (1000 + 10 n + 100 per size, minor
units). Every fourth product's variants are not stock-tracked (in stock); the others have no
stock (out of stock), so the answers mix both. Created with commerce's ``create_product`` as
the system, active at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["SIZES", "product_writer"]

SIZES = ("S", "M", "L")

Writer = Callable[[int], Awaitable[None]]


async def product_writer(ctx: Any) -> tuple[str, Writer]:
    """Return the shop's default currency (the list's) and the function writing product n."""
    from modules.commerce.settings import load_settings

    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        currency: str = (await load_settings(session, tenant_id)).default_currency

    async def write(number: int) -> None:
        from modules.commerce.options import OptionInput, SelectedOption
        from modules.commerce.prices import PriceInput
        from modules.commerce.product_rules import ProductFields, ProductStatus
        from modules.commerce.products import create_product
        from modules.commerce.variant_rules import VariantFields

        sizes = SIZES[: 2 + number % 2]
        variants = [
            VariantFields(
                sku=f"P{number:04}-{size}",
                option_values=[SelectedOption("Size", size)],
                prices=[PriceInput(1000 + 10 * number + 100 * position, currency)],
                track_inventory=number % 4 != 0,
            )
            for position, size in enumerate(sizes)
        ]
        fields = ProductFields(
            name=f"Product {number:04}",
            slug=f"product-{number:04}",
            status=ProductStatus.ACTIVE,
            options=[OptionInput("Size", sizes)],
            variants=variants,
        )
        await create_product(ctx, fields)

    return currency, write
