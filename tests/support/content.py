"""Running the app with the content module installed and enabled, for content's tests."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.clock import FrozenClock
from app.events.models import EventRow
from app.ids import decode_global_id
from modules.content.permissions import PERMISSIONS
from tests.conftest import make_registry, make_settings
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget

__all__ = ["ContentApp", "content_app", "count_rows", "event_types", "local_uuid"]


@dataclass(slots=True)
class ContentApp:
    """The app, its frozen clock, a tenant with content enabled, and an editor's token."""

    api: RunningApp
    clock: FrozenClock
    tenant: CreatedTenant
    editor: str

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = ""
    ) -> dict[str, Any]:
        """Run ``query`` in the tenant as the editor (``token=None``: anonymously)."""
        chosen = self.editor if token == "" else token
        return await self.api.gql(query, variables, tenant=self.tenant.slug, token=chosen)

    def member(self, *permissions: str) -> str:
        """Return a token of a member of the tenant holding ``permissions``."""
        return self.api.auth.member(self.tenant.id, *permissions)


@asynccontextmanager
async def content_app(database: DatabaseTarget, **overrides: Any) -> AsyncIterator[ContentApp]:
    """An app with content enabled for a new tenant; no background runner; a frozen clock."""
    clock = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    with tempfile.TemporaryDirectory(prefix="rustok-media-") as media_root:
        values: dict[str, Any] = {
            "event_runner": "off",
            "default_modules": ["content"],
            "media_root": Path(media_root),
        }
        settings = make_settings(database, **{**values, **overrides})
        registry = make_registry(settings, installed=True)
        async with running_app(settings, registry, clock=clock) as api:
            tenant = await create_tenant(api)
            editor = api.auth.member(tenant.id, *(permission.name for permission in PERMISSIONS))
            yield ContentApp(api=api, clock=clock, tenant=tenant, editor=editor)


async def event_types(app: ContentApp) -> list[str]:
    """Return the types of the tenant's content events, oldest first."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(EventRow.type)
            .where(EventRow.tenant_id == app.tenant.id, EventRow.type.startswith("content."))
            .order_by(EventRow.id)
        )
        return [str(row) for row in rows]


async def count_rows(app: ContentApp, model: type[Any]) -> int:
    """Count the tenant's rows of ``model``."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        found = await session.scalar(
            select(func.count()).select_from(model).where(model.tenant_id == app.tenant.id)
        )
        return int(found or 0)


def local_uuid(global_id: str) -> uuid.UUID:
    """Return the UUID inside a global ID."""
    return uuid.UUID(decode_global_id(global_id)[1])
