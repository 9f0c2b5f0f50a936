"""Blog's per-tenant settings: comments, moderation, reading time, feeds."""

from __future__ import annotations

import enum
import uuid

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.tenants.models import TenantModuleRow

__all__ = ["BlogSettings", "Moderation", "load_settings"]


class Moderation(enum.Enum):
    """Which new comments wait for a moderator."""

    ALL = "all"
    FIRST_TIME = "first_time"
    NONE = "none"


class BlogSettings(BaseModel):
    """Comments, moderation, reading speed and feeds of one tenant's blog."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    comments_enabled: bool = True
    guest_comments: bool = True
    moderation: Moderation = Moderation.ALL
    comment_max_length: int = Field(default=5000, ge=1, le=20000)
    comment_max_links: int = Field(default=2, ge=0, le=20)
    comment_rate_per_hour: int = Field(default=10, ge=1, le=10000)
    spam_retention_days: int = Field(default=30, ge=1, le=365)
    words_per_minute: int = Field(default=230, ge=100, le=1000)
    feed_item_count: int = Field(default=20, ge=1, le=100)
    feed_title: str | None = Field(default=None, max_length=200)
    feed_description: str = Field(default="", max_length=1000)


async def load_settings(session: AsyncSession, tenant_id: uuid.UUID) -> BlogSettings:
    """Return the tenant's blog settings (defaults for what was never set), in ``session``."""
    raw = await session.scalar(
        select(TenantModuleRow.settings).where(
            TenantModuleRow.tenant_id == tenant_id, TenantModuleRow.module == "blog"
        )
    )
    return BlogSettings.model_validate(raw or {})
