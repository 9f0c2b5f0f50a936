"""GraphQL ``ProductVariant`` and ``SelectedOption``, read from the source or from a list's row.

A variant read from the source (``from_row``) resolves its relations through the request's
DataLoaders. A variant of a listed product (``from_listing``) answers from the listing row's
pre-shaped JSON where :mod:`modules.commerce.graphql.listed` says it may, and loads the rest.
The fields that may answer either way are sync: a listed variant answers at once, a variant
read from the source answers with an awaitable (graphql-core awaits it).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Annotated

import strawberry

from app.errors import NotFound, ValidationFailed
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.types import MinorUnits, Money, Node
from app.ids import encode_global_id
from modules.commerce.graphql import loaders
from modules.commerce.graphql.listed import ListedProduct
from modules.commerce.graphql.price_loaders import resolved_prices
from modules.commerce.graphql.shipping_loaders import tax_classes_by_id
from modules.commerce.graphql.tax_types import TaxClass
from modules.commerce.graphql.warehouse_types import StockLevel
from modules.commerce.inventory import is_in_stock
from modules.commerce.models import PriceRow, VariantRow
from modules.commerce.permissions import MANAGE_TAXES, VIEW_INVENTORY, VIEW_PRODUCTS

__all__ = ["Currency", "ProductVariant", "SelectedOption", "currency_of", "money", "price_in"]

Currency = Annotated[
    str | None,
    strawberry.argument(description="An ISO 4217 code (default: the shop's default currency)."),
]


def money(amount: int, currency: str) -> Money:
    """Return ``amount`` minor units of ``currency``."""
    return Money(amount=MinorUnits(amount), currency=currency)


async def currency_of(info: Info, currency: str | None) -> str:
    """Return ``currency``, or the shop's default when it is None."""
    if currency is not None:
        return currency
    tenant_id = info.context.require_tenant().id
    return (await loaders.settings(info.context).load(tenant_id)).default_currency


def price_in(rows: list[PriceRow], currency: str) -> PriceRow | None:
    """Return the price row in ``currency``, if any."""
    return next((row for row in rows if row.currency == currency), None)


@strawberry.type(description="The value a variant picks for one option.")
class SelectedOption:
    """A variant's pick."""

    name: str = strawberry.field(description="The option's name (`Size`).")
    value: str = strawberry.field(description="The value picked (`M`).")


@dataclass(frozen=True, slots=True)
class ListedVariant:
    """A variant's entry of its product's listing row (``variants`` JSON)."""

    product: ListedProduct
    options: list[SelectedOption]
    amount: int | None
    compare_at_amount: int | None
    is_in_stock: bool


