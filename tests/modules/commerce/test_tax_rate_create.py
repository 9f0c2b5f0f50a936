"""taxRateCreate: exact percent text stored as ppm; one rate per class, country and region."""

from __future__ import annotations

from app.ids import decode_global_id, encode_global_id, new_id
from modules.commerce.tax_models import TaxRateRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, standard_class

DOCUMENT = (
    "mutation ($input: TaxRateCreateInput!) { taxRateCreate(input: $input) { errors { code } } }"
)


async def test_the_manage_taxes_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        values = {"taxClassId": await standard_class(app), "country": "DE", "ratePercent": "19"}
        refused = app.refused("commerce.manage_taxes", without="commerce.manage_shipping")
        for label, (token, code) in refused.items():
            answer = await app.gql(DOCUMENT, {"input": values}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, TaxRateRow) == 0
        assert await app.event_types() == []
        allowed = app.member("commerce.manage_taxes")
        assert (await mutate(app, "taxRateCreate", values, token=allowed))["errors"] == []


async def test_rates_keep_their_exact_percent(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        cases = [
            ("de", None, "19", "19"),
            ("US", " ca ", "7.2500", "7.25"),
            ("FR", None, "0.0001", "0.0001"),
        ]
        created = []
        for country, region, given, shown in cases:
            values = {
                "taxClassId": standard,
                "country": country,
                "region": region,
                "ratePercent": given,
                "name": "VAT",
            }
            payload = await mutate(app, "taxRateCreate", values)
            assert payload["errors"] == [], payload
            rate = payload["taxRate"]
            assert (rate["country"], rate["region"], rate["ratePercent"]) == (
                country.upper(),
                None if region is None else region.strip().upper(),
                shown,
            )
            assert rate["taxClass"] == {"code": "standard"}
            created.append(rate["id"])
        payloads = await app.payloads("commerce.tax_rate.created")
        assert payloads[1] == {
            "tax_rate_id": decode_global_id(created[1])[1],
            "tax_class_id": decode_global_id(standard)[1],
            "country": "US",
            "region": "CA",
        }
        assert len(payloads) == 3


async def test_bad_fields_duplicates_and_unknown_classes_are_refused(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        first = {"taxClassId": standard, "country": "DE", "ratePercent": "19"}
        assert (await mutate(app, "taxRateCreate", first))["errors"] == []
        events = await app.event_types()
        for percent in ("19.00001", "101", "-1", "7,5", "", "abc"):
            bad = await mutate(
                app, "taxRateCreate", {**first, "country": "AT", "ratePercent": percent}
            )
            assert [(e["code"], e["field"]) for e in bad["errors"]] == [
                ("VALIDATION", "ratePercent")
            ], percent
        country = await mutate(app, "taxRateCreate", {**first, "country": "XX"})
        assert [(e["code"], e["field"]) for e in country["errors"]] == [("VALIDATION", "country")]
        twice = await mutate(app, "taxRateCreate", {**first, "ratePercent": "7"})
        assert [(e["code"], e["field"]) for e in twice["errors"]] == [("CONFLICT", "country")]
        unknown = await mutate(
            app, "taxRateCreate", {**first, "taxClassId": encode_global_id("TaxClass", new_id())}
        )
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("NOT_FOUND", "taxClassId")]
        assert await count_rows(app, TaxRateRow) == 1
        assert await app.event_types() == events
