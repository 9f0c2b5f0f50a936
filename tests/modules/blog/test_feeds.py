"""RSS and Atom feeds: the newest published posts of a locale, with absolute links."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

from tests.support.blog import BlogApp, blog_app
from tests.support.databases import DatabaseTarget

ATOM = "{http://www.w3.org/2005/Atom}"
SETTINGS = """
mutation ($m: String!, $s: JSON!) {
  moduleSettingsUpdate(input: {module: $m, settings: $s}) { errors { code field } }
}
"""
PUBLISH = "mutation ($id: ID!) { blogPostPublish(input: {id: $id}) { errors { code } } }"
SITE = {
    "site_url": "https://example.com",
    "url_patterns": {"page": "/{locale}/{slug}", "post": "/{locale}/blog/{slug}"},
}


def _xml(body: bytes) -> ET.Element:
    return ET.fromstring(body)  # noqa: S314 - our own response, in a test


async def _settings(app: BlogApp, module: str, values: dict[str, Any]) -> None:
    token = app.member("core.manage_modules")
    body = await app.gql(SETTINGS, {"m": module, "s": values}, token=token)
    assert body["data"]["moduleSettingsUpdate"]["errors"] == []


async def _published(app: BlogApp, authors: list[str], title: str, slug: str) -> str:
    post = await app.post(authors, title=title, slug=slug)
    body = await app.gql(PUBLISH, {"id": post})
    assert body["data"]["blogPostPublish"]["errors"] == []
    app.clock.advance(timedelta(minutes=1))
    return post


async def _site(app: BlogApp) -> None:
    ada, bob = await app.author("ada", "Ada"), await app.author("bob", "Bob")
    await _published(app, [ada], "First", "first")
    await _published(app, [bob], "Second", "second")
    await _published(app, [ada, bob], "Third", "third")
    await app.post([ada], title="Draft", slug="draft")
    await app.deliver()  # feeds read the read model


async def test_no_feed_without_a_site_url(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _site(app)
        response = await app.api.client.get(f"/t/{app.tenant.slug}/feeds/blog/en/rss.xml")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"
        assert response.json()["error"]["field"] == "site_url"


async def test_rss_lists_the_newest_published_posts(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _site(app)
        await _settings(app, "content", SITE)
        await _settings(app, "blog", {"feed_item_count": 2, "feed_title": "News"})
        response = await app.api.client.get(f"/t/{app.tenant.slug}/feeds/blog/en/rss.xml")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/rss+xml")
        channel = _xml(response.content).find("channel")
        assert channel is not None
        assert channel.findtext("title") == "News"
        assert channel.findtext("language") == "en"
        items = [
            (item.findtext("title"), item.findtext("link"), item.findtext("description"))
            for item in channel.findall("item")
        ]
        assert items == [
            ("Third", "https://example.com/en/blog/third", "Some words here."),
            ("Second", "https://example.com/en/blog/second", "Some words here."),
        ]
        etag = response.headers["etag"]
        again = await app.api.client.get(
            f"/t/{app.tenant.slug}/feeds/blog/en/rss.xml", headers={"if-none-match": etag}
        )
        assert again.status_code == 304


async def test_atom_names_the_authors_and_filters_by_one(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _site(app)
        await _settings(app, "content", SITE)
        response = await app.api.client.get(f"/t/{app.tenant.slug}/feeds/blog/en/atom.xml")
        assert response.status_code == 200
        root = _xml(response.content)
        assert root.findtext(f"{ATOM}title") == app.tenant.slug.title()
        entries = [
            (
                entry.findtext(f"{ATOM}title"),
                entry.find(f"{ATOM}link").get("href"),  # type: ignore[union-attr]
                [author.findtext(f"{ATOM}name") for author in entry.findall(f"{ATOM}author")],
            )
            for entry in root.findall(f"{ATOM}entry")
        ]
        assert entries == [
            ("Third", "https://example.com/en/blog/third", ["Ada", "Bob"]),
            ("Second", "https://example.com/en/blog/second", ["Bob"]),
            ("First", "https://example.com/en/blog/first", ["Ada"]),
        ]
        bob = await app.api.client.get(
            f"/t/{app.tenant.slug}/feeds/blog/en/atom.xml", params={"author": "bob"}
        )
        titles = [e.findtext(f"{ATOM}title") for e in _xml(bob.content).iter(f"{ATOM}entry")]
        assert titles == ["Third", "Second"]


async def test_an_unknown_locale_has_no_feed(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _settings(app, "content", SITE)
        response = await app.api.client.get(f"/t/{app.tenant.slug}/feeds/blog/xx/rss.xml")
        assert (response.status_code, response.json()["error"]["field"]) == (404, "locale")
        empty = await app.api.client.get(f"/t/{app.tenant.slug}/feeds/blog/en/rss.xml")
        channel = _xml(empty.content).find("channel")
        assert channel is not None
        assert channel.findall("item") == []


async def test_feeds_filter_by_category_and_tag(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _settings(app, "content", SITE)
        ada = await app.author("ada", "Ada")
        news = await app.category("News")
        local = await app.category("Local", parent=news)
        for title, extra in (
            ("Filed below", {"categoryIds": [local], "tagNames": ["lamps"]}),
            ("Filed at the top", {"categoryIds": [news]}),
            ("Unfiled", {"tagNames": ["lamps", "night"]}),
        ):
            await _published(app, [ada], title, title.lower().replace(" ", "-"))
            post = await app.post([ada], title=f"{title} too", **extra)
            await app.publish(post)
        await app.deliver()
        path = f"/t/{app.tenant.slug}/feeds/blog/en/rss.xml"

        async def titles(**params: str) -> list[str | None]:
            response = await app.api.client.get(path, params=params)
            assert response.status_code == 200, response.text
            return [item.findtext("title") for item in _xml(response.content).iter("item")]

        assert await titles(category="news") == ["Filed at the top too", "Filed below too"]
        assert await titles(category="local") == ["Filed below too"]
        assert await titles(tag="lamps") == ["Unfiled too", "Filed below too"]
        assert await titles(tag="night", category="news") == []
        assert await titles(tag="no-such-tag") == []
        assert len(await titles(author="ada")) == 6
