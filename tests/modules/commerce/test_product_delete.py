"""productDelete: a product goes with its options, variants and prices, in one event."""

from __future__ import annotations

import asyncio

from app.ids import decode_global_id, encode_global_id, new_id
from modules.commerce.models import OptionValueRow, PriceRow, ProductRow, VariantRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.orders import ORDER_BY_TOKEN, cancel, cart_with, checkout

DELETE = "mutation ($id: ID!) { productDelete(id: $id) { deletedId errors { code field } } }"


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        events = await app.event_types()
        for label, (token, code) in app.refused().items():
            answer = await app.gql(DELETE, {"id": product}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert (await count_rows(app, ProductRow), await app.event_types()) == (1, events)


async def test_a_product_goes_with_everything_it_owns(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        created = await app.product()
        answer = await app.gql(DELETE, {"id": created["id"]})
        assert answer["data"]["productDelete"] == {"deletedId": created["id"], "errors": []}
        for model in (ProductRow, VariantRow, PriceRow, OptionValueRow):
            assert await count_rows(app, model) == 0, model
        assert await app.payloads("commerce.product.deleted") == [
            {
                "product_id": decode_global_id(created["id"])[1],
                "variant_ids": [decode_global_id(v["id"])[1] for v in created["variants"]],
            }
        ]
        again = await app.gql(DELETE, {"id": created["id"]})
        assert again["data"]["productDelete"] == {
            "deletedId": None,
            "errors": [{"code": "NOT_FOUND", "field": "id"}],
        }
        wrong_kind = await app.gql(DELETE, {"id": encode_global_id("ProductVariant", new_id())})
        assert wrong_kind["data"]["productDelete"]["errors"] == [
            {"code": "VALIDATION", "field": "id"}
        ]


async def test_a_product_in_a_placed_order_is_kept_until_the_order_closes(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        created = await app.product(status="ACTIVE")
        medium = next(v["id"] for v in created["variants"] if v["sku"] == "SHIRT-M")
        assert (await app.adjust(medium, await app.warehouse(), onHand=3))["errors"] == []
        cart = await cart_with(app, [{"variantId": medium, "quantity": 1}])
        placed = await checkout(app, cart)
        refused = await app.gql(DELETE, {"id": created["id"]})
        assert refused["data"]["productDelete"] == {
            "deletedId": None,
            "errors": [{"code": "CONFLICT", "field": "id"}],
        }
        assert "commerce.product.deleted" not in await app.event_types()
        assert await count_rows(app, ProductRow) == 1
        assert (await cancel(app, placed["order"]["id"]))["errors"] == []
        deleted = await app.gql(DELETE, {"id": created["id"]})
        assert deleted["data"]["productDelete"]["errors"] == []
        # The order keeps what it sold; only the link to the variant is gone.
        read = await app.gql(ORDER_BY_TOKEN, {"token": placed["orderToken"]}, token=None)
        line = read["data"]["orderByToken"]["lines"][0]
        assert (line["sku"], line["productName"], line["variant"]) == (
            "SHIRT-M",
            "Linen shirt",
            None,
        )


async def test_a_delete_racing_a_checkout_never_leaves_an_order_without_its_product(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        created = await app.product(status="ACTIVE")
        small = next(v["id"] for v in created["variants"] if v["sku"] == "SHIRT-S")
        assert (await app.adjust(small, await app.warehouse(), onHand=3))["errors"] == []
        cart = await cart_with(app, [{"variantId": small, "quantity": 1}])
        placed, deleted = await asyncio.gather(
            checkout(app, cart), app.gql(DELETE, {"id": created["id"]})
        )
        outcome = (placed["errors"] == [], deleted["data"]["productDelete"]["errors"] == [])
        # Either the order came first and the delete was refused, or the other way round.
        assert outcome in {(True, False), (False, True)}, (placed, deleted)
        assert await count_rows(app, ProductRow) == (1 if outcome[0] else 0)
