"""taxClassDelete: a class goes with its rates; the default and classes in use stay."""

from __future__ import annotations

from app.ids import decode_global_id, encode_global_id, new_id
from modules.commerce.tax_models import TaxClassRow, TaxRateRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, shipping_rate, standard_class, tax_class, tax_rate, zone

DOCUMENT = "mutation ($id: ID!) { taxClassDelete(id: $id) { deletedId errors { code } } }"


async def test_the_manage_taxes_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        reduced = (await tax_class(app, "reduced"))["id"]
        events = await app.event_types()
        refused = app.refused("commerce.manage_taxes", without="commerce.manage_shipping")
        for label, (token, code) in refused.items():
            answer = await app.gql(DOCUMENT, {"id": reduced}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, TaxClassRow) == 2
        assert await app.event_types() == events
        allowed = app.member("commerce.manage_taxes")
        assert (await mutate(app, "taxClassDelete", reduced, token=allowed))["deletedId"] == reduced


async def test_a_class_goes_with_its_rates_and_their_events(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        reduced = (await tax_class(app, "reduced"))["id"]
        rate = (await tax_rate(app, reduced, "DE", "7"))["id"]
        assert await mutate(app, "taxClassDelete", reduced) == {"deletedId": reduced, "errors": []}
        assert await count_rows(app, TaxRateRow) == 0
        assert await app.payloads("commerce.tax_rate.deleted") == [
            {"tax_rate_id": decode_global_id(rate)[1]}
        ]
        assert await app.payloads("commerce.tax_class.deleted") == [
            {"tax_class_id": decode_global_id(reduced)[1], "code": "reduced"}
        ]


async def test_the_default_a_class_in_use_and_unknown_ids_are_refused(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        reduced = (await tax_class(app, "reduced"))["id"]
        await shipping_rate(app, (await zone(app, "EU", "DE"))["id"], taxClassId=reduced)
        events = await app.event_types()
        default = await mutate(app, "taxClassDelete", standard)
        assert [(e["code"], e["field"]) for e in default["errors"]] == [("CONFLICT", "id")]
        used = await mutate(app, "taxClassDelete", reduced)
        assert used["deletedId"] is None
        assert [(e["code"], e["field"]) for e in used["errors"]] == [("CONFLICT", "id")]
        assert "shipping rate" in used["errors"][0]["message"]
        unknown = await mutate(app, "taxClassDelete", encode_global_id("TaxClass", new_id()))
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("NOT_FOUND", "id")]
        assert await count_rows(app, TaxClassRow) == 2
        assert await app.event_types() == events
