"""The projection ``content.listing``: entries' listing rows, term rows and search documents.

Every ``content.entry.*`` event refreshes its entry from the source tables, so replays,
late events and rebuilds converge on the same rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.declarations import DeliveryContext, Handler, Projection, RefreshContext
from app.events.envelope import Event
from app.index.search import Document
from modules.content.entries.documents import LIVE, EntryDocument, load_documents
from modules.content.entries.models import EntryRow
from modules.content.listing.models import EntryListingRow, EntryTermRow
from modules.content.listing.search import LIVE_SEARCH, WORKING_SEARCH

__all__ = ["DROP_DELETED_TERMS", "LISTING"]


def _row(tenant_id: uuid.UUID, document: EntryDocument) -> dict[str, object]:
    return {
        "tenant_id": tenant_id,
        "entry_id": document.entry_id,
        "locale": document.locale,
        "edition": document.edition,
        "kind": document.kind,
        "status": document.status,
        "slug": document.slug,
        "title": document.title,
        "excerpt": document.excerpt,
        "author_user_id": document.author_user_id,
        "cover_asset_id": document.cover_asset_id,
        "revision_id": document.revision_id,
        "translation_id": document.translation_id,
        "category_ids": [str(value) for value in document.category_ids],
        "tag_ids": [str(value) for value in document.tag_ids],
        "published_at": document.published_at,
        "publish_at": document.publish_at,
        "updated_at": document.updated_at,
        "has_unpublished_changes": document.has_unpublished_changes,
    }


def _terms(tenant_id: uuid.UUID, documents: Sequence[EntryDocument]) -> list[dict[str, object]]:
    seen: dict[uuid.UUID, EntryDocument] = {doc.entry_id: doc for doc in documents}
    return [
        {"tenant_id": tenant_id, "term_type": term_type, "term_id": term, "entry_id": entry_id}
        for entry_id, doc in seen.items()
        for term_type, terms in (("category", doc.category_ids), ("tag", doc.tag_ids))
        for term in terms
    ]


async def _index(
    session: AsyncSession, tenant_id: uuid.UUID, keys: list[uuid.UUID], docs: list[EntryDocument]
) -> None:
    for index, edition in ((LIVE_SEARCH, LIVE), (WORKING_SEARCH, "working")):
        await index.delete(session, tenant_id, keys)
        await index.upsert_many(
            session,
            tenant_id,
            [
                Document(
                    doc.entry_id,
                    {"title": doc.title, "excerpt": doc.excerpt, "body": doc.body_text},
                    doc.locale,
                )
                for doc in docs
                if doc.edition == edition
            ],
        )


async def refresh(context: RefreshContext, ids: list[str]) -> None:
    """Rebuild the rows of the entries ``ids`` (dropping those deleted at the source)."""
    session, tenant = context.session, context.tenant_id
    keys = [uuid.UUID(value) for value in ids]
    if not keys:
        return
    for table in (EntryListingRow, EntryTermRow):
        await session.execute(
            delete(table).where(table.tenant_id == tenant, table.entry_id.in_(keys))
        )
    documents = await load_documents(session, tenant, keys)
    if documents:
        await session.execute(insert(EntryListingRow), [_row(tenant, d) for d in documents])
    terms = _terms(tenant, documents)
    if terms:
        await session.execute(insert(EntryTermRow), terms)
    await _index(session, tenant, keys, documents)


async def aggregates(context: RefreshContext) -> list[str]:
    """List every entry of the tenant."""
    ids = await context.session.scalars(
        select(EntryRow.id).where(EntryRow.tenant_id == context.tenant_id)
    )
    return [str(value) for value in ids]


async def indexed(context: RefreshContext) -> list[str]:
    """List every entry with listing rows."""
    ids = await context.session.scalars(
        select(EntryListingRow.entry_id)
        .where(EntryListingRow.tenant_id == context.tenant_id)
        .distinct()
    )
    return [str(value) for value in ids]


async def clear(context: RefreshContext) -> None:
    """Delete every row of the tenant."""
    for table in (EntryListingRow, EntryTermRow):
        await context.session.execute(delete(table).where(table.tenant_id == context.tenant_id))
    await LIVE_SEARCH.clear(context.session, context.tenant_id)
    await WORKING_SEARCH.clear(context.session, context.tenant_id)


LISTING = Projection(
    name="content.listing",
    events=("content.entry.*",),
    tables=(
        "idx_content_entries",
        "idx_content_entry_terms",
        "idx_content_search",
        "idx_content_search_working",
    ),
    refresh=refresh,
    aggregates=aggregates,
    clear=clear,
    indexed=indexed,
)


async def _drop_term_rows(context: DeliveryContext, event: Event) -> None:
    """Forget a deleted category's or tag's filter rows (its links went with it)."""
    term_id = uuid.UUID(event.aggregate_id)
    await context.session.execute(
        delete(EntryTermRow).where(
            EntryTermRow.tenant_id == context.tenant_id, EntryTermRow.term_id == term_id
        )
    )


DROP_DELETED_TERMS = Handler(
    name="content.drop_deleted_terms",
    events=("content.category.deleted", "content.tag.deleted"),
    handle=_drop_term_rows,
)
