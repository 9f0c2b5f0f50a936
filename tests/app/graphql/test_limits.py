"""Depth, alias and token limits hold through fragments."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.conftest import make_registry, make_settings
from tests.support.client import RunningApp, running_app
from tests.support.databases import DatabaseTarget

DEEP = "{ tenants(first: 1) { edges { node { slug } } } }"  # four levels
DEEP_BY_FRAGMENTS = """
{ ...Root }
fragment Root on Query { tenants(first: 1) { ...Edges } }
fragment Edges on TenantConnection { edges { ...Node } }
fragment Node on TenantEdge { node { slug } }
"""


@pytest.fixture
async def shallow_api(database: DatabaseTarget) -> AsyncIterator[RunningApp]:
    """An app that allows only three levels and four aliases."""
    settings = make_settings(database, max_query_depth=3, max_query_aliases=4)
    async with running_app(settings, make_registry(settings)) as running:
        yield running


@pytest.mark.parametrize("document", [DEEP, DEEP_BY_FRAGMENTS])
async def test_depth_limit_holds_through_fragments(shallow_api: RunningApp, document: str) -> None:
    body = await shallow_api.gql(document, expect_status=400)
    assert body["errors"] == [
        {
            "message": "the query is 4 levels deep; the limit is 3",
            "extensions": {"code": "BAD_REQUEST"},
        }
    ]


async def test_depth_at_the_limit_runs(shallow_api: RunningApp) -> None:
    body = await shallow_api.gql(
        "{ tenants(first: 0) { pageInfo { endCursor } } }", token=shallow_api.auth.platform_admin()
    )
    assert body == {"data": {"tenants": {"pageInfo": {"endCursor": None}}}}


async def test_alias_limit_counts_every_fragment_expansion(shallow_api: RunningApp) -> None:
    fragment = 'fragment F on Query { a: tenant(slug: "x") { name } b: tenant(slug: "y") { name } }'
    twice = await shallow_api.gql("{ ...F ... on Query { ...F } } " + fragment)
    assert twice == {"data": {"a": None, "b": None}}
    over = await shallow_api.gql(
        "{ ...F ... on Query { ...F } z: __typename } " + fragment, expect_status=400
    )
    assert over["errors"][0]["message"] == "the query uses 5 aliases; the limit is 4"


async def test_alias_limit_refuses_one_over(shallow_api: RunningApp) -> None:
    fragment = 'fragment F on Query { a: tenant(slug: "x") { name } b: tenant(slug: "y") { name } }'
    document = "{ ...F c: __typename ... on Query { ...G } } " + fragment
    document += ' fragment G on Query { d: __typename e: tenant(slug: "z") { name } }'
    body = await shallow_api.gql(document, expect_status=400)
    assert body["errors"][0]["message"] == "the query uses 5 aliases; the limit is 4"


async def test_token_limit(api: RunningApp) -> None:
    limit = api.state.runtime.settings.max_query_tokens
    document = "{ " + " ".join("__typename" for _ in range(limit)) + " }"
    body = await api.gql(document, expect_status=400)
    assert f"more than {limit} tokens" in body["errors"][0]["message"]
