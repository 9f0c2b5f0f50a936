"""An entry's cover image and translations in the admin SPA."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import Admin, BrowserSession, content_app, png
from tests.browser.refresh import refresh_until
from tests.support.databases import DatabaseTarget

_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""


@pytest.fixture
def locales_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """Content on in bravo, in English and German, with one image in its library."""
    with content_app(database, browser_session) as running:
        token = running.token(running.seeded.admin_email)
        settings = {"module": "content", "settings": {"locales": ["en", "de"]}}
        updated = running.graphql(_SETTINGS, {"input": settings}, token)["moduleSettingsUpdate"]
        assert updated["errors"] == [], updated
        running.upload_media(token, "harbour.png", png(200, 120, "navy"), "image/png")
        yield running


def _write_with_cover(page: Page) -> None:
    page.get_by_role("link", name="Write an entry").click()
    page.get_by_label("Title").fill("Harbour")
    page.get_by_label("Body (Markdown)").fill("Boats.")
    page.get_by_role("button", name="Choose a cover").click()
    page.get_by_label("Image name contains").fill("harb")
    page.get_by_role("button", name="Find images").click()
    page.get_by_role("button", name="Use harbour.png").click()
    expect(page.get_by_test_id("cover")).to_contain_text("harbour.png")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", name="Harbour", level=1)).to_be_visible()
    expect(page.get_by_test_id("cover")).to_contain_text("harbour.png")
    expect(page.get_by_test_id("entry-locale")).to_have_text("Locale: en")


def _translate(page: Page) -> None:
    page.get_by_label("New locale").fill("fr")
    page.get_by_role("button", name="Add translation (copied from en)").click()
    expect(page.locator("#translation-locale-error")).to_be_visible()
    page.get_by_label("New locale").fill("de")
    page.get_by_label("Title in it").fill("Hafen")
    page.get_by_role("button", name="Add translation (copied from en)").click()
    expect(page.get_by_role("status")).to_have_text("Translation de created.")
    expect(page.get_by_role("heading", name="Hafen", level=1)).to_be_visible()
    expect(page.get_by_test_id("entry-locale")).to_have_text("Locale: de")
    expect(page.get_by_test_id("cover")).to_contain_text("harbour.png")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_have_text("Sent for review.")
    translations = page.get_by_role("list", name="Translations")
    expect(translations.locator('[data-locale="de"]')).to_contain_text("in review")
    expect(translations.locator('[data-locale="en"]')).to_contain_text("draft")


def _list_in_german(page: Page) -> None:
    page.get_by_role("link", name="All content").click()
    page.get_by_label("Locale").fill("de")
    page.get_by_role("button", name="Search").click()
    row = page.locator('tr[data-entry="hafen"]')
    refresh_until(page, lambda: expect(row).to_contain_text("in review", timeout=1000))
    expect(row.get_by_test_id("entry-locales")).to_have_text("de (listed), en")
    row.get_by_role("link", name="Hafen").click()
    expect(page.get_by_test_id("entry-locale")).to_have_text("Locale: de")


def test_editor_picks_a_cover_and_translates_an_entry(locales_admin: Admin) -> None:
    admin = locales_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Content")
        _write_with_cover(page)
        _translate(page)
        admin.screenshot(page, "content-locales")
        _list_in_german(page)

        page.get_by_role("button", name="Show en").click()
        expect(page.get_by_role("heading", name="Harbour", level=1)).to_be_visible()
        expect(page.get_by_test_id("entry-status")).to_have_text("draft")
        page.get_by_label("Title", exact=True).fill("The harbour")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status")).to_have_text("Draft saved.")
        expect(page.get_by_role("heading", name="The harbour", level=1)).to_be_visible()

        page.get_by_role("button", name="Show de").click()
        expect(page.get_by_role("heading", name="Hafen", level=1)).to_be_visible()
        page.get_by_role("button", name="Delete the de translation").click()
        page.get_by_role("dialog", name="Delete the de translation?").get_by_role(
            "button", name="Delete translation"
        ).click()
        expect(page.get_by_role("status")).to_have_text("Translation de deleted.")
        expect(page.get_by_test_id("entry-locale")).to_have_text("Locale: en")
        translations = page.get_by_role("list", name="Translations")
        expect(translations.get_by_role("listitem")).to_have_count(1)
        expect(page.get_by_role("button", name="Delete the en translation")).to_have_count(0)

        page.get_by_role("button", name="Remove the cover").click()
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status")).to_have_text("Draft saved.")
        expect(page.get_by_text("No cover.")).to_be_visible()
