"""The catalog read model: rows per product and currency, facets, search; rebuild converges."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from app.ids import decode_global_id
from app.index.rebuild import rebuild
from modules.commerce.listing.models import ProductFacetRow, ProductListingRow
from modules.commerce.listing.search import CATALOG_SEARCH
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget

CATEGORY_MOVE = """
mutation ($input: ProductCategoryUpdateInput!) {
  productCategoryUpdate(input: $input) { errors { code } }
}
"""
SETTINGS = """
mutation ($settings: JSON!) {
  moduleSettingsUpdate(input: {module: "commerce", settings: $settings}) { errors { code } }
}
"""
DELETE = "mutation ($id: ID!) { productDelete(id: $id) { errors { code } } }"
IN_STOCK = """
query ($currency: String, $inStock: Boolean) {
  products(currency: $currency, filter: {inStock: $inStock}) { edges { node { slug } } }
}
"""
DEACTIVATE = """
mutation ($id: ID!) { warehouseUpdate(input: {id: $id, isActive: false}) { errors { code } } }
"""


async def _listing(app: CommerceApp) -> list[dict[str, Any]]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(ProductListingRow)
            .where(ProductListingRow.tenant_id == app.tenant.id)
            .order_by(ProductListingRow.product_id, ProductListingRow.currency)
        )
        return [
            {
                "currency": row.currency,
                "slug": row.slug,
                "status": row.status,
                "paths": row.category_paths,
                "options": row.option_values,
                "range": (row.min_amount, row.max_amount, row.compare_at_min_amount),
                "variants": [(v["sku"], v["amount"], v["options"]) for v in row.variants],
                "count": row.variant_count,
                "in_stock": row.is_in_stock,
            }
            for row in rows
        ]


async def _facets(app: CommerceApp) -> list[tuple[str, str, str]]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.execute(
            select(ProductFacetRow.currency, ProductFacetRow.facet, ProductFacetRow.value)
            .where(ProductFacetRow.tenant_id == app.tenant.id)
            .order_by(ProductFacetRow.currency, ProductFacetRow.facet, ProductFacetRow.value)
        )
        return [(currency, facet, value) for currency, facet, value in rows]


async def _search(app: CommerceApp, words: str) -> int:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        return await CATALOG_SEARCH.count(session, app.tenant.id, words)


async def test_a_product_gets_a_row_per_currency_it_is_priced_in(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        clothing = await app.category("clothing")
        shirts = await app.category("shirts", clothing)
        await app.product(
            categoryIds=[shirts],
            description=[{"type": "paragraph", "text": "Breathes in summer heat."}],
        )
        await app.deliver()
        assert await _listing(app) == [
            {
                "currency": "EUR",
                "slug": "linen-shirt",
                "status": "draft",
                "paths": ["clothing/shirts"],
                "options": {"Size": ["S", "M"]},
                "range": (2000, 2200, None),
                "variants": [
                    ("SHIRT-S", 2000, {"Size": "S"}),
                    ("SHIRT-M", 2200, {"Size": "M"}),
                ],
                "count": 2,
                "in_stock": False,
            },
            {
                "currency": "USD",
                "slug": "linen-shirt",
                "status": "draft",
                "paths": ["clothing/shirts"],
                "options": {"Size": ["S", "M"]},
                "range": (2400, 2400, None),
                "variants": [("SHIRT-S", 2400, {"Size": "S"}), ("SHIRT-M", None, {"Size": "M"})],
                "count": 2,
                "in_stock": False,
            },
        ]
        ids = sorted(decode_global_id(value)[1] for value in (clothing, shirts))
        expected = [("category", value) for value in ids]
        expected += [("option:Size", "M"), ("option:Size", "S")]
        assert await _facets(app) == [(c, f, v) for c in ("EUR", "USD") for f, v in expected]
        assert [await _search(app, words) for words in ("linen", "SHIRT-M", "summer")] == [1, 1, 1]


async def test_changes_at_the_source_reach_the_rows(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        clothing = await app.category("clothing")
        shirts = await app.category("shirts", clothing)
        product = await app.product(categoryIds=[shirts])
        await app.deliver()
        moved = await app.gql(CATEGORY_MOVE, {"input": {"id": clothing, "slug": "apparel"}})
        assert moved["data"]["productCategoryUpdate"]["errors"] == []
        owner = app.member("core.manage_modules")
        only_euros = {"default_currency": "EUR", "currencies": ["EUR"]}
        changed = await app.gql(SETTINGS, {"settings": only_euros}, token=owner)
        assert changed["data"]["moduleSettingsUpdate"]["errors"] == []
        await app.deliver()
        assert [(row["currency"], row["paths"]) for row in await _listing(app)] == [
            ("EUR", ["apparel/shirts"])
        ]
        await app.gql(DELETE, {"id": product["id"]})
        await app.deliver()
        assert (await _listing(app), await _facets(app), await _search(app, "linen")) == (
            [],
            [],
            0,
        )


async def test_a_rebuild_restores_what_was_lost(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        await app.product()
        await app.product(
            name="Mug",
            options=[],
            variants=[{"sku": "MUG", "prices": [{"amount": 900, "currency": "EUR"}]}],
        )
        await app.deliver()
        before = await _listing(app), await _facets(app)
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id) as session:
            await session.execute(
                delete(ProductListingRow).where(ProductListingRow.tenant_id == app.tenant.id)
            )
        assert await rebuild(runtime, "commerce.catalog", app.tenant.id, chunk_size=1) == 2
        assert (await _listing(app), await _facets(app)) == before
        assert await _search(app, "mug") == 1


async def _in_stock(app: CommerceApp) -> dict[str, tuple[bool, list[object]]]:
    """Return per currency whether the product is in stock, and each variant."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(ProductListingRow).where(ProductListingRow.tenant_id == app.tenant.id)
        )
        return {
            row.currency: (row.is_in_stock, [v["is_in_stock"] for v in row.variants])
            for row in rows
        }


async def _listed(app: CommerceApp, currency: str, in_stock: bool) -> list[str]:
    body = await app.gql(IN_STOCK, {"currency": currency, "inStock": in_stock}, token=None)
    return [edge["node"]["slug"] for edge in body["data"]["products"]["edges"]]


async def test_stock_changes_reach_the_rows_and_the_in_stock_filter(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        product = await app.product(status="ACTIVE")
        small, medium = (variant["id"] for variant in product["variants"])
        main = await app.warehouse()
        await app.deliver()
        assert await _in_stock(app) == {
            "EUR": (False, [False, False]),
            "USD": (False, [False, False]),
        }
        assert (await app.adjust(medium, main, onHand=2))["errors"] == []
        await app.deliver()
        # The medium shirt has no USD price: in USD, nothing in stock can be bought.
        assert await _in_stock(app) == {"EUR": (True, [False, True]), "USD": (False, [False, True])}
        assert await _listed(app, "EUR", True) == ["linen-shirt"]
        assert await _listed(app, "USD", True) == []
        assert await _listed(app, "USD", False) == ["linen-shirt"]
        assert (await app.adjust(small, main, onHand=1))["errors"] == []
        await app.deliver()
        assert await _in_stock(app) == {"EUR": (True, [True, True]), "USD": (True, [True, True])}
        assert (await app.gql(DEACTIVATE, {"id": main}))["data"]["warehouseUpdate"] == {
            "errors": []
        }
        await app.deliver()
        assert await _in_stock(app) == {
            "EUR": (False, [False, False]),
            "USD": (False, [False, False]),
        }
        assert await _listed(app, "EUR", False) == ["linen-shirt"]
