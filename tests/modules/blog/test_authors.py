"""Author profiles: create, update, delete; who may; what each refusal leaves behind."""

from __future__ import annotations

import uuid

from app.auth.principal import SystemPrincipal
from app.identity.users import create_user
from app.ids import decode_global_id, encode_global_id
from app.runtime import Context
from modules.blog.models import AuthorRow
from tests.support.blog import AUTHOR_CREATE, BlogApp, blog_app, count_rows
from tests.support.databases import DatabaseTarget

UPDATE = """
mutation ($input: BlogAuthorUpdateInput!) {
  blogAuthorUpdate(input: $input) {
    author { slug displayName bio(locale: "en") links { label url } }
    errors { code field }
  }
}
"""
DELETE = "mutation ($id: ID!) { blogAuthorDelete(id: $id) { deletedId errors { code field } } }"
SOME_AUTHOR = encode_global_id("BlogAuthor", uuid.uuid4())
READ = """
query ($slug: String!) { blogAuthor(slug: $slug) { id slug displayName bio links { url } } }
"""


async def _footprint(app: BlogApp) -> tuple[int, list[str]]:
    return await count_rows(app, AuthorRow), await app.event_types()


async def test_the_manage_authors_permission_decides(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        before = await _footprint(app)
        variables = {"input": {"slug": "grace", "displayName": "Grace Hopper"}}
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (app.member("blog.edit_posts"), "PERMISSION_DENIED"),
            "member of another tenant": (
                app.api.auth.member(uuid.uuid4(), "blog.manage_authors"),
                "PERMISSION_DENIED",
            ),
        }
        for label, (token, code) in refused.items():
            for operation, values in (
                (AUTHOR_CREATE, variables),
                (UPDATE, {"input": {"id": SOME_AUTHOR, "slug": "x"}}),
                (DELETE, {"id": SOME_AUTHOR}),
            ):
                answer = await app.gql(operation, values, token=token)
                assert answer["data"] is None, label
                assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await _footprint(app) == before
        allowed = await app.gql(AUTHOR_CREATE, variables, token=app.member("blog.manage_authors"))
        assert allowed["data"]["blogAuthorCreate"]["author"]["slug"] == "grace"
        assert await app.event_types() == ["blog.author.created"]


