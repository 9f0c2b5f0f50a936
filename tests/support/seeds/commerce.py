"""Seed steps of the commerce module: two categories and an active product with two variants."""

from __future__ import annotations

from tests.support.seeding import Seeding, SeedStep

__all__ = ["STEPS"]

_CATEGORY = """
mutation ($input: ProductCategoryCreateInput!) {
  productCategoryCreate(input: $input) { category { id } errors { code message } }
}
"""
_PRODUCT = """
mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) { product { id } errors { code message } }
}
"""
_VARIANT = """
mutation ($input: ProductVariantCreateInput!) {
  productVariantCreate(input: $input) { variant { id } errors { code message } }
}
"""


async def _category(seeding: Seeding, label: str, parent: str | None = None) -> str:
    created = await seeding.call(
        _CATEGORY,
        {"input": {"slug": seeding.text(label), "name": seeding.text(label), "parentId": parent}},
    )
    category_id: str = created["category"]["id"]
    return category_id


async def _catalog(seeding: Seeding) -> None:
    clothing = await _category(seeding, "clothing")
    shirts = await _category(seeding, "shirts", clothing)
    price = [{"amount": 2500, "currency": "USD"}]
    product = await seeding.call(
        _PRODUCT,
        {
            "input": {
                "name": seeding.text("shirt"),
                "slug": seeding.text("shirt"),
                "status": "ACTIVE",
                "description": [{"type": "paragraph", "text": seeding.text("about")}],
                "seo": {"title": seeding.text("seo")},
                "categoryIds": [shirts],
                "options": [{"name": "Size", "values": [seeding.text("s"), seeding.text("m")]}],
                "variants": [
                    {
                        "sku": seeding.text("sku-s"),
                        "optionValues": [{"name": "Size", "value": seeding.text("s")}],
                        "prices": price,
                    }
                ],
            }
        },
    )
    await seeding.call(
        _VARIANT,
        {
            "input": {
                "productId": product["product"]["id"],
                "sku": seeding.text("sku-m"),
                "optionValues": [{"name": "Size", "value": seeding.text("m")}],
                "prices": price,
            }
        },
    )
    await seeding.runtime.dispatcher.drain()


STEPS: tuple[SeedStep, ...] = (SeedStep("commerce", "catalog", _catalog),)
