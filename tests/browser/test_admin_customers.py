"""Customers in the admin SPA, in Chromium: find one, open them, manage their groups."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import TABLET, Admin, BrowserSession, shop_app
from tests.support.databases import DatabaseTarget

_ADDRESS = """
mutation ($input: MyAddressCreateInput!) { myAddressCreate(input: $input) { errors { message } } }
"""
_COUNT = """
query ($search: String!) { commerceCustomers(search: $search) { edges { node { orderCount } } } }
"""
ADA = "ada.lovelace@example.test"


@pytest.fixture
def shop_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """Commerce on in bravo; Ada with a saved address and an order (1000), and Adam, another
    customer whose e-mail starts the same; the order indexed."""
    with shop_app(database, browser_session) as running:
        variant = running.add_stocked_product("Difference Engine", "DE-1")
        ada = running.add_customer("Ada Lovelace", ADA)
        running.add_customer("Adam Smith", "adam.smith@example.test")
        home = {"country": "DE", "city": "Berlin", "line1": "Unter den Linden 1"}
        added = running.graphql(_ADDRESS, {"input": {"label": "Home", "address": home}}, ada)
        assert added["myAddressCreate"]["errors"] == []
        assert running.place_order(variant, 2, "k1", token=ada) == "1000"
        _wait_indexed(running)
        yield running


def _wait_indexed(admin: Admin) -> None:
    """Wait until Ada's order reaches the order list index, which her figures read."""
    token = admin.token(admin.seeded.admin_email)
    deadline = time.monotonic() + 10
    while True:
        edges = admin.graphql(_COUNT, {"search": "ada.l"}, token)["commerceCustomers"]["edges"]
        if edges and edges[0]["node"]["orderCount"] == 1:
            return
        assert time.monotonic() < deadline, "Ada's order never reached the index"
        time.sleep(0.1)


def _find_ada(page: Page) -> None:
    page.get_by_label("E-mail starts with").fill("ADA")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text("2 customers")).to_be_visible()
    page.get_by_label("E-mail starts with").fill("ada.l")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text("1 customer", exact=True)).to_be_visible()
    row = page.locator(f'tr[data-customer="{ADA}"]')
    expect(row).to_contain_text("Ada Lovelace")
    expect(row).to_contain_text("nothing yet")  # its one order is unpaid
    page.get_by_role("link", name=ADA).click()
    expect(page.get_by_role("heading", name="Ada Lovelace")).to_be_visible()


def _create_group(page: Page) -> None:
    page.get_by_role("link", name="Customer groups", exact=True).first.click()
    expect(page.get_by_role("heading", name="Customer groups")).to_be_visible()
    page.get_by_label("Group name").fill("Very important")
    page.get_by_label("Group code (a-z, 0-9, - and _)").fill("V I P")
    page.get_by_role("button", name="Create group").click()
    expect(page.locator("#customer-group-code-error")).to_contain_text("a-z")
    page.get_by_label("Group code (a-z, 0-9, - and _)").fill("vip")
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_role("status")).to_have_text("Group vip created.")
    page.get_by_role("button", name="Edit vip").click()
    page.get_by_label("Group name").fill("VIP customers")
    page.get_by_role("button", name="Save group").click()
    expect(page.get_by_role("status")).to_have_text("Group vip saved.")
    expect(page.locator('tr[data-customer-group="vip"]')).to_contain_text("VIP customers")


def test_staff_find_a_customer_and_put_them_in_a_new_group(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Customers")
        _create_group(page)
        page.get_by_role("link", name="Customers", exact=True).first.click()
        _find_ada(page)
        expect(page.locator('[data-address="Home"]')).to_contain_text("Unter den Linden 1")
        expect(page.locator('[data-address="Home"]')).to_contain_text("Berlin")
        expect(page.locator('tr[data-order="1000"]')).to_contain_text("$25.00")
        expect(page.get_by_text("In no group.")).to_be_visible()
        page.get_by_label("Group to join").select_option(label="VIP customers (vip)")
        page.get_by_role("button", name="Add to group").click()
        expect(page.get_by_role("status")).to_have_text("Added to vip.")
        expect(page.locator('[data-group="vip"]')).to_contain_text("VIP customers")
        admin.screenshot(page, "customer")

        page.get_by_role("button", name="Remove from vip").click()
        expect(page.get_by_role("status")).to_have_text("Removed from vip.")
        expect(page.get_by_text("In no group.")).to_be_visible()
        page.get_by_role("button", name="Add to group").click()
        expect(page.get_by_role("status")).to_have_text("Added to vip.")

        page.get_by_role("link", name="Customers", exact=True).first.click()
        page.get_by_label("Group", exact=True).select_option(label="VIP customers (vip)")
        page.get_by_role("button", name="Find").click()
        expect(page.get_by_text("1 customer", exact=True)).to_be_visible()
        expect(page.locator(f'tr[data-customer="{ADA}"]')).to_contain_text("vip")
        admin.screenshot(page, "customers")

        page.get_by_role("link", name="Customer groups", exact=True).first.click()
        page.get_by_role("button", name="Members of vip").click()
        expect(page.locator(f'[data-member="{ADA}"]')).to_be_visible()
        page.get_by_role("button", name="Delete vip").click()
        dialog = page.get_by_role("dialog", name="Delete group vip?")
        expect(dialog).to_contain_text("1 member leaves it")
        dialog.get_by_role("button", name="Delete").click()
        expect(page.get_by_role("status")).to_have_text("Group vip deleted.")
        expect(page.get_by_text("No customer groups yet.")).to_be_visible()


def test_staff_open_a_customers_order_from_their_page(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Customers")
        _find_ada(page)
        page.get_by_role("link", name="1000", exact=True).click()
        expect(page.get_by_role("heading", name="Order 1000")).to_be_visible()


def test_a_viewer_sees_customers_and_groups_without_their_buttons(shop_admin: Admin) -> None:
    admin = shop_admin
    owner = admin.token(admin.seeded.admin_email)
    created = admin.graphql(
        'mutation { customerGroupCreate(input: {code: "vip", name: "VIP"}) { errors { code } } }',
        {},
        owner,
    )
    assert created["customerGroupCreate"]["errors"] == []
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        page.get_by_role("link", name="Customers", exact=True).click()
        expect(page.get_by_role("heading", name="Customers", exact=True)).to_be_visible()
        _find_ada(page)
        expect(page.locator('tr[data-order="1000"]')).to_be_visible()
        expect(page.get_by_text("In no group.")).to_be_visible()
        expect(page.get_by_role("button", name="Add to group")).to_have_count(0)
        expect(page.get_by_label("Group to join")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        page.get_by_role("link", name="Customer groups", exact=True).first.click()
        expect(page.locator('tr[data-customer-group="vip"]')).to_be_visible()
        expect(page.get_by_role("button", name="Edit vip")).to_have_count(0)
        expect(page.get_by_role("button", name="Delete vip")).to_have_count(0)
        expect(page.get_by_role("button", name="Create group")).to_have_count(0)