async def test_a_profile_is_public_and_changes_with_one_event(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        author = await app.author("ada", "Ada")
        changed = await app.gql(
            UPDATE,
            {
                "input": {
                    "id": author,
                    "displayName": "Ada Lovelace",
                    "bio": [{"locale": "en", "value": "Wrote the first program."}],
                    "links": [{"label": "Site", "url": "https://ada.example"}],
                }
            },
        )
        assert changed["data"]["blogAuthorUpdate"] == {
            "author": {
                "slug": "ada",
                "displayName": "Ada Lovelace",
                "bio": "Wrote the first program.",
                "links": [{"label": "Site", "url": "https://ada.example"}],
            },
            "errors": [],
        }
        again = await app.gql(UPDATE, {"input": {"id": author, "displayName": "Ada Lovelace"}})
        assert again["data"]["blogAuthorUpdate"]["errors"] == []
        assert await app.event_types() == ["blog.author.created", "blog.author.updated"]
        assert await app.payloads("blog.author.updated") == [
            {
                "author_id": decode_global_id(author)[1],
                "changed": ["displayName", "bio", "links"],
            }
        ]
        public = await app.gql(READ, {"slug": "ada"}, token=None)
        assert public["data"]["blogAuthor"]["displayName"] == "Ada Lovelace"
        listed = await app.gql("{ blogAuthors { totalCount edges { node { slug } } } }", token=None)
        assert listed["data"]["blogAuthors"] == {
            "totalCount": 1,
            "edges": [{"node": {"slug": "ada"}}],
        }


async def test_bad_input_names_its_fields_and_writes_nothing(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        await app.author("ada")
        bad = await app.gql(
            AUTHOR_CREATE,
            {
                "input": {
                    "slug": "Not A Slug",
                    "displayName": " ",
                    "links": [{"label": "x", "url": "javascript:alert(1)"}],
                }
            },
        )
        assert [(e["code"], e["field"]) for e in bad["data"]["blogAuthorCreate"]["errors"]] == [
            ("VALIDATION", "slug"),
            ("VALIDATION", "displayName"),
            ("VALIDATION", "links.0.url"),
        ]
        taken = await app.gql(AUTHOR_CREATE, {"input": {"slug": "ada", "displayName": "Other"}})
        assert taken["data"]["blogAuthorCreate"]["errors"] == [
            {"code": "CONFLICT", "field": "slug"}
        ]
        assert await count_rows(app, AuthorRow) == 1
        assert await app.event_types() == ["blog.author.created"]


async def test_a_user_has_at_most_one_profile(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        user_id = await app.member_user()
        user = encode_global_id("User", user_id)
        first = await app.gql(
            AUTHOR_CREATE, {"input": {"slug": "a", "displayName": "A", "userId": user}}
        )
        assert first["data"]["blogAuthorCreate"]["errors"] == []
        second = await app.gql(
            AUTHOR_CREATE, {"input": {"slug": "b", "displayName": "B", "userId": user}}
        )
        assert second["data"]["blogAuthorCreate"]["errors"] == [
            {"code": "CONFLICT", "field": "userId"}
        ]
        author = first["data"]["blogAuthorCreate"]["author"]["id"]
        assert await app.payloads("blog.author.created") == [
            {"author_id": decode_global_id(author)[1], "user_id": str(user_id)}
        ]


async def test_an_author_who_signs_posts_is_not_deleted(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        author = await app.author()
        spare = await app.author("spare", "Spare")
        await app.post([author])
        refused = await app.gql(DELETE, {"id": author})
        assert refused["data"]["blogAuthorDelete"] == {
            "deletedId": None,
            "errors": [{"code": "CONFLICT", "field": "id"}],
        }
        done = await app.gql(DELETE, {"id": spare})
        assert done["data"]["blogAuthorDelete"] == {"deletedId": spare, "errors": []}
        assert await count_rows(app, AuthorRow) == 1
        assert (await app.event_types())[-1] == "blog.author.deleted"
        gone = await app.gql(DELETE, {"id": spare})
        assert gone["data"]["blogAuthorDelete"]["errors"] == [{"code": "NOT_FOUND", "field": "id"}]


async def test_editors_see_the_user_behind_a_profile(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        user_id = await app.member_user("Grace Hopper")
        created = await app.gql(
            AUTHOR_CREATE,
            {
                "input": {
                    "slug": "grace",
                    "displayName": "Admiral Grace",
                    "userId": encode_global_id("User", user_id),
                }
            },
        )
        assert created["data"]["blogAuthorCreate"]["errors"] == []
        await app.author("guest", "A Guest")
        query = "{ blogAuthors { edges { node { slug user { id kind displayName } } } } }"

        seen = await app.gql(query, token=app.member("blog.view_posts"))
        anonymous = await app.gql(query, token=None)

        users = {
            edge["node"]["slug"]: edge["node"]["user"]
            for edge in seen["data"]["blogAuthors"]["edges"]
        }
        assert users == {
            "grace": {
                "id": encode_global_id("User", user_id),
                "kind": "USER",
                "displayName": "Grace Hopper",
            },
            "guest": None,
        }
        assert [error["extensions"]["code"] for error in anonymous["errors"]] == ["UNAUTHENTICATED"]


async def test_only_a_member_of_the_site_can_own_a_profile(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        before = await _footprint(app)
        for user_id in (uuid.uuid4(), await _outsider(app)):
            body = await app.gql(
                AUTHOR_CREATE,
                {
                    "input": {
                        "slug": "x",
                        "displayName": "X",
                        "userId": encode_global_id("User", user_id),
                    }
                },
            )
            assert body["data"]["blogAuthorCreate"] == {
                "author": None,
                "errors": [{"code": "VALIDATION", "field": "userId"}],
            }
        assert await _footprint(app) == before


async def _outsider(app: BlogApp) -> uuid.UUID:
    """A user who exists but belongs to no tenant of the test."""
    ctx = Context(runtime=app.api.state.runtime, principal=SystemPrincipal())
    user = await create_user(
        ctx,
        email=f"outsider.{uuid.uuid4().hex[:8]}@example.test",
        display_name="Outsider",
        password="correct horse battery staple",
    )
    return user.id
