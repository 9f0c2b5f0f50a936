"""An order's payments and refunds in the admin SPA, in Chromium: capture, refund by lines with
restock, void, and the buttons only holders of ``commerce.manage_payments`` see."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import PASSWORD, TABLET, Admin, BrowserSession, admin_app
from tests.support.databases import DatabaseTarget

_ERRORS = "errors { code field message }"
_LOGIN = """
mutation ($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }
"""
_SETTINGS = f"""
mutation ($input: ModuleSettingsUpdateInput!) {{
  moduleSettingsUpdate(input: $input) {{ {_ERRORS} }}
}}
"""
_PRODUCT = f"""
mutation ($input: ProductCreateInput!) {{
  productCreate(input: $input) {{ product {{ variants {{ id }} }} {_ERRORS} }}
}}
"""
_WAREHOUSES = "{ warehouses { id } }"
_STOCK = f"""
mutation ($input: StockAdjustInput!) {{ stockAdjust(input: $input) {{ {_ERRORS} }} }}
"""
_AVAILABLE = "query ($id: ID!) { node(id: $id) { ... on ProductVariant { stock { available } } } }"
_CART = f"""
mutation ($input: CartCreateInput!) {{ cartCreate(input: $input) {{ token {_ERRORS} }} }}
"""
_CHECKOUT = f"""
mutation ($input: CheckoutCompleteInput!) {{
  checkoutComplete(input: $input) {{ order {{ number paymentStatus }} {_ERRORS} }}
}}
"""
_ROLE = f"mutation ($input: RoleCreateInput!) {{ roleCreate(input: $input) {{ {_ERRORS} }} }}"
_MEMBER = f"mutation ($input: MemberAddInput!) {{ memberAdd(input: $input) {{ {_ERRORS} }} }}"
_INSTRUCTIONS = "Pay to IBAN DE00 0000, quoting the order number."


@pytest.fixture
def shop_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """The app with the installed modules; commerce on in bravo."""
    with admin_app(database, browser_session, installed=True) as running:
        running.enable_in_bravo("commerce")
        yield running


@dataclass(frozen=True, slots=True)
class _Shop:
    """The owner's token and the one variant on sale (12.50 USD, 10 in stock)."""

    token: str
    variant: str


