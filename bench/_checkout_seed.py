"""Seeding the checkout benchmark: a stocked catalog and open guest carts, through the services.

50 products (``Product 00`` ...), each active with the option ``Size`` (S, M) and one variant
per size, one price each in the shop's default currency, stock-tracked, with 1,000,000 on hand
in the ``main`` warehouse (so no checkout fails for stock). Carts are guest carts made with
commerce's ``create_cart`` as the system (the rows ``cartCreate`` writes), 3 lines each of
quantity 1: spread carts hold 3 variants in turn (cart n: variants 3n, 3n+1, 3n+2 mod 100),
hot carts all hold variant 0 (the hot row) and 2 others in turn. Seeding runs in this process
with the event runner off; the outbox it fills is drained before the timed phase.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from bench._listing_db import ListingDatabase, system_context

__all__ = ["PRODUCTS", "STOCK", "Catalog", "Seeder", "seeder"]

PRODUCTS = 50
SIZES = ("S", "M")
STOCK = 1_000_000
LINES = 3
_CONCURRENCY = 8
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Catalog:
    """The tenant, the shop's currency, the variants (by number) and the ``main`` warehouse."""

    tenant_id: uuid.UUID
    currency: str
    variants: list[uuid.UUID]
    warehouse_id: uuid.UUID


def spread_lines(number: int, variants: int) -> list[int]:
    """Return the variant numbers of spread cart ``number``: 3 consecutive ones, in turn."""
    return [(LINES * number + k) % variants for k in range(LINES)]


def hot_lines(number: int, variants: int) -> list[int]:
    """Return the variant numbers of hot cart ``number``: variant 0 and 2 others, in turn."""
    others = variants - 1
    return [0, 1 + (2 * number) % others, 1 + (2 * number + 1) % others]


@dataclass(slots=True)
class Seeder:
    """Writes the catalog and carts in a database through commerce's services."""

    ctx: Any
    catalog: Catalog | None = None

    async def stock_catalog(self) -> Catalog:
        """Create the products and their stock; return the catalog."""
        from modules.commerce.settings import load_settings

        tenant_id = self.ctx.require_tenant().id
        async with self.ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            currency: str = (await load_settings(session, tenant_id)).default_currency
        warehouse_id = await self._main_warehouse()
        products = await _gather(
            (self._product(number, currency) for number in range(PRODUCTS)), _CONCURRENCY
        )
        variants = [variant for product in products for variant in product]
        await _gather((self._stock(v, warehouse_id) for v in variants), _CONCURRENCY)
        self.catalog = Catalog(tenant_id, currency, variants, warehouse_id)
        return self.catalog

    async def carts(self, count: int, *, hot: bool = False) -> list[str]:
        """Create ``count`` open carts of 3 lines; return their tokens."""
        pick = hot_lines if hot else spread_lines
        return await _gather((self.cart(n, pick) for n in range(count)), _CONCURRENCY)

    async def drain(self) -> int:
        """Deliver the outbox the seeding filled; return the deliveries."""
        delivered = 0
        while handled := await self.ctx.runtime.dispatcher.drain():
            delivered += handled
        return delivered

    async def _main_warehouse(self) -> uuid.UUID:
        from sqlalchemy import select

        from modules.commerce.models import WarehouseRow

        tenant_id = self.ctx.require_tenant().id
        async with self.ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            found: uuid.UUID | None = await session.scalar(
                select(WarehouseRow.id).where(
                    WarehouseRow.tenant_id == tenant_id, WarehouseRow.code == "main"
                )
            )
        if found is None:
            raise RuntimeError("the tenant has no `main` warehouse")
        return found

    async def _product(self, number: int, currency: str) -> list[uuid.UUID]:
        from sqlalchemy import select

        from modules.commerce.models import VariantRow
        from modules.commerce.options import OptionInput, SelectedOption
        from modules.commerce.prices import PriceInput
        from modules.commerce.product_rules import ProductFields, ProductStatus
        from modules.commerce.products import create_product
        from modules.commerce.variant_rules import VariantFields

        variants = [
            VariantFields(
                sku=f"P{number:02}-{size}",
                option_values=[SelectedOption("Size", size)],
                prices=[PriceInput(1000 + 10 * number + 100 * position, currency)],
                track_inventory=True,
            )
            for position, size in enumerate(SIZES)
        ]
        fields = ProductFields(
            name=f"Product {number:02}",
            slug=f"product-{number:02}",
            status=ProductStatus.ACTIVE,
            options=[OptionInput("Size", list(SIZES))],
            variants=variants,
        )
        product_id = await create_product(self.ctx, fields)
        tenant_id = self.ctx.require_tenant().id
        async with self.ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.scalars(
                select(VariantRow)
                .where(VariantRow.tenant_id == tenant_id, VariantRow.product_id == product_id)
                .order_by(VariantRow.sku)
            )
            return [row.id for row in rows]

    async def _stock(self, variant_id: uuid.UUID, warehouse_id: uuid.UUID) -> None:
        from modules.commerce.inventory import StockAdjustment, adjust_stock

        await adjust_stock(
            self.ctx,
            StockAdjustment(variant_id=variant_id, warehouse_id=warehouse_id, on_hand=STOCK),
        )

    async def cart(self, number: int, pick: Callable[[int, int], list[int]]) -> str:
        """Create cart ``number`` with the lines ``pick`` chooses; return its token."""
        from modules.commerce.cart_rules import LineInput
        from modules.commerce.carts import create_cart

        if self.catalog is None:
            raise RuntimeError("stock the catalog first")
        variants = self.catalog.variants
        lines = [LineInput(variants[n], 1) for n in pick(number, len(variants))]
        created = await create_cart(self.ctx, None, lines, None)
        return created.token


async def _gather(work: Iterator[Awaitable[T]], limit: int) -> list[T]:
    semaphore = asyncio.Semaphore(limit)

    async def one(awaitable: Awaitable[T]) -> T:
        async with semaphore:
            return await awaitable

    return list(await asyncio.gather(*(one(awaitable) for awaitable in work)))


@asynccontextmanager
async def seeder(database: ListingDatabase) -> AsyncIterator[Seeder]:
    """Yield a :class:`Seeder` acting as the system in the tenant (event runner off)."""
    async with system_context(database) as ctx:
        yield Seeder(ctx)
