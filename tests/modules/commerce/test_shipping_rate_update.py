"""shippingRateUpdate: reprice, switch kind, clear the threshold; the result is checked whole."""

from __future__ import annotations

from app.ids import decode_global_id, encode_global_id, new_id
from tests.support.commerce import commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, shipping_rate, standard_class, zone

DOCUMENT = (
    "mutation ($input: ShippingRateUpdateInput!) "
    "{ shippingRateUpdate(input: $input) { errors { code } } }"
)


async def test_the_manage_shipping_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        rate = (await shipping_rate(app, (await zone(app, "EU", "DE"))["id"]))["id"]
        events = await app.event_types()
        refused = app.refused("commerce.manage_shipping", without="commerce.manage_taxes")
        for label, (token, code) in refused.items():
            answer = await app.gql(DOCUMENT, {"input": {"id": rate, "name": "X"}}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types() == events
        allowed = app.member("commerce.manage_shipping")
        payload = await mutate(app, "shippingRateUpdate", {"id": rate, "name": "X"}, token=allowed)
        assert payload["shippingRate"]["name"] == "X"


async def test_changes_are_saved_with_one_event_naming_them(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        rate = (
            await shipping_rate(
                app,
                (await zone(app, "EU", "DE"))["id"],
                freeOver={"amount": 5000, "currency": "EUR"},
                taxClassId=standard,
            )
        )["id"]
        brackets = [{"upToGrams": 2000, "price": {"amount": 900, "currency": "EUR"}}]
        switched = await mutate(
            app,
            "shippingRateUpdate",
            {
                "id": rate,
                "kind": "WEIGHT",
                "brackets": brackets,
                "freeOver": None,
                "isActive": False,
            },
        )
        assert switched["errors"] == []
        assert {
            k: switched["shippingRate"][k] for k in ("kind", "price", "freeOver", "isActive")
        } == {
            "kind": "WEIGHT",
            "price": None,
            "freeOver": None,
            "isActive": False,
        }
        assert switched["shippingRate"]["taxClass"] == {"code": "standard"}
        untaxed = await mutate(app, "shippingRateUpdate", {"id": rate, "taxClassId": None})
        assert untaxed["shippingRate"]["taxClass"] is None
        same = await mutate(app, "shippingRateUpdate", {"id": rate, "brackets": brackets})
        assert same["errors"] == []
        rate_id = decode_global_id(rate)[1]
        assert await app.payloads("commerce.shipping_rate.updated") == [
            {
                "shipping_rate_id": rate_id,
                "changed": ["kind", "price", "brackets", "freeOver", "isActive"],
            },
            {"shipping_rate_id": rate_id, "changed": ["taxClassId"]},
        ]


async def test_a_bad_result_and_unknown_ids_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        rate = (await shipping_rate(app, (await zone(app, "EU", "DE"))["id"]))["id"]
        events = await app.event_types()
        weightless = await mutate(app, "shippingRateUpdate", {"id": rate, "kind": "WEIGHT"})
        assert [(e["code"], e["field"]) for e in weightless["errors"]] == [
            ("VALIDATION", "brackets")
        ]
        priceless = await mutate(app, "shippingRateUpdate", {"id": rate, "price": None})
        assert [(e["code"], e["field"]) for e in priceless["errors"]] == [("VALIDATION", "price")]
        other = await mutate(
            app, "shippingRateUpdate", {"id": rate, "price": {"amount": 100, "currency": "JPY"}}
        )
        assert [(e["code"], e["field"]) for e in other["errors"]] == [
            ("VALIDATION", "price.currency")
        ]
        unknown = await mutate(
            app,
            "shippingRateUpdate",
            {"id": encode_global_id("ShippingRate", new_id()), "name": "X"},
        )
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("NOT_FOUND", "id")]
        no_class = await mutate(
            app,
            "shippingRateUpdate",
            {"id": rate, "taxClassId": encode_global_id("TaxClass", new_id())},
        )
        assert [(e["code"], e["field"]) for e in no_class["errors"]] == [
            ("NOT_FOUND", "taxClassId")
        ]
        assert await app.event_types() == events
