"""taxRateUpdate: re-rate, move, relabel; duplicates and unknown IDs refused."""

from __future__ import annotations

from app.ids import decode_global_id, encode_global_id, new_id
from tests.support.commerce import commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, standard_class, tax_class, tax_rate

DOCUMENT = (
    "mutation ($input: TaxRateUpdateInput!) { taxRateUpdate(input: $input) { errors { code } } }"
)


async def test_the_manage_taxes_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        rate = (await tax_rate(app, await standard_class(app), "DE", "19"))["id"]
        events = await app.event_types()
        refused = app.refused("commerce.manage_taxes", without="commerce.manage_shipping")
        for label, (token, code) in refused.items():
            answer = await app.gql(
                DOCUMENT, {"input": {"id": rate, "ratePercent": "7"}}, token=token
            )
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types() == events
        allowed = app.member("commerce.manage_taxes")
        payload = await mutate(
            app, "taxRateUpdate", {"id": rate, "ratePercent": "7"}, token=allowed
        )
        assert payload["taxRate"]["ratePercent"] == "7"


async def test_changes_are_saved_with_one_event_naming_them(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        rate = (await tax_rate(app, await standard_class(app), "DE", "19"))["id"]
        reduced = (await tax_class(app, "reduced"))["id"]
        values = {
            "id": rate,
            "taxClassId": reduced,
            "country": "at",
            "region": "wien",
            "ratePercent": "10.5",
            "name": "USt",
        }
        changed = await mutate(app, "taxRateUpdate", values)
        assert changed["taxRate"] == {
            "id": rate,
            "country": "AT",
            "region": "WIEN",
            "name": "USt",
            "ratePercent": "10.5",
            "taxClass": {"code": "reduced"},
        }
        assert (await mutate(app, "taxRateUpdate", {"id": rate, "ratePercent": "10.50"}))[
            "errors"
        ] == []
        whole = await mutate(app, "taxRateUpdate", {"id": rate, "region": ""})
        assert whole["taxRate"]["region"] is None
        assert await app.payloads("commerce.tax_rate.updated") == [
            {
                "tax_rate_id": decode_global_id(rate)[1],
                "changed": ["taxClassId", "country", "region", "ratePercent", "name"],
            },
            {"tax_rate_id": decode_global_id(rate)[1], "changed": ["region"]},
        ]


async def test_duplicates_bad_fields_and_unknown_ids_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        await tax_rate(app, standard, "DE", "19")
        rate = (await tax_rate(app, standard, "AT", "20"))["id"]
        events = await app.event_types()
        twice = await mutate(app, "taxRateUpdate", {"id": rate, "country": "DE"})
        assert [(e["code"], e["field"]) for e in twice["errors"]] == [("CONFLICT", "country")]
        bad = await mutate(app, "taxRateUpdate", {"id": rate, "country": "ZZ", "ratePercent": "x"})
        assert [e["field"] for e in bad["errors"]] == ["country", "ratePercent"]
        unknown = await mutate(
            app, "taxRateUpdate", {"id": encode_global_id("TaxRate", new_id()), "name": "X"}
        )
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("NOT_FOUND", "id")]
        no_class = await mutate(
            app, "taxRateUpdate", {"id": rate, "taxClassId": encode_global_id("TaxClass", new_id())}
        )
        assert [(e["code"], e["field"]) for e in no_class["errors"]] == [
            ("NOT_FOUND", "taxClassId")
        ]
        assert await app.event_types() == events
