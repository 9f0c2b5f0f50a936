"""Blog posts in the admin SPA, in Chromium against the real app with the product's modules."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import TABLET, Admin, BrowserSession, admin_app
from tests.browser.refresh import refresh_until
from tests.support.databases import DatabaseTarget


@pytest.fixture
def blog_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """The app with the installed modules; blog (and content, which it needs) on in bravo."""
    with admin_app(database, browser_session, installed=True) as running:
        running.enable_in_bravo("blog")
        yield running


def _guest_comment(admin: Admin, post_id: str, name: str, body: str) -> None:
    """Post a guest's comment on a live post, as a visitor of the site would."""
    query = """
    mutation ($input: BlogCommentCreateInput!) {
      blogCommentCreate(input: $input) { comment { id } errors { code field message } }
    }
    """
    values = {"postId": post_id, "body": body, "guestName": name, "guestEmail": "g@example.test"}
    answer = admin.graphql(query, {"input": values})
    assert answer["blogCommentCreate"]["errors"] == [], answer


def _moderate(admin: Admin, page: Page, post_id: str) -> None:
    _guest_comment(admin, post_id, "Grace", "A fine account of the engine.")
    _guest_comment(admin, post_id, "Spammer", "Cheap watches here.")
    page.get_by_role("link", name="Comments", exact=True).click()
    expect(page.get_by_role("heading", name="Comments")).to_be_visible()
    expect(page.get_by_label("Status")).to_have_value("PENDING")
    expect(page.get_by_text("2 comments", exact=True)).to_be_visible()
    grace = page.locator('tr[data-comment="Grace"]')
    expect(grace).to_contain_text("Engines of thought")
    admin.screenshot(page, "blog-comments")
    page.get_by_role("button", name="Approve the comment by Grace").click()
    expect(page.get_by_role("status")).to_have_text("The comment by Grace was approved.")
    page.get_by_role("button", name="Mark as spam the comment by Spammer").click()
    expect(page.get_by_role("status")).to_have_text("The comment by Spammer was marked as spam.")
    expect(page.get_by_text("No comments here.")).to_be_visible()
    page.get_by_label("Status").select_option("SPAM")
    spam = page.locator('tr[data-comment="Spammer"]')
    expect(spam).to_contain_text("spam")
    spam.get_by_role("button", name="Delete the comment by Spammer").click()
    dialog = page.get_by_role("dialog", name="Delete the comment by Spammer?")
    dialog.get_by_role("button", name="Delete comment").click()
    expect(page.get_by_role("status")).to_have_text("The comment by Spammer was deleted.")
    page.get_by_label("Status").select_option("APPROVED")
    expect(grace).to_contain_text("approved")


def _open_blog(admin: Admin, page: Page) -> None:
    admin.switch_to_bravo(page)
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


def test_editor_fixes_a_bad_slug_publishes_moderates_comments_and_deletes_the_post(
    blog_admin: Admin,
) -> None:
    admin = blog_admin
    with admin.page(TABLET) as page:
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
        post_id = urllib.parse.unquote(page.url.rsplit("/", 1)[1])
        _moderate(admin, page, post_id)
        page.get_by_role("link", name="Blog", exact=True).click()

        row = page.locator('tr[data-post="engines-of-thought"]')
        refresh_until(page, lambda: expect(row).to_contain_text("published", timeout=1000))
        expect(row).to_contain_text("Ada Lovelace")
        expect(row).to_contain_text("#computing")
        page.get_by_label("Status").select_option("DRAFT")
        expect(page.get_by_text("No posts match.")).to_be_visible()
        page.get_by_label("Status").select_option("")
        page.get_by_label("Words").fill("engine")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_text("1 post", exact=True)).to_be_visible()
        page.get_by_label("Author").select_option(label="Ada Lovelace")
        expect(row).to_contain_text("Ada Lovelace")
        admin.screenshot(page, "blog-posts")
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]

        row.get_by_role("link", name="Engines of thought").click()
        page.get_by_role("button", name="Unpublish").click()
        expect(page.get_by_role("status")).to_have_text("Post taken offline.")
        page.get_by_role("button", name="Delete post").click()
        page.get_by_role("dialog", name="Delete Engines of thought?").get_by_role(
            "button", name="Delete post"
        ).click()
        expect(page.get_by_role("heading", name="Blog posts")).to_be_visible()
        refresh_until(
            page, lambda: expect(page.get_by_text("No posts match.")).to_be_visible(timeout=1000)
        )


def test_viewer_sees_posts_but_no_write_link_nor_comments(blog_admin: Admin) -> None:
    admin = blog_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        expect(page.get_by_label("Tenant")).to_have_value(admin.seeded.bravo)
        nav = page.get_by_role("navigation", name="Main")
        nav.get_by_role("link", name="Blog", exact=True).click()
        expect(page.get_by_role("heading", name="Blog posts")).to_be_visible()
        expect(page.get_by_role("link", name="Write a post")).to_have_count(0)
        expect(nav.get_by_role("link", name="Comments", exact=True)).to_have_count(0)
