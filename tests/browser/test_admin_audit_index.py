"""The audit log and rebuilding a projection in the admin SPA, in Chromium."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import TABLET, Admin, BrowserSession, shop_app
from tests.support.databases import DatabaseTarget

_CREATE = """
mutation ($input: DiscountCreateInput!) {
  discountCreate(input: $input) { discount { id } errors { code field message } }
}
"""
_UPDATE = """
mutation ($input: DiscountUpdateInput!) {
  discountUpdate(input: $input) { discount { id } errors { code field message } }
}
"""
_AUDIT = 'query { auditLog(type: "commerce.discount.*") { totalCount } }'


@pytest.fixture
def shop_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """Commerce on in bravo with a catalog product, and a discount created then renamed."""
    with shop_app(database, browser_session) as running:
        running.add_catalog_product("Analytical Engine", "AE-1")
        token = running.token(running.seeded.admin_email)
        discount = {"code": "AUDIT10", "name": "Audit", "kind": "PERCENTAGE", "value": 1000}
        created = running.graphql(_CREATE, {"input": discount}, token)["discountCreate"]
        assert created["errors"] == [], created
        renamed = {"id": created["discount"]["id"], "name": "Audited"}
        assert running.graphql(_UPDATE, {"input": renamed}, token)["discountUpdate"]["errors"] == []
        deadline = time.monotonic() + 10
        while running.graphql(_AUDIT, {}, token)["auditLog"]["totalCount"] < 2:
            assert time.monotonic() < deadline, "the discount's events never reached the audit log"
            time.sleep(0.1)
        yield running


def _filter_by_type(page: Page, pattern: str) -> None:
    page.get_by_label("Event type (or a prefix like blog.*)").fill(pattern)
    page.get_by_role("button", name="Filter", exact=True).click()


def test_the_audit_log_shows_a_discounts_events_and_filters_them(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Audit log")
        expect(page.locator('tr[data-audit-type="commerce.product.created"]')).to_have_count(1)
        _filter_by_type(page, "commerce.discount.*")
        expect(page.get_by_text("2 entries", exact=True)).to_be_visible()
        created = page.locator('tr[data-audit-type="commerce.discount.created"]')
        expect(created).to_contain_text("commerce.discount")
        page.get_by_role("button", name="Show commerce.discount.created").click()
        expect(page.locator("pre.json")).to_contain_text('"code": "AUDIT10"')
        expect(page.get_by_text("Payload, version 1:")).to_be_visible()
        admin.screenshot(page, "audit-log")
        page.get_by_role("button", name="This target's history").click()
        expect(page.get_by_text("2 entries", exact=True)).to_be_visible()
        expect(page.locator('tr[data-audit-type="commerce.product.created"]')).to_have_count(0)

        _filter_by_type(page, "commerce.discount.updated")
        expect(page.get_by_text("1 entry", exact=True)).to_be_visible()
        expect(created).to_have_count(0)


def test_rebuilding_a_projection_shows_how_much_it_refreshed(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "System status")
        page.get_by_role("button", name="Rebuild commerce.catalog").click()
        dialog = page.get_by_role("dialog", name="Rebuild commerce.catalog?")
        dialog.get_by_role("button", name="Rebuild").click()
        expect(page.get_by_role("status")).to_have_text(
            "Rebuilt commerce.catalog: 1 aggregate refreshed."
        )
        expect(page.locator('tr[data-subscriber="commerce.catalog"]')).to_contain_text("projection")
        expect(page.get_by_role("button", name="Rebuild commerce.catalog")).to_be_enabled()
        admin.screenshot(page, "index-rebuild")


def test_a_viewer_sees_only_what_it_may_in_the_audit_log_and_cannot_rebuild(
    shop_admin: Admin,
) -> None:
    admin = shop_admin
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        page.get_by_role("link", name="Audit log", exact=True).click()
        expect(page.locator('tr[data-audit-type="commerce.product.created"]')).to_have_count(1)
        _filter_by_type(page, "commerce.discount.*")
        expect(page.get_by_text("No entries match.")).to_be_visible()
        page.get_by_role("link", name="System status", exact=True).click()
        expect(page.locator('tr[data-subscriber="commerce.catalog"]')).to_be_visible()
        expect(page.get_by_role("button", name="Rebuild commerce.catalog")).to_have_count(0)
