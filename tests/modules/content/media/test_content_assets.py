"""contentAssets: newest first, search, type filter, paging, guarded fields, fixed cost."""

from __future__ import annotations

import uuid
from pathlib import Path

from app.auth.principal import SystemPrincipal, UserPrincipal
from app.identity.users import create_user
from app.ids import encode_global_id
from app.runtime import Context
from modules.content.media.api import set_asset_uses
from tests.modules.content.media.media_app import (
    MANAGE,
    VIEW,
    MediaApp,
    image_bytes,
    local_uuid,
    media_app,
    pdf_bytes,
)
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

LIST = """
query ($search: String, $type: String, $first: Int, $after: String) {
  contentAssets(search: $search, contentType: $type, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { filename contentType } }
  }
}
"""
FULL = """
query ($first: Int) {
  contentAssets(first: $first) {
    edges {
      node {
        id filename url altText createdAt
        renditions { width url }
        uses { ownerId ownerType field }
        uploadedBy { kind displayName }
      }
    }
  }
}
"""


async def _fill(app: MediaApp) -> None:
    for name, data in (
        ("Holiday.png", image_bytes("PNG")),
        ("holiday-2.jpg", image_bytes("JPEG")),
        ("invoice.pdf", pdf_bytes()),
    ):
        assert (await app.upload(data, name)).status_code == 201


def _names(body: dict[str, object]) -> list[str]:
    data = body["data"]
    assert isinstance(data, dict)
    return [edge["node"]["filename"] for edge in data["contentAssets"]["edges"]]


async def test_assets_list_newest_first_with_search_and_type_filters(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        await _fill(app)
        assert _names(await app.gql(LIST)) == ["invoice.pdf", "holiday-2.jpg", "Holiday.png"]
        assert _names(await app.gql(LIST, {"search": "HOLI"})) == ["holiday-2.jpg", "Holiday.png"]
        assert _names(await app.gql(LIST, {"search": "%"})) == []
        assert _names(await app.gql(LIST, {"type": "image/"})) == ["holiday-2.jpg", "Holiday.png"]
        assert _names(await app.gql(LIST, {"type": "application/pdf"})) == ["invoice.pdf"]
        first = (await app.gql(LIST, {"first": 2}))["data"]["contentAssets"]
        assert (first["totalCount"], first["pageInfo"]["hasNextPage"]) == (3, True)
        rest = await app.gql(LIST, {"first": 2, "after": first["pageInfo"]["endCursor"]})
        assert _names(rest) == ["Holiday.png"]


async def test_listing_needs_view_media_and_uses_are_shown(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        asset_id = (await app.upload(image_bytes(), "a.png")).json()["id"]
        owner = uuid.uuid4()
        db = app.api.state.runtime.db
        async with db.transaction(app.tenant.id) as session:
            uses = {"coverImage": local_uuid(asset_id)}
            await set_asset_uses(
                session, app.tenant.id, "ContentEntry", owner, uses, app.clock.now()
            )
        for token, code in ((None, "UNAUTHENTICATED"), (app.member(MANAGE), "PERMISSION_DENIED")):
            body = await app.gql(LIST, token=token)
            assert [e["extensions"]["code"] for e in body["errors"]] == [code]
        body = await app.gql(FULL, {"first": 5}, token=app.member(VIEW))
        [edge] = body["data"]["contentAssets"]["edges"]
        assert edge["node"]["uses"] == [
            {
                "ownerId": encode_global_id("ContentEntry", owner),
                "ownerType": "ContentEntry",
                "field": "coverImage",
            }
        ]


async def test_the_statement_count_does_not_grow_with_the_page(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        for index in range(12):
            await app.upload(image_bytes(size=(8 + index, 8)), f"f{index}.png")
        engine = app.api.state.runtime.db.engine
        counts = []
        for first in (10, 100):
            token = app.member(VIEW)
            with recorded_statements(engine) as statements:
                body = await app.gql(FULL, {"first": first}, token=token)
            assert "errors" not in body, body
            counts.append(len(statements))
        assert counts[0] == counts[1], counts


async def test_the_uploader_is_shown_by_name_to_media_viewers(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        user = await create_user(
            Context(runtime=app.api.state.runtime, principal=SystemPrincipal()),
            email=f"uploader.{uuid.uuid4().hex[:8]}@example.test",
            display_name="Margaret",
            password="correct horse battery staple",
        )
        granted = {app.tenant.id: frozenset({MANAGE, VIEW})}
        token = app.api.auth.issue(UserPrincipal(user_id=user.id, memberships=granted))
        assert (await app.upload(image_bytes(), "m.png", token=token)).status_code == 201
        assert (await app.upload(image_bytes(), "n.png")).status_code == 201

        body = await app.gql(FULL, {"first": 5}, token=app.member(VIEW))

        uploaders = [edge["node"]["uploadedBy"] for edge in body["data"]["contentAssets"]["edges"]]
        assert uploaders == [None, {"kind": "USER", "displayName": "Margaret"}]
