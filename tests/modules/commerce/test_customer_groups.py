"""customerGroupCreate/Update/Delete and MembersAdd/Remove: staff with manage_customers only."""

from __future__ import annotations

import uuid

from app.identity.customer_models import CustomerRow
from app.ids import decode_global_id, encode_global_id
from modules.commerce.customer_models import CustomerGroupMemberRow, CustomerGroupRow
from tests.support.address_book import customer, group_create, group_mutate
from tests.support.client import create_tenant
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget

MEMBERS = """
query ($id: ID!) { node(id: $id) { ... on CustomerGroup { code members { totalCount
  edges { node { customerId displayName } } } } } }
"""


async def test_the_manage_customers_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        vip = await group_create(app, "vip")
        before = await app.event_types()
        refused = app.refused("commerce.manage_customers", without="commerce.view_customers")
        refused["signed-in customer of the shop"] = (ada.token, "PERMISSION_DENIED")
        operations = {
            "customerGroupCreate": {"code": "b2b", "name": "B2B"},
            "customerGroupUpdate": {"id": vip["id"], "name": "Very"},
            "customerGroupDelete": vip["id"],
            "customerGroupMembersAdd": {"id": vip["id"], "customerIds": [ada.global_id]},
            "customerGroupMembersRemove": {"id": vip["id"], "customerIds": [ada.global_id]},
        }
        for operation, values in operations.items():
            kind = (
                "ID"
                if operation.endswith("Delete")
                else f"{operation[0].upper()}{operation[1:]}Input"
            )
            if operation.startswith("customerGroupMembers"):
                kind = "CustomerGroupMembersInput"
            name = "id" if operation.endswith("Delete") else "input"
            document = (
                f"mutation ($v: {kind}!) {{ {operation}({name}: $v) {{ errors {{ code }} }} }}"
            )
            for label, (token, code) in refused.items():
                answer = await app.gql(document, {"v": values}, token=token)
                assert answer["data"] is None, (operation, label)
                assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, CustomerGroupRow) == 1
        assert await count_rows(app, CustomerGroupMemberRow) == 0
        assert await app.event_types() == before
        allowed = app.member("commerce.manage_customers")
        made = await group_mutate(
            app, "customerGroupCreate", {"code": "b2b", "name": "B2B"}, token=allowed
        )
        assert made["errors"] == []


