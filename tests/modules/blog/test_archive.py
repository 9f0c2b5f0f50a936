"""blogArchive: months with live posts in a locale, newest first, counted by the projection."""

from __future__ import annotations

from datetime import timedelta

from tests.support.blog import blog_app
from tests.support.databases import DatabaseTarget

ARCHIVE = "query ($locale: String) { blogArchive(locale: $locale) { month postCount } }"
UNPUBLISH = "mutation ($id: ID!) { blogPostUnpublish(input: {id: $id}) { errors { code } } }"


async def test_the_archive_counts_live_posts_per_month(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        ada = await app.author()
        november = [await app.post([ada], title=f"November {n}") for n in range(2)]
        for post in november:
            await app.publish(post)
        app.clock.advance(timedelta(days=40))
        january = await app.post([ada], title="January")
        await app.publish(january)
        await app.post([ada], title="Draft")
        await app.deliver()
        body = await app.gql(ARCHIVE, token=None)
        assert body["data"]["blogArchive"] == [
            {"month": "2027-01", "postCount": 1},
            {"month": "2026-11", "postCount": 2},
        ]
        await app.gql(UNPUBLISH, {"id": january})
        await app.deliver()
        body = await app.gql(ARCHIVE, {"locale": "en"}, token=None)
        assert body["data"]["blogArchive"] == [{"month": "2026-11", "postCount": 2}]


async def test_an_unknown_locale_is_refused(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        body = await app.gql(ARCHIVE, {"locale": "xx"}, token=None)
        [error] = body["errors"]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (
            "VALIDATION",
            "locale",
        )
