"""The blog flow end to end over HTTP: a post in two locales goes live on time, is found,
restored to an older revision, republished, and shows in the feeds and the sitemap."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

from app.bootstrap import build_work_cycle
from tests.support.blog import BlogApp, blog_app
from tests.support.databases import DatabaseTarget

SETTINGS = """
mutation {
  moduleSettingsUpdate(input: {module: "content", settings: {
    locales: ["en", "fr"], site_url: "https://blog.example",
    url_patterns: {page: "/{locale}/{slug}", post: "/{locale}/blog/{slug}"}
  }}) { errors { code field message } }
}
"""
CREATE = """
mutation ($input: BlogPostCreateInput!) {
  blogPostCreate(input: $input) { post { id entry { id } } errors { code field message } }
}
"""
TRANSLATE = """
mutation ($input: ContentTranslationCreateInput!) {
  contentTranslationCreate(input: $input) { entry { locale slug } errors { code field } }
}
"""
PUBLISH = """
mutation ($input: BlogPostPublishInput!) {
  blogPostPublish(input: $input) { errors { code field message } }
}
"""
UPDATE = """
mutation ($input: ContentEntryUpdateInput!) {
  contentEntryUpdate(input: $input) { errors { code field } }
}
"""
REVISIONS = """
query ($id: ID!) {
  adminContentEntry(id: $id) { revisions(first: 5) { edges { node { id number title } } } }
}
"""
RESTORE = """
mutation ($id: ID!) {
  contentRevisionRestore(input: {revisionId: $id}) { entry { title } errors { code } } }
"""
SEARCH = """
query ($q: String!, $locale: String) {
  contentEntries(search: $q, locale: $locale, filter: {kind: "post"}) {
    edges { node { title } }
  }
}
"""
BLOG_SEARCH = """
query ($q: String!, $locale: String) {
  blogPosts(search: $q, locale: $locale) {
    totalCount edges { highlight node { title locale authors { slug } } }
  }
}
"""


async def _ok(app: BlogApp, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    body = await app.gql(query, variables)
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    assert payload["errors"] == [], payload
    result: dict[str, Any] = payload
    return result


async def _settle(app: BlogApp) -> None:
    cycle = build_work_cycle(app.api.state.runtime)
    while await cycle.run_once():
        pass


def _xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own response, in a test


async def test_post_schedule_search_restore_republish_feed_sitemap(
    database: DatabaseTarget,
) -> None:
    async with blog_app(database) as app:
        owner = app.member("core.manage_modules")
        assert (await app.gql(SETTINGS, token=owner))["data"]["moduleSettingsUpdate"][
            "errors"
        ] == []
        author = await app.author()
        created = await _ok(
            app,
            CREATE,
            {
                "input": {
                    "title": "Winter market",
                    "bodyMarkdown": "Stalls open at dawn.",
                    "authorIds": [author],
                }
            },
        )
        post_id, entry_id = created["post"]["id"], created["post"]["entry"]["id"]
        await _ok(
            app,
            TRANSLATE,
            {
                "input": {
                    "entryId": entry_id,
                    "locale": "fr",
                    "title": "Marché d'hiver",
                    "bodyMarkdown": "Les étals ouvrent à l'aube.",
                }
            },
        )
        at = app.clock.now() + timedelta(hours=2)
        for locale in ("en", "fr"):
            await _ok(
                app,
                PUBLISH,
                {"input": {"id": post_id, "locale": locale, "publishAt": at.isoformat()}},
            )
        await _settle(app)
        assert (await app.gql(SEARCH, {"q": "market"}, token=None))["data"]["contentEntries"][
            "edges"
        ] == []
        app.clock.advance(timedelta(hours=2, seconds=1))
        await _settle(app)
        found = await app.gql(SEARCH, {"q": "market"}, token=None)
        assert found["data"]["contentEntries"]["edges"] == [{"node": {"title": "Winter market"}}]
        french = await app.gql(SEARCH, {"q": "aube", "locale": "fr"}, token=None)
        assert len(french["data"]["contentEntries"]["edges"]) == 1
        posts = (await app.gql(BLOG_SEARCH, {"q": "stalls"}, token=None))["data"]["blogPosts"]
        assert posts["totalCount"] == 1
        [edge] = posts["edges"]
        assert edge["node"] == {
            "title": "Winter market",
            "locale": "en",
            "authors": [{"slug": "ada"}],
        }
        assert "<mark>Stalls</mark>" in edge["highlight"]
        french_posts = await app.gql(BLOG_SEARCH, {"q": "aube", "locale": "fr"}, token=None)
        assert french_posts["data"]["blogPosts"]["totalCount"] == 1
        await _ok(
            app, UPDATE, {"input": {"id": entry_id, "locale": "en", "title": "Spring market"}}
        )
        revisions = (await app.gql(REVISIONS, {"id": entry_id}))["data"]["adminContentEntry"]
        first = revisions["revisions"]["edges"][-1]["node"]
        assert (first["number"], first["title"]) == (1, "Winter market")
        restored = await _ok(app, RESTORE, {"id": first["id"]})
        assert restored["entry"]["title"] == "Winter market"
        await _ok(app, PUBLISH, {"input": {"id": post_id, "locale": "en"}})
        await _settle(app)
        feed = await app.api.client.get(f"/t/{app.tenant.slug}/feeds/blog/en/rss.xml")
        assert feed.status_code == 200, feed.text
        titles = [item.findtext("title") for item in _xml(feed.content).iter("item")]
        assert titles == ["Winter market"]
        again = (await app.gql(BLOG_SEARCH, {"q": "market"}, token=None))["data"]["blogPosts"]
        assert [edge["node"]["title"] for edge in again["edges"]] == ["Winter market"]
        sitemap = await app.api.client.get(f"/t/{app.tenant.slug}/sitemap.xml")
        namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
        urls = sorted(
            element.text or "" for element in _xml(sitemap.content).iter(f"{namespace}loc")
        )
        assert urls == [
            "https://blog.example/en/blog/winter-market",
            "https://blog.example/fr/blog/marche-d-hiver",
        ]