async def test_codes_and_names_are_unique_and_checked(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        vip = await group_create(app, "vip", "Very important")
        assert await app.payloads("commerce.customer_group.created") == [
            {"customer_group_id": decode_global_id(vip["id"])[1], "code": "vip"}
        ]
        taken = await group_mutate(
            app, "customerGroupCreate", {"code": "vip", "name": " Very important "}
        )
        assert [(e["code"], e["field"]) for e in taken["errors"]] == [
            ("CONFLICT", "code"),
            ("CONFLICT", "name"),
        ]
        bad = await group_mutate(app, "customerGroupCreate", {"code": "Not A Code", "name": " "})
        assert [(e["code"], e["field"]) for e in bad["errors"]] == [
            ("VALIDATION", "code"),
            ("VALIDATION", "name"),
        ]
        other = await group_create(app, "b2b")
        clash = await group_mutate(
            app, "customerGroupUpdate", {"id": other["id"], "name": "Very important"}
        )
        assert [(e["code"], e["field"]) for e in clash["errors"]] == [("CONFLICT", "name")]
        renamed = await group_mutate(
            app, "customerGroupUpdate", {"id": other["id"], "code": "trade", "name": "Trade"}
        )
        assert renamed["customerGroup"] == {"id": other["id"], "code": "trade", "name": "Trade"}
        same = await group_mutate(app, "customerGroupUpdate", {"id": vip["id"], "code": "vip"})
        assert same["errors"] == []
        assert [p["changed"] for p in await app.payloads("commerce.customer_group.updated")] == [
            ["code", "name"]
        ]
        assert await count_rows(app, CustomerGroupRow) == 2
        listed = await app.gql("{ customerGroups { totalCount edges { node { code } } } }")
        assert [e["node"]["code"] for e in listed["data"]["customerGroups"]["edges"]] == [
            "vip",
            "trade",
        ]


async def test_members_are_customers_of_the_shop(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada, bob = await customer(app), await customer(app, "Bob")
        vip = await group_create(app, "vip")
        stranger = encode_global_id("Customer", uuid.uuid4())
        values = {"id": vip["id"], "customerIds": [ada.global_id, stranger, vip["id"]]}
        refused = await group_mutate(app, "customerGroupMembersAdd", values)
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("VALIDATION", "customerIds.2")
        ]
        values["customerIds"] = [ada.global_id, stranger]
        refused = await group_mutate(app, "customerGroupMembersAdd", values)
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("NOT_FOUND", "customerIds.1")
        ]
        empty = await group_mutate(
            app, "customerGroupMembersAdd", {"id": vip["id"], "customerIds": []}
        )
        assert [(e["code"], e["field"]) for e in empty["errors"]] == [("VALIDATION", "customerIds")]
        assert await count_rows(app, CustomerGroupMemberRow) == 0
        both = {"id": vip["id"], "customerIds": [ada.global_id, bob.global_id, ada.global_id]}
        assert (await group_mutate(app, "customerGroupMembersAdd", both))["errors"] == []
        assert (await group_mutate(app, "customerGroupMembersAdd", both))["errors"] == []
        read = await app.gql(MEMBERS, {"id": vip["id"]})
        members = read["data"]["node"]["members"]
        assert [e["node"]["displayName"] for e in members["edges"]] == ["Ada", "Bob"]
        gone = {"id": vip["id"], "customerIds": [bob.global_id, stranger]}
        assert (await group_mutate(app, "customerGroupMembersRemove", gone))["errors"] == []
        assert await app.payloads("commerce.customer_group.members_changed") == [
            {
                "customer_group_id": decode_global_id(vip["id"])[1],
                "added_customer_ids": [str(ada.id), str(bob.id)],
                "removed_customer_ids": [],
            },
            {
                "customer_group_id": decode_global_id(vip["id"])[1],
                "added_customer_ids": [],
                "removed_customer_ids": [str(bob.id)],
            },
        ]


async def test_a_customer_of_another_tenant_is_not_found(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        vip = await group_create(app, "vip")
        other = await create_tenant(app.api)
        now = app.clock.now()
        theirs = CustomerRow(
            tenant_id=other.id,
            id=uuid.uuid4(),
            email="ada@example.test",
            display_name="Ada",
            password_hash="not-a-hash",
            email_verified_at=now,
            status="active",
            locale="en",
            created_at=now,
            updated_at=now,
        )
        async with app.api.state.runtime.db.transaction(other.id) as session:
            session.add(theirs)
        values = {"id": vip["id"], "customerIds": [encode_global_id("Customer", theirs.id)]}
        refused = await group_mutate(app, "customerGroupMembersAdd", values)
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("NOT_FOUND", "customerIds.0")
        ]
        assert await count_rows(app, CustomerGroupMemberRow) == 0
        assert await app.payloads("commerce.customer_group.members_changed") == []


async def test_deleting_a_group_ends_its_memberships(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        vip = await group_create(app, "vip")
        await group_mutate(
            app, "customerGroupMembersAdd", {"id": vip["id"], "customerIds": [ada.global_id]}
        )
        gone = await group_mutate(app, "customerGroupDelete", vip["id"])
        assert gone == {"deletedId": vip["id"], "errors": []}
        assert await count_rows(app, CustomerGroupMemberRow) == 0
        assert await app.payloads("commerce.customer_group.deleted") == [
            {"customer_group_id": decode_global_id(vip["id"])[1]}
        ]
        again = await group_mutate(app, "customerGroupDelete", vip["id"])
        assert [(e["code"], e["field"]) for e in again["errors"]] == [("NOT_FOUND", "id")]
        missing = await group_mutate(
            app, "customerGroupMembersAdd", {"id": vip["id"], "customerIds": [ada.global_id]}
        )
        assert [(e["code"], e["field"]) for e in missing["errors"]] == [("NOT_FOUND", "id")]
