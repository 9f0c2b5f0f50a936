"""The media library in the admin SPA: upload, thumbnails, alt text, refusals, deletion."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.browser.harness import Admin, BrowserSession, content_app, png
from tests.support.databases import DatabaseTarget

_COVERED = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id } errors { code field message } }
}
"""
_DELETE_ENTRY = """
mutation ($id: ID!) { contentEntryDelete(id: $id) { deletedId errors { code message } } }
"""


@pytest.fixture
def media_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """The app with the installed modules; content on in bravo."""
    with content_app(database, browser_session) as running:
        yield running


def _upload(page: Page) -> None:
    files: list[FilePayload] = [
        {"name": "sunset.png", "mimeType": "image/png", "buffer": png(320, 200)},
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"plain words\n"},
    ]
    page.get_by_label("Files").set_input_files(files)
    page.get_by_role("button", name="Upload", exact=True).click()
    uploads = page.get_by_role("list", name="Uploads")
    expect(uploads.locator('[data-upload="sunset.png"]')).to_contain_text("Uploaded.")
    expect(uploads.locator('[data-upload="notes.txt"]')).to_contain_text(
        "Files of this type are not allowed."
    )
    row = page.locator('tr[data-asset="sunset.png"]')
    expect(row).to_contain_text("image/png")
    expect(row).to_contain_text("320 \N{MULTIPLICATION SIGN} 200")
    thumbnail = row.locator("img.thumbnail")
    expect(thumbnail).to_be_visible()
    thumbnail.evaluate("image => image.decode()")
    assert thumbnail.evaluate("image => image.naturalWidth") > 0
    expect(page.locator('tr[data-asset="notes.txt"]')).to_have_count(0)


def _edit_alt_text(page: Page) -> None:
    page.get_by_role("button", name="Edit sunset.png").click()
    dialog = page.get_by_role("dialog", name="Edit sunset.png")
    dialog.get_by_label("Alt text").fill("A red evening sky")
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("sunset.png saved.")
    row = page.locator('tr[data-asset="sunset.png"]')
    expect(row.get_by_test_id("alt-text")).to_have_text("A red evening sky")
    expect(row.get_by_role("img", name="A red evening sky")).to_be_visible()


def test_editor_uploads_edits_and_deletes_media(media_admin: Admin) -> None:
    admin = media_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Media")
        expect(page.get_by_text("No files match.")).to_be_visible()
        _upload(page)
        _edit_alt_text(page)
        admin.screenshot(page, "media")

        token = admin.token(admin.seeded.admin_email)
        asset = admin.graphql("{ contentAssets(first: 1) { edges { node { id } } } }", {}, token)
        cover = asset["contentAssets"]["edges"][0]["node"]["id"]
        entry = {"title": "Evening", "bodyMarkdown": "Red.", "coverImageId": cover}
        created = admin.graphql(_COVERED, {"input": entry}, token)["contentEntryCreate"]
        assert created["errors"] == [], created
        page.get_by_role("button", name="Find").click()
        row = page.locator('tr[data-asset="sunset.png"]')
        expect(row).to_contain_text("1 place")
        row.get_by_role("button", name="Delete sunset.png").click()
        dialog = page.get_by_role("dialog", name="Delete sunset.png?")
        expect(dialog).to_contain_text("ContentEntry (coverImage)")
        dialog.get_by_role("button", name="Delete file").click()
        expect(dialog.get_by_role("alert")).to_contain_text("used")

        deleted = admin.graphql(_DELETE_ENTRY, {"id": created["entry"]["id"]}, token)
        assert deleted["contentEntryDelete"]["errors"] == [], deleted
        dialog.get_by_role("button", name="Delete file").click()
        expect(page.get_by_role("status")).to_have_text("sunset.png deleted.")
        expect(page.get_by_text("No files match.")).to_be_visible()


def test_viewer_browses_media_without_changing_it(media_admin: Admin) -> None:
    admin = media_admin
    token = admin.token(admin.seeded.admin_email)
    admin.upload_media(token, "dawn.png", png(64, 48, "orange"), "image/png")
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        admin.open_in_bravo(page, "Media")
        row = page.locator('tr[data-asset="dawn.png"]')
        expect(row).to_contain_text("64 \N{MULTIPLICATION SIGN} 48")
        expect(row).to_contain_text("unused")
        page.get_by_label("Type").select_option("application/pdf")
        page.get_by_role("button", name="Find").click()
        expect(page.get_by_text("No files match.")).to_be_visible()
        expect(page.get_by_role("heading", name="Upload")).to_have_count(0)
        expect(page.get_by_role("button", name="Upload")).to_have_count(0)
        page.get_by_label("Type").select_option("image/")
        page.get_by_role("button", name="Find").click()
        expect(row).to_be_visible()
        expect(row.get_by_role("button")).to_have_count(0)
