"""Reading posts: the public sees live posts only; editors see working copies; reading time."""

from __future__ import annotations

from app.ids import decode_global_id, encode_global_id
from tests.support.blog import blog_app
from tests.support.databases import DatabaseTarget

PUBLIC = """
query ($slug: String!, $locale: String) {
  blogPost(slug: $slug, locale: $locale) {
    id title slug locale isFallback readingTimeMinutes isFeatured commentsEnabled
    excerpt bodyHtml authors { slug displayName } entry { id kind }
  }
}
"""
ADMIN = """
query ($id: ID!) { adminBlogPost(id: $id) { title status publishAt readingTimeMinutes } }
"""
PUBLISH = "mutation ($id: ID!) { blogPostPublish(input: {id: $id}) { errors { code } } }"
UPDATE = """
mutation ($id: ID!, $title: String!) {
  blogPostUpdate(input: {id: $id, title: $title}) { errors { code } }
}
"""


async def test_the_public_sees_the_published_revision(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await app.post([await app.author()], title="Live", slug="live")
        draft = await app.gql(PUBLIC, {"slug": "live"}, token=None)
        assert draft["data"]["blogPost"] is None
        await app.gql(PUBLISH, {"id": post})
        await app.gql(UPDATE, {"id": post, "title": "Not yet"})
        public = await app.gql(PUBLIC, {"slug": "live"}, token=None)
        entry_id = decode_global_id(post)[1]
        assert public["data"]["blogPost"] == {
            "id": post,
            "title": "Live",
            "slug": "live",
            "locale": "en",
            "isFallback": False,
            "readingTimeMinutes": 1,
            "isFeatured": False,
            "commentsEnabled": True,
            "excerpt": "Some words here.",
            "bodyHtml": "<p>Some words here.</p>",
            "authors": [{"slug": "ada", "displayName": "Ada Lovelace"}],
            "entry": {"id": encode_global_id("ContentEntry", entry_id), "kind": "post"},
        }
        admin = await app.gql(ADMIN, {"id": post})
        assert admin["data"]["adminBlogPost"] == {
            "title": "Not yet",
            "status": "PUBLISHED",
            "publishAt": None,
            "readingTimeMinutes": 1,
        }


async def test_reading_time_rounds_up_at_the_sites_speed(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        words = " ".join(["word"] * 231)
        post = await app.post([await app.author()], bodyMarkdown=words)
        admin = await app.gql(ADMIN, {"id": post})
        assert admin["data"]["adminBlogPost"]["readingTimeMinutes"] == 2  # 231 / 230 → 2
        settings = (
            'mutation ($s: JSON!) { moduleSettingsUpdate(input: {module: "blog", '
            "settings: $s}) { errors { code field } } }"
        )
        changed = await app.gql(
            settings, {"s": {"words_per_minute": 300}}, token=app.member("core.manage_modules")
        )
        assert changed["data"]["moduleSettingsUpdate"]["errors"] == []
        admin = await app.gql(ADMIN, {"id": post})
        assert admin["data"]["adminBlogPost"]["readingTimeMinutes"] == 1


async def test_a_page_is_not_served_as_a_post(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        created = await app.gql(
            'mutation { contentEntryCreate(input: {title: "About", slug: "about"}) '
            "{ entry { id } } }"
        )
        entry = created["data"]["contentEntryCreate"]["entry"]["id"]
        publish = (
            "mutation ($id: ID!) { contentEntryPublish(input: {id: $id}) { errors { code } } }"
        )
        await app.gql(publish, {"id": entry})
        assert (await app.gql(PUBLIC, {"slug": "about"}, token=None))["data"]["blogPost"] is None
        as_post = encode_global_id("BlogPost", decode_global_id(entry)[1])
        assert (await app.gql(ADMIN, {"id": as_post}))["data"]["adminBlogPost"] is None


async def test_working_copies_need_the_view_permission(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await app.post([await app.author()])
        for token, code in (
            (None, "UNAUTHENTICATED"),
            (app.member("blog.edit_posts"), "PERMISSION_DENIED"),
        ):
            answer = await app.gql(ADMIN, {"id": post}, token=token)
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code]
        status = "query ($s: String!) { blogPost(slug: $s) { status } }"
        guarded = await app.gql(status, {"s": "hello"}, token=None)
        assert [e["extensions"]["code"] for e in guarded["errors"]] == ["UNAUTHENTICATED"]
        allowed = await app.gql(ADMIN, {"id": post}, token=app.member("blog.view_posts"))
        assert allowed["data"]["adminBlogPost"]["status"] == "DRAFT"
