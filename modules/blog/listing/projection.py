"""The projection ``blog.listing``: posts' listing rows, filter rows, archive and search.

Every event that changes what a post list shows refreshes the posts concerned from the
source tables, so replays, late events and rebuilds converge on the same rows:

- ``content.entry.*`` of kind ``post`` and ``blog.post.*``: the post;
- ``blog.author.updated``, ``content.category.updated|deleted`` and
  ``content.tag.updated|deleted``: every post showing that profile or term (the listing keeps
  their names as snapshots);
- ``blog.comment.*``: only the post's comment counts.

Those are keyed ``author:<id>``, ``category:<id>``, ``tag:<id>`` and ``comments:<post id>``;
a plain id is a post. The archive's month counts are recounted for the months touched.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.declarations import Projection, RefreshContext
from app.events.envelope import Event
from app.index.search import Document
from modules.blog.listing.models import ArchiveMonthRow, PostListingRow, PostTermRow
from modules.blog.listing.rows import build_rows, comment_counts
from modules.blog.listing.search import LIVE_SEARCH, WORKING_SEARCH
from modules.blog.models import PostAuthorRow, PostRow
from modules.blog.posts import KIND

__all__ = ["LISTING"]

_TERM_KEYS = ("category", "tag")


def _aggregate(event: Event) -> str | None:
    """Return what an event refreshes (see the module docstring), or None."""
    kind, _, verb = event.type.rpartition(".")
    if kind == "content.entry":
        return event.aggregate_id if event.payload.get("kind") == KIND else None
    if kind in ("content.category", "content.tag"):
        return f"{kind.rpartition('.')[2]}:{event.aggregate_id}"
    if kind == "blog.author":
        return f"author:{event.aggregate_id}" if verb == "updated" else None
    if kind == "blog.comment":
        return f"comments:{event.payload['post_id']}"
    return event.aggregate_id


async def _posts_of(
    session: AsyncSession, tenant_id: uuid.UUID, keyed: dict[str, set[uuid.UUID]]
) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    if keyed["author"]:
        found |= set(
            await session.scalars(
                select(PostAuthorRow.post_id).where(
                    PostAuthorRow.tenant_id == tenant_id,
                    PostAuthorRow.author_id.in_(keyed["author"]),
                )
            )
        )
    for term_type in _TERM_KEYS:
        if keyed[term_type]:
            found |= set(
                await session.scalars(
                    select(PostTermRow.post_id).where(
                        PostTermRow.tenant_id == tenant_id,
                        PostTermRow.term_type == term_type,
                        PostTermRow.term_id.in_(keyed[term_type]),
                    )
                )
            )
    return found


def _split(ids: Iterable[str]) -> dict[str, set[uuid.UUID]]:
    keyed: dict[str, set[uuid.UUID]] = {
        "post": set(),
        "author": set(),
        "category": set(),
        "tag": set(),
        "comments": set(),
    }
    for value in ids:
        prefix, _, rest = value.rpartition(":")
        keyed[prefix or "post"].add(uuid.UUID(rest))
    return keyed


async def _months(
    session: AsyncSession, tenant_id: uuid.UUID, post_ids: list[uuid.UUID]
) -> set[tuple[str, str]]:
    rows = await session.execute(
        select(PostListingRow.locale, PostListingRow.archive_month).where(
            PostListingRow.tenant_id == tenant_id,
            PostListingRow.post_id.in_(post_ids),
            PostListingRow.edition == "live",
            PostListingRow.archive_month.is_not(None),
        )
    )
    return {(locale, month) for locale, month in rows if month is not None}


async def _recount_archive(
    session: AsyncSession, tenant_id: uuid.UUID, touched: set[tuple[str, str]]
) -> None:
    if not touched:
        return
    locales = sorted({locale for locale, _ in touched})
    months = sorted({month for _, month in touched})
    row = ArchiveMonthRow
    await session.execute(
        delete(row).where(
            row.tenant_id == tenant_id, row.locale.in_(locales), row.month.in_(months)
        )
    )
    listing = PostListingRow
    counted = (
        select(listing.tenant_id, listing.locale, listing.archive_month, func.count())
        .where(
            listing.tenant_id == tenant_id,
            listing.edition == "live",
            listing.locale.in_(locales),
            listing.archive_month.in_(months),
        )
        .group_by(listing.tenant_id, listing.locale, listing.archive_month)
    )
    columns = ["tenant_id", "locale", "month", "post_count"]
    await session.execute(insert(row).from_select(columns, counted))


async def _forget_search(
    session: AsyncSession, tenant_id: uuid.UUID, keys: list[uuid.UUID]
) -> None:
    for index in (LIVE_SEARCH, WORKING_SEARCH):
        await index.delete(session, tenant_id, keys)


async def _refresh_posts(
    session: AsyncSession, tenant_id: uuid.UUID, keys: list[uuid.UUID]
) -> None:
    touched = await _months(session, tenant_id, keys)
    for table in (PostListingRow, PostTermRow):
        await session.execute(
            delete(table).where(table.tenant_id == tenant_id, table.post_id.in_(keys))
        )
    await _forget_search(session, tenant_id, keys)
    built = await build_rows(session, tenant_id, keys)
    if built.listings:
        await session.execute(insert(PostListingRow), built.listings)
    if built.terms:
        await session.execute(insert(PostTermRow), built.terms)
    for index, edition in ((LIVE_SEARCH, "live"), (WORKING_SEARCH, "working")):
        await index.upsert_many(
            session,
            tenant_id,
            [
                Document(
                    doc.entry_id,
                    {"title": doc.title, "excerpt": doc.excerpt, "body": doc.body_text},
                    doc.locale,
                )
                for doc in built.documents
                if doc.edition == edition
            ],
        )
    touched |= await _months(session, tenant_id, keys)
    await _recount_archive(session, tenant_id, touched)


async def _refresh_counts(
    session: AsyncSession, tenant_id: uuid.UUID, keys: list[uuid.UUID]
) -> None:
    counts = await comment_counts(session, tenant_id, keys)
    for post_id in keys:
        approved, pending = counts.get(post_id, (0, 0))
        await session.execute(
            update(PostListingRow)
            .where(PostListingRow.tenant_id == tenant_id, PostListingRow.post_id == post_id)
            .values(approved_comment_count=approved, pending_comment_count=pending)
        )


async def refresh(context: RefreshContext, ids: list[str]) -> None:
    """Rebuild the rows of what ``ids`` name (dropping posts deleted at the source)."""
    session, tenant = context.session, context.tenant_id
    keyed = _split(ids)
    posts = keyed["post"] | await _posts_of(session, tenant, keyed)
    if posts:
        await _refresh_posts(session, tenant, sorted(posts))
    counts_only = sorted(keyed["comments"] - posts)
    if counts_only:
        await _refresh_counts(session, tenant, counts_only)


async def aggregates(context: RefreshContext) -> list[str]:
    """List every post of the tenant."""
    ids = await context.session.scalars(
        select(PostRow.id).where(PostRow.tenant_id == context.tenant_id)
    )
    return [str(value) for value in ids]


async def indexed(context: RefreshContext) -> list[str]:
    """List every post with listing rows."""
    ids = await context.session.scalars(
        select(PostListingRow.post_id)
        .where(PostListingRow.tenant_id == context.tenant_id)
        .distinct()
    )
    return [str(value) for value in ids]


async def clear(context: RefreshContext) -> None:
    """Delete every row of the tenant."""
    for table in (PostListingRow, PostTermRow, ArchiveMonthRow):
        await context.session.execute(delete(table).where(table.tenant_id == context.tenant_id))
    await LIVE_SEARCH.clear(context.session, context.tenant_id)
    await WORKING_SEARCH.clear(context.session, context.tenant_id)


LISTING = Projection(
    name="blog.listing",
    events=(
        "content.entry.*",
        "content.category.updated",
        "content.category.deleted",
        "content.tag.updated",
        "content.tag.deleted",
        "blog.post.*",
        "blog.author.updated",
        "blog.comment.*",
    ),
    tables=(
        "idx_blog_posts",
        "idx_blog_post_terms",
        "idx_blog_archive",
        "idx_blog_search",
        "idx_blog_search_working",
    ),
    refresh=refresh,
    aggregates=aggregates,
    clear=clear,
    indexed=indexed,
    aggregate_of=_aggregate,
)
