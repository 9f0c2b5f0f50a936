"""A first end-to-end pass: create a tenant as platform admin and read it back."""

from __future__ import annotations

from tests.support.client import RunningApp, unique_slug

CREATE = """
mutation ($input: TenantCreateInput!) {
  tenantCreate(input: $input) { tenant { id slug name status } errors { code field message } }
}
"""


async def test_platform_admin_creates_tenant(api: RunningApp) -> None:
    slug = unique_slug()
    token = api.auth.platform_admin()
    body = await api.gql(CREATE, {"input": {"slug": slug, "name": "Acme"}}, token=token)
    assert body["data"]["tenantCreate"]["errors"] == []
    assert body["data"]["tenantCreate"]["tenant"]["slug"] == slug
    read = await api.gql("query ($s: String!) { tenant(slug: $s) { name } }", {"s": slug})
    assert read == {"data": {"tenant": {"name": "Acme"}}}
    widgets = await api.gql("{ widgets { name } }", tenant=slug, token=token)
    assert widgets["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
