"""The monthly archive: live posts per month of one locale, newest month first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.runtime import Context
from modules.blog.listing.lists import checked_locale
from modules.blog.listing.models import ArchiveMonthRow
from modules.blog.listing.site import load_site

__all__ = ["ArchiveMonth", "list_archive"]


@dataclass(frozen=True, slots=True)
class ArchiveMonth:
    """A month (``YYYY-MM``) and how many posts went live in it."""

    month: str
    post_count: int


async def list_archive(ctx: Context, locale: str | None) -> list[ArchiveMonth]:
    """Return the months with live posts in ``locale`` (default: the site's), newest first."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        chosen = checked_locale(await load_site(session, tenant.id), locale)
        rows = await session.execute(
            select(ArchiveMonthRow.month, ArchiveMonthRow.post_count)
            .where(
                ArchiveMonthRow.tenant_id == tenant.id,
                ArchiveMonthRow.locale == chosen,
                ArchiveMonthRow.post_count > 0,
            )
            .order_by(ArchiveMonthRow.month.desc())
        )
        return [ArchiveMonth(month, int(count)) for month, count in rows]
