"""shippingZoneDelete: a zone goes with its regions and rates (and the rates' events)."""

from __future__ import annotations

from app.ids import decode_global_id, encode_global_id, new_id
from modules.commerce.shipping_models import ShippingRateRow, ShippingZoneRegionRow, ShippingZoneRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, shipping_rate, zone

DOCUMENT = "mutation ($id: ID!) { shippingZoneDelete(id: $id) { deletedId errors { code } } }"


async def test_the_manage_shipping_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        eu = (await zone(app, "EU", "DE"))["id"]
        events = await app.event_types()
        refused = app.refused("commerce.manage_shipping", without="commerce.manage_taxes")
        for label, (token, code) in refused.items():
            answer = await app.gql(DOCUMENT, {"id": eu}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, ShippingZoneRow) == 1
        assert await app.event_types() == events
        allowed = app.member("commerce.manage_shipping")
        assert await mutate(app, "shippingZoneDelete", eu, token=allowed) == {
            "deletedId": eu,
            "errors": [],
        }


async def test_a_zone_goes_with_its_regions_and_rates(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        eu = (await zone(app, "EU", "DE", "FR"))["id"]
        rate = (await shipping_rate(app, eu))["id"]
        assert (await mutate(app, "shippingZoneDelete", eu))["errors"] == []
        assert await count_rows(app, ShippingZoneRegionRow) == 0
        assert await count_rows(app, ShippingRateRow) == 0
        assert await app.payloads("commerce.shipping_rate.deleted") == [
            {"shipping_rate_id": decode_global_id(rate)[1]}
        ]
        assert await app.payloads("commerce.shipping_zone.deleted") == [
            {"shipping_zone_id": decode_global_id(eu)[1]}
        ]
        # Its countries are free again.
        await zone(app, "Again", "DE")


async def test_unknown_ids_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        unknown = await mutate(
            app, "shippingZoneDelete", encode_global_id("ShippingZone", new_id())
        )
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("NOT_FOUND", "id")]
        assert await app.event_types() == []
