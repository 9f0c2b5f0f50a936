"""Building blog's read rows from the source: posts, bylines, terms, comment counts.

A handful of statements for any number of posts: blog rows, bylines with their profiles,
content's documents (three), categories and tags (two), category ancestors (two) and the
comment counts.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from modules.blog.models import AuthorRow, CommentRow, PostAuthorRow, PostRow
from modules.blog.posts import KIND
from modules.content import api as content

__all__ = ["Built", "author_snapshot", "build_rows", "comment_counts"]

Snapshot = dict[str, object]


@dataclass(frozen=True, slots=True)
class Built:
    """The rows of some posts: listing rows, filter rows and search documents."""

    listings: list[dict[str, object]]
    terms: list[dict[str, object]]
    documents: list[content.EntryDocument]


def author_snapshot(row: AuthorRow) -> Snapshot:
    """Return an author profile as the listing keeps it (JSON)."""
    return {
        "id": str(row.id),
        "slug": row.slug,
        "display_name": row.display_name,
        "user_id": str(row.user_id) if row.user_id else None,
        "bio": dict(row.bio or {}),
        "avatar_asset_id": str(row.avatar_asset_id) if row.avatar_asset_id else None,
        "links": [dict(link) for link in row.links or []],
    }


def _category(row: content.CategoryRow) -> Snapshot:
    return {
        "id": str(row.id),
        "parent_id": str(row.parent_id) if row.parent_id else None,
        "slug": row.slug,
        "path": row.path,
        "depth": row.depth,
        "position": row.position,
        "names": dict(row.names or {}),
    }


def _tag(row: content.TagRow) -> Snapshot:
    return {"id": str(row.id), "slug": row.slug, "names": dict(row.names or {})}


async def _bylines(
    session: AsyncSession, tenant_id: uuid.UUID, post_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[AuthorRow]]:
    rows = await session.execute(
        select(PostAuthorRow.post_id, AuthorRow)
        .join(
            AuthorRow,
            (AuthorRow.tenant_id == PostAuthorRow.tenant_id)
            & (AuthorRow.id == PostAuthorRow.author_id),
        )
        .where(PostAuthorRow.tenant_id == tenant_id, PostAuthorRow.post_id.in_(post_ids))
        .order_by(PostAuthorRow.post_id, PostAuthorRow.position)
    )
    found: dict[uuid.UUID, list[AuthorRow]] = defaultdict(list)
    for post_id, author in rows:
        found[post_id].append(author)
    return found


async def comment_counts(
    session: AsyncSession, tenant_id: uuid.UUID, post_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int]]:
    """Return each post's (approved, pending) comment counts, in one statement."""
    rows = await session.execute(
        select(CommentRow.post_id, CommentRow.status, func.count())
        .where(
            CommentRow.tenant_id == tenant_id,
            CommentRow.post_id.in_(post_ids),
            CommentRow.status.in_(("approved", "pending")),
        )
        .group_by(CommentRow.post_id, CommentRow.status)
    )
    counts: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
    for post_id, status, count in rows:
        counts[post_id][0 if status == "approved" else 1] = int(count)
    return {post_id: (pair[0], pair[1]) for post_id, pair in counts.items()}


@dataclass(frozen=True, slots=True)
class _Sources:
    bylines: dict[uuid.UUID, list[AuthorRow]]
    terms: dict[uuid.UUID, content.EntryTerms]
    ancestors: dict[uuid.UUID, tuple[uuid.UUID, ...]]
    counts: dict[uuid.UUID, tuple[int, int]]


async def _sources(
    session: AsyncSession, tenant_id: uuid.UUID, post_ids: list[uuid.UUID]
) -> _Sources:
    terms = await content.load_entry_terms(session, tenant_id, post_ids)
    category_ids = sorted({row.id for found in terms.values() for row in found.categories})
    return _Sources(
        bylines=await _bylines(session, tenant_id, post_ids),
        terms=terms,
        ancestors=await content.category_ancestor_ids(session, tenant_id, category_ids),
        counts=await comment_counts(session, tenant_id, post_ids),
    )


def _listing(
    tenant_id: uuid.UUID, doc: content.EntryDocument, post: PostRow, sources: _Sources
) -> dict[str, object]:
    found = sources.terms.get(doc.entry_id, content.EntryTerms())
    approved, pending = sources.counts.get(doc.entry_id, (0, 0))
    published = doc.published_at
    return {
        "tenant_id": tenant_id,
        "post_id": doc.entry_id,
        "locale": doc.locale,
        "edition": doc.edition,
        "translation_id": doc.translation_id,
        "revision_id": doc.revision_id,
        "status": doc.status,
        "slug": doc.slug,
        "title": doc.title,
        "excerpt": doc.excerpt,
        "author_user_id": doc.author_user_id,
        "cover_asset_id": doc.cover_asset_id,
        "published_at": published,
        "publish_at": doc.publish_at,
        "updated_at": doc.updated_at,
        "has_unpublished_changes": doc.has_unpublished_changes,
        "archive_month": published.strftime("%Y-%m") if published is not None else None,
        "is_featured": post.is_featured,
        "comments_enabled": post.comments_enabled,
        "word_count": len(doc.body_text.split()),
        "authors": [author_snapshot(row) for row in sources.bylines.get(doc.entry_id, [])],
        "categories": [_category(row) for row in found.categories],
        "tags": [_tag(row) for row in found.tags],
        "approved_comment_count": approved,
        "pending_comment_count": pending,
    }


def _term_rows(
    tenant_id: uuid.UUID, doc: content.EntryDocument, sources: _Sources
) -> list[dict[str, object]]:
    found = sources.terms.get(doc.entry_id, content.EntryTerms())
    categories = {
        ancestor
        for row in found.categories
        for ancestor in sources.ancestors.get(row.id, (row.id,))
    }
    keyed = [("category", term) for term in sorted(categories)]
    keyed += [("tag", row.id) for row in found.tags]
    keyed += [("author", row.id) for row in sources.bylines.get(doc.entry_id, [])]
    return [
        {
            "tenant_id": tenant_id,
            "term_type": term_type,
            "term_id": term_id,
            "edition": doc.edition,
            "locale": doc.locale,
            "post_id": doc.entry_id,
            "published_at": doc.published_at,
            "title": doc.title,
        }
        for term_type, term_id in keyed
    ]


async def build_rows(
    session: AsyncSession, tenant_id: uuid.UUID, post_ids: Sequence[uuid.UUID]
) -> Built:
    """Return the read rows of the posts among ``post_ids`` still at the source."""
    posts = {
        row.id: row
        for row in await session.scalars(
            select(PostRow).where(PostRow.tenant_id == tenant_id, PostRow.id.in_(post_ids))
        )
    }
    if not posts:
        return Built([], [], [])
    ids = sorted(posts)
    documents = [
        doc for doc in await content.load_documents(session, tenant_id, ids) if doc.kind == KIND
    ]
    sources = await _sources(session, tenant_id, ids)
    listings = [_listing(tenant_id, doc, posts[doc.entry_id], sources) for doc in documents]
    terms = [row for doc in documents for row in _term_rows(tenant_id, doc, sources)]
    return Built(listings, terms, documents)
