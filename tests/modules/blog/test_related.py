"""BlogPost.relatedPosts: live posts sharing the most tags, then the newest; batched."""

from __future__ import annotations

from typing import Any

from tests.support.blog import BlogApp, blog_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

RELATED = """
query ($slug: String!, $first: Int) {
  blogPost(slug: $slug) { relatedPosts(first: $first) { title tags { slug } } }
}
"""
LIST_RELATED = """
query ($first: Int) {
  blogPosts(first: $first) { edges { node { title relatedPosts { title authors { slug } } } } }
}
"""


async def _related(app: BlogApp, slug: str, first: int | None = None) -> dict[str, Any]:
    variables = {"slug": slug} if first is None else {"slug": slug, "first": first}
    return await app.gql(RELATED, variables, token=None)


async def test_posts_sharing_more_tags_come_first(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        ada = await app.author()
        for title, tags in (
            ("Base", ["a", "b", "c"]),
            ("Two shared", ["a", "b"]),
            ("One shared old", ["c"]),
            ("One shared new", ["a", "z"]),
            ("None shared", ["z"]),
        ):
            await app.publish(
                await app.post(
                    [ada], title=title, slug=title.replace(" ", "-").lower(), tagNames=tags
                )
            )
        await app.post([ada], title="Draft shares all", tagNames=["a", "b", "c"])
        await app.deliver()
        body = await _related(app, "base", 10)
        titles = [post["title"] for post in body["data"]["blogPost"]["relatedPosts"]]
        assert titles == ["Two shared", "One shared new", "One shared old"]
        default = await _related(app, "base")
        assert len(default["data"]["blogPost"]["relatedPosts"]) == 3
        one = await _related(app, "base", 1)
        assert [p["title"] for p in one["data"]["blogPost"]["relatedPosts"]] == ["Two shared"]
        too_many = await _related(app, "base", 11)
        assert too_many["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_related_posts_of_a_list_cost_the_same_at_any_size(
    database: DatabaseTarget,
) -> None:
    async with blog_app(database) as app:
        ada = await app.author()
        for number in range(12):
            post = await app.post([ada], title=f"Post {number}", tagNames=["all", f"t{number % 3}"])
            await app.publish(post)
        await app.deliver()
        engine = app.api.state.runtime.db.engine
        counts = []
        for size in (10, 100):
            with recorded_statements(engine) as statements:
                body = await app.gql(LIST_RELATED, {"first": size}, token=None)
            edges = body["data"]["blogPosts"]["edges"]
            assert len(edges) == min(size, 12)
            assert len(edges[0]["node"]["relatedPosts"]) == 3
            counts.append(len(statements))
        assert counts[0] == counts[1]
