"""Tax classes and rates, shipping zones and rates in the admin SPA, in Chromium."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import TABLET, Admin


def test_manager_adds_tax_classes_and_rates(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Taxes")
        expect(page.locator('tr[data-tax-class="standard"]')).to_contain_text("default")
        expect(page.get_by_text("No tax rates yet: nothing is taxed.")).to_be_visible()
        page.get_by_label("Class code").fill("reduced")
        page.get_by_label("Class name").fill("Reduced")
        page.get_by_role("button", name="Add tax class").click()
        expect(page.get_by_role("status")).to_have_text("Tax class reduced added.")

        page.get_by_label("Class", exact=True).select_option(label="reduced")
        page.get_by_label("Country (ISO code, like DE)").fill("DE")
        page.get_by_label("Rate in percent").fill("7.12345")
        page.get_by_role("button", name="Add tax rate").click()
        expect(page.locator("#tax-rate-percent-error")).to_contain_text("at most 4 decimals")
        expect(page.get_by_label("Rate in percent")).to_have_attribute("aria-invalid", "true")
        page.get_by_label("Rate in percent").fill("7")
        page.get_by_role("button", name="Add tax rate").click()
        expect(page.get_by_role("status")).to_have_text("Tax rate for DE added.")
        expect(page.locator('tr[data-tax-rate="reduced-DE"]')).to_contain_text("7%")

        page.get_by_role("button", name="Make reduced the default").click()
        expect(page.get_by_role("status")).to_have_text("reduced is the default class.")
        expect(page.locator('tr[data-tax-class="reduced"]')).to_contain_text("default")
        page.get_by_role("button", name="Remove the reduced rate for DE").click()
        expect(page.get_by_role("status")).to_have_text("Rate for DE removed.")
        expect(page.locator('tr[data-tax-rate="reduced-DE"]')).to_have_count(0)


def test_manager_adds_zones_and_rates_and_sees_refusals(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Shipping")
        expect(page.get_by_text("No shipping zones yet: the shop ships nowhere.")).to_be_visible()
        page.get_by_label("Zone name").fill("EU")
        page.get_by_label("Countries (like DE, AT, US/CA)").fill("de, AT")
        page.get_by_role("button", name="Add zone").click()
        expect(page.get_by_role("status")).to_have_text("Zone EU added.")
        zone = page.get_by_role("region", name="Zone EU")
        expect(zone).to_contain_text("AT, DE")

        page.get_by_label("Zone name").fill("Again")
        page.get_by_label("Countries (like DE, AT, US/CA)").fill("FR, DE")
        page.get_by_role("button", name="Add zone").click()
        expect(page.locator("#zone-regions-error")).to_contain_text("in another zone")

        page.get_by_label("Rate name").fill("Standard")
        page.get_by_label("Price").fill("4.999")
        page.get_by_role("button", name="Add rate").click()
        expect(page.locator("#rate-price-error")).to_have_text("USD takes at most 2 decimals")
        page.get_by_label("Price").fill("4.90")
        page.get_by_role("button", name="Add rate").click()
        expect(page.get_by_role("status")).to_have_text("Rate Standard added.")
        expect(zone.locator('tr[data-rate="Standard"]')).to_contain_text("$4.90")

        zone.get_by_role("button", name="Delete zone EU").click()
        page.get_by_role("dialog", name="Delete zone EU?").get_by_role(
            "button", name="Delete"
        ).click()
        expect(page.get_by_role("status")).to_have_text("Zone EU deleted.")
        expect(page.get_by_role("region", name="Zone EU")).to_have_count(0)


def test_a_viewer_sees_neither_screen(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        expect(page.get_by_role("link", name="Orders", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Taxes", exact=True)).to_have_count(0)
        expect(page.get_by_role("link", name="Shipping", exact=True)).to_have_count(0)
