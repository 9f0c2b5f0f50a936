"""Tenant reads: the public lookup, nested guards, and the paginated list."""

from __future__ import annotations

from typing import Any

from tests.support.client import RunningApp, create_tenant

PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String, $status: TenantStatus) {
  tenants(first: $first, after: $after, last: $last, before: $before, status: $status) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def test_public_lookup_shows_only_public_fields(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    body = await api.gql(
        "query ($s: String!) { tenant(slug: $s) { id slug name } }", {"s": tenant.slug}
    )
    assert body == {
        "data": {
            "tenant": {"id": tenant.global_id, "slug": tenant.slug, "name": tenant.slug.title()}
        }
    }
    guarded = await api.gql(
        "query ($s: String!) { tenant(slug: $s) { name ...Admin } } "
        "fragment Admin on Tenant { status }",
        {"s": tenant.slug},
    )
    assert guarded["data"] is None
    assert guarded["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def _page(api: RunningApp, token: str, **arguments: Any) -> dict[str, Any]:
    body = await api.gql(PAGE, {"status": "ACTIVE", **arguments}, token=token)
    assert "errors" not in body, body
    page: dict[str, Any] = body["data"]["tenants"]
    return page


async def _every_slug(api: RunningApp, token: str) -> tuple[list[str], int]:
    """Page through every active tenant (the run's database holds many); return the total too."""
    slugs: list[str] = []
    after = None
    while True:
        page = await _page(api, token, first=100, after=after)
        slugs += [edge["node"]["slug"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return slugs, page["totalCount"]
        after = page["pageInfo"]["endCursor"]


async def test_tenants_pages_forward_and_backward(api: RunningApp) -> None:
    admin = api.auth.platform_admin()
    for _ in range(3):
        await create_tenant(api)
    slugs, total = await _every_slug(api, admin)
    assert total == len(slugs) >= 3
    first = await _page(api, admin, first=2)
    assert [edge["node"]["slug"] for edge in first["edges"]] == slugs[:2]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    second = await _page(api, admin, first=2, after=first["pageInfo"]["endCursor"])
    assert [edge["node"]["slug"] for edge in second["edges"]] == slugs[2:4]
    assert second["pageInfo"]["hasPreviousPage"] is True
    last = await _page(api, admin, last=2)
    assert [edge["node"]["slug"] for edge in last["edges"]] == slugs[-2:]
    assert last["pageInfo"]["hasPreviousPage"] is (len(slugs) > 2)
    assert last["pageInfo"]["hasNextPage"] is False
    before = await _page(api, admin, last=1, before=last["pageInfo"]["startCursor"])
    assert [edge["node"]["slug"] for edge in before["edges"]] == [slugs[-3]]
    assert before["pageInfo"]["hasNextPage"] is True


async def test_tenants_filter_by_status(api: RunningApp) -> None:
    admin = api.auth.platform_admin()
    tenant = await create_tenant(api)
    await api.gql(
        "mutation ($id: ID!) { tenantSuspend(id: $id) { errors { code } } }",
        {"id": tenant.global_id},
        token=admin,
    )
    suspended = await _page(api, admin, first=100, status="SUSPENDED")
    assert tenant.slug in [edge["node"]["slug"] for edge in suspended["edges"]]
    active = await _page(api, admin, first=100)
    assert tenant.slug not in [edge["node"]["slug"] for edge in active["edges"]]


async def test_page_size_is_capped_and_cursors_are_checked(api: RunningApp) -> None:
    admin = api.auth.platform_admin()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"first": 101}, "`first` must be between 0 and 100, got 101"),
        ({"last": -1}, "`last` must be between 0 and 100, got -1"),
        ({"first": 1, "last": 1}, "pass `first` or `last`, not both"),
        ({"first": 1, "after": "garbage"}, "`after` is not a cursor returned by this list"),
    ]
    for arguments, message in cases:
        body = await api.gql(PAGE, arguments, token=admin)
        assert body["data"] is None
        assert body["errors"][0]["message"] == message
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_tenant_list_needs_platform_admin(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    member = api.auth.member(tenant.id, "core.manage_modules", "core.view_modules")
    body = await api.gql(PAGE, {"first": 1}, token=member)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
