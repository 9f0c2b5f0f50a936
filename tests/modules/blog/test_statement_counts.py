"""Blog's list fields send as many SQL statements for a page of 10 as for a page of 100."""

from __future__ import annotations

from typing import Any

from tests.support.blog import BlogApp, blog_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

SETTINGS = """
mutation ($s: JSON!) {
  moduleSettingsUpdate(input: {module: "blog", settings: $s}) { errors { code field } }
}
"""
COMMENT = """
mutation ($input: BlogCommentCreateInput!) {
  blogCommentCreate(input: $input) { comment { id } errors { code field } }
}
"""
PUBLISH = "mutation ($id: ID!) { blogPostPublish(input: {id: $id}) { errors { code } } }"
THREAD = """
query ($first: Int) {
  blogPost(slug: "p") {
    comments(first: $first) {
      edges { node { body authorName bodyHtml replies { totalCount edges { node { body } } } } }
    }
  }
}
"""
QUEUE = """
query ($first: Int) {
  adminBlogComments(first: $first) { totalCount edges { node { body status post { title } } } }
}
"""
AUTHORS = """
query ($first: Int) {
  blogAuthors(first: $first) { totalCount edges { node { slug displayName avatar { url } } } }
}
"""
COUNT = 12


async def _fill(app: BlogApp) -> None:
    settings = {"moderation": "none", "comment_rate_per_hour": 1000}
    changed = await app.gql(SETTINGS, {"s": settings}, token=app.member("core.manage_modules"))
    assert changed["data"]["moduleSettingsUpdate"]["errors"] == []
    authors = [await app.author(f"writer-{number}", f"Writer {number}") for number in range(COUNT)]
    post = await app.post(authors[:2], slug="p")
    assert (await app.gql(PUBLISH, {"id": post}))["data"]["blogPostPublish"]["errors"] == []
    guest = {"guestName": "Guest", "guestEmail": "guest@example.com"}
    for number in range(COUNT):
        made = await app.gql(
            COMMENT, {"input": {**guest, "postId": post, "body": f"Comment {number}"}}, token=None
        )
        parent = made["data"]["blogCommentCreate"]["comment"]["id"]
        reply = {**guest, "postId": post, "parentId": parent, "body": f"Reply {number}"}
        answered = await app.gql(COMMENT, {"input": reply}, token=None)
        assert answered["data"]["blogCommentCreate"]["errors"] == []


async def _counts(app: BlogApp, query: str, token: str | None, root: str) -> list[int]:
    engine = app.api.state.runtime.db.engine
    counts = []
    for first in (10, 100):
        with recorded_statements(engine) as statements:
            body: dict[str, Any] = await app.gql(query, {"first": first}, token=token)
        assert "errors" not in body, body
        data = body["data"][root]
        edges = (data["comments"] if root == "blogPost" else data)["edges"]
        assert len(edges) == min(first, COUNT if root != "adminBlogComments" else 2 * COUNT)
        counts.append(len(statements))
    return counts


async def test_every_blog_list_field_costs_the_same_at_10_and_100(
    database: DatabaseTarget,
) -> None:
    async with blog_app(database) as app:
        await _fill(app)
        moderator = app.member("blog.moderate_comments")
        for query, token, root in (
            (THREAD, None, "blogPost"),
            (QUEUE, moderator, "adminBlogComments"),
            (AUTHORS, None, "blogAuthors"),
        ):
            small, large = await _counts(app, query, token, root)
            assert small == large, (root, small, large)
        queue = await app.gql(QUEUE, {"first": 100}, token=moderator)
        nodes = [edge["node"] for edge in queue["data"]["adminBlogComments"]["edges"]]
        assert {node["post"]["title"] for node in nodes} == {"Hello"}
        assert sorted(node["body"] for node in nodes)[:2] == ["Comment 0", "Comment 1"]
        thread = await app.gql(THREAD, {"first": 100}, token=None)
        replies = [
            [reply["node"]["body"] for reply in edge["node"]["replies"]["edges"]]
            for edge in thread["data"]["blogPost"]["comments"]["edges"]
        ]
        assert replies == [[f"Reply {number}"] for number in range(COUNT)]


AUTHORS_WITH_POSTS = """
query ($first: Int) {
  blogAuthors(first: $first) {
    edges { node { slug posts(first: 2) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { title } }
    } } }
  }
}
"""
ONE_AUTHOR = """
query ($slug: String!, $after: String) {
  blogAuthor(slug: $slug) {
    posts(first: 2, after: $after) { pageInfo { hasPreviousPage } edges { node { title } } }
  }
}
"""


async def test_each_listed_authors_posts_come_in_one_batch(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        for number in range(COUNT):
            author = await app.author(f"writer-{number:02}", f"Writer {number}")
            for copy in range(number % 3 + 1):
                post = await app.post([author], title=f"W{number} post {copy}")
                await app.publish(post)
        await app.deliver()
        engine = app.api.state.runtime.db.engine
        counts, answers = [], []
        for first in (10, 100):
            with recorded_statements(engine) as statements:
                body = await app.gql(AUTHORS_WITH_POSTS, {"first": first}, token=None)
            assert "errors" not in body, body
            counts.append(len(statements))
            answers.append(body["data"]["blogAuthors"]["edges"])

        assert counts[0] == counts[1], counts
        by_slug = {edge["node"]["slug"]: edge["node"]["posts"] for edge in answers[1]}
        for number in range(COUNT):
            posts = by_slug[f"writer-{number:02}"]
            made = number % 3 + 1
            newest = [f"W{number} post {copy}" for copy in reversed(range(made))]
            assert posts["totalCount"] == made
            assert [edge["node"]["title"] for edge in posts["edges"]] == newest[:2]
            assert posts["pageInfo"]["hasNextPage"] is (made > 2)
        busy = by_slug["writer-02"]["pageInfo"]["endCursor"]
        rest = await app.gql(ONE_AUTHOR, {"slug": "writer-02", "after": busy}, token=None)
        page = rest["data"]["blogAuthor"]["posts"]
        assert [edge["node"]["title"] for edge in page["edges"]] == ["W2 post 0"]
        assert page["pageInfo"]["hasPreviousPage"] is True
