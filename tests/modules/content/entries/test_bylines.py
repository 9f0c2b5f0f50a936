"""Bylines: an entry's author and a revision's saver are shown as people, by name only."""

from __future__ import annotations

import uuid

from app.auth.principal import SystemPrincipal, UserPrincipal
from app.identity.users import create_user
from app.ids import encode_global_id
from app.runtime import Context
from modules.content.permissions import PERMISSIONS
from tests.support.content import ContentApp, content_app
from tests.support.databases import DatabaseTarget

CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id } errors { code field message } }
}
"""
UPDATE = """
mutation ($input: ContentEntryUpdateInput!) {
  contentEntryUpdate(input: $input) { errors { code field message } }
}
"""
READ = """
query ($id: ID!) {
  adminContentEntry(id: $id) {
    author { id kind displayName }
    revisions { edges { node { number createdBy { id kind displayName } } } }
  }
}
"""
PUBLIC_READ = """
{ contentEntry(slug: "hello") { author { kind displayName } } }
"""
PUBLISH = """
mutation ($id: ID!) { contentEntryPublish(input: {id: $id}) { errors { code message } } }
"""


async def _editor(app: ContentApp, name: str) -> tuple[str, str]:
    runtime = app.api.state.runtime
    user = await create_user(
        Context(runtime=runtime, principal=SystemPrincipal()),
        email=f"{name.lower()}.{uuid.uuid4().hex[:8]}@example.test",
        display_name=name,
        password="correct horse battery staple",
    )
    granted = {app.tenant.id: frozenset(permission.name for permission in PERMISSIONS)}
    token = app.api.auth.issue(UserPrincipal(user_id=user.id, memberships=granted))
    return token, encode_global_id("User", user.id)


async def test_the_author_and_each_saver_are_named_people(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        ada, ada_id = await _editor(app, "Ada")
        grace, _ = await _editor(app, "Grace")
        created = await app.gql(
            CREATE, {"input": {"title": "Hello", "bodyMarkdown": "Hi."}}, token=ada
        )
        entry_id = created["data"]["contentEntryCreate"]["entry"]["id"]
        updated = await app.gql(
            UPDATE, {"input": {"id": entry_id, "title": "Hello again"}}, token=grace
        )
        assert updated["data"]["contentEntryUpdate"]["errors"] == []

        body = await app.gql(READ, {"id": entry_id})

        entry = body["data"]["adminContentEntry"]
        assert entry["author"] == {"id": ada_id, "kind": "USER", "displayName": "Ada"}
        savers = [
            (edge["node"]["number"], edge["node"]["createdBy"]["displayName"])
            for edge in entry["revisions"]["edges"]
        ]
        assert savers == [(2, "Grace"), (1, "Ada")]


async def test_anonymous_readers_see_the_authors_name_only(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        ada, _ = await _editor(app, "Ada")
        created = await app.gql(
            CREATE, {"input": {"title": "Hello", "slug": "hello", "bodyMarkdown": "Hi."}}, token=ada
        )
        entry_id = created["data"]["contentEntryCreate"]["entry"]["id"]
        published = await app.gql(PUBLISH, {"id": entry_id})
        assert published["data"]["contentEntryPublish"]["errors"] == []

        body = await app.gql(PUBLIC_READ, token=None)

        assert body == {
            "data": {"contentEntry": {"author": {"kind": "USER", "displayName": "Ada"}}}
        }


async def test_an_entry_written_by_a_vanished_user_has_no_author(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        created = await app.gql(CREATE, {"input": {"title": "Orphan", "bodyMarkdown": "Hi."}})
        entry_id = created["data"]["contentEntryCreate"]["entry"]["id"]

        body = await app.gql(READ, {"id": entry_id})

        entry = body["data"]["adminContentEntry"]
        assert entry["author"] is None
        assert entry["revisions"]["edges"][0]["node"]["createdBy"] is None
