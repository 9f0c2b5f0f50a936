"""taxRateDelete: a rate goes, with its event; unknown IDs refused."""

from __future__ import annotations

from app.ids import decode_global_id, encode_global_id, new_id
from modules.commerce.tax_models import TaxRateRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, standard_class, tax_rate

DOCUMENT = "mutation ($id: ID!) { taxRateDelete(id: $id) { deletedId errors { code } } }"


async def test_the_manage_taxes_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        rate = (await tax_rate(app, await standard_class(app), "DE", "19"))["id"]
        events = await app.event_types()
        refused = app.refused("commerce.manage_taxes", without="commerce.manage_shipping")
        for label, (token, code) in refused.items():
            answer = await app.gql(DOCUMENT, {"id": rate}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, TaxRateRow) == 1
        assert await app.event_types() == events
        allowed = app.member("commerce.manage_taxes")
        assert await mutate(app, "taxRateDelete", rate, token=allowed) == {
            "deletedId": rate,
            "errors": [],
        }
        assert await count_rows(app, TaxRateRow) == 0
        assert await app.payloads("commerce.tax_rate.deleted") == [
            {"tax_rate_id": decode_global_id(rate)[1]}
        ]


async def test_unknown_ids_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        unknown = await mutate(app, "taxRateDelete", encode_global_id("TaxRate", new_id()))
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("NOT_FOUND", "id")]
        wrong = await mutate(app, "taxRateDelete", encode_global_id("TaxClass", new_id()))
        assert [(e["code"], e["field"]) for e in wrong["errors"]] == [("VALIDATION", "id")]
        assert await app.event_types() == []
