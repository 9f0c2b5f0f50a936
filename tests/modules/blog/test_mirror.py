"""Handler blog.mirror_entry_workflow: content's workflow events of posts, as blog's, once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.ids import decode_global_id, encode_global_id
from app.jobs.declarations import DelayedJob
from app.jobs.runner import JobRunner, OwnedJob
from tests.support.blog import AUTHOR_CREATE, BlogApp, blog_app
from tests.support.databases import DatabaseTarget

STEP = """
mutation ($input: %(input)s!) {
  %(name)s(input: $input) { post { entry { status } } errors { code field } }
}
"""
INPUTS = {
    "blogPostPublish": "BlogPostPublishInput",
    "blogPostUnpublish": "BlogPostRefInput",
    "blogPostArchive": "BlogPostRefInput",
}


async def _step(app: BlogApp, name: str, post: str, **extra: Any) -> dict[str, Any]:
    operation = STEP % {"name": name, "input": INPUTS[name]}
    body = await app.gql(operation, {"input": {"id": post, **extra}})
    payload: dict[str, Any] = body["data"][name]
    return payload


async def test_publishing_is_announced_once_with_the_byline(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        user_id = str(await app.member_user())
        made = await app.gql(
            AUTHOR_CREATE,
            {
                "input": {
                    "slug": "ada",
                    "displayName": "Ada",
                    "userId": encode_global_id("User", user_id),
                }
            },
        )
        ada = made["data"]["blogAuthorCreate"]["author"]["id"]
        guest = await app.author("guest", "Guest writer")
        post = await app.post([guest, ada], title="Launch")
        published = await _step(app, "blogPostPublish", post)
        assert published == {"post": {"entry": {"status": "PUBLISHED"}}, "errors": []}
        await app.deliver()
        await app.deliver()
        assert await app.payloads("blog.post.published") == [
            {
                "post_id": decode_global_id(post)[1],
                "locale": "en",
                "slug": "launch",
                "published_at": app.clock.now().isoformat().replace("+00:00", "Z"),
                "is_first_publication": True,
                "author_ids": [decode_global_id(guest)[1], decode_global_id(ada)[1]],
                "author_user_ids": [user_id],
            }
        ]


async def test_every_workflow_step_is_mirrored(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await app.post([await app.author()], title="Steps")
        await _step(app, "blogPostPublish", post)
        await _step(app, "blogPostUnpublish", post)
        await _step(app, "blogPostArchive", post)
        refused = await _step(app, "blogPostArchive", post)
        assert refused["errors"] == [{"code": "CONFLICT", "field": "id"}]
        await app.deliver()
        post_id = decode_global_id(post)[1]
        assert await app.event_types("blog.post.") == [
            "blog.post.created",
            "blog.post.published",
            "blog.post.unpublished",
            "blog.post.archived",
        ]
        assert await app.payloads("blog.post.unpublished") == [
            {"post_id": post_id, "locale": "en", "slug": "steps"}
        ]
        assert await app.payloads("blog.post.archived") == [{"post_id": post_id, "locale": "en"}]


async def test_a_scheduled_post_is_announced_when_content_publishes_it(
    database: DatabaseTarget,
) -> None:
    async with blog_app(database) as app:
        post = await app.post([await app.author()], title="Later")
        at = app.clock.now() + timedelta(hours=1)
        scheduled = await _step(app, "blogPostPublish", post, publishAt=at.isoformat())
        assert scheduled["post"] == {"entry": {"status": "SCHEDULED"}}
        runtime = app.api.state.runtime
        # Delayed jobs only: periodic runs are shared by the whole test run, and claiming them
        # at a moved clock would hold other tests' periodic jobs back.
        delayed = [
            OwnedJob(module.name, job)
            for module in runtime.registry.modules
            for job in module.jobs
            if isinstance(job, DelayedJob)
        ]
        app.clock.advance(timedelta(hours=1, seconds=1))
        await JobRunner(runtime, delayed).run_due()
        await app.deliver()
        assert await app.event_types("blog.post.") == [
            "blog.post.created",
            "blog.post.scheduled",
            "blog.post.published",
        ]
        assert await app.payloads("blog.post.scheduled") == [
            {
                "post_id": decode_global_id(post)[1],
                "locale": "en",
                "publish_at": at.isoformat().replace("+00:00", "Z"),
            }
        ]


async def test_pages_are_not_mirrored(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        created = await app.gql(
            'mutation { contentEntryCreate(input: {title: "About"}) { entry { id } } }'
        )
        entry = created["data"]["contentEntryCreate"]["entry"]["id"]
        publish = (
            "mutation ($id: ID!) { contentEntryPublish(input: {id: $id}) { errors { code } } }"
        )
        assert (await app.gql(publish, {"id": entry}))["data"]["contentEntryPublish"] == {
            "errors": []
        }
        await app.deliver()
        assert await app.event_types("blog.") == []
