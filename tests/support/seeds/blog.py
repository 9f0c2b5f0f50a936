"""Seed steps of the blog module: an author, a published post, an approved and a pending comment."""

from __future__ import annotations

from tests.support.seeding import Seeding, SeedStep

__all__ = ["STEPS"]

_AUTHOR = """
mutation ($input: BlogAuthorCreateInput!) {
  blogAuthorCreate(input: $input) { author { id } errors { code message } }
}
"""
_POST = """
mutation ($input: BlogPostCreateInput!) {
  blogPostCreate(input: $input) { post { id } errors { code message } }
}
"""
_PUBLISH = """
mutation ($input: BlogPostPublishInput!) {
  blogPostPublish(input: $input) { errors { code message } }
}
"""
_COMMENT = """
mutation ($input: BlogCommentCreateInput!) {
  blogCommentCreate(input: $input) { comment { id } errors { code message } }
}
"""
_MODERATE = """
mutation ($input: BlogCommentModerateInput!) {
  blogCommentModerate(input: $input) { errors { code message } }
}
"""


async def _comment(seeding: Seeding, post_id: str, label: str) -> str:
    created = await seeding.call(
        _COMMENT,
        {
            "input": {
                "postId": post_id,
                "body": f"Comment {seeding.text(label)}",
                "guestName": seeding.text(f"{label}-guest"),
                "guestEmail": f"{seeding.text(label)}@example.test",
            }
        },
    )
    comment_id: str = created["comment"]["id"]
    return comment_id


async def _blog(seeding: Seeding) -> None:
    author = await seeding.call(
        _AUTHOR, {"input": {"slug": seeding.text("ada"), "displayName": seeding.text("Ada")}}
    )
    post = await seeding.call(
        _POST,
        {
            "input": {
                "title": seeding.text("post"),
                "bodyMarkdown": f"Words of {seeding.text('post')}.",
                "authorIds": [author["author"]["id"]],
                "tagNames": [seeding.text("blog-tag")],
            }
        },
    )
    post_id = post["post"]["id"]
    await seeding.call(_PUBLISH, {"input": {"id": post_id}})
    await seeding.runtime.dispatcher.drain()
    approved = await _comment(seeding, post_id, "approved")
    await seeding.call(_MODERATE, {"input": {"ids": [approved], "status": "APPROVED"}})
    await _comment(seeding, post_id, "pending")
    await seeding.runtime.dispatcher.drain()


STEPS: tuple[SeedStep, ...] = (SeedStep("blog", "posts", _blog),)
