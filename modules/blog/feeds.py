"""RSS 2.0 and Atom feeds of the newest published posts, per tenant and locale.

``/t/<tenant>/feeds/blog/<locale>/rss.xml`` and ``.../atom.xml``; ``?category=<slug>`` (the
categories with that slug and everything below them), ``?tag=<slug>`` and ``?author=<slug>``
narrow the feed (an unknown slug: an empty feed). Items come from the read model
(``idx_blog_posts``, live edition) in one read-only transaction: the site's settings, the
filter's ids, the newest rows with their authors. Links follow content's URL pattern of kind
``post`` under content's ``site_url``; without a ``site_url`` there is no feed (404), since
feed links must be absolute. The XML is written by feedgen. Responses carry an ``ETag`` and
``Last-Modified`` and answer 304 to a matching ``If-None-Match``.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from feedgen.feed import FeedGenerator
from sqlalchemy import ColumnElement, Select, select
from starlette.requests import Request
from starlette.responses import Response

from app.errors import NotFound
from app.registry import TenantRoute
from app.runtime import Context
from modules.blog.listing.models import PostListingRow, PostTermRow
from modules.blog.listing.site import Site, load_site
from modules.blog.models import AuthorRow
from modules.blog.posts import KIND
from modules.content import api as content

__all__ = ["ROUTES"]

_SLUG_LENGTH = 100


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


@dataclass(frozen=True, slots=True)
class _Filters:
    """The feed's query parameters, as slugs (None: not given)."""

    category: str | None
    tag: str | None
    author: str | None

    @classmethod
    def of(cls, request: Request) -> _Filters:
        """Read the filters of a request."""
        params = request.query_params
        return cls(
            *(
                value[:_SLUG_LENGTH] if (value := params.get(name)) is not None else None
                for name in ("category", "tag", "author")
            )
        )


def _named(term_type: str, ids: Select[uuid.UUID], locale: str) -> ColumnElement[bool]:
    terms = PostTermRow
    return PostListingRow.post_id.in_(
        select(terms.post_id).where(
            terms.tenant_id == PostListingRow.tenant_id,
            terms.term_type == term_type,
            terms.term_id.in_(ids),
            terms.edition == "live",
            terms.locale == locale,
        )
    )


def _newest(
    tenant_id: uuid.UUID, locale: str, filters: _Filters, limit: int
) -> Select[str, str, str, datetime | None, list[dict[str, object]]]:
    """The newest live rows of ``locale`` the filters let through (a category by slug takes
    every category of that slug, and the term rows hold their descendants' posts)."""
    row = PostListingRow
    conditions: list[ColumnElement[bool]] = []
    for term_type, model, slug in (
        ("category", content.CategoryRow, filters.category),
        ("tag", content.TagRow, filters.tag),
        ("author", AuthorRow, filters.author),
    ):
        if slug is not None:
            ids = select(model.id).where(model.tenant_id == tenant_id, model.slug == slug)
            conditions.append(_named(term_type, ids, locale))
    return (
        select(row.slug, row.title, row.excerpt, row.published_at, row.authors)
        .where(row.tenant_id == tenant_id, row.edition == "live", row.locale == locale)
        .where(*conditions)
        .order_by(row.published_at.desc(), row.post_id.desc())
        .limit(limit)
    )


def _site_checked(site: Site, locale: str) -> None:
    if site.content.site_url is None:
        raise NotFound("no feed: set the content setting site_url first", field="site_url")
    if locale not in site.content.locales:
        raise NotFound(f"no feed in locale {locale[:40]!r}", field="locale")


async def _feed(request: Request, ctx: Context, kind: str) -> _Feed:
    locale = str(request.path_params["locale"])
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        site = await load_site(session, tenant.id)
        _site_checked(site, locale)
        statement = _newest(tenant.id, locale, _Filters.of(request), site.blog.feed_item_count)
        rows = (await session.execute(statement)).all()
    base = (site.content.site_url or "").rstrip("/")
    pattern = site.content.url_pattern(KIND)
    items = [
        _Item(
            url=base + pattern.format(locale=locale, kind=KIND, slug=row.slug),
            title=row.title,
            summary=row.excerpt,
            published_at=row.published_at,
            authors=[str(author["display_name"]) for author in row.authors],
        )
        for row in rows
    ]
    blog = site.blog
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
