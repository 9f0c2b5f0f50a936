"""shippingZoneUpdate: rename, replace the regions; regions of another zone refused."""

from __future__ import annotations

from app.ids import decode_global_id, encode_global_id, new_id
from tests.support.commerce import commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, zone

DOCUMENT = (
    "mutation ($input: ShippingZoneUpdateInput!) "
    "{ shippingZoneUpdate(input: $input) { errors { code } } }"
)


async def test_the_manage_shipping_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        eu = (await zone(app, "EU", "DE"))["id"]
        events = await app.event_types()
        refused = app.refused("commerce.manage_shipping", without="commerce.manage_taxes")
        for label, (token, code) in refused.items():
            answer = await app.gql(DOCUMENT, {"input": {"id": eu, "name": "X"}}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types() == events
        allowed = app.member("commerce.manage_shipping")
        payload = await mutate(app, "shippingZoneUpdate", {"id": eu, "name": "X"}, token=allowed)
        assert payload["shippingZone"]["name"] == "X"


async def test_changes_are_saved_with_one_event_naming_them(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        eu = (await zone(app, "EU", "DE", "FR"))["id"]
        values = {"id": eu, "name": "Europe", "regions": [{"country": "FR"}, {"country": "IT"}]}
        changed = await mutate(app, "shippingZoneUpdate", values)
        assert changed["shippingZone"]["regions"] == [
            {"country": "FR", "region": None},
            {"country": "IT", "region": None},
        ]
        same = await mutate(
            app, "shippingZoneUpdate", {**values, "regions": values["regions"][::-1]}
        )
        assert same["errors"] == []
        # DE left the zone, so another zone may take it.
        await zone(app, "Home", "DE")
        assert await app.payloads("commerce.shipping_zone.updated") == [
            {"shipping_zone_id": decode_global_id(eu)[1], "changed": ["name", "regions"]}
        ]


async def test_taken_regions_bad_fields_and_unknown_ids_are_refused(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        eu = (await zone(app, "EU", "DE"))["id"]
        await zone(app, "Alps", "AT")
        events = await app.event_types()
        taken = await mutate(
            app, "shippingZoneUpdate", {"id": eu, "regions": [{"country": "DE"}, {"country": "AT"}]}
        )
        assert [(e["code"], e["field"]) for e in taken["errors"]] == [
            ("CONFLICT", "regions.1.country")
        ]
        bad = await mutate(app, "shippingZoneUpdate", {"id": eu, "name": " ", "regions": []})
        assert [e["field"] for e in bad["errors"]] == ["name", "regions"]
        unknown = await mutate(
            app,
            "shippingZoneUpdate",
            {"id": encode_global_id("ShippingZone", new_id()), "name": "X"},
        )
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("NOT_FOUND", "id")]
        assert await app.event_types() == events
