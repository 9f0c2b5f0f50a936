"""Disabling commerce for a tenant: its fields answer MODULE_DISABLED, its data stays."""

from __future__ import annotations

from tests.support.commerce import commerce_app
from tests.support.databases import DatabaseTarget

OFF = """
mutation ($module: String!) { moduleDisable(module: $module) { errors { code } } }
"""
ON = """
mutation ($module: String!) { moduleEnable(module: $module) { errors { code } } }
"""
READ = "query ($slug: String) { product(slug: $slug) { name variants { sku price { amount } } } }"
STATUS = """
mutation ($id: ID!) { productUpdate(input: {id: $id, status: ACTIVE}) { errors { code } } }
"""


async def test_a_disabled_catalog_answers_module_disabled_and_comes_back(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        product = (await app.product())["id"]
        assert (await app.gql(STATUS, {"id": product}))["data"]["productUpdate"]["errors"] == []
        before = await app.gql(READ, {"slug": "linen-shirt"}, token=None)
        owner = app.member("core.manage_modules")
        off = await app.gql(OFF, {"module": "commerce"}, token=owner)
        assert off["data"]["moduleDisable"]["errors"] == []
        for query, variables, token in (
            (READ, {"slug": "linen-shirt"}, None),
            (STATUS, {"id": product}, app.manager),
        ):
            refused = await app.gql(query, variables, token=token)
            assert refused["data"] is None
            assert [e["extensions"]["code"] for e in refused["errors"]] == ["MODULE_DISABLED"]
        on = await app.gql(ON, {"module": "commerce"}, token=owner)
        assert on["data"]["moduleEnable"]["errors"] == []
        assert await app.gql(READ, {"slug": "linen-shirt"}, token=None) == before
