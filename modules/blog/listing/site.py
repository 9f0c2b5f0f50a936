"""The site's settings a list needs, content's and blog's, read in one statement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.tenants.models import TenantModuleRow
from modules.blog.settings import BlogSettings
from modules.content import api as content

__all__ = ["Site", "load_site"]


@dataclass(frozen=True, slots=True)
class Site:
    """Content's settings (locales, default locale) and blog's (reading speed)."""

    content: content.ContentSettings
    blog: BlogSettings

    def reading_time(self, words: int) -> int:
        """Return minutes to read ``words``: rounded up, at least 1."""
        speed = self.blog.words_per_minute
        return max(1, -(-words // speed))


async def load_site(session: AsyncSession, tenant_id: uuid.UUID) -> Site:
    """Return the tenant's content and blog settings (defaults for what was never set)."""
    rows = await session.execute(
        select(TenantModuleRow.module, TenantModuleRow.settings).where(
            TenantModuleRow.tenant_id == tenant_id,
            TenantModuleRow.module.in_(("content", "blog")),
        )
    )
    found = {module: settings or {} for module, settings in rows}
    return Site(
        content=content.ContentSettings.model_validate(found.get("content", {})),
        blog=BlogSettings.model_validate(found.get("blog", {})),
    )
