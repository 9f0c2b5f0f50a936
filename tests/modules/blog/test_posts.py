"""Posts: create (entry and blog row together), update, delete; who may; what refusals leave."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from app.ids import decode_global_id, encode_global_id
from modules.blog import posts
from modules.blog.models import PostAuthorRow, PostRow
from modules.content.entries.models import EntryRow
from tests.support.blog import POST_CREATE, BlogApp, blog_app, count_rows
from tests.support.databases import DatabaseTarget

UPDATE = """
mutation ($input: BlogPostUpdateInput!) {
  blogPostUpdate(input: $input) {
    post { title isFeatured commentsEnabled authors { slug } }
    errors { code field }
  }
}
"""
DELETE = "mutation ($id: ID!) { blogPostDelete(id: $id) { deletedId errors { code field } } }"

Inputs = Callable[[str, str], dict[str, Any]]
CASES: list[tuple[str, str, str, Inputs]] = [
    (
        "blogPostCreate",
        "BlogPostCreateInput",
        "blog.edit_posts",
        lambda _post, author: {"input": {"title": "New", "authorIds": [author]}},
    ),
    (
        "blogPostUpdate",
        "BlogPostUpdateInput",
        "blog.edit_posts",
        lambda post, _author: {"input": {"id": post, "title": "Changed"}},
    ),
    (
        "blogPostPublish",
        "BlogPostPublishInput",
        "blog.publish_posts",
        lambda post, _author: {"input": {"id": post}},
    ),
    (
        "blogPostUnpublish",
        "BlogPostRefInput",
        "blog.publish_posts",
        lambda post, _author: {"input": {"id": post}},
    ),
    (
        "blogPostArchive",
        "BlogPostRefInput",
        "blog.publish_posts",
        lambda post, _author: {"input": {"id": post}},
    ),
]
ALL = ("blog.edit_posts", "blog.publish_posts", "blog.delete_posts", "blog.view_posts")


async def _footprint(app: BlogApp) -> tuple[int, int, int, list[str]]:
    return (
        await count_rows(app, EntryRow),
        await count_rows(app, PostRow),
        await count_rows(app, PostAuthorRow),
        await app.event_types(),
    )


def _refusals(app: BlogApp, permission: str) -> dict[str, tuple[str | None, str]]:
    others = [name for name in ALL if name != permission]
    return {
        "anonymous": (None, "UNAUTHENTICATED"),
        "member without the permission": (app.member(*others), "PERMISSION_DENIED"),
        "member of another tenant": (
            app.api.auth.member(uuid.uuid4(), permission),
            "PERMISSION_DENIED",
        ),
    }


@pytest.mark.parametrize(("name", "input_type", "permission", "inputs"), CASES)
async def test_the_permission_decides(
    database: DatabaseTarget, name: str, input_type: str, permission: str, inputs: Inputs
) -> None:
    async with blog_app(database) as app:
        author = await app.author()
        post = await app.post([author])
        before = await _footprint(app)
        operation = (
            f"mutation ($input: {input_type}!) {{ {name}(input: $input) {{ errors {{ code }} }} }}"
        )
        for label, (token, code) in _refusals(app, permission).items():
            answer = await app.gql(operation, inputs(post, author), token=token)
            assert answer["data"] is None, label
            assert [error["extensions"]["code"] for error in answer["errors"]] == [code], label
        assert await _footprint(app) == before
        allowed = await app.gql(operation, inputs(post, author), token=app.member(permission))
        assert "errors" not in allowed, allowed  # ran: any refusal is a typed payload error


async def test_deleting_needs_the_delete_permission(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        post = await app.post([await app.author()])
        before = await _footprint(app)
        for label, (token, code) in _refusals(app, "blog.delete_posts").items():
            answer = await app.gql(DELETE, {"id": post}, token=token)
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await _footprint(app) == before
        done = await app.gql(DELETE, {"id": post}, token=app.member("blog.delete_posts"))
        assert done["data"]["blogPostDelete"] == {"deletedId": post, "errors": []}
        assert (await count_rows(app, EntryRow), await count_rows(app, PostRow)) == (0, 0)
        assert await count_rows(app, PostAuthorRow) == 0
        await app.deliver()
        assert await app.payloads("blog.post.deleted") == [{"post_id": decode_global_id(post)[1]}]


async def test_creating_writes_the_entry_the_post_and_both_events(
    database: DatabaseTarget,
) -> None:
    async with blog_app(database) as app:
        ada, bob = await app.author("ada"), await app.author("bob", "Bob")
        body = await app.gql(
            POST_CREATE,
            {
                "input": {
                    "title": "First light",
                    "bodyMarkdown": "Hello **world**.",
                    "authorIds": [bob, ada],
                    "isFeatured": True,
                }
            },
        )
        payload = body["data"]["blogPostCreate"]
        assert payload["errors"] == []
        post = payload["post"]
        assert post["title"] == "First light"
        assert post["slug"] == "first-light"
        assert (post["locale"], post["isFeatured"], post["commentsEnabled"]) == ("en", True, True)
        assert [author["slug"] for author in post["authors"]] == ["bob", "ada"]
        assert await app.event_types() == [
            "blog.author.created",
            "blog.author.created",
            "content.entry.created",
            "blog.post.created",
        ]
        assert await app.payloads("blog.post.created") == [
            {
                "post_id": decode_global_id(post["id"])[1],
                "locale": "en",
                "author_ids": [decode_global_id(bob)[1], decode_global_id(ada)[1]],
            }
        ]


async def test_a_post_needs_authors_of_its_own_tenant(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        ada = await app.author()
        before = await _footprint(app)
        foreign = encode_global_id("BlogAuthor", uuid.uuid4())
        cases = [
            ([], [("VALIDATION", "authorIds")]),
            ([ada, foreign], [("NOT_FOUND", "authorIds.1")]),
            ([ada, ada], [("VALIDATION", "authorIds.1")]),
        ]
        for authors, expected in cases:
            body = await app.gql(POST_CREATE, {"input": {"title": "x", "authorIds": authors}})
            errors = body["data"]["blogPostCreate"]["errors"]
            assert [(e["code"], e["field"]) for e in errors] == expected, authors
        missing = await app.gql(POST_CREATE, {"input": {"title": "x"}})
        assert missing["data"]["blogPostCreate"]["errors"][0]["field"] == "authorIds"
        bad_body = await app.gql(
            POST_CREATE, {"input": {"authorIds": [ada], "bodyMarkdown": "no title"}}
        )
        assert [(e["code"], e["field"]) for e in bad_body["data"]["blogPostCreate"]["errors"]] == [
            ("VALIDATION", "title")
        ]
        assert await _footprint(app) == before


async def test_a_failed_blog_row_takes_the_entry_back(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with blog_app(database) as app:
        ada = await app.author()

        async def broken(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("the blog row could not be written")

        monkeypatch.setattr(posts, "_write_post", broken)
        body = await app.gql(POST_CREATE, {"input": {"title": "Doomed", "authorIds": [ada]}})
        assert body["data"] is None
        assert (await count_rows(app, EntryRow), await count_rows(app, PostRow)) == (0, 0)
        assert await app.event_types() == [
            "blog.author.created",
            "content.entry.created",
            "content.entry.deleted",
        ]
        await app.deliver()
        assert await app.event_types("blog.post.") == []  # never a post: nothing to announce


async def test_updating_changes_content_and_blog_fields_in_one_event(
    database: DatabaseTarget,
) -> None:
    async with blog_app(database) as app:
        ada, bob = await app.author("ada"), await app.author("bob", "Bob")
        post = await app.post([ada])
        body = await app.gql(
            UPDATE,
            {
                "input": {
                    "id": post,
                    "title": "Renamed",
                    "authorIds": [bob],
                    "commentsEnabled": False,
                }
            },
        )
        assert body["data"]["blogPostUpdate"] == {
            "post": {
                "title": "Renamed",
                "isFeatured": False,
                "commentsEnabled": False,
                "authors": [{"slug": "bob"}],
            },
            "errors": [],
        }
        assert await app.payloads("blog.post.updated") == [
            {
                "post_id": decode_global_id(post)[1],
                "locale": "en",
                "changed": ["title", "commentsEnabled", "authorIds"],
            }
        ]
        unchanged = await app.gql(UPDATE, {"input": {"id": post, "title": "Renamed"}})
        assert unchanged["data"]["blogPostUpdate"]["errors"] == []
        flag = await app.gql(UPDATE, {"input": {"id": post, "isFeatured": True}})
        assert flag["data"]["blogPostUpdate"]["post"]["isFeatured"] is True
        assert (await app.payloads("blog.post.updated"))[1:] == [
            {"post_id": decode_global_id(post)[1], "locale": None, "changed": ["isFeatured"]}
        ]


async def test_a_page_is_not_a_post(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        page = await app.gql(
            'mutation { contentEntryCreate(input: {title: "About"}) { entry { id } } }'
        )
        entry = page["data"]["contentEntryCreate"]["entry"]["id"]
        as_post = encode_global_id("BlogPost", decode_global_id(entry)[1])
        body = await app.gql(UPDATE, {"input": {"id": as_post, "title": "Hijack"}})
        assert body["data"]["blogPostUpdate"] == {
            "post": None,
            "errors": [{"code": "NOT_FOUND", "field": "id"}],
        }
        gone = await app.gql(DELETE, {"id": as_post})
        assert gone["data"]["blogPostDelete"]["errors"] == [{"code": "NOT_FOUND", "field": "id"}]
        assert await count_rows(app, EntryRow) == 1
