"""A viewer sees no buttons that change anything, and the server refuses what they forge."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.harness import TABLET, Admin

FORGE = """
async ([tenant, query]) => {
  const response = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Tenant": tenant, "X-RusToK-CSRF": "1" },
    body: JSON.stringify({ query }),
  });
  return await response.json();
}
"""

FORGED_SETTINGS = """
mutation { moduleSettingsUpdate(input: {module: "widgets", settings: {max_items: 5}}) { settings } }
"""


def _forge(page: Page, tenant: str, query: str) -> dict[str, Any]:
    body: dict[str, Any] = page.evaluate(FORGE, [tenant, query])
    return body


def test_viewer_sees_no_enable_disable_save_or_replay(admin: Admin) -> None:
    admin.enable_in_bravo("widgets")
    admin.dead_letter_in_bravo("poison-viewer")
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        expect(page.get_by_label("Tenant")).to_have_value(admin.seeded.bravo)
        expect(page.get_by_role("link", name="Tenants")).to_have_count(0)

        rows = page.locator("tr[data-module]")
        expect(rows).to_have_count(2)
        expect(page.get_by_role("button", name="Enable")).to_have_count(0)
        expect(page.get_by_role("button", name="Disable")).to_have_count(0)
        admin.screenshot(page, "viewer-modules")

        page.locator('tr[data-module="widgets"]').get_by_role("link", name="Settings").click()
        expect(page.get_by_label("max_items")).to_be_disabled()
        expect(page.get_by_role("button", name="Save settings")).to_have_count(0)

        page.get_by_role("link", name="System status").click()
        letter = page.locator(".dead-letter").filter(has_text="poison-viewer")
        expect(letter.get_by_role("button", name="Inspect")).to_be_visible()
        expect(page.get_by_role("button", name="Replay")).to_have_count(0)
        admin.screenshot(page, "viewer-status")


def test_viewer_forging_writes_with_their_cookie_is_refused_by_the_server(admin: Admin) -> None:
    bravo = admin.seeded.bravo
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        forged = [
            'mutation { moduleEnable(module: "gadgets") { changed } }',
            FORGED_SETTINGS,
            "mutation { deadLettersReplayAll(input: {}) { replayed } }",
        ]
        for query in forged:
            body = _forge(page, bravo, query)
            assert body["data"] is None, body
            assert [error["extensions"]["code"] for error in body["errors"]] == [
                "PERMISSION_DENIED"
            ], body

        reads = _forge(page, bravo, "{ modules { name enabled } }")
        assert reads["data"]["modules"] == [
            {"name": "widgets", "enabled": False},
            {"name": "gadgets", "enabled": False},
        ]
