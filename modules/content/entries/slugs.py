"""Slugs: generated from titles, checked on input, unique per tenant and locale."""

from __future__ import annotations

import re
import unicodedata
import uuid

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ValidationFailed
from modules.content.entries.models import RedirectRow, TranslationRow

__all__ = ["MAX_SLUG", "check_slug", "claim_slug", "slugify", "unique_slug"]

MAX_SLUG = 200
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, limit: int = 80) -> str:
    """Return ``text`` as lowercase ASCII words joined by ``-`` ("untitled" when none remain)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = _NOT_SLUG.sub("-", folded).strip("-")[:limit].strip("-")
    return slug or "untitled"


def check_slug(slug: str, *, field: str = "slug") -> str:
    """Return ``slug`` if it is well formed; VALIDATION naming ``field`` otherwise."""
    if not 1 <= len(slug) <= MAX_SLUG or not _SLUG.match(slug):
        raise ValidationFailed(
            "a slug is 1-200 lowercase letters, digits and single hyphens, like `my-first-post`",
            field=field,
        )
    return slug


async def _owner(
    session: AsyncSession, tenant_id: uuid.UUID, locale: str, slug: str
) -> uuid.UUID | None:
    return await session.scalar(
        select(TranslationRow.entry_id).where(
            TranslationRow.tenant_id == tenant_id,
            TranslationRow.locale == locale,
            TranslationRow.slug == slug,
        )
    )


async def claim_slug(
    session: AsyncSession, tenant_id: uuid.UUID, entry_id: uuid.UUID, locale: str, slug: str
) -> None:
    """Take ``slug`` for ``entry_id``: CONFLICT if another entry holds it; drop any redirect."""
    owner = await _owner(session, tenant_id, locale, slug)
    if owner is not None and owner != entry_id:
        raise Conflict(f"the slug {slug!r} is taken in locale {locale!r}", field="slug")
    await session.execute(
        delete(RedirectRow).where(
            RedirectRow.tenant_id == tenant_id,
            RedirectRow.locale == locale,
            RedirectRow.from_slug == slug,
        )
    )


async def unique_slug(session: AsyncSession, tenant_id: uuid.UUID, locale: str, title: str) -> str:
    """Return a free slug made from ``title``, numbered (``-2``, ``-3``...) on collision."""
    base = slugify(title)
    taken = set(
        await session.scalars(
            select(TranslationRow.slug).where(
                TranslationRow.tenant_id == tenant_id,
                TranslationRow.locale == locale,
                TranslationRow.slug.startswith(base, autoescape=True),
            )
        )
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
