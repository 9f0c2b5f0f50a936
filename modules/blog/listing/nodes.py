"""Posts of a list, built from ``idx_blog_posts`` rows: pre-shaped, nothing left to load.

Authors, categories and tags come as JSON snapshots on each row; each distinct one becomes
one GraphQL object, shared by the posts that show it. Those objects are built from the
snapshot alone (and the site's default locale), hold nothing of a request and are never
changed, so the last ``CACHE_SIZE`` of each kind are kept across requests, keyed by the
snapshot's JSON: a renamed tag is a new key.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import Row

from modules.blog.graphql.types import BlogAuthor, BlogPost, Listed
from modules.blog.listing.site import Site
from modules.blog.models import AuthorRow
from modules.content import api as content

__all__ = ["CACHE_SIZE", "Shaper"]

CACHE_SIZE = 4096


def _uuid(value: object) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


@lru_cache(maxsize=CACHE_SIZE)
def _author(raw: bytes) -> BlogAuthor:
    snapshot = orjson.loads(raw)
    row = AuthorRow(
        id=uuid.UUID(snapshot["id"]),
        user_id=_uuid(snapshot["user_id"]),
        slug=snapshot["slug"],
        display_name=snapshot["display_name"],
        bio=snapshot["bio"],
        avatar_asset_id=_uuid(snapshot["avatar_asset_id"]),
        links=snapshot["links"],
    )
    return BlogAuthor.from_row(row)


@lru_cache(maxsize=CACHE_SIZE)
def _category(raw: bytes, default_locale: str) -> content.ContentCategory:
    snapshot = orjson.loads(raw)
    row = content.CategoryRow(
        id=uuid.UUID(snapshot["id"]),
        parent_id=_uuid(snapshot["parent_id"]),
        slug=snapshot["slug"],
        path=snapshot["path"],
        depth=snapshot["depth"],
        position=snapshot["position"],
        names=snapshot["names"],
    )
    return content.ContentCategory.from_row(row, default_locale)


@lru_cache(maxsize=CACHE_SIZE)
def _tag(raw: bytes, default_locale: str) -> content.ContentTag:
    snapshot = orjson.loads(raw)
    row = content.TagRow(
        id=uuid.UUID(snapshot["id"]), slug=snapshot["slug"], names=snapshot["names"]
    )
    return content.ContentTag.from_row(row, default_locale)


def _key(snapshot: dict[str, Any]) -> bytes:
    return orjson.dumps(snapshot, option=orjson.OPT_SORT_KEYS)


def _view(row: Row[Any]) -> content.EntryView:
    return content.EntryView(
        entry_id=row.post_id,
        translation_id=row.translation_id,
        revision_id=row.revision_id,
        kind="post",
        locale=row.locale,
        status=row.status,
        slug=row.slug,
        title=row.title,
        excerpt=row.excerpt,
        author_user_id=row.author_user_id,
        cover_asset_id=row.cover_asset_id,
        published_at=row.published_at,
        publish_at=row.publish_at,
        updated_at=row.updated_at,
        has_unpublished_changes=row.has_unpublished_changes,
    )


class Shaper:
    """Turns the rows of one page (or one batch) into posts, sharing their terms."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.default_locale = site.content.default_locale
        self.authors: dict[str, BlogAuthor] = {}
        self.categories: dict[str, content.ContentCategory] = {}
        self.tags: dict[str, content.ContentTag] = {}

    def post(self, row: Row[Any]) -> BlogPost:
        """Return the post a listing row shows."""
        listed = Listed(
            authors=[self._author(item) for item in row.authors],
            categories=[self._category(item) for item in row.categories],
            tags=[self._tag(item) for item in row.tags],
            comment_count=row.approved_comment_count,
            pending_comment_count=row.pending_comment_count,
            reading_time_minutes=self.site.reading_time(row.word_count),
        )
        return BlogPost.listed_from(_view(row), row.is_featured, row.comments_enabled, listed)

    def _author(self, snapshot: dict[str, Any]) -> BlogAuthor:
        found = self.authors.get(snapshot["id"])
        if found is None:
            found = self.authors[snapshot["id"]] = _author(_key(snapshot))
        return found

    def _category(self, snapshot: dict[str, Any]) -> content.ContentCategory:
        found = self.categories.get(snapshot["id"])
        if found is None:
            found = self.categories[snapshot["id"]] = _category(_key(snapshot), self.default_locale)
        return found

    def _tag(self, snapshot: dict[str, Any]) -> content.ContentTag:
        found = self.tags.get(snapshot["id"])
        if found is None:
            found = self.tags[snapshot["id"]] = _tag(_key(snapshot), self.default_locale)
        return found
