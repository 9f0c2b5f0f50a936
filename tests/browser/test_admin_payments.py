"""An order's payments and refunds in the admin SPA, in Chromium: capture, refund by lines with
restock, void, and the buttons only holders of ``commerce.manage_payments`` see."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.browser.harness import TABLET, Admin
from tests.browser.shop import add_staff, buy_by_bank_transfer, open_order

_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""
_AVAILABLE = "query ($id: ID!) { node(id: $id) { ... on ProductVariant { stock { available } } } }"
_INSTRUCTIONS = "Pay to IBAN DE00 0000, quoting the order number."


@dataclass(frozen=True, slots=True)
class _Shop:
    """The owner's token and the one variant on sale (12.50 USD, 10 in stock)."""

    token: str
    variant: str


def _stock_a_shop(admin: Admin) -> _Shop:
    """As the owner: manual instructions, and a product with 10 in stock."""
    token = admin.token(admin.seeded.admin_email)
    settings = {"module": "commerce", "settings": {"manual_instructions": _INSTRUCTIONS}}
    updated = admin.graphql(_SETTINGS, {"input": settings}, token)["moduleSettingsUpdate"]
    assert updated["errors"] == []
    return _Shop(token, admin.add_stocked_product("Difference Engine", "DE-1"))


def _buy_by_bank_transfer(admin: Admin, shop: _Shop, key: str) -> None:
    """As a guest: buy two and pay by bank transfer (the manual provider: authorized at once)."""
    order = buy_by_bank_transfer(admin, shop.variant, 2, key)
    assert order["paymentStatus"] == "AUTHORIZED", order


def _available(admin: Admin, shop: _Shop) -> int:
    stock = admin.graphql(_AVAILABLE, {"id": shop.variant}, shop.token)["node"]["stock"]
    return sum(level["available"] for level in stock)


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
        admin.switch_to_bravo(page)
        open_order(page, "1000")
        _capture(page)
        _refund_one_with_restock(page)
        _shows_the_refund(page)
        admin.screenshot(page, "order-payments")
    assert _available(admin, shop) == 9


def test_payment_buttons_need_the_payments_permission(shop_admin: Admin) -> None:
    admin = shop_admin
    shop = _stock_a_shop(admin)
    clerk = ["commerce.view_orders", "commerce.manage_orders"]
    add_staff(admin, shop.token, admin.seeded.newcomer_email, "order-clerk", clerk)
    _buy_by_bank_transfer(admin, shop, "k1")
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.newcomer_email)
        open_order(page, "1000")
        expect(page.locator('section[data-payment="bank_transfer"]')).to_contain_text("authorized")
        expect(page.get_by_role("button", name="Cancel order")).to_be_visible()
        for name in ("Capture payment", "Void payment", "Refund"):
            expect(page.get_by_role("button", name=name)).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        page.get_by_label("Tenant").select_option(admin.seeded.bravo)
        open_order(page, "1000")
        page.get_by_role("button", name="Void payment").click()
        dialog = page.get_by_role("dialog", name="Void the payment of $25.00?")
        dialog.get_by_role("button", name="Void payment").click()
        expect(page.get_by_role("status")).to_have_text("Payment of $25.00 voided.")
        expect(page.get_by_test_id("order-states")).to_contain_text("voided")
        expect(page.get_by_role("button", name="Void payment")).to_have_count(0)
