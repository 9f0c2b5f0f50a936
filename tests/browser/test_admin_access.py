"""Members, roles and API keys in the admin SPA, in Chromium against the real app."""

from __future__ import annotations

import json
import re
import urllib.request

from playwright.sync_api import Page, expect

from tests.browser.harness import Admin


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You have signed out.")


def _create_role(page: Page) -> None:
    expect(page.locator('tr[data-role="viewer"]')).to_contain_text("built-in")
    page.get_by_label("Name").fill("Not A Name!")
    page.get_by_role("button", name="Create role").click()
    expect(page.locator("#role-create-name-error")).not_to_be_empty()
    page.get_by_label("Name").fill("module-readers")
    page.get_by_label("Description").fill("See the modules, nothing else")
    page.get_by_label("core.view_modules").check()
    page.get_by_role("button", name="Create role").click()
    expect(page.get_by_role("status")).to_have_text("Role module-readers created.")
    row = page.locator('tr[data-role="module-readers"]')
    expect(row).to_contain_text("1 permission")

    row.get_by_role("button", name="Edit module-readers").click()
    form = page.get_by_role("form", name="Edit role module-readers")
    expect(form.get_by_label("core.view_modules")).to_be_checked()
    form.get_by_label("core.view_index").check()
    form.get_by_role("button", name="Save role").click()
    expect(page.get_by_role("status")).to_have_text("Role module-readers saved.")
    expect(row).to_contain_text("2 permissions")


def _add_members(admin: Admin, page: Page) -> None:
    page.get_by_label("Email").fill("nobody-here@example.test")
    page.get_by_role("button", name="Add member").click()
    expect(page.locator("#member-email-error")).not_to_be_empty()
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")

    newcomer = admin.seeded.newcomer_email
    page.get_by_label("Email").fill(newcomer)
    page.get_by_label("module-readers").check()
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_role("status")).to_have_text(f"{newcomer} is now a member.")
    expect(page.locator(f'tr[data-member="{newcomer}"]')).to_contain_text("module-readers")

    viewer = admin.seeded.viewer_email
    page.get_by_role("button", name=f"Change roles of {viewer}").click()
    dialog = page.get_by_role("dialog", name=f"Roles of {viewer}")
    expect(dialog.get_by_label("viewer")).to_be_checked()
    dialog.get_by_label("editor").check()
    dialog.get_by_role("button", name="Save roles").click()
    expect(page.get_by_role("status")).to_have_text(f"Roles of {viewer}: editor, viewer.")
    expect(page.locator(f'tr[data-member="{viewer}"]')).to_contain_text("editor, viewer")


def test_owner_creates_a_role_and_a_member_holding_only_it_sees_no_webhooks(admin: Admin) -> None:
    newcomer = admin.seeded.newcomer_email
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Roles")
        _create_role(page)
        admin.screenshot(page, "roles")
        page.get_by_role("link", name="Members").click()
        _add_members(admin, page)
        admin.screenshot(page, "members")
        _sign_out(page)

        admin.sign_in(page, newcomer)
        expect(page).to_have_url(re.compile(r"/admin/modules$"))
        expect(page.get_by_role("link", name="System status")).to_be_visible()
        for hidden in ("Webhooks", "Members", "Roles", "API keys", "Tenants"):
            expect(page.get_by_role("link", name=hidden, exact=True)).to_have_count(0)
        page.goto("/admin/webhooks")
        expect(page).to_have_url(re.compile(r"/admin/modules$"))
        _sign_out(page)

        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Members")
        page.get_by_role("button", name=f"Remove {admin.seeded.admin_email}").click()
        dialog = page.get_by_role("dialog", name=f"Remove {admin.seeded.admin_email}?")
        dialog.get_by_role("button", name="Remove member").click()
        expect(dialog.get_by_role("alert")).to_contain_text("last owner")
        dialog.get_by_role("button", name="Cancel").click()

        page.get_by_role("link", name="Roles").click()
        page.get_by_role("button", name="Delete module-readers").click()
        dialog = page.get_by_role("dialog", name="Delete role module-readers?")
        dialog.get_by_role("button", name="Delete role").click()
        expect(page.get_by_role("status")).to_have_text(
            "Role module-readers deleted; 1 member lost it."
        )
        page.get_by_role("link", name="Members").click()
        page.get_by_role("button", name=f"Remove {newcomer}").click()
        page.get_by_role("dialog").get_by_role("button", name="Remove member").click()
        expect(page.get_by_role("status")).to_have_text(f"{newcomer} is no longer a member.")
        expect(page.locator(f'tr[data-member="{newcomer}"]')).to_have_count(0)


def _call_with_key(admin: Admin, key: str) -> dict[str, object]:
    request = urllib.request.Request(  # noqa: S310 - the live server's own http URL
        f"{admin.server.url}/graphql",
        data=json.dumps({"query": "{ webhookEndpoints(first: 1) { totalCount } }"}).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {key}",
            "X-Tenant": admin.seeded.bravo,
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - as above
        body: dict[str, object] = json.load(response)
    return body


def test_owner_creates_an_api_key_sees_it_once_and_when_it_was_used_and_revokes_it(
    admin: Admin,
) -> None:
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "API keys")
        expect(page.get_by_text("No API keys yet.")).to_be_visible()
        page.get_by_label("webhooks.view_endpoints").check()
        page.get_by_role("button", name="Create key").click()
        expect(page.locator("#key-name-error")).not_to_be_empty()

        page.get_by_label("Name").fill("ci-deployer")
        page.get_by_role("button", name="Create key").click()
        panel = page.locator(".secret-once")
        expect(panel).to_contain_text("you will not see this again")
        key = panel.get_by_test_id("secret").inner_text()
        assert key.startswith("rk_"), key
        row = page.locator('tr[data-key="ci-deployer"]')
        expect(row).to_contain_text("webhooks.view_endpoints")
        expect(row.locator("td").nth(2)).to_have_text("never")
        admin.screenshot(page, "api-key-once")
        page.get_by_role("button", name="I have saved it").click()
        expect(page.get_by_text(key)).to_have_count(0)

        used = _call_with_key(admin, key)
        assert used["data"] == {"webhookEndpoints": {"totalCount": 0}}, used
        page.get_by_role("link", name="Members").click()
        page.get_by_role("link", name="API keys").click()
        expect(row.locator("td").nth(2)).not_to_have_text("never")
        admin.screenshot(page, "api-keys")

        row.get_by_role("button", name="Revoke ci-deployer").click()
        dialog = page.get_by_role("dialog", name="Revoke ci-deployer?")
        expect(dialog).to_contain_text("cannot be undone")
        dialog.get_by_role("button", name="Revoke key").click()
        expect(page.get_by_role("status")).to_have_text("API key ci-deployer revoked.")
        expect(row).to_contain_text("revoked")
        expect(row.get_by_role("button", name="Revoke ci-deployer")).to_have_count(0)
        refused = _call_with_key(admin, key)
        assert refused["data"] is None, refused
