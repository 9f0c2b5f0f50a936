"""shippingZoneCreate: countries and regions, each in at most one zone."""

from __future__ import annotations

from app.ids import decode_global_id
from modules.commerce.shipping_models import ShippingZoneRegionRow, ShippingZoneRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, zone

DOCUMENT = (
    "mutation ($input: ShippingZoneCreateInput!) "
    "{ shippingZoneCreate(input: $input) { errors { code } } }"
)


async def test_the_manage_shipping_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        values = {"name": "EU", "regions": [{"country": "DE"}]}
        refused = app.refused("commerce.manage_shipping", without="commerce.manage_taxes")
        for label, (token, code) in refused.items():
            answer = await app.gql(DOCUMENT, {"input": values}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, ShippingZoneRow) == 0
        assert await app.event_types() == []
        allowed = app.member("commerce.manage_shipping")
        assert (await mutate(app, "shippingZoneCreate", values, token=allowed))["errors"] == []


async def test_a_zone_is_created_with_its_regions(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        regions = [{"country": "de"}, {"country": "US", "region": " ca "}, {"country": "AT"}]
        created = await mutate(app, "shippingZoneCreate", {"name": " Near ", "regions": regions})
        assert created["errors"] == []
        assert created["shippingZone"]["name"] == "Near"
        assert created["shippingZone"]["regions"] == [
            {"country": "AT", "region": None},
            {"country": "DE", "region": None},
            {"country": "US", "region": "CA"},
        ]
        # Another region of the US is free for another zone.
        await zone(app, "Far", "FR")
        west = {"name": "West", "regions": [{"country": "US", "region": "OR"}]}
        assert (await mutate(app, "shippingZoneCreate", west))["errors"] == []
        payloads = await app.payloads("commerce.shipping_zone.created")
        assert len(payloads) == 3
        assert payloads[0] == {
            "shipping_zone_id": decode_global_id(created["shippingZone"]["id"])[1]
        }
        countries = await app.gql("{ shippingCountries }", token=None)
        assert countries["data"]["shippingCountries"] == ["AT", "DE", "FR", "US"]


async def test_bad_regions_and_regions_of_another_zone_are_refused(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        await zone(app, "EU", "DE", "FR")
        events = await app.event_types()
        bad = await mutate(
            app,
            "shippingZoneCreate",
            {"name": "", "regions": [{"country": "XX"}, {"country": "AT"}, {"country": "at"}]},
        )
        assert [(e["code"], e["field"]) for e in bad["errors"]] == [
            ("VALIDATION", "name"),
            ("VALIDATION", "regions.0.country"),
            ("VALIDATION", "regions.2.country"),
        ]
        empty = await mutate(app, "shippingZoneCreate", {"name": "None", "regions": []})
        assert [(e["code"], e["field"]) for e in empty["errors"]] == [("VALIDATION", "regions")]
        taken = await mutate(
            app,
            "shippingZoneCreate",
            {"name": "Other", "regions": [{"country": "AT"}, {"country": "FR"}]},
        )
        assert taken["shippingZone"] is None
        assert [(e["code"], e["field"]) for e in taken["errors"]] == [
            ("CONFLICT", "regions.1.country")
        ]
        assert await count_rows(app, ShippingZoneRow) == 1
        assert await count_rows(app, ShippingZoneRegionRow) == 2
        assert await app.event_types() == events
