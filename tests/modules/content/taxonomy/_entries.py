"""Entries inserted directly (the entries API is not needed to file them under terms)."""

from __future__ import annotations

import uuid

from app.ids import new_id
from modules.content.entries.models import EntryRow
from tests.modules.content.taxonomy._app import TaxonomyApp

__all__ = ["insert_entry"]


async def insert_entry(app: TaxonomyApp) -> uuid.UUID:
    """Insert a bare ``content_entries`` row of the tenant; return its id."""
    runtime = app.api.state.runtime
    now = runtime.clock.now()
    entry_id = new_id()
    async with runtime.db.transaction(app.tenant.id) as session:
        session.add(
            EntryRow(
                tenant_id=app.tenant.id,
                id=entry_id,
                kind="page",
                author_user_id=None,
                cover_asset_id=None,
                created_at=now,
                updated_at=now,
            )
        )
    return entry_id
