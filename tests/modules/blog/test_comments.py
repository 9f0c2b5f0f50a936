"""Comments: who may post, the moderation modes, threads, the rate limit, moderation."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from app.auth.principal import CustomerPrincipal, SystemPrincipal
from app.ids import decode_global_id, encode_global_id
from app.jobs.declarations import JobContext
from app.runtime import Context
from modules.blog.jobs import PURGE_SPAM
from modules.blog.models import AuthorRow, CommentRow
from tests.support.blog import BlogApp, blog_app, count_rows
from tests.support.databases import DatabaseTarget

CREATE = """
mutation ($input: BlogCommentCreateInput!) {
  blogCommentCreate(input: $input) {
    comment { id authorName isGuest body bodyHtml }
    errors { code field }
  }
}
"""
MODERATE = """
mutation ($input: BlogCommentModerateInput!) {
  blogCommentModerate(input: $input) { comments { id status } errors { code field } }
}
"""
THREAD = """
query ($slug: String!) {
  blogPost(slug: $slug) {
    commentCount
    comments { totalCount edges { node { body replies { totalCount } } } }
  }
}
"""
QUEUE = """
query ($status: [BlogCommentStatus!]) {
  adminBlogComments(filter: {status: $status}) {
    totalCount edges { node { body status guestEmail clientHash } }
  }
}
"""
SETTINGS = """
mutation ($s: JSON!) {
  moduleSettingsUpdate(input: {module: "blog", settings: $s}) { errors { code field } }
}
"""
PUBLISH = "mutation ($id: ID!) { blogPostPublish(input: {id: $id}) { errors { code } } }"
GUEST = {"guestName": "Guest", "guestEmail": "guest@example.com"}


async def _live_post(app: BlogApp, **fields: Any) -> str:
    ada = await app.gql(
        "mutation ($i: BlogAuthorCreateInput!) { blogAuthorCreate(input: $i) { author { id } } }",
        {
            "i": {
                "slug": "ada",
                "displayName": "Ada",
                "userId": encode_global_id("User", await app.member_user()),
            }
        },
    )
    post = await app.post([ada["data"]["blogAuthorCreate"]["author"]["id"]], slug="p", **fields)
    assert (await app.gql(PUBLISH, {"id": post}))["data"]["blogPostPublish"]["errors"] == []
    return post


async def _byline_user(app: BlogApp) -> uuid.UUID | None:
    """Return the user behind the profile ``ada`` that _live_post signs with."""
    async with app.api.state.runtime.db.transaction(app.tenant.id, readonly=True) as session:
        return await session.scalar(
            select(AuthorRow.user_id).where(
                AuthorRow.tenant_id == app.tenant.id, AuthorRow.slug == "ada"
            )
        )


async def _settings(app: BlogApp, values: dict[str, Any]) -> None:
    body = await app.gql(SETTINGS, {"s": values}, token=app.member("core.manage_modules"))
    assert body["data"]["moduleSettingsUpdate"]["errors"] == []


async def _comment(
    app: BlogApp, post: str, body: str, token: str | None = None, **extra: Any
) -> dict[str, Any]:
    values = {"postId": post, "body": body, **extra}
    if token is None:
        values = {**GUEST, **values}
    answer = await app.gql(CREATE, {"input": values}, token=token)
    payload: dict[str, Any] = answer["data"]["blogCommentCreate"]
    return payload


def _customer(app: BlogApp) -> tuple[str, uuid.UUID]:
    customer_id = uuid.uuid4()
    token = app.api.auth.issue(CustomerPrincipal(customer_id=customer_id, tenant_id=app.tenant.id))
    return token, customer_id


async def test_a_guest_comment_waits_for_a_moderator(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await _live_post(app)
        created = await _comment(app, post, "Nice <b>post</b>\nsee https://x.example/a")
        assert created["errors"] == []
        comment = created["comment"]
        assert (comment["authorName"], comment["isGuest"]) == ("Guest", True)
        assert comment["bodyHtml"] == (
            "Nice &lt;b&gt;post&lt;/b&gt;<br>\nsee "
            '<a href="https://x.example/a" rel="nofollow ugc">https://x.example/a</a>'
        )
        thread = await app.gql(THREAD, {"slug": "p"}, token=None)
        assert thread["data"]["blogPost"]["commentCount"] == 0
        queue = await app.gql(QUEUE, {"status": ["PENDING"]})
        node = queue["data"]["adminBlogComments"]["edges"][0]["node"]
        assert (node["status"], node["guestEmail"], len(node["clientHash"])) == (
            "PENDING",
            "guest@example.com",
            64,
        )
        moderated = await app.gql(
            MODERATE, {"input": {"ids": [comment["id"]], "status": "APPROVED"}}
        )
        assert moderated["data"]["blogCommentModerate"] == {
            "comments": [{"id": comment["id"], "status": "APPROVED"}],
            "errors": [],
        }
        thread = await app.gql(THREAD, {"slug": "p"}, token=None)
        assert thread["data"]["blogPost"]["commentCount"] == 1
        assert thread["data"]["blogPost"]["comments"]["totalCount"] == 1
        assert await app.event_types("blog.comment.") == [
            "blog.comment.created",
            "blog.comment.approved",
        ]
        comment_id = decode_global_id(comment["id"])[1]
        assert await app.payloads("blog.comment.approved") == [
            {
                "comment_id": comment_id,
                "post_id": decode_global_id(post)[1],
                "parent_id": None,
                "author": None,
                "parent_author": None,
                "post_author_user_ids": [str(await _byline_user(app))],
            }
        ]


async def test_the_modes_decide_the_first_status(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await _live_post(app)
        token, customer_id = _customer(app)
        await _settings(app, {"moderation": "first_time"})
        first = await _comment(app, post, "First", token)
        assert first["comment"]["isGuest"] is False
        await app.gql(MODERATE, {"input": {"ids": [first["comment"]["id"]], "status": "APPROVED"}})
        await _comment(app, post, "Second", token)
        await _comment(app, post, "A guest", None)
        await _settings(app, {"moderation": "none", "comment_max_links": 1})
        await _comment(app, post, "Open", None)
        await _comment(app, post, "http://a.example http://b.example", None)
        queue = await app.gql(QUEUE, {"status": None})
        statuses = [
            (edge["node"]["body"], edge["node"]["status"])
            for edge in queue["data"]["adminBlogComments"]["edges"]
        ]
        assert statuses == [
            ("http://a.example http://b.example", "PENDING"),
            ("Open", "APPROVED"),
            ("A guest", "PENDING"),
            ("Second", "APPROVED"),
            ("First", "APPROVED"),
        ]
        created = await app.payloads("blog.comment.created")
        assert created[0]["author"] == {"kind": "customer", "id": str(customer_id)}


async def test_replies_go_one_level_deep_under_approved_comments(
    database: DatabaseTarget,
) -> None:
    async with blog_app(database) as app:
        post = await _live_post(app)
        await _settings(app, {"moderation": "none"})
        top = (await _comment(app, post, "Top"))["comment"]["id"]
        reply = await _comment(app, post, "Reply", parentId=top)
        assert reply["errors"] == []
        deeper = await _comment(app, post, "Deeper", parentId=reply["comment"]["id"])
        assert deeper["errors"] == [{"code": "VALIDATION", "field": "parentId"}]
        thread = await app.gql(THREAD, {"slug": "p"}, token=None)
        edges = thread["data"]["blogPost"]["comments"]["edges"]
        assert [(e["node"]["body"], e["node"]["replies"]["totalCount"]) for e in edges] == [
            ("Top", 1)
        ]
        assert (await app.payloads("blog.comment.approved"))[1]["parent_id"] == decode_global_id(
            top
        )[1]


async def test_refused_comments_leave_nothing(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await _live_post(app)
        switch = (
            "mutation ($i: BlogPostUpdateInput!) { blogPostUpdate(input: $i) { errors { code } } }"
        )
        await app.gql(switch, {"i": {"id": post, "commentsEnabled": False}})
        closed = await _comment(app, post, "Hi")
        assert closed["errors"] == [{"code": "VALIDATION", "field": "postId"}]
        await app.gql(switch, {"i": {"id": post, "commentsEnabled": True}})
        draft = await app.post([await app.author("bob", "Bob")], title="Draft")
        unpublished = await _comment(app, draft, "Hi")
        assert unpublished["errors"] == [{"code": "VALIDATION", "field": "postId"}]
        empty = await _comment(app, post, "   ")
        assert empty["errors"] == [{"code": "VALIDATION", "field": "body"}]
        nameless = await _comment(app, post, "Hi", guestEmail="not-an-email")
        assert nameless["errors"] == [{"code": "VALIDATION", "field": "guestEmail"}]
        unknown = await _comment(app, encode_global_id("BlogPost", uuid.uuid4()), "Hi")
        assert unknown["errors"] == [{"code": "VALIDATION", "field": "postId"}]
        await _settings(app, {"guest_comments": False})
        guest = await app.gql(
            CREATE, {"input": {"postId": post, "body": "Hi", **GUEST}}, token=None
        )
        assert [e["extensions"]["code"] for e in guest["errors"]] == ["UNAUTHENTICATED"]
        assert await count_rows(app, CommentRow) == 0
        assert await app.event_types("blog.comment.") == []


async def test_posting_is_rate_limited(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await _live_post(app)
        await _settings(app, {"comment_rate_per_hour": 2})
        token, _customer_id = _customer(app)
        for body in ("one", "two"):
            assert (await _comment(app, post, body, token))["errors"] == []
        third = await app.gql(CREATE, {"input": {"postId": post, "body": "three"}}, token=token)
        assert [e["extensions"]["code"] for e in third["errors"]] == ["RATE_LIMITED"]
        assert await count_rows(app, CommentRow) == 2


async def test_moderation_needs_its_permission(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await _live_post(app)
        comment = (await _comment(app, post, "Hello"))["comment"]["id"]
        customer, _customer_id = _customer(app)
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "customer": (customer, "PERMISSION_DENIED"),
            "member without it": (app.member("blog.view_posts"), "PERMISSION_DENIED"),
            "member of another tenant": (
                app.api.auth.member(uuid.uuid4(), "blog.moderate_comments"),
                "PERMISSION_DENIED",
            ),
        }
        moderate = {"input": {"ids": [comment], "status": "SPAM"}}
        for label, (token, code) in refused.items():
            for operation, variables in ((MODERATE, moderate), (QUEUE, {"status": None})):
                answer = await app.gql(operation, variables, token=token)
                assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types("blog.comment.") == ["blog.comment.created"]
        allowed = await app.gql(MODERATE, moderate, token=app.member("blog.moderate_comments"))
        assert allowed["data"]["blogCommentModerate"]["errors"] == []
        assert await app.event_types("blog.comment.") == [
            "blog.comment.created",
            "blog.comment.marked_spam",
        ]


async def _purge(app: BlogApp) -> None:
    """Run the purge job now (not through the work cycle: its periods are shared by the run)."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction() as session:
        system = Context(runtime=runtime, principal=SystemPrincipal())
        job = JobContext(session=session, context=system, tenant_id=None, now=app.clock.now())
        await PURGE_SPAM.run(job)


async def test_spam_is_purged_after_its_retention(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await _live_post(app)
        spam = (await _comment(app, post, "Buy now"))["comment"]["id"]
        kept = (await _comment(app, post, "Fine"))["comment"]["id"]
        await app.gql(MODERATE, {"input": {"ids": [spam], "status": "SPAM"}})
        await _purge(app)
        assert await count_rows(app, CommentRow) == 2
        app.clock.advance(timedelta(days=31))
        await _purge(app)
        assert await count_rows(app, CommentRow) == 1
        assert await app.payloads("blog.comment.deleted") == [
            {"comment_id": decode_global_id(spam)[1], "post_id": decode_global_id(post)[1]}
        ]
        assert kept != spam
