"""``/t/<tenant>/sitemap.xml``: the tenant's live entries with their other-locale alternates.

Past 50,000 URLs (the protocol's limit) ``sitemap.xml`` is an index of ``sitemap-<n>.xml``
pages. The site's base URL comes from content's ``site_url`` setting; without it there is no
sitemap (404), since a sitemap's URLs must be absolute.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from xml.etree import ElementTree as ET

from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response

from app.errors import NotFound
from app.registry import TenantRoute
from app.runtime import Context
from modules.content.listing.models import EntryListingRow
from modules.content.settings import ContentSettings, load_settings

__all__ = ["PAGE_SIZE", "ROUTES"]

PAGE_SIZE = 50_000
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML = "http://www.w3.org/1999/xhtml"
ET.register_namespace("", _NS)
ET.register_namespace("xhtml", _XHTML)


def _url(settings: ContentSettings, row: EntryListingRow) -> str:
    base = (settings.site_url or "").rstrip("/")
    path = settings.url_pattern(row.kind).format(locale=row.locale, kind=row.kind, slug=row.slug)
    return base + path


def _xml(root: ET.Element) -> Response:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/xml")


async def _urlset(ctx: Context, settings: ContentSettings, page: int) -> Response:
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        rows = list(
            await session.scalars(
                select(EntryListingRow)
                .where(EntryListingRow.tenant_id == tenant.id, EntryListingRow.edition == "live")
                .order_by(EntryListingRow.entry_id, EntryListingRow.locale)
                .offset(page * PAGE_SIZE)
                .limit(PAGE_SIZE)
            )
        )
    by_entry: dict[uuid.UUID, list[EntryListingRow]] = defaultdict(list)
    for row in rows:
        by_entry[row.entry_id].append(row)
    root = ET.Element(f"{{{_NS}}}urlset")
    for row in rows:
        element = ET.SubElement(root, f"{{{_NS}}}url")
        ET.SubElement(element, f"{{{_NS}}}loc").text = _url(settings, row)
        if row.published_at is not None:
            modified = max(row.published_at, row.updated_at)
            ET.SubElement(element, f"{{{_NS}}}lastmod").text = modified.date().isoformat()
        siblings = by_entry[row.entry_id]
        if len(siblings) > 1:
            for sibling in siblings:
                link = ET.SubElement(element, f"{{{_XHTML}}}link")
                link.set("rel", "alternate")
                link.set("hreflang", sibling.locale)
                link.set("href", _url(settings, sibling))
    return _xml(root)


async def _settings(ctx: Context) -> tuple[ContentSettings, int]:
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        settings = await load_settings(session, tenant.id)
        total = await session.scalar(
            select(func.count())
            .select_from(EntryListingRow)
            .where(EntryListingRow.tenant_id == tenant.id, EntryListingRow.edition == "live")
        )
    if settings.site_url is None:
        raise NotFound("no sitemap: set the content setting site_url first", field="site_url")
    return settings, int(total or 0)


async def sitemap(_request: Request, ctx: Context) -> Response:
    """Answer the sitemap, or the index of its pages past 50,000 URLs."""
    settings, total = await _settings(ctx)
    if total <= PAGE_SIZE:
        return await _urlset(ctx, settings, 0)
    base = (settings.site_url or "").rstrip("/")
    tenant = ctx.require_tenant()
    root = ET.Element(f"{{{_NS}}}sitemapindex")
    for page in range((total + PAGE_SIZE - 1) // PAGE_SIZE):
        entry = ET.SubElement(root, f"{{{_NS}}}sitemap")
        ET.SubElement(
            entry, f"{{{_NS}}}loc"
        ).text = f"{base}/t/{tenant.slug}/sitemap-{page + 1}.xml"
    return _xml(root)


async def sitemap_page(request: Request, ctx: Context) -> Response:
    """Answer page ``n`` (from 1) of a large sitemap."""
    settings, total = await _settings(ctx)
    raw = str(request.path_params["page"])
    page = int(raw) if raw.isdigit() and len(raw) < 6 else 0
    if not 1 <= page <= max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE):
        raise NotFound("no such sitemap page", field="page")
    return await _urlset(ctx, settings, page - 1)


ROUTES = (
    TenantRoute(name="content.sitemap", path="sitemap.xml", endpoint=sitemap),
    TenantRoute(name="content.sitemap_page", path="sitemap-{page}.xml", endpoint=sitemap_page),
)
