"""Loading an entry's rows for a write: locked, tenant-filtered, NOT_FOUND when absent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Principal
from app.errors import NotFound, ValidationFailed
from app.identity.people import reference_of
from modules.content.entries.models import EntryRow, RevisionRow, TranslationRow
from modules.content.settings import ContentSettings

__all__ = [
    "Locked",
    "actor_of",
    "check_locale",
    "lock_entry",
    "lock_translation",
    "next_revision_number",
]


@dataclass(frozen=True, slots=True)
class Locked:
    """An entry with one translation and its current revision, locked for this transaction."""

    entry: EntryRow
    translation: TranslationRow
    current: RevisionRow


def actor_of(principal: Principal) -> tuple[str, uuid.UUID | None]:
    """Return ``(kind, id)`` of who acts, as stored in ``created_by_*`` columns."""
    ref = reference_of(principal)
    return ref.kind.value, ref.id


def check_locale(settings: ContentSettings, locale: str, *, field: str = "locale") -> str:
    """Return ``locale`` if the tenant has it; VALIDATION naming ``field`` otherwise."""
    if locale not in settings.locales:
        raise ValidationFailed(
            f"locale {locale[:40]!r} is not one of this site's: {', '.join(settings.locales)}",
            field=field,
        )
    return locale


async def lock_entry(
    session: AsyncSession, tenant_id: uuid.UUID, entry_id: uuid.UUID, *, field: str = "id"
) -> EntryRow:
    """Return the entry, locked; NOT_FOUND naming ``field`` when the tenant has none such."""
    entry = await session.scalar(
        select(EntryRow)
        .where(EntryRow.tenant_id == tenant_id, EntryRow.id == entry_id)
        .with_for_update()
    )
    if entry is None:
        raise NotFound("no such entry", field=field)
    return entry


async def lock_translation(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    entry_id: uuid.UUID,
    locale: str,
    *,
    field: str = "id",
) -> Locked:
    """Return the entry's translation in ``locale`` with its current revision, locked."""
    entry = await lock_entry(session, tenant_id, entry_id, field=field)
    translation = await session.scalar(
        select(TranslationRow)
        .where(
            TranslationRow.tenant_id == tenant_id,
            TranslationRow.entry_id == entry_id,
            TranslationRow.locale == locale,
        )
        .with_for_update()
    )
    if translation is None:
        raise NotFound(f"the entry has no translation in {locale[:40]!r}", field="locale")
    current = await session.scalar(
        select(RevisionRow).where(
            RevisionRow.tenant_id == tenant_id,
            RevisionRow.id == translation.current_revision_id,
        )
    )
    if current is None:
        raise NotFound("the translation's current revision is missing", field=field)
    return Locked(entry, translation, current)


async def next_revision_number(
    session: AsyncSession, tenant_id: uuid.UUID, translation_id: uuid.UUID
) -> int:
    """Return the number the translation's next revision takes."""
    highest = await session.scalar(
        select(func.max(RevisionRow.number)).where(
            RevisionRow.tenant_id == tenant_id, RevisionRow.translation_id == translation_id
        )
    )
    return int(highest or 0) + 1