def _api(admin: Admin, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
    """Call the live server's GraphQL API in bravo; return the one field the query asks for."""
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
    (field,) = answer["data"].values()
    return field


def _stock_a_shop(admin: Admin) -> _Shop:
    """As the owner: manual instructions, and a product with 10 in stock."""
    credentials = {"email": admin.seeded.admin_email, "password": PASSWORD}
    token = _api(admin, _LOGIN, {"input": credentials})["accessToken"]
    settings = {"module": "commerce", "settings": {"manual_instructions": _INSTRUCTIONS}}
    assert _api(admin, _SETTINGS, {"input": settings}, token)["errors"] == []
    product = {
        "name": "Difference Engine",
        "status": "ACTIVE",
        "variants": [{"sku": "DE-1", "prices": [{"amount": 1250, "currency": "USD"}]}],
    }
    created = _api(admin, _PRODUCT, {"input": product}, token)
    assert created["errors"] == [], created
    variant = created["product"]["variants"][0]["id"]
    main = _api(admin, _WAREHOUSES, {}, token)[0]["id"]
    stock = {"variantId": variant, "warehouseId": main, "onHand": 10}
    assert _api(admin, _STOCK, {"input": stock}, token)["errors"] == []
    return _Shop(token, variant)


def _buy_by_bank_transfer(admin: Admin, shop: _Shop, key: str) -> None:
    """As a guest: buy two and pay by bank transfer (the manual provider: authorized at once)."""
    lines = [{"variantId": shop.variant, "quantity": 2}]
    cart = _api(admin, _CART, {"input": {"email": "grace@example.test", "lines": lines}})
    values = {
        "token": cart["token"],
        "idempotencyKey": key,
        "paymentProvider": "manual",
        "paymentMethod": "bank_transfer",
    }
    placed = _api(admin, _CHECKOUT, {"input": values})
    assert placed["errors"] == [], placed
    assert placed["order"]["paymentStatus"] == "AUTHORIZED", placed


def _available(admin: Admin, shop: _Shop) -> int:
    stock = _api(admin, _AVAILABLE, {"id": shop.variant}, shop.token)["stock"]
    return sum(level["available"] for level in stock)


def _open_order(page: Page, number: str) -> None:
    """From the Orders screen, open order ``number`` once the list has indexed it."""
    page.get_by_role("link", name="Orders", exact=True).click()
    link = page.get_by_role("link", name=number, exact=True)
    deadline = time.monotonic() + 10
    while True:
        page.get_by_role("button", name="Refresh").click()
        try:
            expect(link).to_be_visible(timeout=1000)
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        else:
            break
    link.click()
    expect(page.get_by_role("heading", name=f"Order {number}")).to_be_visible()


def _capture(page: Page) -> None:
    payment = page.locator('section[data-payment="bank_transfer"]')
    expect(payment).to_contain_text("authorized")
    expect(payment).to_contain_text(_INSTRUCTIONS)
    expect(page.get_by_role("button", name="Void payment")).to_be_visible()
    expect(page.get_by_role("button", name="Refund")).to_have_count(0)
    page.get_by_role("button", name="Capture payment").click()
    dialog = page.get_by_role("dialog", name="Capture $25.00?")
    dialog.get_by_role("button", name="Capture payment").click()
    expect(page.get_by_role("status")).to_have_text("Payment of $25.00 captured.")
    expect(page.get_by_test_id("order-states")).to_contain_text("paid")
    expect(payment).to_contain_text("captured")
    expect(payment.locator("dd").first).to_have_text("$25.00")
    expect(page.get_by_role("button", name="Capture payment")).to_have_count(0)


def _refund_one_with_restock(page: Page) -> None:
    page.get_by_role("button", name="Refund").click()
    dialog = page.get_by_role("dialog", name="Refund order 1000")
    dialog.get_by_label("Units of DE-1 to refund").fill("1")
    amount = dialog.get_by_label("Amount (USD)")
    expect(amount).to_have_value("12.50")
    amount.fill("12.505")
    refund = dialog.get_by_role("button", name="Refund")
    refund.click()
    expect(dialog.locator("#refund-amount-error")).to_have_text("USD takes at most 2 decimals")
    expect(dialog.locator("#refund-reason-error")).to_contain_text("Say why")
    amount.fill("30")
    dialog.get_by_label("Reason").fill("Scratched in transit")
    refund.click()  # the server refuses more than was captured, at the amount
    expect(dialog.locator("#refund-amount-error")).to_contain_text("25")
    amount.fill("12.50")
    dialog.get_by_label("Put the lines' reserved stock back on sale").check()
    Admin.screenshot(page, "refund-dialog")
    refund.click()
    expect(page.get_by_role("status")).to_have_text("Refunded $12.50.")


def _shows_the_refund(page: Page) -> None:
    expect(page.get_by_test_id("order-states")).to_contain_text("partially refunded")
    row = page.locator("tr[data-refund]")
    expect(row).to_have_count(1)
    line = "DE-1 \N{MULTIPLICATION SIGN} 1"
    for text in ("$12.50", "succeeded", "Scratched in transit", line, "yes"):
        expect(row).to_contain_text(text)
    expect(page.locator('tr[data-line="DE-1"] td').last).to_have_text("1")
    expect(page.get_by_test_id("order-summary")).to_contain_text("$12.50")
    payment = page.locator('section[data-payment="bank_transfer"]')
    expect(payment.locator("dd").nth(1)).to_have_text("$12.50")


def test_staff_capture_a_bank_transfer_and_refund_a_line_with_restock(shop_admin: Admin) -> None:
    admin = shop_admin
    shop = _stock_a_shop(admin)
    _buy_by_bank_transfer(admin, shop, "k1")
    assert _available(admin, shop) == 8
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        page.get_by_label("Tenant").select_option(admin.seeded.bravo)
        expect(page.get_by_label("Tenant")).to_have_value(admin.seeded.bravo)
        _open_order(page, "1000")
        _capture(page)
        _refund_one_with_restock(page)
        _shows_the_refund(page)
        admin.screenshot(page, "order-payments")
    assert _available(admin, shop) == 9


def test_payment_buttons_need_the_payments_permission(shop_admin: Admin) -> None:
    admin = shop_admin
    shop = _stock_a_shop(admin)
    clerk = {
        "name": "order-clerk",
        "permissions": ["commerce.view_orders", "commerce.manage_orders"],
    }
    assert _api(admin, _ROLE, {"input": clerk}, shop.token)["errors"] == []
    member = {"email": admin.seeded.newcomer_email, "roles": ["order-clerk"]}
    assert _api(admin, _MEMBER, {"input": member}, shop.token)["errors"] == []
    _buy_by_bank_transfer(admin, shop, "k1")
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.newcomer_email)
        _open_order(page, "1000")
        expect(page.locator('section[data-payment="bank_transfer"]')).to_contain_text("authorized")
        expect(page.get_by_role("button", name="Cancel order")).to_be_visible()
        for name in ("Capture payment", "Void payment", "Refund"):
            expect(page.get_by_role("button", name=name)).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        page.get_by_label("Tenant").select_option(admin.seeded.bravo)
        _open_order(page, "1000")
        page.get_by_role("button", name="Void payment").click()
        dialog = page.get_by_role("dialog", name="Void the payment of $25.00?")
        dialog.get_by_role("button", name="Void payment").click()
        expect(page.get_by_role("status")).to_have_text("Payment of $25.00 voided.")
        expect(page.get_by_test_id("order-states")).to_contain_text("voided")
        expect(page.get_by_role("button", name="Void payment")).to_have_count(0)
