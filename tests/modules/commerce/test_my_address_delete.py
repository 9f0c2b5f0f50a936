"""myAddressDelete: the owner deletes; anyone else is told NOT_FOUND and nothing goes."""

from __future__ import annotations

from app.ids import decode_global_id
from modules.commerce.customer_models import AddressBookRow
from tests.support.address_book import address_create, customer, my_addresses, my_mutate
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget


async def test_the_owner_deletes_a_default(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        home = await address_create(app, ada.token, isDefaultShipping=True)
        gone = await my_mutate(app, "myAddressDelete", home["id"], ada.token)
        assert gone == {"deletedId": home["id"], "errors": []}
        assert await my_addresses(app, ada.token) == []
        assert await app.payloads("commerce.address.deleted") == [
            {"address_id": decode_global_id(home["id"])[1], "customer_id": str(ada.id)}
        ]
        again = await my_mutate(app, "myAddressDelete", home["id"], ada.token)
        assert [(e["code"], e["field"]) for e in again["errors"]] == [("NOT_FOUND", "id")]
        # The flag is free again.
        assert (await address_create(app, ada.token, isDefaultShipping=True))["isDefaultShipping"]


async def test_only_the_owner_may_delete(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada, bob = await customer(app), await customer(app, "Bob")
        home = await address_create(app, ada.token)
        refused = await my_mutate(app, "myAddressDelete", home["id"], bob.token)
        assert refused == {
            "deletedId": None,
            "errors": [{"code": "NOT_FOUND", "field": "id", "message": "you have no such address"}],
        }
        document = "mutation ($id: ID!) { myAddressDelete(id: $id) { deletedId } }"
        for token in (None, app.manager):
            answer = await app.gql(document, {"id": home["id"]}, token=token)
            assert [e["extensions"]["code"] for e in answer["errors"]] == ["UNAUTHENTICATED"]
        assert await count_rows(app, AddressBookRow) == 1
        assert await my_addresses(app, ada.token) == [home]
        assert await app.payloads("commerce.address.deleted") == []
