"""Webhook endpoints in the admin SPA: add one, see its secret once, read its delivery log,
ping it and send deliveries again."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect
from standardwebhooks import Webhook

from tests.browser.harness import TABLET, Admin
from tests.browser.receiver import Receiver, receiver

_REFRESHES = 100


def _open_webhooks(admin: Admin, page: Page, tenant: str) -> None:
    page.get_by_label("Tenant").select_option(tenant)
    expect(page.get_by_label("Tenant")).to_have_value(tenant)
    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()


def _refresh_until(page: Page, wanted: Locator, count: int) -> None:
    """Refresh the log until ``count`` deliveries match ``wanted`` (the runner settles a
    delivery only after the receiver has answered, so the page cannot just wait)."""
    for _ in range(_REFRESHES):
        if wanted.count() == count:
            break
        page.get_by_role("button", name="Refresh").click()
        expect(page.get_by_role("button", name="Refresh")).to_be_enabled()
        page.wait_for_timeout(100)
    expect(wanted).to_have_count(count)


def _delivered(page: Page) -> Locator:
    return page.locator(".delivery").filter(has=page.locator(".badge", has_text="delivered"))


def _add_endpoint(page: Page, got: Receiver) -> str:
    """Fill the form wrongly, see the errors at their fields, then add it; return the secret."""
    page.get_by_label("URL").fill(f"{got.url}/hook")
    page.get_by_label("Event types").fill("nope.*")
    page.get_by_role("button", name="Add a header").click()
    page.get_by_label("Header 1 name").fill("Content-Type")
    page.get_by_label("Header 1 value").fill("text/plain")
    page.get_by_role("button", name="Add endpoint").click()
    expect(page.locator("#endpoint-create-events-error")).to_contain_text("nope.*")
    expect(page.get_by_label("Event types")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#endpoint-create-header-0-name-error")).to_contain_text("Content-Type")

    page.get_by_label("Event types").fill("widgets.*")
    page.get_by_label("Header 1 name").fill("X-Token")
    page.get_by_label("Header 1 value").fill("receiver-token")
    page.get_by_label("Description").fill("The browser test's receiver")
    page.get_by_role("button", name="Add endpoint").click()
    panel = page.locator(".secret-once")
    expect(panel).to_contain_text("you will not see this again")
    secret = panel.get_by_test_id("secret").inner_text()
    assert secret.startswith("whsec_"), secret
    return secret


def test_admin_adds_an_endpoint_sees_its_secret_once_and_its_delivery(admin: Admin) -> None:
    alpha = admin.seeded.alpha
    with receiver() as got, admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        _open_webhooks(admin, page, alpha)
        expect(page.get_by_text("No endpoints yet.")).to_be_visible()

        secret = _add_endpoint(page, got)
        row = page.locator(f'tr[data-endpoint="{got.url}/hook"]')
        expect(row).to_contain_text("widgets.*")
        admin.screenshot(page, "webhooks-secret-once")
        page.get_by_role("button", name="I have saved it").click()
        expect(page.get_by_text(secret)).to_have_count(0)
        expect(row).to_contain_text("active")
        admin.screenshot(page, "webhooks")

        admin.add_widget(alpha, "hooked")
        [request] = got.wait_for(1)
        # The secret shown once is the one deliveries are signed with.
        payload = Webhook(secret).verify(request.body, request.headers)
        assert payload["type"] == "widgets.item.created"
        assert request.headers["x-token"] == "receiver-token"

        row.get_by_role("link").click()
        expect(page.get_by_role("heading", name=f"{got.url}/hook")).to_be_visible()
        _refresh_until(page, _delivered(page), 1)
        delivery = page.locator(f'.delivery[data-event="{payload["id"]}"]')
        expect(delivery).to_contain_text("1 attempt, last status 200")
        delivery.get_by_role("button", name="Attempts").click()
        expect(delivery.locator(".attempt")).to_contain_text(re.compile(r"200 in \d+ ms"))
        delivery.get_by_text("Request headers").click()
        expect(delivery.get_by_role("row", name="X-Token")).to_contain_text("[redacted]")
        delivery.get_by_text("Response (first 4 KiB)").click()
        expect(delivery.locator("pre")).to_have_text("thanks")
        admin.screenshot(page, "webhook-deliveries")
        _ping_and_redeliver(page, got, secret, delivery)


def _ping_and_redeliver(page: Page, got: Receiver, secret: str, first: Locator) -> None:
    """Send a test ping, send the first delivery again, and ask for the dead ones again."""
    page.get_by_role("button", name="Send test ping").click()
    expect(page.get_by_role("status").filter(has_text="Test ping sent")).to_be_visible()
    ping = got.wait_for(2)[1]
    assert Webhook(secret).verify(ping.body, ping.headers)["type"] == "webhooks.endpoint.pinged"
    _refresh_until(page, _delivered(page), 2)

    first.get_by_role("button", name="Redeliver").click()
    expect(page.get_by_role("status").filter(has_text="queued to be sent again")).to_be_visible()
    again = got.wait_for(3)[2]
    assert again.headers["webhook-id"] == got.got[0].headers["webhook-id"]
    _refresh_until(page, first.filter(has_text="2 attempts, last status 200"), 1)

    page.get_by_role("button", name="Redeliver failed").click()
    expect(page.get_by_role("status").filter(has_text="dead deliveries")).to_have_text(
        "Queued 0 dead deliveries again."
    )


def test_admin_edits_rotates_switches_off_and_deletes_an_endpoint(admin: Admin) -> None:
    with receiver() as got, admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.admin_email)
        _open_webhooks(admin, page, admin.seeded.alpha)
        first = _add_endpoint(page, got)
        page.get_by_role("link", name="Open the new endpoint").click()

        page.get_by_role("button", name="Rotate secret").click()
        dialog = page.get_by_role("dialog", name="Rotate the signing secret?")
        dialog.get_by_label("Overlap (hours, 0 to 168)").fill("500")
        dialog.get_by_role("button", name="Rotate secret").click()
        expect(dialog.locator("#rotate-overlap-error")).not_to_be_empty()
        dialog.get_by_label("Overlap (hours, 0 to 168)").fill("2")
        dialog.get_by_role("button", name="Rotate secret").click()
        panel = page.locator(".secret-once")
        expect(panel).to_contain_text("you will not see this again")
        second = panel.get_by_test_id("secret").inner_text()
        assert second.startswith("whsec_")
        assert second != first
        expect(page.get_by_text("Previous secret signs until")).to_be_visible()
        page.get_by_role("button", name="I have saved it").click()

        page.get_by_role("button", name="Disable").click()
        expect(page.locator(".facts .badge")).to_have_text("off")
        page.get_by_role("button", name="Enable").click()
        expect(page.locator(".facts .badge")).to_have_text("active")

        page.get_by_label("Event types").fill("widgets.item.created")
        page.get_by_label("Description").fill("Only new widgets")
        page.get_by_role("button", name="Save endpoint").click()
        expect(page.get_by_role("status")).to_have_text("Endpoint saved.")
        expect(page.locator(".facts")).to_contain_text("Only new widgets")
        admin.screenshot(page, "webhook-endpoint-tablet")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= TABLET["width"]

        page.get_by_role("button", name="Delete").click()
        dialog = page.get_by_role("dialog", name="Delete this endpoint?")
        expect(dialog).to_contain_text("cannot be undone")
        dialog.get_by_role("button", name="Delete endpoint").click()
        expect(page.get_by_role("heading", name="Endpoint deleted")).to_be_visible()
        page.get_by_role("link", name="← Webhooks").click()
        expect(page.locator(f'tr[data-endpoint="{got.url}/hook"]')).to_have_count(0)


def test_viewer_sees_endpoints_but_cannot_change_them(admin: Admin) -> None:
    admin.enable_in_bravo("widgets")
    with receiver() as got, admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        _open_webhooks(admin, page, admin.seeded.bravo)
        _add_endpoint(page, got)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("status")).to_have_text("You have signed out.")

        admin.sign_in(page, admin.seeded.viewer_email)
        page.get_by_role("link", name="Webhooks").click()
        row = page.locator(f'tr[data-endpoint="{got.url}/hook"]')
        expect(row).to_contain_text("active")
        expect(page.get_by_role("button", name="Add endpoint")).to_have_count(0)
        row.get_by_role("link").click()
        expect(page.get_by_role("heading", name="Deliveries")).to_be_visible()
        hidden = ("Disable", "Send test ping", "Rotate secret", "Delete", "Save endpoint")
        for button in (*hidden, "Redeliver failed"):
            expect(page.get_by_role("button", name=button)).to_have_count(0)
        admin.screenshot(page, "viewer-webhook-endpoint")
