"""The app with content enabled and media stored in a temporary folder, plus sample files."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import func, select

from app.clock import FrozenClock
from app.events.models import EventRow
from modules.content.media.models import AssetRow
from tests.conftest import make_registry, make_settings
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.content import local_uuid
from tests.support.databases import DatabaseTarget

__all__ = [
    "MANAGE",
    "VIEW",
    "MediaApp",
    "Stored",
    "image_bytes",
    "local_uuid",
    "media_app",
    "pdf_bytes",
    "stored_files",
]

MANAGE = "content.manage_media"
VIEW = "content.view_media"
_SETTINGS_UPDATE = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (64, 32)) -> bytes:
    """Return a real image of ``size`` encoded as ``image_format``."""
    mode = "RGB" if image_format == "JPEG" else "RGBA"
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 40, 90) if mode == "RGB" else (200, 40, 90, 255)).save(
        buffer, format=image_format
    )
    return buffer.getvalue()


def stored_files(root: Path) -> list[str]:
    """Return the keys of every file under ``root``, sorted."""
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def pdf_bytes() -> bytes:
    """Return a real one-page PDF."""
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PDF")
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Stored:
    """What one tenant has stored: asset rows, content.asset events, files on disk."""

    assets: int
    events: int
    files: int


@dataclass(slots=True)
class MediaApp:
    """The running app, its clock, a tenant with content enabled, and the media folder."""

    api: RunningApp
    clock: FrozenClock
    tenant: CreatedTenant
    root: Path

    def member(self, *permissions: str, tenant_id: uuid.UUID | None = None) -> str:
        """Return a token of a member holding ``permissions`` (in this tenant by default)."""
        return self.api.auth.member(tenant_id or self.tenant.id, *permissions)

    async def upload(
        self,
        data: bytes,
        filename: str,
        *,
        token: str | None = "",
        alt: str | None = None,
        headers: dict[str, str] | None = None,
        tenant: str | None = None,
    ) -> httpx.Response:
        """POST ``data`` as the multipart field ``file`` (``token=""``: a media manager)."""
        chosen = self.member(MANAGE) if token == "" else token
        sent = dict(headers or {})
        if chosen is not None:
            sent["Authorization"] = f"Bearer {chosen}"
        form = {"alt": alt} if alt is not None else None
        return await self.api.client.post(
            f"/t/{tenant or self.tenant.slug}/media",
            files={"file": (filename, data, "image/png")},
            data=form,
            headers=sent,
        )

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = ""
    ) -> dict[str, Any]:
        """Run ``query`` in the tenant (``token=""``: a member with both media permissions)."""
        chosen = self.member(MANAGE, VIEW) if token == "" else token
        return await self.api.gql(query, variables, tenant=self.tenant.slug, token=chosen)

    async def uploaded(self, filename: str = "original.png") -> str:
        """Upload a small PNG as a media manager; return the asset's global ID."""
        response = await self.upload(image_bytes("PNG", (30, 20)), filename)
        assert response.status_code == 201, response.text
        asset_id: str = response.json()["id"]
        return asset_id

    async def assert_refused_to_outsiders(self, query: str, variables: dict[str, Any]) -> None:
        """Run ``query`` as anonymous, as a member without manage_media, and as a manager of
        another tenant: each is refused before it runs, and nothing is stored."""
        before = await self.stored()
        other = await create_tenant(self.api)
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (self.member(VIEW), "PERMISSION_DENIED"),
            "manager of another tenant": (
                self.member(MANAGE, tenant_id=other.id),
                "PERMISSION_DENIED",
            ),
        }
        for label, (token, code) in refused.items():
            body = await self.gql(query, variables, token=token)
            assert body["data"] is None, label
            assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
        assert await self.stored() == before

    async def configure(self, **settings: Any) -> None:
        """Set content settings of the tenant (the rest at their defaults)."""
        token = self.member("core.manage_modules")
        body = await self.api.gql(
            _SETTINGS_UPDATE,
            {"input": {"module": "content", "settings": settings}},
            tenant=self.tenant.slug,
            token=token,
        )
        assert body["data"]["moduleSettingsUpdate"]["errors"] == [], body

    async def stored(self) -> Stored:
        """Count the tenant's assets, asset events and files."""
        runtime = self.api.state.runtime
        async with runtime.db.transaction(self.tenant.id, readonly=True) as session:
            assets = await session.scalar(
                select(func.count())
                .select_from(AssetRow)
                .where(AssetRow.tenant_id == self.tenant.id)
            )
            events = await session.scalar(
                select(func.count())
                .select_from(EventRow)
                .where(
                    EventRow.tenant_id == self.tenant.id, EventRow.type.startswith("content.asset.")
                )
            )
        files = [key for key in stored_files(self.root) if key.startswith(f"{self.tenant.id}/")]
        return Stored(int(assets or 0), int(events or 0), len(files))


@asynccontextmanager
async def media_app(
    database: DatabaseTarget, root: Path, **overrides: Any
) -> AsyncIterator[MediaApp]:
    """Run the app with content for a new tenant, media under ``root``, a frozen clock."""
    clock = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    values: dict[str, Any] = {
        "event_runner": "off",
        "default_modules": ["content"],
        "media_root": root,
    }
    settings = make_settings(database, **{**values, **overrides})
    async with running_app(settings, make_registry(settings, installed=True), clock=clock) as api:
        tenant = await create_tenant(api)
        yield MediaApp(api=api, clock=clock, tenant=tenant, root=root)
