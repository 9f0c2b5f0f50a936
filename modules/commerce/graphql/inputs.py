"""Input objects of commerce's mutations, and their conversion to the services' inputs."""

from __future__ import annotations

import uuid

import strawberry
from strawberry.scalars import JSON

from app.graphql.global_ids import local_id
from app.graphql.types import MoneyInput
from modules.commerce.categories import ROOT, CategoryFields, Root
from modules.commerce.graphql.types import ProductStatus
from modules.commerce.options import OptionInput, SelectedOption
from modules.commerce.prices import PriceInput
from modules.commerce.product_rules import ProductFields
from modules.commerce.product_rules import ProductStatus as Status
from modules.commerce.variant_rules import VariantFields

__all__ = [
    "ProductCategoryCreateInput",
    "ProductCategoryUpdateInput",
    "ProductCreateInput",
    "ProductOptionInput",
    "ProductSeoInput",
    "ProductUpdateInput",
    "ProductVariantCreateInput",
    "ProductVariantInput",
    "ProductVariantPricesSetInput",
    "ProductVariantUpdateInput",
    "SelectedOptionInput",
    "category_fields",
    "prices_of",
    "product_fields",
    "variant_fields",
]


@strawberry.input(description="A product's SEO fields (absent: unchanged; empty: cleared).")
class ProductSeoInput:
    """SEO fields."""

    title: str | None = strawberry.field(default=None, description="Title for search results.")
    description: str | None = strawberry.field(default=None, description="Result description.")


@strawberry.input(description="An option of a new product and its values, in order.")
class ProductOptionInput:
    """An option."""

    name: str = strawberry.field(description="The option's name (`Size`).")
    values: list[str] = strawberry.field(description="Its values in order (`S`, `M`, `L`).")


@strawberry.input(description="The value a variant picks for one option.")
class SelectedOptionInput:
    """A pick."""

    name: str = strawberry.field(description="The option's name.")
    value: str = strawberry.field(description="One of the option's values.")


@strawberry.input(description="A variant's fields (absent: unchanged on update).")
class _VariantFields:
    sku: str | None = strawberry.field(default=None, description="The SKU, unique in the shop.")
    title: str | None = strawberry.field(
        default=None, description="The title (default: the picked values, `M / Blue`)."
    )
    option_values: list[SelectedOptionInput] | None = strawberry.field(
        default=None, description="One value per option of the product."
    )
    weight_grams: int | None = strawberry.field(
        default=None, description="The shipping weight in whole grams."
    )
    barcode: str | None = strawberry.field(
        default=None, description="The barcode (GTIN, EAN, UPC); empty clears it."
    )
    track_inventory: bool | None = strawberry.field(
        default=None, description="Whether stock is counted (default true)."
    )
    allow_backorder: bool | None = strawberry.field(
        default=None, description="Whether it sells beyond the stock (default false)."
    )
    tax_class_id: strawberry.ID | None = strawberry.field(
        default=None, description="The `TaxClass` taxing it (default: the shop's default class)."
    )


@strawberry.input(description="A new variant with its base prices.")
class ProductVariantInput(_VariantFields):
    """A variant of productCreate."""

    prices: list[MoneyInput] = strawberry.field(
        description="Base prices, one per currency; one in the shop's default currency."
    )
    compare_at_prices: list[MoneyInput] | None = strawberry.field(
        default=None, description='Compare-at ("was") prices, in currencies priced above.'
    )


@strawberry.input(description="A new variant of an existing product.")
class ProductVariantCreateInput(ProductVariantInput):
    """Input of productVariantCreate."""

    product_id: strawberry.ID = strawberry.field(description="The `Product` ID.")


@strawberry.input(description="Changes to a variant (prices: productVariantPricesSet).")
class ProductVariantUpdateInput(_VariantFields):
    """Input of productVariantUpdate."""

    id: strawberry.ID = strawberry.field(description="The `ProductVariant` ID.")


@strawberry.input(description="A variant's new base prices, replacing the current ones.")
class ProductVariantPricesSetInput:
    """Input of productVariantPricesSet."""

    variant_id: strawberry.ID = strawberry.field(description="The `ProductVariant` ID.")
    prices: list[MoneyInput] = strawberry.field(
        description="Base prices, one per currency; one in the shop's default currency."
    )
    compare_at_prices: list[MoneyInput] | None = strawberry.field(
        default=None, description='Compare-at ("was") prices, in currencies priced above.'
    )


