"""The order list read model: a row per order from the source tables, whatever the event."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import delete, select, update

from app.events.declarations import EventPayload, EventType
from app.events.models import EventRow
from app.ids import decode_global_id
from app.index.rebuild import rebuild
from modules.commerce.events import ORDER_CANCELLED, OrderCancelled
from modules.commerce.listing.order_models import OrderListingRow
from modules.commerce.order_models import OrderRow
from modules.commerce.permissions import VIEW_ORDERS
from tests.support.carts import CREATE as CART_CREATE
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.customers import PROFILE_UPDATE, run_jobs
from tests.support.databases import DatabaseTarget
from tests.support.order_list import listing_rows, named_customer
from tests.support.orders import StockedShop, cancel, checkout, stocked_shop

_TOGGLE = "mutation ($m: String!) { %s(module: $m) { errors { code } } }"


class _OrderReviewed(EventPayload):
    """An order event the projection's code has never heard of."""

    order_id: str


_REVIEWED = EventType(
    name="commerce.order.reviewed",
    version=1,
    payload=_OrderReviewed,
    permission=VIEW_ORDERS,
    description="A test-only order event.",
)


async def _place(
    app: CommerceApp, stocked: StockedShop, key: str, token: str | None, email: str | None
) -> dict[str, str]:
    lines = [stocked.line("SHIRT-S", 2), stocked.line("SHIRT-M", 1)]
    values = {"lines": lines, **({"email": email} if email else {})}
    created = await app.gql(CART_CREATE, {"input": values}, token=token)
    cart = created["data"]["cartCreate"]["token"]
    placed = await checkout(app, cart, key, token=token)
    assert placed["errors"] == [], placed
    order: dict[str, str] = placed["order"]
    return order


async def _last_event(app: CommerceApp, order: dict[str, str]) -> uuid.UUID:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        found = await session.scalar(
            select(EventRow.id)
            .where(EventRow.aggregate_id == decode_global_id(order["id"])[1])
            .order_by(EventRow.id.desc())
            .limit(1)
        )
    assert found is not None
    return found


async def test_placed_and_cancelled_orders_get_their_rows(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        ada = await named_customer(app, "Ada Lovelace", "ada@example.com")
        guest = await _place(app, stocked, "k1", None, "Guest@Example.com")
        theirs = await _place(app, stocked, "k2", ada.token, None)
        await app.deliver()
        common = {
            "status": "placed",
            "payment_status": "unpaid",
            "fulfilment_status": "unfulfilled",
            "currency": "EUR",
            "total_amount": 6200,
            "item_count": 3,
        }
        assert await listing_rows(app) == [
            {
                **common,
                "number": "1000",
                "customer_id": None,
                "customer_name": None,
                "email": "Guest@Example.com",
                "search_text": "1000 guest@example.com",
                "last_event_id": await _last_event(app, guest),
            },
            {
                **common,
                "number": "1001",
                "customer_id": ada.id,
                "customer_name": "Ada Lovelace",
                # The cart had no e-mail: the customer's stands in.
                "email": "ada@example.com",
                "search_text": "1001 ada@example.com ada lovelace",
                "last_event_id": await _last_event(app, theirs),
            },
        ]
        assert (await cancel(app, guest["id"]))["errors"] == []
        await app.deliver()
        rows = await listing_rows(app)
        assert [row["status"] for row in rows] == ["cancelled", "placed"]
        assert rows[0]["last_event_id"] == await _last_event(app, guest)


async def test_an_order_event_never_heard_of_refreshes_the_row(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        order = await _place(app, stocked, "k1", None, None)
        await app.deliver()
        runtime = app.api.state.runtime
        monkeypatch.setitem(runtime.events.types, _REVIEWED.name, _REVIEWED)
        order_id = uuid.UUID(decode_global_id(order["id"])[1])
        async with runtime.db.transaction(app.tenant.id) as session:
            await session.execute(
                update(OrderRow)
                .where(OrderRow.tenant_id == app.tenant.id, OrderRow.id == order_id)
                .values(payment_status="paid", paid_amount=6200)
            )
            event = await runtime.events.emit(
                session,
                _REVIEWED,
                _OrderReviewed(order_id=str(order_id)),
                tenant_id=app.tenant.id,
                aggregate_id=order_id,
                actor="system",
            )
        await app.deliver()
        [row] = await listing_rows(app)
        assert (row["payment_status"], row["last_event_id"]) == ("paid", event.id)


async def test_a_renamed_customer_is_renamed_on_their_orders(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        ada = await named_customer(app, "Ada Lovelace", "ada@example.com")
        await _place(app, stocked, "k1", ada.token, None)
        await app.deliver()
        renamed = await app.gql(
            PROFILE_UPDATE, {"input": {"displayName": "Ada King"}}, token=ada.token
        )
        assert renamed["data"]["myProfileUpdate"]["errors"] == [], renamed
        await app.deliver()
        [row] = await listing_rows(app)
        assert (row["customer_name"], row["search_text"]) == (
            "Ada King",
            "1000 ada@example.com ada king",
        )


async def test_a_rebuild_restores_what_was_lost(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        ada = await named_customer(app, "Ada Lovelace", "ada@example.com")
        await _place(app, stocked, "k1", None, "guest@example.com")
        await _place(app, stocked, "k2", ada.token, None)
        await app.deliver()
        before = await listing_rows(app)
        runtime = app.api.state.runtime
        async with runtime.db.transaction(app.tenant.id) as session:
            await session.execute(
                delete(OrderListingRow).where(OrderListingRow.tenant_id == app.tenant.id)
            )
        assert await listing_rows(app) == []
        assert await rebuild(runtime, "commerce.orders", app.tenant.id, chunk_size=1) == 2
        assert await listing_rows(app) == before


async def test_a_disabled_then_enabled_tenant_converges(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        stocked = await stocked_shop(app)
        order = await _place(app, stocked, "k1", None, None)
        await app.deliver()
        owner = app.member("core.manage_modules")
        off = await app.gql(_TOGGLE % "moduleDisable", {"m": "commerce"}, token=owner)
        assert off["data"]["moduleDisable"]["errors"] == []
        # What a job would do while commerce is off: the projection skips the event.
        runtime = app.api.state.runtime
        order_id = uuid.UUID(decode_global_id(order["id"])[1])
        async with runtime.db.transaction(app.tenant.id) as session:
            await session.execute(
                update(OrderRow)
                .where(OrderRow.tenant_id == app.tenant.id, OrderRow.id == order_id)
                .values(status="cancelled")
            )
            payload = OrderCancelled(order_id=str(order_id), number="1000", reason="expired")
            await runtime.events.emit(
                session,
                ORDER_CANCELLED,
                payload,
                tenant_id=app.tenant.id,
                aggregate_id=order_id,
                actor="system",
            )
        await app.deliver()
        assert [row["status"] for row in await listing_rows(app)] == ["placed"]
        on = await app.gql(_TOGGLE % "moduleEnable", {"m": "commerce"}, token=owner)
        assert on["data"]["moduleEnable"]["errors"] == []
        await run_jobs(app.api)
        assert [row["status"] for row in await listing_rows(app)] == ["cancelled"]
