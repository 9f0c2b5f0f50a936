"""Discounts in the admin SPA, in Chromium: create, refuse a taken code, edit, find, delete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import TABLET, Admin, BrowserSession, shop_app
from tests.support.databases import DatabaseTarget


@pytest.fixture
def shop_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """The app with the installed modules; commerce on in bravo; one active product."""
    with shop_app(database, browser_session) as running:
        running.add_catalog_product("Difference Engine", "DE-1")
        yield running


def _fill(page: Page, code: str, name: str, value: str) -> None:
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_label("Name (staff see it)").fill(name)
    page.get_by_label("Percent off (like 12.5)").fill(value)


def test_manager_creates_edits_finds_and_deletes_discounts(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Discounts")
        expect(page.get_by_text("No discounts match.")).to_be_visible()
        _fill(page, "winter", "Winter sale", "12.5")
        page.get_by_label("Applies to", exact=True).select_option("PRODUCTS")
        page.get_by_label("Find products").fill("difference")
        page.get_by_label("Find products").press("Enter")
        page.get_by_label("Difference Engine").check()
        page.get_by_label("Usage limit, in orders (blank: no limit)").fill("100")
        page.get_by_role("button", name="Create discount").click()
        expect(page.get_by_role("status")).to_have_text("Discount WINTER created.")
        winter = page.locator('tr[data-discount="WINTER"]')
        for shown in ("Winter sale", "12.5% off", "1 product", "0 / 100", "active"):
            expect(winter).to_contain_text(shown)

        _fill(page, "Winter", "Again", "5")
        page.get_by_role("button", name="Create discount").click()
        code_error = page.locator("#discount-code-error")
        expect(code_error).to_contain_text("another discount has the code")
        expect(page.get_by_label("Code", exact=True)).to_have_attribute("aria-invalid", "true")
        page.get_by_label("Code", exact=True).fill("SPRING")
        page.get_by_label("Kind").select_option("FIXED")
        page.get_by_label("Amount off (in the currency, like 5.00)").fill("5")
        page.get_by_label("Currency (like EUR)").fill("usd")
        page.get_by_role("button", name="Create discount").click()
        expect(page.get_by_role("status")).to_have_text("Discount SPRING created.")
        expect(page.locator('tr[data-discount="SPRING"]')).to_contain_text("$5.00 off")
        admin.screenshot(page, "discounts")

        page.get_by_role("button", name="Edit WINTER").click()
        expect(page.get_by_role("heading", name="Edit discount WINTER")).to_be_focused()
        expect(page.get_by_label("Difference Engine")).to_be_checked()
        page.get_by_label("Percent off (like 12.5)").fill("15")
        page.get_by_role("button", name="Save discount").click()
        expect(page.get_by_role("status")).to_have_text("Discount WINTER saved.")
        expect(winter).to_contain_text("15% off")

        page.get_by_label("Code or name").fill("spring")
        page.get_by_role("button", name="Filter").click()
        expect(page.get_by_text("1 discount", exact=True)).to_be_visible()
        expect(winter).to_have_count(0)
        page.get_by_role("button", name="Delete SPRING").click()
        page.get_by_role("dialog", name="Delete discount SPRING?").get_by_role(
            "button", name="Delete"
        ).click()
        expect(page.get_by_role("status")).to_have_text("Discount SPRING deleted.")
        expect(page.get_by_text("No discounts match.")).to_be_visible()


def test_a_viewer_sees_no_discounts(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        expect(page.get_by_role("link", name="Orders", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Discounts", exact=True)).to_have_count(0)
        page.goto("/admin/discounts")
        expect(page.get_by_role("heading", name="Discounts", exact=True)).to_have_count(0)