@strawberry.type(description="A purchasable variant of a product, with its SKU and prices.")
class ProductVariant(Node):
    """A variant: ``row`` when read from the source, ``listed`` when from a list's row."""

    sku: str = strawberry.field(description="The stock-keeping unit, unique in the shop.")
    title: str = strawberry.field(description="The variant's title (`M / Blue`).")
    variant_id: strawberry.Private[uuid.UUID]
    row: strawberry.Private[VariantRow | None]
    listed: strawberry.Private[ListedVariant | None]

    @strawberry.field(description="The shipping weight in grams.", graphql_type=int | None)
    def weight_grams(self, info: Info) -> int | Awaitable[int | None] | None:
        """Return the weight."""
        if self.row is not None:
            return self.row.weight_grams
        return self._weight_grams(info)

    @strawberry.field(
        description="The barcode (GTIN, EAN, UPC).",
        directives=guarded(VIEW_PRODUCTS),
        graphql_type=str | None,
    )
    def barcode(self, info: Info) -> str | Awaitable[str | None] | None:
        """Return the barcode."""
        if self.row is not None:
            return self.row.barcode
        return self._barcode(info)

    @strawberry.field(
        description="Whether stock is counted (when not, it is always in stock).",
        directives=guarded(VIEW_PRODUCTS),
        graphql_type=bool,
    )
    def track_inventory(self, info: Info) -> bool | Awaitable[bool]:
        """Return whether stock is counted."""
        if self.row is not None:
            return self.row.track_inventory
        return self._track_inventory(info)

    @strawberry.field(
        description="Whether it sells beyond the stock on hand.",
        directives=guarded(VIEW_PRODUCTS),
        graphql_type=bool,
    )
    def allow_backorder(self, info: Info) -> bool | Awaitable[bool]:
        """Return whether it sells beyond the stock on hand."""
        if self.row is not None:
            return self.row.allow_backorder
        return self._allow_backorder(info)

    @strawberry.field(
        description="The value picked for each of the product's options.",
        graphql_type=list[SelectedOption],
    )
    def selected_options(
        self, info: Info
    ) -> list[SelectedOption] | Awaitable[list[SelectedOption]]:
        """Return the picks."""
        if self.listed is not None:
            return self.listed.options
        return self._selected_options(info)

    @strawberry.field(
        description=(
            "The caller's unit price in a currency for a quantity: the lowest of the base "
            "price and the tiers of the price lists that apply to them (a signed-in "
            "customer's groups, or everyone); null when the variant is not sold in it."
        ),
        graphql_type=Money | None,
    )
    def price(
        self,
        info: Info,
        currency: Currency = None,
        quantity: Annotated[
            int, strawberry.argument(description="How many are bought (at least 1).")
        ] = 1,
    ) -> Money | Awaitable[Money | None] | None:
        """Resolve the price (from a list's row only as the module docstring allows)."""
        if quantity < 1:
            raise ValidationFailed("buy at least 1", field="quantity")
        listed = self.listed
        if listed is not None and listed.product.serves_price(currency, quantity):
            amount = listed.amount
            return None if amount is None else money(amount, listed.product.row.currency)
        return self._price(info, currency, quantity)

    @strawberry.field(
        description='The compare-at ("was") price in a currency, if set.',
        graphql_type=Money | None,
    )
    def compare_at_price(
        self, info: Info, currency: Currency = None
    ) -> Money | Awaitable[Money | None] | None:
        """Return the compare-at price."""
        listed = self.listed
        if listed is not None and listed.product.is_row_currency(currency):
            amount = listed.compare_at_amount
            return None if amount is None else money(amount, listed.product.row.currency)
        return self._compare_at_price(info, currency)

    @strawberry.field(
        description="The base price in every currency set.", directives=guarded(VIEW_PRODUCTS)
    )
    async def base_prices(self, info: Info) -> list[Money]:
        """Load the base prices."""
        rows = await loaders.prices(info.context).load(self.variant_id)
        return [money(row.amount, row.currency) for row in rows]

    @strawberry.field(
        description=(
            "Whether it can be bought now: stock available in an active warehouse, or "
            "backorders allowed, or stock not tracked."
        ),
        graphql_type=bool,
    )
    def is_in_stock(self, info: Info) -> bool | Awaitable[bool]:
        """Decide from the variant's stock levels (or take the list row's decision)."""
        if self.listed is not None:
            return self.listed.is_in_stock
        return self._is_in_stock(info)

    @strawberry.field(
        description="Its stock in each warehouse that has counted it, in allocation order.",
        directives=guarded(VIEW_INVENTORY),
    )
    async def stock(self, info: Info) -> list[StockLevel]:
        """Load the stock levels."""
        levels = await loaders.stock_levels(info.context).load(self.variant_id)
        return [StockLevel.from_rows(level, warehouse) for level, warehouse in levels]

    @strawberry.field(
        description="The tax class taxing it; null: the shop's default class.",
        directives=guarded(MANAGE_TAXES),
    )
    async def tax_class(self, info: Info) -> TaxClass | None:
        """Load the variant's own tax class, if it has one."""
        class_id = (await self._row(info)).tax_class_id
        if class_id is None:
            return None
        found = await tax_classes_by_id(info.context).load(class_id)
        return None if found is None else TaxClass.from_row(found)

    async def _row(self, info: Info) -> VariantRow:
        if self.row is not None:
            return self.row
        found = await loaders.variants_by_id(info.context).load(self.variant_id)
        if found is None:
            raise NotFound("the variant was deleted after the list was read")
        return found

    async def _weight_grams(self, info: Info) -> int | None:
        return (await self._row(info)).weight_grams

    async def _barcode(self, info: Info) -> str | None:
        return (await self._row(info)).barcode

    async def _track_inventory(self, info: Info) -> bool:
        return (await self._row(info)).track_inventory

    async def _allow_backorder(self, info: Info) -> bool:
        return (await self._row(info)).allow_backorder

    async def _selected_options(self, info: Info) -> list[SelectedOption]:
        picks = await loaders.selected_options(info.context).load(self.variant_id)
        return [SelectedOption(name=name, value=value) for name, value in picks]

    async def _price(self, info: Info, currency: str | None, quantity: int) -> Money | None:
        code = await currency_of(info, currency)
        found = await resolved_prices(info.context).load((self.variant_id, code, quantity))
        return money(found.amount, code) if found else None

    async def _compare_at_price(self, info: Info, currency: str | None) -> Money | None:
        code = await currency_of(info, currency)
        found = price_in(await loaders.prices(info.context).load(self.variant_id), code)
        if found is None or found.compare_at_amount is None:
            return None
        return money(found.compare_at_amount, code)

    async def _is_in_stock(self, info: Info) -> bool:
        levels = await loaders.stock_levels(info.context).load(self.variant_id)
        return is_in_stock(await self._row(info), levels)

    @classmethod
    def from_row(cls, row: VariantRow) -> ProductVariant:
        """Build from a variant row."""
        return cls(
            id=strawberry.ID(encode_global_id("ProductVariant", row.id)),
            sku=row.sku,
            title=row.title,
            variant_id=row.id,
            row=row,
            listed=None,
        )

    @classmethod
    def from_listing(cls, shaped: Mapping[str, object], product: ListedProduct) -> ProductVariant:
        """Build from one entry of a listing row's ``variants`` JSON (see ``listing/rows.py``)."""
        options = shaped["options"]
        amount, was = shaped["amount"], shaped["compare_at_amount"]
        listed = ListedVariant(
            product=product,
            options=[
                SelectedOption(name=str(name), value=str(value))
                for name, value in (options.items() if isinstance(options, dict) else ())
            ],
            amount=amount if isinstance(amount, int) else None,
            compare_at_amount=was if isinstance(was, int) else None,
            is_in_stock=shaped["is_in_stock"] is True,
        )
        return cls(
            id=strawberry.ID(encode_global_id("ProductVariant", str(shaped["id"]))),
            sku=str(shaped["sku"]),
            title=str(shaped["title"]),
            variant_id=uuid.UUID(str(shaped["id"])),
            row=None,
            listed=listed,
        )
