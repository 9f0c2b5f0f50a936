"""myAddressCreate: a signed-in customer's own book, validated as carts are, capped at 50."""

from __future__ import annotations

import uuid

from app.auth.principal import CustomerPrincipal
from app.ids import decode_global_id
from modules.commerce.address_book import MAX_ADDRESSES
from modules.commerce.customer_models import AddressBookRow
from tests.support.address_book import BERLIN, PARIS, address_create, customer, my_mutate
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget


async def test_only_a_signed_in_customer_of_the_shop_has_a_book(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        elsewhere = CustomerPrincipal(customer_id=uuid.uuid4(), tenant_id=uuid.uuid4())
        refused = {
            "anonymous": None,
            "staff with every commerce permission": app.manager,
            "member without permissions": app.member(),
            "customer of another tenant": app.api.auth.issue(elsewhere),
        }
        document = (
            "mutation ($input: MyAddressCreateInput!) "
            "{ myAddressCreate(input: $input) { errors { code } } }"
        )
        for label, token in refused.items():
            answer = await app.gql(document, {"input": {"address": BERLIN}}, token=token)
            assert answer["data"] is None, label
            codes = [error["extensions"]["code"] for error in answer["errors"]]
            assert codes == ["UNAUTHENTICATED"], label
        assert await count_rows(app, AddressBookRow) == 0
        assert await app.event_types() == []
        ada = await customer(app)
        created = await address_create(app, ada.token, label=" Home ")
        assert created["label"] == "Home"
        assert created["address"] == {
            "firstName": "Ada",
            "lastName": None,
            "company": None,
            "line1": "Unter den Linden 1",
            "line2": None,
            "city": "Berlin",
            "postalCode": None,
            "region": None,
            "country": "DE",
            "phone": None,
        }
        assert (created["isDefaultShipping"], created["isDefaultBilling"]) == (False, False)
        assert await app.payloads("commerce.address.created") == [
            {"address_id": decode_global_id(created["id"])[1], "customer_id": str(ada.id)}
        ]


async def test_a_new_default_takes_the_flag_from_the_old(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        home = await address_create(app, ada.token, isDefaultShipping=True, isDefaultBilling=True)
        work = await address_create(app, ada.token, address=PARIS, isDefaultShipping=True)
        assert (work["isDefaultShipping"], work["isDefaultBilling"]) == (True, False)
        book = await app.gql(
            "{ myAddresses { id isDefaultShipping isDefaultBilling } }", token=ada.token
        )
        assert book["data"]["myAddresses"] == [
            {"id": home["id"], "isDefaultShipping": False, "isDefaultBilling": True},
            {"id": work["id"], "isDefaultShipping": True, "isDefaultBilling": False},
        ]
        home_id = decode_global_id(home["id"])[1]
        changed = await app.payloads("commerce.address.updated")
        assert changed == [
            {"address_id": home_id, "customer_id": str(ada.id), "changed": ["isDefaultShipping"]}
        ]
        # Another customer's defaults are theirs alone.
        bob = await customer(app, "Bob")
        theirs = await address_create(app, bob.token, isDefaultShipping=True)
        assert theirs["isDefaultShipping"] is True
        assert len(await app.payloads("commerce.address.updated")) == 1


async def test_bad_fields_are_refused_at_their_paths(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        values = {
            "address": {"country": "XX", "city": "c" * 201, "phone": "1" * 41},
            "label": "l" * 101,
        }
        refused = await my_mutate(app, "myAddressCreate", values, ada.token)
        assert refused["customerAddress"] is None
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("VALIDATION", "address.country"),
            ("VALIDATION", "address.city"),
            ("VALIDATION", "address.phone"),
            ("VALIDATION", "label"),
        ]
        lower = await address_create(app, ada.token, address={"country": " de "})
        assert lower["address"]["country"] == "DE"
        assert await count_rows(app, AddressBookRow) == 1


async def test_a_book_holds_at_most_fifty(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        for _ in range(MAX_ADDRESSES):
            await address_create(app, ada.token)
        full = await my_mutate(app, "myAddressCreate", {"address": BERLIN}, ada.token)
        assert [(e["code"], e["field"]) for e in full["errors"]] == [("VALIDATION", None)]
        assert await count_rows(app, AddressBookRow) == MAX_ADDRESSES
        assert len(await app.payloads("commerce.address.created")) == MAX_ADDRESSES
        # The cap is per customer.
        bob = await customer(app, "Bob")
        await address_create(app, bob.token)
