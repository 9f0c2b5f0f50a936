"""Entries as flat documents per translation and edition: what read models are built from.

Three statements for any number of entries: translations with their entries, the revisions
they point at, and the taxonomy links. Content's projection and dependent modules' read
models (blog) build their rows from these documents.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modules.content.body import excerpt, parse_body, plain_text
from modules.content.entries.models import EntryRow, RevisionRow, TranslationRow
from modules.content.taxonomy.models import EntryCategoryRow, EntryTagRow

__all__ = ["EntryDocument", "load_documents"]

WORKING, LIVE = "working", "live"


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryDocument:
    """One translation at one edition: ``working`` (current revision) or ``live`` (published)."""

    entry_id: uuid.UUID
    translation_id: uuid.UUID
    revision_id: uuid.UUID
    kind: str
    locale: str
    edition: str
    status: str
    slug: str
    title: str
    excerpt: str
    body_text: str
    author_user_id: uuid.UUID | None
    cover_asset_id: uuid.UUID | None
    category_ids: tuple[uuid.UUID, ...]
    tag_ids: tuple[uuid.UUID, ...]
    published_at: datetime | None
    publish_at: datetime | None
    updated_at: datetime
    has_unpublished_changes: bool


async def _terms(
    session: AsyncSession, tenant_id: uuid.UUID, entry_ids: Sequence[uuid.UUID]
) -> tuple[dict[uuid.UUID, list[uuid.UUID]], dict[uuid.UUID, list[uuid.UUID]]]:
    categories: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    tags: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for row in await session.scalars(
        select(EntryCategoryRow).where(
            EntryCategoryRow.tenant_id == tenant_id, EntryCategoryRow.entry_id.in_(entry_ids)
        )
    ):
        categories[row.entry_id].append(row.category_id)
    for tag in await session.scalars(
        select(EntryTagRow).where(
            EntryTagRow.tenant_id == tenant_id, EntryTagRow.entry_id.in_(entry_ids)
        )
    ):
        tags[tag.entry_id].append(tag.tag_id)
    return categories, tags


async def load_documents(
    session: AsyncSession, tenant_id: uuid.UUID, entry_ids: Sequence[uuid.UUID]
) -> list[EntryDocument]:
    """Return the documents of ``entry_ids`` still at the source (both editions where live)."""
    if not entry_ids:
        return []
    pairs = (
        await session.execute(
            select(TranslationRow, EntryRow)
            .join(
                EntryRow,
                (EntryRow.tenant_id == TranslationRow.tenant_id)
                & (EntryRow.id == TranslationRow.entry_id),
            )
            .where(TranslationRow.tenant_id == tenant_id, TranslationRow.entry_id.in_(entry_ids))
        )
    ).all()
    wanted = {t.current_revision_id for t, _ in pairs} | {
        t.published_revision_id for t, _ in pairs if t.published_revision_id is not None
    }
    revisions = {
        row.id: row
        for row in await session.scalars(
            select(RevisionRow).where(
                RevisionRow.tenant_id == tenant_id, RevisionRow.id.in_(wanted)
            )
        )
    }
    categories, tags = await _terms(session, tenant_id, entry_ids)
    documents = []
    for translation, entry in pairs:
        editions = [(WORKING, translation.current_revision_id)]
        if translation.published_revision_id is not None:
            editions.append((LIVE, translation.published_revision_id))
        for edition, revision_id in editions:
            revision = revisions.get(revision_id)
            if revision is not None:
                documents.append(_document(translation, entry, revision, edition, categories, tags))
    return documents


def _document(
    translation: TranslationRow,
    entry: EntryRow,
    revision: RevisionRow,
    edition: str,
    categories: dict[uuid.UUID, list[uuid.UUID]],
    tags: dict[uuid.UUID, list[uuid.UUID]],
) -> EntryDocument:
    body = parse_body(revision.body)
    return EntryDocument(
        entry_id=entry.id,
        translation_id=translation.id,
        revision_id=revision.id,
        kind=entry.kind,
        locale=translation.locale,
        edition=edition,
        status=translation.status,
        slug=translation.slug,  # the URL is the translation's; revisions keep history
        title=revision.title,
        excerpt=revision.excerpt or excerpt(body),
        body_text=plain_text(body),
        author_user_id=entry.author_user_id,
        cover_asset_id=entry.cover_asset_id,
        category_ids=tuple(sorted(categories.get(entry.id, []))),
        tag_ids=tuple(sorted(tags.get(entry.id, []))),
        published_at=translation.published_at,
        publish_at=translation.publish_at,
        updated_at=translation.updated_at,
        has_unpublished_changes=translation.published_revision_id
        != translation.current_revision_id,
    )
