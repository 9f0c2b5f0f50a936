"""content.media.api: asset lookups and uses, as entries and other modules call them."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import NotFound
from modules.content.media.api import (
    asset_path,
    get_asset,
    load_assets,
    release_asset_uses,
    set_asset_uses,
)
from modules.content.media.models import AssetUseRow
from tests.modules.content.media.media_app import MediaApp, image_bytes, local_uuid, media_app
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context

OWNER = "ContentEntry"


async def _asset(app: MediaApp, name: str = "a.png") -> uuid.UUID:
    response = await app.upload(image_bytes(), name)
    return local_uuid(response.json()["id"])


async def _uses(app: MediaApp) -> list[tuple[str, uuid.UUID]]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(AssetUseRow).where(AssetUseRow.tenant_id == app.tenant.id)
        )
        return sorted((row.field, row.asset_id) for row in rows)


async def test_set_asset_uses_replaces_the_owners_uses(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        first, second = await _asset(app), await _asset(app)
        owner, tenant_id = uuid.uuid4(), app.tenant.id
        db = app.api.state.runtime.db
        async with db.transaction(tenant_id) as session:
            uses = {"coverImage": first, "body.0": first, "body.1": second}
            await set_asset_uses(session, tenant_id, OWNER, owner, uses, app.clock.now())
        assert await _uses(app) == sorted(uses.items())
        async with db.transaction(tenant_id) as session:
            uses = {"coverImage": second, "body.0": first}
            await set_asset_uses(session, tenant_id, OWNER, owner, uses, app.clock.now())
        assert await _uses(app) == sorted(uses.items())
        async with db.transaction(tenant_id) as session:
            await release_asset_uses(session, tenant_id, OWNER, owner)
        assert await _uses(app) == []


async def test_an_unknown_or_foreign_asset_is_not_found_on_its_field(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        mine = await _asset(app)
        other = await create_tenant(app.api)
        db = app.api.state.runtime.db
        async with db.transaction(other.id) as session:
            uses = {"coverImage": uuid.uuid4()}
            with pytest.raises(NotFound) as missing:
                await set_asset_uses(session, other.id, OWNER, uuid.uuid4(), uses, app.clock.now())
            assert missing.value.field == "coverImage"
            with pytest.raises(NotFound) as foreign:
                await get_asset(session, other.id, mine, field="seo.imageId")
            assert foreign.value.field == "seo.imageId"
        async with db.transaction(app.tenant.id, readonly=True) as session:
            assert (await get_asset(session, app.tenant.id, mine)).id == mine


async def test_load_assets_returns_the_tenants_assets_by_id(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with media_app(database, tmp_path) as app:
        first, second = await _asset(app, "one.png"), await _asset(app, "two.png")
        ctx = await tenant_context(app.api.state.runtime, app.tenant)
        found = await load_assets(ctx, [first, uuid.uuid4(), second, first])
        assert {key: asset.url for key, asset in found.items()} == {
            first: asset_path(app.tenant.slug, first, "one.png"),
            second: asset_path(app.tenant.slug, second, "two.png"),
        }
        assert await load_assets(ctx, []) == {}


def test_asset_path_is_the_public_route() -> None:
    asset_id = uuid.UUID("01900000-0000-7000-8000-000000000000")
    assert asset_path("acme", asset_id, "a.png") == f"/t/acme/media/{asset_id}/a.png"
    assert asset_path("acme", asset_id, "a.png", 160) == f"/t/acme/media/{asset_id}/w160/a.png"
