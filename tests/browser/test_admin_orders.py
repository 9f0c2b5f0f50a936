"""Orders in the admin SPA, in Chromium: the list, its filters, an order, cancelling it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.harness import TABLET, Admin
from tests.browser.refresh import refresh_until


def _place_orders(admin: Admin) -> None:
    """As the owner, stock a product; as guests, buy it twice (orders 1000 and 1001)."""
    variant = admin.add_stocked_product("Difference Engine", "DE-1")
    for key, email, quantity in (("k1", "grace@example.test", 2), ("k2", "alan@example.test", 1)):
        admin.place_order(variant, quantity, key, email=email)


def _filter(page: Page, words: str = "", status: str = "") -> None:
    page.get_by_label("Number, e-mail or name").fill(words)
    page.get_by_label("Status", exact=True).select_option(status)
    page.get_by_role("button", name="Filter").click()


def test_staff_find_an_order_open_it_and_cancel_it(shop_admin: Admin) -> None:
    admin = shop_admin
    _place_orders(admin)
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Orders")
        refresh_until(
            page, lambda: expect(page.get_by_text("2 orders")).to_be_visible(timeout=1000)
        )
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
        refresh_until(page, lambda: expect(row).to_contain_text("cancelled", timeout=1000))


def test_a_viewer_sees_orders_at_tablet_width_without_the_cancel_button(shop_admin: Admin) -> None:
    admin = shop_admin
    _place_orders(admin)
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        page.get_by_role("link", name="Orders", exact=True).click()
        row = page.locator('tr[data-order="1001"]')
        refresh_until(page, lambda: expect(row).to_be_visible(timeout=1000))
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        page.get_by_role("link", name="1001", exact=True).click()
        expect(page.get_by_role("heading", name="Order 1001")).to_be_visible()
        expect(page.get_by_test_id("order-states")).to_contain_text("placed")
        expect(page.get_by_role("button", name="Cancel order")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
