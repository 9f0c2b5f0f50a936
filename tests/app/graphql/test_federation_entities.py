"""Federation ``_entities``: a malformed representation is refused in place, never a crash.

Found by the cross-tenant walk (tests/app/test_tenant_isolation.py): an unknown
``__typename`` or a key the type is not referenced by used to come back as INTERNAL.
"""

from __future__ import annotations

from tests.support.client import RunningApp, create_tenant

ENTITIES = "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Tenant { slug } } }"


async def test_malformed_representations_are_refused_each_in_place(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    representations = [
        {"__typename": "Nope", "slug": tenant.slug},
        {"__typename": "Tenant", "slug": tenant.slug},
        {"__typename": "Tenant", "id": tenant.global_id},
        {"__typename": "Tenant", "slug": tenant.slug, "id": tenant.global_id},
        {"slug": tenant.slug},
    ]

    body = await api.gql(ENTITIES, {"r": representations})

    assert body["data"] == {"_entities": [None, {"slug": tenant.slug}, None, None, None]}
    refused = [
        (error["path"], error["extensions"]["code"], error["extensions"]["field"])
        for error in body["errors"]
    ]
    assert refused == [
        (["_entities", index], "VALIDATION", f"representations.{index}") for index in (0, 2, 3, 4)
    ]
    assert "Tenant" in body["errors"][0]["message"]
    assert "['slug']" in body["errors"][1]["message"]
