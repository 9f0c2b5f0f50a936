"""RSS 2.0 and Atom feeds of the newest published posts, per tenant and locale.

``/t/<tenant>/feeds/blog/<locale>/rss.xml`` and ``.../atom.xml`` (``?author=<slug>`` narrows
to one author's posts). Links follow content's URL pattern of kind ``post`` under content's
``site_url``; without a ``site_url`` there is no feed (404), since feed links must be
absolute. The XML is written by feedgen. Responses carry an ``ETag`` and ``Last-Modified``
and answer 304 to a matching ``If-None-Match``.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from feedgen.feed import FeedGenerator
from sqlalchemy import Select, select
from starlette.requests import Request
from starlette.responses import Response

from app.errors import NotFound
from app.registry import TenantRoute
from app.runtime import Context
from modules.blog.graphql import loaders
from modules.blog.models import AuthorRow, PostAuthorRow, PostRow
from modules.blog.posts import KIND
from modules.blog.settings import BlogSettings, load_settings
from modules.content import api as content

__all__ = ["ROUTES"]


@dataclass(frozen=True, slots=True)
class _Item:
    url: str
    title: str
    summary: str
    published_at: datetime
    authors: list[str]


@dataclass(frozen=True, slots=True)
class _Feed:
    title: str
    description: str
    home: str
    self_url: str
    locale: str
    items: list[_Item]


def _newest(tenant_id: uuid.UUID, locale: str, author: str | None, limit: int) -> Select[uuid.UUID]:
    translation = content.TranslationRow
    statement = (
        select(translation.entry_id)
        .join(
            PostRow,
            (PostRow.tenant_id == translation.tenant_id) & (PostRow.id == translation.entry_id),
        )
        .where(
            translation.tenant_id == tenant_id,
            translation.locale == locale,
            translation.status == content.Status.PUBLISHED.value,
            translation.published_revision_id.is_not(None),
        )
        .order_by(translation.published_at.desc(), translation.entry_id.desc())
        .limit(limit)
    )
    if author is not None:
        signed = (
            select(PostAuthorRow.post_id)
            .join(
                AuthorRow,
                (AuthorRow.tenant_id == PostAuthorRow.tenant_id)
                & (AuthorRow.id == PostAuthorRow.author_id),
            )
            .where(PostAuthorRow.tenant_id == tenant_id, AuthorRow.slug == author[:100])
        )
        statement = statement.where(translation.entry_id.in_(signed))
    return statement


async def _settings(ctx: Context, locale: str) -> tuple[content.ContentSettings, BlogSettings]:
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        site = await content.load_settings(session, tenant.id)
        blog = await load_settings(session, tenant.id)
    if site.site_url is None:
        raise NotFound("no feed: set the content setting site_url first", field="site_url")
    if locale not in site.locales:
        raise NotFound(f"no feed in locale {locale[:40]!r}", field="locale")
    return site, blog


async def _item(
    ctx: Context, site: content.ContentSettings, post_id: uuid.UUID, locale: str
) -> _Item | None:
    view = await content.find_view(ctx, post_id, locale, content.Edition.LIVE)
    if view is None or view.published_at is None:
        return None
    summary = view.excerpt
    if not summary:
        revision = await content.find_revision(ctx, view.revision_id)
        summary = content.excerpt(content.parse_body(revision.body)) if revision else ""
    path = site.url_pattern(KIND).format(locale=view.locale, kind=KIND, slug=view.slug)
    authors = await loaders.bylines(ctx).load(post_id)
    return _Item(
        url=(site.site_url or "").rstrip("/") + path,
        title=view.title,
        summary=summary,
        published_at=view.published_at,
        authors=[author.display_name for author in authors],
    )


async def _feed(request: Request, ctx: Context, kind: str) -> _Feed:
    locale = str(request.path_params["locale"])
    site, blog = await _settings(ctx, locale)
    tenant = ctx.require_tenant()
    author = request.query_params.get("author")
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        ids = list(await session.scalars(_newest(tenant.id, locale, author, blog.feed_item_count)))
    items = [item for post_id in ids if (item := await _item(ctx, site, post_id, locale))]
    base = (site.site_url or "").rstrip("/")
    return _Feed(
        title=blog.feed_title or tenant.name,
        description=blog.feed_description or blog.feed_title or tenant.name,
        home=base + "/",
        self_url=f"{base}/t/{tenant.slug}/feeds/blog/{locale}/{kind}.xml",
        locale=locale,
        items=items,
    )


def _render(feed: _Feed, kind: str) -> bytes:
    generator = FeedGenerator()
    generator.id(feed.self_url)
    generator.title(feed.title)
    generator.description(feed.description)
    generator.link(href=feed.home, rel="alternate")
    generator.link(href=feed.self_url, rel="self")
    generator.language(feed.locale)
    generator.author({"name": feed.title})
    if feed.items:
        generator.updated(feed.items[0].published_at)
    for item in feed.items:
        entry = generator.add_entry(order="append")
        entry.id(item.url)
        entry.guid(item.url, permalink=True)
        entry.title(item.title)
        entry.link(href=item.url)
        entry.published(item.published_at)
        entry.updated(item.published_at)
        entry.description(item.summary or item.title)
        for name in item.authors:
            entry.author({"name": name})
    body: bytes = generator.rss_str(pretty=False) if kind == "rss" else generator.atom_str()
    return body


def _respond(request: Request, feed: _Feed, body: bytes, media_type: str) -> Response:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300"}
    if feed.items:
        headers["Last-Modified"] = format_datetime(feed.items[0].published_at, usegmt=True)
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


async def rss(request: Request, ctx: Context) -> Response:
    """Answer the RSS 2.0 feed of a locale."""
    feed = await _feed(request, ctx, "rss")
    return _respond(request, feed, _render(feed, "rss"), "application/rss+xml")


async def atom(request: Request, ctx: Context) -> Response:
    """Answer the Atom 1.0 feed of a locale."""
    feed = await _feed(request, ctx, "atom")
    return _respond(request, feed, _render(feed, "atom"), "application/atom+xml")


ROUTES = (
    TenantRoute(name="blog.feed_rss", path="feeds/blog/{locale}/rss.xml", endpoint=rss),
    TenantRoute(name="blog.feed_atom", path="feeds/blog/{locale}/atom.xml", endpoint=atom),
)
