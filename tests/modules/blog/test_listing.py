"""blogPosts and adminBlogPosts: from the read model, filtered, searched, sorted, paged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.blog import BlogApp, blog_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

NODE = """
id title slug excerpt locale isFeatured commentCount readingTimeMinutes publishedAt
authors { slug displayName } categories { slug name } tags { slug name }
"""
LIST = """
query ($filter: BlogPostFilter, $search: String, $sort: BlogPostSort, $locale: String,
       $first: Int, $after: String, $last: Int, $before: String) {
  blogPosts(filter: $filter, search: $search, sort: $sort, locale: $locale,
            first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor highlight node { NODE } }
  }
}
""".replace("NODE", NODE)
ADMIN = """
query ($filter: AdminBlogPostFilter, $first: Int, $search: String) {
  adminBlogPosts(filter: $filter, first: $first, search: $search) {
    totalCount edges { node { title status publishAt pendingCommentCount } }
  }
}
"""
SINGLE = "query ($slug: String!) { blogPost(slug: $slug) { NODE } }".replace("NODE", NODE)
AUTHOR_POSTS = """
query ($slug: String!) {
  blogAuthor(slug: $slug) { posts(first: 10) { totalCount edges { node { title } } } }
}
"""


async def _site(app: BlogApp) -> dict[str, str]:
    ada, bob = await app.author("ada", "Ada"), await app.author("bob", "Bob")
    news = await app.category("News")
    local = await app.category("Local", parent=news)
    made = {"ada": ada, "bob": bob, "news": news, "local": local}
    for title, authors, extra in (
        ("Kettles", [ada], {"tagNames": ["copper"], "categoryIds": [news]}),
        ("Lanterns", [bob], {"tagNames": ["brass", "night"], "categoryIds": [local]}),
        ("Anvils", [ada, bob], {"tagNames": ["brass"], "isFeatured": True}),
    ):
        body = f"All about {title.lower()}: brass and iron, made by hand in the old way."
        made[title] = await app.post(authors, title=title, bodyMarkdown=body, **extra)
        await app.publish(made[title])
    await app.post([ada], title="Secret draft", tagNames=["brass"])
    await app.deliver()
    return made


async def _list(app: BlogApp, **variables: Any) -> dict[str, Any]:
    body = await app.gql(LIST, variables, token=None)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["blogPosts"]
    return result


def _titles(listed: dict[str, Any]) -> list[str]:
    return [edge["node"]["title"] for edge in listed["edges"]]


async def test_the_public_list_shows_live_posts_pre_shaped(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _site(app)
        listed = await _list(app)
        assert listed["totalCount"] == 3
        assert _titles(listed) == ["Anvils", "Lanterns", "Kettles"]
        lanterns = listed["edges"][1]["node"]
        assert lanterns["authors"] == [{"slug": "bob", "displayName": "Bob"}]
        assert lanterns["categories"] == [{"slug": "local", "name": "Local"}]
        assert lanterns["tags"] == [
            {"slug": "brass", "name": "brass"},
            {"slug": "night", "name": "night"},
        ]
        assert (lanterns["commentCount"], lanterns["readingTimeMinutes"]) == (0, 1)
        single = await app.gql(SINGLE, {"slug": lanterns["slug"]}, token=None)
        assert single["data"]["blogPost"] == lanterns


async def test_filters_narrow_the_list(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        made = await _site(app)
        tags = await app.gql("{ contentTags(first: 10) { edges { node { id slug } } } }")
        brass = next(
            e["node"]["id"]
            for e in tags["data"]["contentTags"]["edges"]
            if e["node"]["slug"] == "brass"
        )
        cases = [
            ({"categoryId": made["news"]}, ["Lanterns", "Kettles"]),
            ({"categoryId": made["local"]}, ["Lanterns"]),
            ({"tagId": brass}, ["Anvils", "Lanterns"]),
            ({"authorId": made["ada"]}, ["Anvils", "Kettles"]),
            ({"isFeatured": True}, ["Anvils"]),
            ({"month": "2026-11"}, ["Anvils", "Lanterns", "Kettles"]),
            ({"month": "2026-10"}, []),
            ({"publishedFrom": "2026-11-26T09:01:00Z"}, ["Anvils", "Lanterns"]),
            ({"publishedTo": "2026-11-26T09:01:00Z"}, ["Kettles"]),
        ]
        for given, expected in cases:
            assert _titles(await _list(app, filter=given)) == expected, given
        admin = await app.gql(ADMIN, {"filter": {"status": ["DRAFT"]}})
        assert admin["data"]["adminBlogPosts"] == {
            "totalCount": 1,
            "edges": [
                {
                    "node": {
                        "title": "Secret draft",
                        "status": "DRAFT",
                        "publishAt": None,
                        "pendingCommentCount": 0,
                    }
                }
            ],
        }


async def test_search_highlights_and_sorts(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _site(app)
        found = await _list(app, search="lanterns")
        assert _titles(found) == ["Lanterns"]
        assert "<mark>lanterns</mark>" in found["edges"][0]["highlight"]
        assert (await _list(app, search="brass"))["totalCount"] == 3
        editors = await app.gql(ADMIN, {"search": "secret"})
        assert editors["data"]["adminBlogPosts"]["totalCount"] == 1
        by_title = await _list(app, sort={"field": "TITLE"})
        assert _titles(by_title) == ["Anvils", "Kettles", "Lanterns"]
        backwards = await _list(app, sort={"field": "TITLE", "direction": "DESC"})
        assert _titles(backwards) == ["Lanterns", "Kettles", "Anvils"]
        oldest = await _list(app, sort={"field": "PUBLISHED_AT", "direction": "ASC"})
        assert _titles(oldest) == ["Kettles", "Lanterns", "Anvils"]


async def test_pages_follow_their_cursors_both_ways(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _site(app)
        first = await _list(app, first=2)
        assert _titles(first) == ["Anvils", "Lanterns"]
        assert first["pageInfo"]["hasNextPage"] is True
        rest = await _list(app, first=2, after=first["pageInfo"]["endCursor"])
        assert (_titles(rest), rest["pageInfo"]["hasPreviousPage"]) == (["Kettles"], True)
        before = await _list(app, last=2, before=rest["pageInfo"]["startCursor"])
        assert _titles(before) == ["Anvils", "Lanterns"]
        assert _titles(await _list(app, last=1)) == ["Kettles"]


async def test_bad_input_is_refused_with_its_field(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _site(app)
        cases: list[tuple[dict[str, Any], str, str | None]] = [
            ({"locale": "xx"}, "VALIDATION", "locale"),
            ({"filter": {"month": "2026-13"}}, "VALIDATION", "filter.month"),
            ({"sort": {"field": "RELEVANCE"}}, "VALIDATION", "sort"),
            ({"after": "not-a-cursor"}, "BAD_REQUEST", None),
            ({"first": 101}, "BAD_REQUEST", None),
            ({"filter": {"tagId": "bm90LWFuLWlk"}}, "VALIDATION", "filter.tagId"),
        ]
        for variables, code, field in cases:
            body = await app.gql(LIST, variables, token=None)
            [error] = body["errors"]
            assert (error["extensions"]["code"], error["extensions"].get("field")) == (
                code,
                field,
            ), variables


async def test_an_author_lists_their_posts(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await _site(app)
        body = await app.gql(AUTHOR_POSTS, {"slug": "ada"}, token=None)
        posts = body["data"]["blogAuthor"]["posts"]
        assert posts["totalCount"] == 2
        assert [edge["node"]["title"] for edge in posts["edges"]] == ["Anvils", "Kettles"]


async def test_a_list_costs_the_same_statements_at_10_and_100(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        ada = await app.author("ada", "Ada")
        news = await app.category("News")
        for number in range(12):
            post = await app.post(
                [ada],
                title=f"Post {number}",
                bodyMarkdown="Some words.",
                categoryIds=[news],
                tagNames=[f"tag {number}", "all"],
            )
            await app.publish(post)
        app.clock.advance(timedelta(minutes=1))
        await app.deliver()
        engine = app.api.state.runtime.db.engine
        counts: dict[str, list[int]] = {"public": [], "searched": [], "admin": []}
        for size in (10, 100):
            for name, query, variables, token in (
                ("public", LIST, {"first": size, "filter": {"categoryId": news}}, None),
                ("searched", LIST, {"first": size, "search": "words"}, None),
                ("admin", ADMIN, {"first": size}, app.editor),
            ):
                with recorded_statements(engine) as statements:
                    body = await app.gql(query, variables, token=token)
                assert "errors" not in body, body
                counts[name].append(len(statements))
        assert all(first == second for first, second in counts.values()), counts
