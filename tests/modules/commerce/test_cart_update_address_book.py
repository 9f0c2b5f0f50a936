"""cartUpdate with shippingAddressId / billingAddressId: the owner's saved address, copied in."""

from __future__ import annotations

from tests.support.address_book import PARIS, address_create, customer, my_mutate
from tests.support.carts import Shop, create, shop
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.taxed_shop import cart_update

READ = "query ($t: String!) { cart(token: $t) { shippingAddress { country city } } }"


async def _cart(app: CommerceApp, items: Shop, caller: str | None) -> str:
    created = await create(app, caller, lines=[items.line("SHIRT-S", 1)])
    assert created["errors"] == [], created
    token: str = created["token"]
    return token


def _problems(payload: dict[str, object]) -> list[tuple[object, object]]:
    errors = payload["errors"]
    assert isinstance(errors, list)
    return [(error["code"], error["field"]) for error in errors]


async def test_the_owner_copies_saved_addresses_into_the_cart(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada = await customer(app)
        home = await address_create(app, ada.token)
        work = await address_create(app, ada.token, address=PARIS)
        token = await _cart(app, await shop(app), ada.token)
        values = {"shippingAddressId": home["id"], "billingAddressId": work["id"]}
        updated = await cart_update(app, token, ada.token, **values)
        assert updated["errors"] == []
        assert updated["cart"]["shippingAddress"]["city"] == "Berlin"
        assert updated["cart"]["billingAddress"] == {"country": "FR"}
        # Editing or deleting the saved address later leaves the cart's copy alone.
        edit = {"id": home["id"], "address": {"country": "AT", "city": "Wien"}}
        assert (await my_mutate(app, "myAddressUpdate", edit, ada.token))["errors"] == []
        assert (await my_mutate(app, "myAddressDelete", work["id"], ada.token))["errors"] == []
        read = await app.gql(READ, {"t": token}, token=ada.token)
        assert read["data"]["cart"]["shippingAddress"] == {"country": "DE", "city": "Berlin"}


async def test_guests_strangers_and_mixed_inputs_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        ada, bob = await customer(app), await customer(app, "Bob")
        home = await address_create(app, ada.token)
        items = await shop(app)
        guest = await _cart(app, items, None)
        as_guest = await cart_update(app, guest, None, shippingAddressId=home["id"])
        assert _problems(as_guest) == [("VALIDATION", "shippingAddressId")]
        bobs = await _cart(app, items, bob.token)
        stolen = await cart_update(app, bobs, bob.token, billingAddressId=home["id"])
        assert _problems(stolen) == [("NOT_FOUND", "billingAddressId")]
        adas = await _cart(app, items, ada.token)
        both = {"shippingAddressId": home["id"], "shippingAddress": PARIS}
        assert _problems(await cart_update(app, adas, ada.token, **both)) == [
            ("VALIDATION", "shippingAddressId")
        ]
        wrong = await cart_update(app, adas, ada.token, shippingAddressId=ada.global_id)
        assert _problems(wrong) == [("VALIDATION", "shippingAddressId")]
        for token, caller in ((guest, None), (bobs, bob.token), (adas, ada.token)):
            read = await app.gql(READ, {"t": token}, token=caller)
            assert read["data"]["cart"]["shippingAddress"] is None
        # A guest cart claimed by its customer may use the customer's book.
        claimed = await cart_update(app, guest, ada.token, shippingAddressId=home["id"])
        assert claimed["errors"] == []
        assert claimed["cart"]["shippingAddress"]["city"] == "Berlin"
