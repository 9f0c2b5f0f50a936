"""Orders in the admin SPA, in Chromium: the list, its filters, an order, cancelling it."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import PASSWORD, TABLET, Admin, BrowserSession, admin_app
from tests.support.databases import DatabaseTarget

_LOGIN = """
mutation ($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }
"""
_PRODUCT = """
mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) { product { variants { id } } errors { code field message } }
}
"""
_WAREHOUSES = "{ warehouses { id code } }"
_STOCK = """
mutation ($input: StockAdjustInput!) { stockAdjust(input: $input) { errors { code message } } }
"""
_CART = """
mutation ($input: CartCreateInput!) { cartCreate(input: $input) { token errors { code message } } }
"""
_CHECKOUT = """
mutation ($input: CheckoutCompleteInput!) {
  checkoutComplete(input: $input) { order { number } errors { code field message } }
}
"""


@pytest.fixture
def shop_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """The app with the installed modules; commerce on in bravo."""
    with admin_app(database, browser_session, installed=True) as running:
        running.enable_in_bravo("commerce")
        yield running


def _graphql(
    admin: Admin, query: str, variables: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    """Call the live server's GraphQL API in bravo, as a storefront or a script would."""
    headers = {"Content-Type": "application/json", "X-Tenant": admin.seeded.bravo}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(  # noqa: S310 - the live server's own http URL
        f"{admin.server.url}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers=headers,
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - as above
        answer: dict[str, Any] = json.load(response)
    assert "errors" not in answer, answer
    data: dict[str, Any] = answer["data"]
    return data


def _place_orders(admin: Admin) -> None:
    """As the owner, stock a product; as guests, buy it twice (orders 1000 and 1001)."""
    credentials = {"email": admin.seeded.admin_email, "password": PASSWORD}
    token = _graphql(admin, _LOGIN, {"input": credentials})["login"]["accessToken"]
    product = {
        "name": "Difference Engine",
        "status": "ACTIVE",
        "variants": [{"sku": "DE-1", "prices": [{"amount": 1250, "currency": "USD"}]}],
    }
    created = _graphql(admin, _PRODUCT, {"input": product}, token)["productCreate"]
    assert created["errors"] == [], created
    variant = created["product"]["variants"][0]["id"]
    main = _graphql(admin, _WAREHOUSES, {}, token)["warehouses"][0]["id"]
    stock = {"variantId": variant, "warehouseId": main, "onHand": 10}
    assert _graphql(admin, _STOCK, {"input": stock}, token)["stockAdjust"]["errors"] == []
    for key, email, quantity in (("k1", "grace@example.test", 2), ("k2", "alan@example.test", 1)):
        lines = [{"variantId": variant, "quantity": quantity}]
        cart = _graphql(admin, _CART, {"input": {"email": email, "lines": lines}})["cartCreate"]
        values = {"token": cart["token"], "idempotencyKey": key}
        placed = _graphql(admin, _CHECKOUT, {"input": values})["checkoutComplete"]
        assert placed["errors"] == [], placed


def _open_orders(admin: Admin, page: Page) -> None:
    page.get_by_label("Tenant").select_option(admin.seeded.bravo)
    expect(page.get_by_label("Tenant")).to_have_value(admin.seeded.bravo)
    page.get_by_role("link", name="Orders", exact=True).click()
    expect(page.get_by_role("heading", name="Orders", exact=True)).to_be_visible()


def _listed(page: Page, check: Callable[[], None]) -> None:
    """Refresh the list until ``check`` passes: it is a read model, updated once indexed."""
    deadline = time.monotonic() + 10
    while True:
        page.get_by_role("button", name="Refresh").click()
        try:
            check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        else:
            return


def _filter(page: Page, words: str = "", status: str = "") -> None:
    page.get_by_label("Number, e-mail or name").fill(words)
    page.get_by_label("Status", exact=True).select_option(status)
    page.get_by_role("button", name="Filter").click()


def test_staff_find_an_order_open_it_and_cancel_it(shop_admin: Admin) -> None:
    admin = shop_admin
    _place_orders(admin)
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        _open_orders(admin, page)
        _listed(page, lambda: expect(page.get_by_text("2 orders")).to_be_visible(timeout=1000))
        grace = page.locator('tr[data-order="1000"]')
        expect(grace).to_contain_text("grace@example.test")
        expect(grace).to_contain_text("$25.00")
        expect(grace).to_contain_text("placed")
        expect(grace).to_contain_text("unpaid")
        admin.screenshot(page, "orders")

        _filter(page, words="GRACE")
        expect(page.get_by_text("1 order", exact=True)).to_be_visible()
        expect(page.locator('tr[data-order="1001"]')).to_have_count(0)
        _filter(page, status="CANCELLED")
        expect(page.get_by_text("No orders match.")).to_be_visible()
        _filter(page)
        expect(page.get_by_text("2 orders")).to_be_visible()

        page.get_by_role("link", name="1000", exact=True).click()
        expect(page.get_by_role("heading", name="Order 1000")).to_be_visible()
        expect(page.locator('tr[data-line="DE-1"]')).to_contain_text("Difference Engine")
        expect(page.get_by_test_id("order-summary")).to_contain_text("$25.00")
        page.get_by_role("button", name="Cancel order").click()
        dialog = page.get_by_role("dialog", name="Cancel order 1000?")
        dialog.get_by_role("button", name="Cancel order").click()
        expect(dialog.locator("#cancel-reason-error")).to_contain_text("Say why")
        dialog.get_by_label("Reason").fill("Asked by phone")
        dialog.get_by_role("button", name="Cancel order").click()
        expect(page.get_by_role("status")).to_have_text("Order 1000 cancelled.")
        expect(page.get_by_test_id("order-states")).to_contain_text("cancelled")
        expect(page.get_by_test_id("order-summary")).to_contain_text("Asked by phone")
        expect(page.get_by_role("button", name="Cancel order")).to_have_count(0)
        admin.screenshot(page, "order")

        page.get_by_role("link", name="All orders").click()
        page.get_by_label("Status", exact=True).select_option("CANCELLED")
        row = page.locator('tr[data-order="1000"]')
        _listed(page, lambda: expect(row).to_contain_text("cancelled", timeout=1000))


def test_a_viewer_sees_orders_at_tablet_width_without_the_cancel_button(shop_admin: Admin) -> None:
    admin = shop_admin
    _place_orders(admin)
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        page.get_by_role("link", name="Orders", exact=True).click()
        row = page.locator('tr[data-order="1001"]')
        _listed(page, lambda: expect(row).to_be_visible(timeout=1000))
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        page.get_by_role("link", name="1001", exact=True).click()
        expect(page.get_by_role("heading", name="Order 1001")).to_be_visible()
        expect(page.get_by_test_id("order-states")).to_contain_text("placed")
        expect(page.get_by_role("button", name="Cancel order")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
