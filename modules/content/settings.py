"""Content's per-tenant settings, validated when an admin changes them."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.tenants.models import TenantModuleRow

__all__ = ["LOCALE_TAG", "ContentSettings", "load_settings"]

LOCALE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_FORBIDDEN_TYPES = frozenset({"image/svg+xml", "text/html", "application/xhtml+xml"})
Locale = Annotated[str, Field(pattern=LOCALE_TAG.pattern, max_length=35)]


class ContentSettings(BaseModel):
    """Locales, media limits, preview lifetime and public URLs of one tenant's content."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    locales: list[Locale] = Field(default_factory=lambda: ["en"], min_length=1, max_length=50)
    default_locale: Locale = "en"
    fallback_to_default_locale: bool = True
    preview_token_ttl_seconds: int = Field(default=3600, ge=60, le=604800)
    media_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1, le=100 * 1024 * 1024)
    media_allowed_types: list[str] = Field(
        default_factory=lambda: [
            "image/jpeg",
            "image/png",
            "image/webp",
            "image/gif",
            "application/pdf",
        ]
    )
    rendition_widths: list[Annotated[int, Field(ge=16, le=4096)]] = Field(
        default_factory=lambda: [160, 480, 1024], max_length=8
    )
    html_input_allowed: bool = True
    site_url: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/[^\s]*)?$")] | None = None
    url_patterns: dict[str, str] = Field(default_factory=lambda: {"page": "/{locale}/{slug}"})

    @model_validator(mode="after")
    def _check(self) -> Self:
        if len(set(self.locales)) != len(self.locales):
            raise ValueError("locales: no duplicates")
        if self.default_locale not in self.locales:
            raise ValueError("default_locale must be one of locales")
        forbidden = sorted(_FORBIDDEN_TYPES.intersection(self.media_allowed_types))
        if forbidden:
            raise ValueError(f"media_allowed_types: {', '.join(forbidden)} can carry scripts")
        for kind, pattern in self.url_patterns.items():
            if "{slug}" not in pattern or not pattern.startswith("/"):
                raise ValueError(f"url_patterns.{kind}: start with / and contain {{slug}}")
        return self

    def url_pattern(self, kind: str) -> str:
        """Return the public path pattern of entries of ``kind``."""
        return self.url_patterns.get(kind, "/{locale}/{kind}/{slug}")


async def load_settings(session: AsyncSession, tenant_id: uuid.UUID) -> ContentSettings:
    """Return the tenant's content settings (defaults for what was never set), in ``session``."""
    raw = await session.scalar(
        select(TenantModuleRow.settings).where(
            TenantModuleRow.tenant_id == tenant_id, TenantModuleRow.module == "content"
        )
    )
    return ContentSettings.model_validate(raw or {})
