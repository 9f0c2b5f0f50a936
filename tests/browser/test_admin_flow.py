"""An administrator's path through the admin SPA, in Chromium against the real app."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.harness import TABLET, Admin


def test_admin_enables_a_module_changes_a_setting_and_replays_a_dead_letter(admin: Admin) -> None:
    with admin.page() as page:
        page.goto("/admin/")
        expect(page.get_by_role("heading", name="RusToK admin")).to_be_visible()
        admin.screenshot(page, "sign-in")
        admin.sign_in(page, admin.seeded.admin_email)
        expect(page).to_have_url(re.compile(r"/admin/modules$"))

        admin.switch_to_bravo(page)
        gadgets = page.locator('tr[data-module="gadgets"]')
        expect(gadgets).to_contain_text("disabled")
        admin.screenshot(page, "modules")
        gadgets.get_by_role("button", name="Enable gadgets").click()
        dialog = page.get_by_role("dialog", name="Enable gadgets?")
        expect(dialog).to_contain_text("also enables the modules it needs: widgets")
        admin.screenshot(page, "modules-confirm")
        dialog.get_by_role("button", name="Enable gadgets").click()
        expect(page.get_by_role("status")).to_have_text("Enabled: widgets, gadgets.")
        expect(gadgets).to_contain_text("enabled")
        expect(page.locator('tr[data-module="widgets"]')).to_contain_text("enabled")

        page.locator('tr[data-module="widgets"]').get_by_role("link", name="Settings").click()
        expect(page.get_by_role("heading", name="widgets settings")).to_be_visible()
        page.get_by_label("max_items").fill("0")
        page.get_by_role("button", name="Save settings").click()
        expect(page.locator("#setting-max_items-error")).to_have_text(
            "Input should be greater than or equal to 1"
        )
        expect(page.get_by_label("max_items")).to_have_attribute("aria-invalid", "true")
        admin.screenshot(page, "module-settings-error")
        page.get_by_label("max_items").fill("25")
        page.get_by_role("button", name="Save settings").click()
        expect(page.get_by_role("status")).to_have_text("Settings saved.")
        expect(page.locator("#setting-max_items-error")).to_have_count(0)

        admin.dead_letter_in_bravo("poison-browser")
        page.get_by_role("link", name="System status").click()
        letter = page.locator(".dead-letter").filter(has_text="widgets.item.created")
        expect(letter).to_contain_text("widgets.tally")
        expect(letter).to_contain_text("RuntimeError: poisoned widget 'poison-browser'")
        letter.get_by_role("button", name="Inspect").click()
        expect(letter.locator("pre")).to_contain_text('"aggregateType": "widgets.item"')
        expect(page.get_by_role("row", name=re.compile(r"^widgets\.tally"))).to_be_visible()
        admin.screenshot(page, "status")
        letter.get_by_role("button", name="Replay").click()
        expect(page.get_by_role("status")).to_have_text(
            "Replayed widgets.item.created to widgets.tally (1 queued)."
        )

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("status")).to_have_text("You have signed out.")


def test_platform_admin_lists_and_creates_tenants_at_tablet_width(admin: Admin) -> None:
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.admin_email)
        page.get_by_role("link", name="Tenants").click()
        # The suite's database holds every test's tenants, oldest first: count, not find.
        expect(page.get_by_text(re.compile(r"^\d+ tenants$"))).to_be_visible()
        expect(page.locator("tbody tr").first).to_be_visible()
        assert page.locator("tbody tr").count() <= 20

        page.get_by_label("Slug").fill("Not A Slug!")
        page.get_by_label("Name").fill("Charlie")
        page.get_by_role("button", name="Create tenant").click()
        expect(page.locator("#tenant-slug-error")).not_to_be_empty()

        slug = f"charlie-{admin.seeded.bravo[-10:]}"
        page.get_by_label("Slug").fill(slug)
        page.get_by_role("button", name="Create tenant").click()
        expect(page.get_by_role("status")).to_have_text(
            f"Tenant {slug} created with the default modules."
        )
        admin.screenshot(page, "tenants-tablet")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= TABLET["width"]


def test_an_expired_session_is_refreshed_else_the_user_signs_in_again(admin: Admin) -> None:
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        page.context.clear_cookies()  # the access cookie expired

        page.get_by_role("link", name="System status").click()
        expect(page.get_by_text("No dead letters.")).to_be_visible()
        assert [c["name"] for c in page.context.cookies()] == ["rustok_access"]

        page.context.clear_cookies()
        page.evaluate("window.sessionStorage.clear()")  # and no refresh token is left
        page.get_by_role("link", name="Modules").click()
        expect(page.get_by_role("status")).to_have_text(
            "Your session has expired. Please sign in again."
        )
        expect(page.get_by_label("Email")).to_be_visible()
