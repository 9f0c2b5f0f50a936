"""A variant's tax class: set by the product and variant mutations, used by cart pricing."""

from __future__ import annotations

from typing import Any

from app.ids import encode_global_id, new_id
from tests.support.carts import create
from tests.support.commerce import CommerceApp, commerce_app, shirt
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, standard_class, tax_class, tax_rate
from tests.support.taxed_shop import cart_update

VARIANT_UPDATE = """
mutation ($input: ProductVariantUpdateInput!) {
  productVariantUpdate(input: $input) { variant { sku taxClass { code } } errors { code field } }
}
"""
VARIANT_CREATE = """
mutation ($input: ProductVariantCreateInput!) {
  productVariantCreate(input: $input) { variant { sku taxClass { code } } errors { code field } }
}
"""
PRODUCT_CREATE = """
mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) {
    product { id variants { id sku taxClass { code } } } errors { code field }
  }
}
"""
CLASS_OF = "query ($id: ID!) { node(id: $id) { ... on ProductVariant { taxClass { code } } } }"


async def _product(app: CommerceApp, reduced: str | None) -> dict[str, Any]:
    values = shirt(status="ACTIVE")
    values["variants"][0]["taxClassId"] = reduced
    body = await app.gql(PRODUCT_CREATE, {"input": values})
    payload: dict[str, Any] = body["data"]["productCreate"]
    return payload


async def test_variants_take_a_class_and_carts_tax_by_it(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        reduced = (await tax_class(app, "reduced"))["id"]
        await tax_rate(app, await standard_class(app), "DE", "19")
        await tax_rate(app, reduced, "DE", "7")
        created = await _product(app, reduced)
        assert created["errors"] == []
        small, medium = created["product"]["variants"]
        assert (small["taxClass"], medium["taxClass"]) == ({"code": "reduced"}, None)
        lines = [
            {"variantId": small["id"], "quantity": 1},
            {"variantId": medium["id"], "quantity": 1},
        ]
        token = (await create(app, lines=lines))["token"]
        cart = (await cart_update(app, token, shippingAddress={"country": "DE"}))["cart"]
        # 7% of 20.00 and 19% of 22.00 (the default class).
        assert [line["tax"]["amount"] for line in cart["lines"]] == [140, 418]
        moved = await app.gql(
            VARIANT_UPDATE, {"input": {"id": medium["id"], "taxClassId": reduced}}
        )
        assert moved["data"]["productVariantUpdate"] == {
            "variant": {"sku": "SHIRT-M", "taxClass": {"code": "reduced"}},
            "errors": [],
        }
        [changed] = await app.payloads("commerce.variant.updated")
        assert changed["changed"] == ["taxClassId"]
        repriced = (await cart_update(app, token, email="a@example.com"))["cart"]
        assert [line["tax"]["amount"] for line in repriced["lines"]] == [140, 154]
        # A class a variant names stays.
        refused = await mutate(app, "taxClassDelete", reduced)
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [("CONFLICT", "id")]
        assert "variant" in refused["errors"][0]["message"]


async def test_unknown_classes_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        unknown = encode_global_id("TaxClass", new_id())
        refused = await _product(app, unknown)
        assert refused["errors"] == [{"code": "NOT_FOUND", "field": "variants.0.taxClassId"}]
        wrong = await _product(app, encode_global_id("Product", new_id()))
        assert wrong["errors"] == [{"code": "VALIDATION", "field": "variants.0.taxClassId"}]
        product = await app.product(status="ACTIVE")
        variant = product["variants"][0]["id"]
        update = await app.gql(VARIANT_UPDATE, {"input": {"id": variant, "taxClassId": unknown}})
        assert update["data"]["productVariantUpdate"]["errors"] == [
            {"code": "NOT_FOUND", "field": "taxClassId"}
        ]
        values = {
            "productId": product["id"],
            "sku": "SHIRT-L",
            "optionValues": [{"name": "Size", "value": "M"}],
            "prices": [{"amount": 100, "currency": "EUR"}],
            "taxClassId": unknown,
        }
        create_answer = await app.gql(VARIANT_CREATE, {"input": values})
        assert {"code": "NOT_FOUND", "field": "taxClassId"} in (
            create_answer["data"]["productVariantCreate"]["errors"]
        )


async def test_only_tax_managers_see_a_variants_class(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        reduced = (await tax_class(app, "reduced"))["id"]
        variant = (await _product(app, reduced))["product"]["variants"][0]["id"]
        seen = await app.gql(CLASS_OF, {"id": variant}, token=app.member("commerce.manage_taxes"))
        assert seen["data"]["node"] == {"taxClass": {"code": "reduced"}}
        hidden = await app.gql(
            CLASS_OF, {"id": variant}, token=app.member("commerce.view_products")
        )
        assert [e["extensions"]["code"] for e in hidden["errors"]] == ["PERMISSION_DENIED"]