@strawberry.input(description="A product's own fields (absent: unchanged on update).")
class _ProductFields:
    name: str | None = strawberry.field(default=None, description="The name.")
    slug: str | None = strawberry.field(
        default=None, description="The slug; made from the name when absent on create."
    )
    description: JSON | None = strawberry.field(
        default=None, description="The description as content blocks (`RichTextDocument`)."
    )
    status: ProductStatus | None = strawberry.field(
        default=None, description="The status (default on create: DRAFT)."
    )
    seo: ProductSeoInput | None = strawberry.field(default=None, description="The SEO fields.")
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="`ProductCategory` IDs in order, replacing the current ones."
    )


@strawberry.input(description="A new product with its options, variants and prices.")
class ProductCreateInput(_ProductFields):
    """Input of productCreate: all of it is written, or nothing."""

    options: list[ProductOptionInput] | None = strawberry.field(
        default=None, description="Up to 3 options; without options, exactly one variant."
    )
    variants: list[ProductVariantInput] = strawberry.field(
        description="1 to 100 variants, each with its prices."
    )


@strawberry.input(description="Changes to a product, its status included.")
class ProductUpdateInput(_ProductFields):
    """Input of productUpdate."""

    id: strawberry.ID = strawberry.field(description="The `Product` ID.")


@strawberry.input(description="A new category.")
class ProductCategoryCreateInput:
    """Input of productCategoryCreate."""

    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="The parent `ProductCategory` ID; absent: at the top."
    )
    slug: str = strawberry.field(description="The slug, unique among its siblings.")
    name: str = strawberry.field(description="The name.")
    position: int | None = strawberry.field(
        default=None, description="The order among its siblings (default: last)."
    )


@strawberry.input(description="Changes to a category; a new parent moves it with its subtree.")
class ProductCategoryUpdateInput:
    """Input of productCategoryUpdate."""

    id: strawberry.ID = strawberry.field(description="The `ProductCategory` ID.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The new parent's ID; null moves it to the top."
    )
    slug: str | None = strawberry.field(default=None, description="The new slug.")
    name: str | None = strawberry.field(default=None, description="The new name.")
    position: int | None = strawberry.field(
        default=None, description="The new order among its siblings."
    )


def prices_of(given: list[MoneyInput] | None) -> list[PriceInput]:
    """Return the service's prices of money inputs."""
    return [PriceInput(amount=int(price.amount), currency=price.currency) for price in given or ()]


def _ids(values: list[strawberry.ID] | None, type_name: str, field: str) -> list[uuid.UUID] | None:
    if values is None:
        return None
    return [local_id(value, type_name, f"{field}.{n}") for n, value in enumerate(values)]


def variant_fields(given: _VariantFields, at: str = "") -> VariantFields:
    """Return the service's fields of a variant input (prices included when it has them).

    ``at`` prefixes the path of a bad tax class ID (``variants.0.``).
    """
    picks = given.option_values
    class_id = given.tax_class_id
    priced = given if isinstance(given, ProductVariantInput) else None
    return VariantFields(
        sku=given.sku,
        title=given.title,
        option_values=None if picks is None else [SelectedOption(p.name, p.value) for p in picks],
        prices=prices_of(priced.prices) if priced else None,
        compare_at_prices=prices_of(priced.compare_at_prices) if priced else (),
        weight_grams=given.weight_grams,
        barcode=given.barcode,
        track_inventory=given.track_inventory,
        allow_backorder=given.allow_backorder,
        tax_class_id=(
            None if class_id is None else local_id(class_id, "TaxClass", f"{at}taxClassId")
        ),
    )


def product_fields(given: _ProductFields) -> ProductFields:
    """Return the service's fields of a product input."""
    seo = given.seo or ProductSeoInput()
    create = given if isinstance(given, ProductCreateInput) else None
    return ProductFields(
        name=given.name,
        slug=given.slug,
        description=given.description,
        status=Status(given.status.name.lower()) if given.status is not None else None,
        seo_title=seo.title,
        seo_description=seo.description,
        category_ids=_ids(given.category_ids, "ProductCategory", "categoryIds"),
        options=[OptionInput(o.name, o.values) for o in (create.options or ())] if create else (),
        variants=(
            [variant_fields(v, f"variants.{n}.") for n, v in enumerate(create.variants)]
            if create
            else ()
        ),
    )


def category_fields(
    given: ProductCategoryCreateInput | ProductCategoryUpdateInput,
) -> CategoryFields:
    """Return the service's fields of a category input."""
    parent: uuid.UUID | Root | None = None
    if given.parent_id is None and isinstance(given, ProductCategoryUpdateInput):
        parent = ROOT
    elif given.parent_id is not None and given.parent_id is not strawberry.UNSET:
        parent = local_id(given.parent_id, "ProductCategory", "parentId")
    return CategoryFields(parent=parent, slug=given.slug, name=given.name, position=given.position)
