"""myAddressUpdate: only the owner changes an address; another's is NOT_FOUND, unchanged."""

from __future__ import annotations

import uuid

from app.auth.principal import CustomerPrincipal
from app.ids import decode_global_id
from tests.support.address_book import PARIS, address_create, customer, my_addresses, my_mutate
from tests.support.commerce import commerce_app
from tests.support.databases import DatabaseTarget


async def test_the_owner_changes_fields_label_and_flags(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        home = await address_create(app, ada.token, label="Home", isDefaultBilling=True)
        work = await address_create(app, ada.token, label="Work")
        values = {"id": work["id"], "address": PARIS, "label": "", "isDefaultBilling": True}
        changed = await my_mutate(app, "myAddressUpdate", values, ada.token)
        assert changed["errors"] == []
        assert changed["customerAddress"]["label"] is None
        assert changed["customerAddress"]["address"]["city"] == "Paris"
        assert changed["customerAddress"]["isDefaultBilling"] is True
        book = await my_addresses(app, ada.token)
        assert [(a["id"], a["isDefaultBilling"]) for a in book] == [
            (home["id"], False),
            (work["id"], True),
        ]
        home_id, work_id = (decode_global_id(a["id"])[1] for a in (home, work))
        assert [
            (p["address_id"], p["changed"]) for p in await app.payloads("commerce.address.updated")
        ] == [
            (home_id, ["isDefaultBilling"]),
            (work_id, ["address", "label", "isDefaultBilling"]),
        ]
        # Un-flagging leaves no default; an update changing nothing emits nothing.
        off = await my_mutate(
            app, "myAddressUpdate", {"id": work["id"], "isDefaultBilling": False}, ada.token
        )
        assert off["customerAddress"]["isDefaultBilling"] is False
        same = await my_mutate(
            app, "myAddressUpdate", {"id": work["id"], "address": PARIS}, ada.token
        )
        assert same["errors"] == []
        assert len(await app.payloads("commerce.address.updated")) == 3


async def test_another_customers_address_is_not_found(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada, bob = await customer(app), await customer(app, "Bob")
        home = await address_create(app, ada.token, label="Home")
        before = await my_addresses(app, ada.token)
        for values in (
            {"id": home["id"], "label": "Mine now"},
            {"id": home["id"], "isDefaultShipping": True},
        ):
            refused = await my_mutate(app, "myAddressUpdate", values, bob.token)
            assert refused["customerAddress"] is None
            assert [(e["code"], e["field"]) for e in refused["errors"]] == [("NOT_FOUND", "id")]
        # The same customer id in another tenant is no one here.
        elsewhere = app.api.auth.issue(
            CustomerPrincipal(customer_id=ada.id, tenant_id=uuid.uuid4())
        )
        answer = await app.gql(
            "mutation ($input: MyAddressUpdateInput!) "
            "{ myAddressUpdate(input: $input) { errors { code } } }",
            {"input": {"id": home["id"], "label": "x"}},
            token=elsewhere,
        )
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["UNAUTHENTICATED"]
        assert await my_addresses(app, ada.token) == before
        assert await my_addresses(app, bob.token) == []
        assert await app.payloads("commerce.address.updated") == []


async def test_bad_input_changes_nothing(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        home = await address_create(app, ada.token)
        values = {"id": home["id"], "address": {"country": "ZZ"}, "label": "l" * 101}
        refused = await my_mutate(app, "myAddressUpdate", values, ada.token)
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("VALIDATION", "address.country"),
            ("VALIDATION", "label"),
        ]
        wrong = await my_mutate(app, "myAddressUpdate", {"id": ada.global_id}, ada.token)
        assert [(e["code"], e["field"]) for e in wrong["errors"]] == [("VALIDATION", "id")]
        assert await my_addresses(app, ada.token) == [home]
        assert await app.payloads("commerce.address.updated") == []
