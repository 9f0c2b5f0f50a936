"""Content entries in the admin SPA: writing, review, publication, revisions, deletion."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import Admin, BrowserSession, content_app
from tests.browser.refresh import refresh_until
from tests.support.databases import DatabaseTarget


@pytest.fixture
def content_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """The app with the installed modules; content on in bravo."""
    with content_app(database, browser_session) as running:
        yield running


LOCAL = "News \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Local"


def _write(page: Page) -> None:
    page.get_by_role("link", name="Write an entry").click()
    page.get_by_label("Kind").fill("Landing Page")
    page.get_by_label("Title").fill("About the engine")
    page.get_by_label("Slug").fill("about the engine")
    page.get_by_label("Body (Markdown)").fill("It **computes**.")
    page.get_by_role("button", name="Create draft").click()
    expect(page.locator("#entry-new-kind-error")).to_contain_text("lowercase letters")
    page.get_by_label("Kind").fill("page")
    page.get_by_role("button", name="Create draft").click()
    expect(page.locator("#entry-new-slug-error")).to_contain_text("lowercase letters")
    expect(page.locator("#entry-new-kind-error")).to_have_count(0)
    page.get_by_label("Slug").fill("about-the-engine")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", name="About the engine", level=1)).to_be_visible()
    expect(page.get_by_test_id("entry-status")).to_have_text("draft")


def _review_and_publish(page: Page) -> None:
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_have_text("Sent for review.")
    expect(page.get_by_test_id("entry-status")).to_have_text("in review")
    page.get_by_label("Note for the writer").fill("Say what it computes.")
    page.get_by_role("button", name="Send back").click()
    expect(page.get_by_role("status")).to_have_text("Sent back to its writer.")
    expect(page.get_by_text("Review note: Say what it computes.")).to_be_visible()
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_role("status")).to_have_text("Entry published.")
    expect(page.get_by_test_id("entry-status")).to_have_text("published")
    expect(page.get_by_role("button", name="Delete entry")).to_be_disabled()


def _revise(page: Page) -> None:
    page.get_by_label("Title", exact=True).fill("About the Analytical Engine")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_have_text("Draft saved.")
    expect(page.get_by_text("with unpublished changes")).to_be_visible()
    page.get_by_role("button", name="Restore revision 1").click()
    expect(page.get_by_role("status")).to_have_text("Revision 1 copied into a new draft.")
    expect(page.get_by_label("Title", exact=True)).to_have_value("About the engine")


def test_editor_writes_reviews_publishes_revises_and_deletes_an_entry(
    content_admin: Admin,
) -> None:
    admin = content_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Content")
        _write(page)
        _review_and_publish(page)
        _revise(page)
        admin.screenshot(page, "content-entry")

        page.get_by_role("link", name="All content").click()
        row = page.locator('tr[data-entry="about-the-engine"]')
        refresh_until(page, lambda: expect(row).to_contain_text("published", timeout=1000))
        expect(row).to_contain_text("page")
        page.get_by_label("Kind").fill("post")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_text("No entries match.")).to_be_visible()
        page.get_by_label("Kind").fill("page")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_text("1 entry", exact=True)).to_be_visible()
        admin.screenshot(page, "content")

        row.get_by_role("link").click()
        page.get_by_role("button", name="Unpublish").click()
        expect(page.get_by_role("status")).to_have_text("Entry taken offline.")
        page.get_by_role("button", name="Delete entry").click()
        page.get_by_role("dialog", name="Delete About the engine?").get_by_role(
            "button", name="Delete entry"
        ).click()
        expect(page.get_by_role("heading", name="Content", exact=True)).to_be_visible()
        refresh_until(
            page, lambda: expect(page.get_by_text("No entries match.")).to_be_visible(timeout=1000)
        )


def test_editor_files_an_entry_under_a_new_subcategory_and_prunes_the_taxonomy(
    content_admin: Admin,
) -> None:
    admin = content_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        page.get_by_label("Tenant").select_option(admin.seeded.bravo)
        expect(page.get_by_label("Tenant")).to_have_value(admin.seeded.bravo)
        page.get_by_role("link", name="Taxonomy", exact=True).click()
        expect(page.get_by_text("No categories yet.")).to_be_visible()
        expect(page.get_by_label("in locale").first).to_have_value("en")

        page.get_by_label("New category name").fill("News")
        page.get_by_label("Category slug").fill("Bad Slug!")
        page.get_by_role("button", name="Add category").click()
        expect(page.locator("#category-new-slug-error")).not_to_be_empty()
        page.get_by_label("Category slug").fill("")
        page.get_by_role("button", name="Add category").click()
        expect(page.get_by_role("status")).to_have_text("Category News added.")
        page.get_by_label("New category name").fill("Local")
        page.get_by_label("under").select_option(label="News")
        page.get_by_role("button", name="Add category").click()
        expect(page.get_by_role("status")).to_have_text("Category Local added.")
        expect(page.locator('li[data-category="local"]')).to_contain_text(LOCAL)
        page.get_by_label("New tag name").fill("Engines")
        page.get_by_role("button", name="Add tag").click()
        expect(page.get_by_role("status")).to_have_text("Tag Engines added.")
        admin.screenshot(page, "taxonomy")

        page.get_by_role("button", name="Delete category News", exact=True).click()
        page.get_by_role("dialog", name="Delete category News?").get_by_role(
            "button", name="Delete category"
        ).click()
        expect(page.get_by_role("alert")).to_contain_text("children first")
        expect(page.locator('li[data-category="news"]')).to_be_visible()
        page.get_by_role("button", name="Delete tag engines").click()
        page.get_by_role("dialog", name="Delete tag engines?").get_by_role(
            "button", name="Delete tag"
        ).click()
        expect(page.get_by_role("status")).to_have_text("Tag engines deleted.")
        expect(page.get_by_text("No tags.")).to_be_visible()

        page.get_by_role("link", name="Content", exact=True).click()
        page.get_by_role("link", name="Write an entry").click()
        page.get_by_label("Title").fill("Town hall opens")
        page.get_by_label(LOCAL).check()
        page.get_by_role("button", name="Create draft").click()
        expect(page.get_by_role("heading", name="Town hall opens", level=1)).to_be_visible()
        expect(page.get_by_label(LOCAL)).to_be_checked()

        page.get_by_role("link", name="All content").click()
        page.get_by_label("Category").select_option(label=LOCAL)
        row = page.locator('tr[data-entry="town-hall-opens"]')
        refresh_until(page, lambda: expect(row).to_contain_text("draft", timeout=1000))
