"""Blog posts in the admin SPA, in Chromium against the real app with the product's modules."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import Admin, BrowserSession, admin_app
from tests.support.databases import DatabaseTarget


@pytest.fixture
def blog_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """The app with the installed modules; blog (and content, which it needs) on in bravo."""
    with admin_app(database, browser_session, installed=True) as running:
        running.enable_in_bravo("blog")
        yield running


def _listed(page: Page, check: Callable[[], None]) -> None:
    """Refresh the list until ``check`` passes: it is a read model, updated once indexed."""
    deadline = time.monotonic() + 10
    while True:
        page.get_by_role("button", name="Refresh").click()
        try:
            check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        else:
            return


def _open_blog(admin: Admin, page: Page) -> None:
    page.get_by_label("Tenant").select_option(admin.seeded.bravo)
    expect(page.get_by_label("Tenant")).to_have_value(admin.seeded.bravo)
    page.get_by_role("link", name="Blog", exact=True).click()
    expect(page.get_by_role("heading", name="Blog posts")).to_be_visible()


def _write_post(page: Page) -> None:
    page.get_by_role("link", name="Write a post").click()
    expect(page.get_by_role("heading", name="Write a post")).to_be_visible()
    page.get_by_label("Byline name").fill("Ada Lovelace")
    page.get_by_label("Profile slug").fill("ada")
    page.get_by_role("button", name="Add author").click()
    expect(page.get_by_role("status")).to_have_text("Author Ada Lovelace added.")

    page.get_by_label("Title", exact=True).fill("Engines of thought")
    page.get_by_label("Slug", exact=True).fill("Engines Of Thought!")
    page.get_by_label("Body (Markdown)").fill("The engine *weaves* algebraic patterns.")
    page.get_by_label("Ada Lovelace").check()
    page.get_by_label("Add tags").fill("history, computing")
    page.get_by_role("button", name="Create draft").click()
    slug = page.get_by_label("Slug", exact=True)
    expect(page.locator("#post-new-slug-error")).to_contain_text("lowercase letters")
    expect(slug).to_have_attribute("aria-invalid", "true")

    slug.fill("engines-of-thought")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", name="Engines of thought", level=1)).to_be_visible()
    expect(page.get_by_test_id("post-status")).to_have_text("draft")
    expect(page.get_by_label("history")).to_be_checked()


def test_editor_fixes_a_bad_slug_publishes_the_post_and_deletes_it(blog_admin: Admin) -> None:
    admin = blog_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        _open_blog(admin, page)
        expect(page.get_by_text("No posts match.")).to_be_visible()
        _write_post(page)
        admin.screenshot(page, "blog-post")

        page.get_by_role("button", name="Delete post").click()
        dialog = page.get_by_role("dialog", name="Delete Engines of thought?")
        dialog.get_by_role("button", name="Cancel").click()
        expect(dialog).to_be_hidden()

        page.get_by_role("button", name="Publish now").click()
        expect(page.get_by_role("status")).to_have_text("Post published.")
        expect(page.get_by_test_id("post-status")).to_have_text("published")
        expect(page.get_by_role("button", name="Delete post")).to_be_disabled()

        page.get_by_role("link", name="All posts").click()
        row = page.locator('tr[data-post="engines-of-thought"]')
        _listed(page, lambda: expect(row).to_contain_text("published", timeout=1000))
        expect(row).to_contain_text("Ada Lovelace")
        expect(row).to_contain_text("#computing")
        page.get_by_label("Status").select_option("DRAFT")
        expect(page.get_by_text("No posts match.")).to_be_visible()
        page.get_by_label("Status").select_option("")
        page.get_by_label("Words").fill("engine")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_text("1 post", exact=True)).to_be_visible()
        admin.screenshot(page, "blog-posts")

        row.get_by_role("link", name="Engines of thought").click()
        page.get_by_role("button", name="Unpublish").click()
        expect(page.get_by_role("status")).to_have_text("Post taken offline.")
        page.get_by_role("button", name="Delete post").click()
        page.get_by_role("dialog", name="Delete Engines of thought?").get_by_role(
            "button", name="Delete post"
        ).click()
        expect(page.get_by_role("heading", name="Blog posts")).to_be_visible()
        _listed(
            page, lambda: expect(page.get_by_text("No posts match.")).to_be_visible(timeout=1000)
        )


def test_viewer_sees_posts_but_no_write_buttons(blog_admin: Admin) -> None:
    admin = blog_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        expect(page.get_by_label("Tenant")).to_have_value(admin.seeded.bravo)
        nav = page.get_by_role("navigation", name="Main")
        nav.get_by_role("link", name="Blog", exact=True).click()
        expect(page.get_by_role("heading", name="Blog posts")).to_be_visible()
        expect(page.get_by_role("link", name="Write a post")).to_have_count(0)
