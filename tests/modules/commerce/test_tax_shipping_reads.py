"""taxClasses, taxRates, shippingZones and shippingCountries: who reads them, and at what cost."""

from __future__ import annotations

from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.shipping import shipping_rate, standard_class, tax_class, tax_rate, zone
from tests.support.statements import recorded_statements

RATES = """
query ($first: Int, $after: String, $classId: ID, $country: String) {
  taxRates(first: $first, after: $after, taxClassId: $classId, country: $country) {
    totalCount
    edges { cursor node { country ratePercent taxClass { code } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ZONES = """
{ shippingZones { name regions { country region } rates { name taxClass { code } zone { name } } } }
"""


async def _statements(app: CommerceApp, query: str) -> int:
    engine = app.api.state.runtime.db.engine
    with recorded_statements(engine) as statements:
        body = await app.gql(query)
    assert "errors" not in body, body
    return len(statements)


async def test_rates_page_by_class_and_country(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        reduced = (await tax_class(app, "reduced"))["id"]
        for country, percent in (("DE", "19"), ("AT", "20"), ("FR", "20")):
            await tax_rate(app, standard, country, percent)
        await tax_rate(app, reduced, "DE", "7")
        first = (await app.gql(RATES, {"first": 2}))["data"]["taxRates"]
        assert first["totalCount"] == 4
        assert [e["node"]["country"] for e in first["edges"]] == ["DE", "AT"]
        rest = await app.gql(RATES, {"first": 5, "after": first["pageInfo"]["endCursor"]})
        assert [e["node"] for e in rest["data"]["taxRates"]["edges"]] == [
            {"country": "FR", "ratePercent": "20", "taxClass": {"code": "standard"}},
            {"country": "DE", "ratePercent": "7", "taxClass": {"code": "reduced"}},
        ]
        german = await app.gql(RATES, {"country": "de", "classId": reduced})
        assert german["data"]["taxRates"]["totalCount"] == 1


async def test_listing_zones_costs_the_same_statements_for_any_number(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        counts = []
        for number, country in enumerate(("DE", "FR", "IT", "ES")):
            created = await zone(app, f"Zone {number}", country)
            await shipping_rate(app, created["id"], taxClassId=standard)
            counts.append(await _statements(app, ZONES))
        assert len(set(counts)) == 1, counts
        zones = (await app.gql(ZONES))["data"]["shippingZones"]
        assert zones[0] == {
            "name": "Zone 0",
            "regions": [{"country": "DE", "region": None}],
            "rates": [
                {"name": "Standard", "taxClass": {"code": "standard"}, "zone": {"name": "Zone 0"}}
            ],
        }


async def test_only_the_permissions_read_them_and_countries_are_public(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        await zone(app, "EU", "FR", "DE")
        for query, permission, without in (
            ("{ taxClasses { code } }", "commerce.manage_taxes", "commerce.manage_shipping"),
            ("{ taxRates { totalCount } }", "commerce.manage_taxes", "commerce.manage_shipping"),
            ("{ shippingZones { name } }", "commerce.manage_shipping", "commerce.manage_taxes"),
        ):
            for label, (token, code) in app.refused(permission, without=without).items():
                answer = await app.gql(query, token=token)
                assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
            assert "errors" not in await app.gql(query, token=app.member(permission))
        for token in (None, app.customer()):
            countries = await app.gql("{ shippingCountries }", token=token)
            assert countries["data"]["shippingCountries"] == ["DE", "FR"]
