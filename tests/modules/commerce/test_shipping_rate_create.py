"""shippingRateCreate: flat or weight brackets, one enabled currency, a zone and a tax class."""

from __future__ import annotations

from typing import Any

from app.ids import decode_global_id, encode_global_id, new_id
from modules.commerce.shipping_models import ShippingRateRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, standard_class, zone

DOCUMENT = (
    "mutation ($input: ShippingRateCreateInput!) "
    "{ shippingRateCreate(input: $input) { errors { code } } }"
)


def _eur(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


def _fields(errors: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["code"], e["field"]) for e in errors]


async def test_the_manage_shipping_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        eu = (await zone(app, "EU", "DE"))["id"]
        events = await app.event_types()
        values = {"zoneId": eu, "name": "Standard", "kind": "FLAT", "price": _eur(490)}
        refused = app.refused("commerce.manage_shipping", without="commerce.manage_taxes")
        for label, (token, code) in refused.items():
            answer = await app.gql(DOCUMENT, {"input": values}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, ShippingRateRow) == 0
        assert await app.event_types() == events
        allowed = app.member("commerce.manage_shipping")
        assert (await mutate(app, "shippingRateCreate", values, token=allowed))["errors"] == []


async def test_flat_and_weight_rates_are_created(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        eu = (await zone(app, "EU", "DE"))["id"]
        standard = await standard_class(app)
        flat = await mutate(
            app,
            "shippingRateCreate",
            {
                "zoneId": eu,
                "name": "Standard",
                "kind": "FLAT",
                "price": _eur(490),
                "freeOver": _eur(5000),
                "taxClassId": standard,
            },
        )
        assert flat["errors"] == []
        rate = flat["shippingRate"]
        assert {k: v for k, v in rate.items() if k != "id"} == {
            "name": "Standard",
            "kind": "FLAT",
            "currency": "EUR",
            "price": {"amount": 490, "currency": "EUR"},
            "brackets": [],
            "freeOver": {"amount": 5000},
            "isActive": True,
            "taxClass": {"code": "standard"},
            "zone": {"name": "EU"},
        }
        brackets = [
            {"upToGrams": 1000, "price": {"amount": 700, "currency": "USD"}},
            {"upToGrams": 5000, "price": {"amount": 1200, "currency": "USD"}},
        ]
        weight = await mutate(
            app,
            "shippingRateCreate",
            {
                "zoneId": eu,
                "name": "Heavy",
                "kind": "WEIGHT",
                "brackets": brackets,
                "isActive": False,
            },
        )
        assert weight["errors"] == []
        assert weight["shippingRate"]["currency"] == "USD"
        assert weight["shippingRate"]["price"] is None
        assert weight["shippingRate"]["brackets"] == [
            {"upToGrams": 1000, "price": {"amount": 700}},
            {"upToGrams": 5000, "price": {"amount": 1200}},
        ]
        assert weight["shippingRate"]["taxClass"] is None
        assert await app.payloads("commerce.shipping_rate.created") == [
            {
                "shipping_rate_id": decode_global_id(rate["id"])[1],
                "shipping_zone_id": decode_global_id(eu)[1],
            },
            {
                "shipping_rate_id": decode_global_id(weight["shippingRate"]["id"])[1],
                "shipping_zone_id": decode_global_id(eu)[1],
            },
        ]


async def test_bad_prices_brackets_and_references_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        eu = (await zone(app, "EU", "DE"))["id"]
        events = await app.event_types()
        base = {"zoneId": eu, "name": "Standard", "kind": "FLAT"}
        cases: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
            ({}, [("VALIDATION", "price")]),
            ({"price": _eur(-1)}, [("VALIDATION", "price.amount")]),
            (
                {"price": {"amount": 100, "currency": "GBP"}},
                [("VALIDATION", "price.currency")],
            ),
            (
                {"price": _eur(100), "freeOver": {"amount": 100, "currency": "USD"}},
                [("VALIDATION", "freeOver.currency")],
            ),
            ({"name": " ", "price": _eur(100)}, [("VALIDATION", "name")]),
            ({"kind": "WEIGHT", "price": _eur(100)}, [("VALIDATION", "price")]),
            ({"kind": "WEIGHT", "brackets": []}, [("VALIDATION", "brackets")]),
            (
                {
                    "kind": "WEIGHT",
                    "brackets": [
                        {"upToGrams": 500, "price": _eur(100)},
                        {"upToGrams": 500, "price": {"amount": 200, "currency": "USD"}},
                    ],
                },
                [
                    ("VALIDATION", "brackets.1.upToGrams"),
                    ("VALIDATION", "brackets.1.price.currency"),
                ],
            ),
            (
                {"price": _eur(100), "zoneId": encode_global_id("ShippingZone", new_id())},
                [("NOT_FOUND", "zoneId")],
            ),
            (
                {"price": _eur(100), "taxClassId": encode_global_id("TaxClass", new_id())},
                [("NOT_FOUND", "taxClassId")],
            ),
        ]
        for changes, expected in cases:
            payload = await mutate(app, "shippingRateCreate", {**base, **changes})
            assert payload["shippingRate"] is None
            assert _fields(payload["errors"]) == expected, changes
        assert await count_rows(app, ShippingRateRow) == 0
        assert await app.event_types() == events
