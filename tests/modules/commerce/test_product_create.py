"""productCreate: a product with variants and prices in one input, all or nothing."""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id
from modules.commerce.models import PriceRow, ProductRow, VariantRow
from tests.support.commerce import PRODUCT_CREATE, CommerceApp, commerce_app, count_rows, shirt
from tests.support.databases import DatabaseTarget


async def _footprint(app: CommerceApp) -> tuple[int, int, int, list[str]]:
    return (
        await count_rows(app, ProductRow),
        await count_rows(app, VariantRow),
        await count_rows(app, PriceRow),
        await app.event_types(),
    )


def _errors(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["code"], e["field"]) for e in body["data"]["productCreate"]["errors"]]


async def test_the_manage_products_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        for label, (token, code) in app.refused().items():
            answer = await app.gql(PRODUCT_CREATE, {"input": shirt()}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await _footprint(app) == (0, 0, 0, [])
        allowed = await app.gql(
            PRODUCT_CREATE,
            {"input": shirt()},
            token=app.member("commerce.manage_products", "commerce.view_products"),
        )
        assert allowed["data"]["productCreate"]["errors"] == []
        assert (await _footprint(app))[:3] == (1, 2, 3)


async def test_a_product_is_written_with_its_variants_prices_and_events(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        product = await app.product()
        assert product["slug"] == "linen-shirt"
        assert product["status"] == "DRAFT"
        assert product["options"] == [{"name": "Size", "values": ["S", "M"]}]
        assert [
            (v["sku"], v["title"], v["selectedOptions"], v["basePrices"])
            for v in product["variants"]
        ] == [
            (
                "SHIRT-S",
                "S",
                [{"name": "Size", "value": "S"}],
                [{"amount": 2000, "currency": "EUR"}, {"amount": 2400, "currency": "USD"}],
            ),
            (
                "SHIRT-M",
                "M",
                [{"name": "Size", "value": "M"}],
                [{"amount": 2200, "currency": "EUR"}],
            ),
        ]
        assert await app.event_types() == [
            "commerce.product.created",
            "commerce.variant.created",
            "commerce.variant.prices_updated",
            "commerce.variant.created",
            "commerce.variant.prices_updated",
        ]
        variant_ids = [decode_global_id(v["id"])[1] for v in product["variants"]]
        assert await app.payloads("commerce.product.created") == [
            {
                "product_id": decode_global_id(product["id"])[1],
                "slug": "linen-shirt",
                "status": "draft",
                "variant_ids": variant_ids,
            }
        ]
        assert [p["currencies"] for p in await app.payloads("commerce.variant.prices_updated")] == [
            ["EUR", "USD"],
            ["EUR"],
        ]


async def test_bad_input_is_refused_with_typed_errors_and_nothing_written(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        await app.product(
            name="Taken",
            variants=[
                {
                    "sku": "TAKEN",
                    "optionValues": [{"name": "Size", "value": "S"}],
                    "prices": [{"amount": 100, "currency": "EUR"}],
                },
            ],
        )
        before = await _footprint(app)
        bad = shirt(
            variants=[
                {
                    "sku": "A",
                    "optionValues": [{"name": "Size", "value": "S"}],
                    "prices": [
                        {"amount": -1, "currency": "EUR"},
                        {"amount": 100, "currency": "XYZ"},
                        {"amount": 100, "currency": "GBP"},
                    ],
                },
                {
                    "sku": "A",
                    "optionValues": [{"name": "Size", "value": "S"}],
                    "prices": [{"amount": 100, "currency": "USD"}],
                },
                {
                    "sku": "TAKEN",
                    "optionValues": [{"name": "Size", "value": "M"}],
                    "prices": [{"amount": 100, "currency": "EUR"}],
                },
            ]
        )
        answer = await app.gql(PRODUCT_CREATE, {"input": bad})
        assert _errors(answer) == [
            ("VALIDATION", "variants.0.prices.0.amount"),
            ("VALIDATION", "variants.0.prices.1.currency"),
            ("VALIDATION", "variants.0.prices.2.currency"),
            ("VALIDATION", "variants.1.prices"),
            ("CONFLICT", "variants.1.sku"),
            ("CONFLICT", "variants.1.optionValues"),
            ("CONFLICT", "variants.2.sku"),
        ]
        assert await _footprint(app) == before


async def test_fractional_amounts_never_reach_the_service(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        bad = shirt()
        bad["variants"][0]["prices"][0]["amount"] = 19.99
        answer = await app.api.gql(
            PRODUCT_CREATE,
            {"input": bad},
            tenant=app.tenant.slug,
            token=app.manager,
            expect_status=400,
        )
        assert answer["data"] is None
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["BAD_REQUEST"]
        assert await _footprint(app) == (0, 0, 0, [])


async def test_options_and_variants_must_fit_together(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        price = [{"amount": 100, "currency": "EUR"}]
        two_plain = {
            "name": "Mug",
            "variants": [{"sku": "MUG-1", "prices": price}, {"sku": "MUG-2", "prices": price}],
        }
        assert _errors(await app.gql(PRODUCT_CREATE, {"input": two_plain})) == [
            ("VALIDATION", "variants")
        ]
        unpicked = shirt(variants=[{"sku": "X", "optionValues": [], "prices": price}])
        assert _errors(await app.gql(PRODUCT_CREATE, {"input": unpicked})) == [
            ("VALIDATION", "variants.0.optionValues")
        ]
        wrong = shirt(
            variants=[
                {"sku": "X", "optionValues": [{"name": "Size", "value": "XL"}], "prices": price}
            ]
        )
        assert _errors(await app.gql(PRODUCT_CREATE, {"input": wrong})) == [
            ("VALIDATION", "variants.0.optionValues.0.value")
        ]
        assert await _footprint(app) == (0, 0, 0, [])
        plain = await app.gql(
            PRODUCT_CREATE,
            {"input": {"name": "Mug", "variants": [{"sku": "MUG", "prices": price}]}},
        )
        created = plain["data"]["productCreate"]["product"]
        assert (created["options"], created["variants"][0]["title"]) == ([], "Default")
