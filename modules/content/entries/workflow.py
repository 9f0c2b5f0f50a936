"""The editorial workflow of a translation: review, publish now or later, take offline.

Every transition checks the state it starts from (CONFLICT otherwise, and no event), then
moves the translation and emits one event in the same transaction. A scheduled publication
is a delayed job keyed by the translation, so rescheduling replaces it and unscheduling
cancels it; the job publishes within seconds of ``publish_at`` without any request.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ValidationFailed
from app.events.declarations import EventPayload, EventType
from app.events.emit import emit
from app.jobs.declarations import DelayedJob, JobContext
from app.jobs.schedule import cancel, schedule
from app.runtime import Context
from modules.content.entries.records import Locked, lock_translation
from modules.content.entries.service import sync_asset_uses
from modules.content.entries.status import Status
from modules.content.events import (
    ENTRY_ARCHIVED,
    ENTRY_PUBLISHED,
    ENTRY_REJECTED,
    ENTRY_SCHEDULED,
    ENTRY_SUBMITTED,
    ENTRY_UNARCHIVED,
    ENTRY_UNPUBLISHED,
    ENTRY_UNSCHEDULED,
    EntryPublished,
    EntryRevision,
    EntryScheduled,
    EntryState,
    EntryUnpublished,
)

__all__ = [
    "PUBLISH_DUE",
    "archive",
    "publish",
    "reject",
    "submit",
    "unarchive",
    "unpublish",
    "unschedule",
]

_DRAFTS = frozenset({Status.DRAFT, Status.IN_REVIEW})


@asynccontextmanager
async def _locked(
    ctx: Context, entry_id: uuid.UUID, locale: str
) -> AsyncIterator[tuple[AsyncSession, Locked]]:
    """Open the tenant's transaction with the translation locked in it."""
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id) as session:
        yield session, await lock_translation(session, tenant.id, entry_id, locale)


def _status(locked: Locked) -> Status:
    return Status(locked.translation.status)


def _refuse(locked: Locked, action: str) -> Conflict:
    state = _status(locked).value.replace("_", " ")
    return Conflict(f"cannot {action} a translation that is {state}", field="id")


async def _emit(
    ctx: Context, session: AsyncSession, locked: Locked, event: EventType, payload: EventPayload
) -> None:
    locked.translation.updated_at = ctx.runtime.clock.now()
    await emit(
        ctx, session, event, payload, aggregate_id=locked.entry.id, tenant_id=locked.entry.tenant_id
    )


def _state(locked: Locked) -> EntryState:
    return EntryState(
        entry_id=str(locked.entry.id), kind=locked.entry.kind, locale=locked.translation.locale
    )


def _with_revision(locked: Locked) -> EntryRevision:
    return EntryRevision(**_state(locked).model_dump(), revision_id=str(locked.current.id))


async def submit(ctx: Context, entry_id: uuid.UUID, locale: str) -> None:
    """Send a draft for review (``draft`` → ``in_review``)."""
    async with _locked(ctx, entry_id, locale) as (session, locked):
        if _status(locked) is not Status.DRAFT:
            raise _refuse(locked, "submit")
        locked.translation.status = Status.IN_REVIEW.value
        locked.translation.review_note = None
        await _emit(ctx, session, locked, ENTRY_SUBMITTED, _with_revision(locked))


async def reject(ctx: Context, entry_id: uuid.UUID, locale: str, note: str | None) -> None:
    """Send a reviewed draft back (``in_review`` → ``draft``) with an optional note."""
    if note is not None and len(note) > 5000:
        raise ValidationFailed("at most 5000 characters", field="note")
    async with _locked(ctx, entry_id, locale) as (session, locked):
        if _status(locked) is not Status.IN_REVIEW:
            raise _refuse(locked, "reject")
        locked.translation.status = Status.DRAFT.value
        locked.translation.review_note = (note or "").strip() or None
        await _emit(ctx, session, locked, ENTRY_REJECTED, _with_revision(locked))


def _can_publish(locked: Locked) -> bool:
    status = _status(locked)
    if status in _DRAFTS or status is Status.SCHEDULED:
        return True
    has_changes = locked.translation.published_revision_id != locked.current.id
    return status is Status.PUBLISHED and has_changes


async def publish(
    ctx: Context, entry_id: uuid.UUID, locale: str, publish_at: datetime | None = None
) -> None:
    """Publish the working copy now, or schedule it for ``publish_at`` (in the future).

    Raises:
        Conflict: the translation is archived, or already live with no unpublished change.
        ValidationFailed: ``publish_at`` is not in the future.
    """
    now = ctx.runtime.clock.now()
    if publish_at is not None and publish_at <= now:
        raise ValidationFailed("schedule a time in the future", field="publishAt")
    async with _locked(ctx, entry_id, locale) as (session, locked):
        if not _can_publish(locked):
            if _status(locked) is Status.PUBLISHED:
                raise Conflict("already published: nothing changed since", field="id")
            raise _refuse(locked, "publish")
        if publish_at is None:
            await cancel(session, PUBLISH_DUE, str(locked.translation.id))
            await go_live(ctx, session, locked)
            return
        if _status(locked) is Status.PUBLISHED:
            raise Conflict("unpublish it first, or publish the change now", field="publishAt")
        locked.translation.status = Status.SCHEDULED.value
        locked.translation.publish_at = publish_at
        await schedule(
            session,
            PUBLISH_DUE,
            run_at=publish_at,
            now=now,
            tenant_id=locked.entry.tenant_id,
            args={"entry_id": str(entry_id), "locale": locale},
            key=str(locked.translation.id),
        )
        payload = EntryScheduled(**_with_revision(locked).model_dump(), publish_at=publish_at)
        await _emit(ctx, session, locked, ENTRY_SCHEDULED, payload)


async def go_live(ctx: Context, session: AsyncSession, locked: Locked) -> None:
    """Make the working copy the published revision and emit ``content.entry.published``."""
    translation = locked.translation
    now = ctx.runtime.clock.now()
    is_first = translation.first_published_at is None
    translation.status = Status.PUBLISHED.value
    translation.published_revision_id = locked.current.id
    translation.published_at = now
    translation.publish_at = None
    translation.review_note = None
    if is_first:
        translation.first_published_at = now
    payload = EntryPublished(
        **_with_revision(locked).model_dump(),
        slug=translation.slug,
        published_at=now,
        is_first_publication=is_first,
        author_user_id=str(locked.entry.author_user_id) if locked.entry.author_user_id else None,
    )
    await _emit(ctx, session, locked, ENTRY_PUBLISHED, payload)
    await sync_asset_uses(ctx, session, locked.entry)


async def unschedule(ctx: Context, entry_id: uuid.UUID, locale: str) -> None:
    """Cancel a scheduled publication (``scheduled`` → ``draft``)."""
    async with _locked(ctx, entry_id, locale) as (session, locked):
        if _status(locked) is not Status.SCHEDULED:
            raise _refuse(locked, "unschedule")
        locked.translation.status = Status.DRAFT.value
        locked.translation.publish_at = None
        await cancel(session, PUBLISH_DUE, str(locked.translation.id))
        await _emit(ctx, session, locked, ENTRY_UNSCHEDULED, _state(locked))


async def _take_offline(ctx: Context, session: AsyncSession, locked: Locked) -> None:
    slug = locked.translation.slug
    locked.translation.published_revision_id = None
    locked.translation.published_at = None
    payload = EntryUnpublished(**_state(locked).model_dump(), slug=slug)
    await _emit(ctx, session, locked, ENTRY_UNPUBLISHED, payload)


async def unpublish(ctx: Context, entry_id: uuid.UUID, locale: str) -> None:
    """Take a published translation offline (``published`` → ``draft``)."""
    async with _locked(ctx, entry_id, locale) as (session, locked):
        if _status(locked) is not Status.PUBLISHED:
            raise _refuse(locked, "unpublish")
        locked.translation.status = Status.DRAFT.value
        await _take_offline(ctx, session, locked)
        await sync_asset_uses(ctx, session, locked.entry)


async def archive(ctx: Context, entry_id: uuid.UUID, locale: str) -> None:
    """Archive a translation from any state; a live one goes offline, a scheduled one stops."""
    async with _locked(ctx, entry_id, locale) as (session, locked):
        status = _status(locked)
        if status is Status.ARCHIVED:
            raise _refuse(locked, "archive")
        await cancel(session, PUBLISH_DUE, str(locked.translation.id))
        locked.translation.status = Status.ARCHIVED.value
        locked.translation.publish_at = None
        if status is Status.PUBLISHED:
            await _take_offline(ctx, session, locked)
        await _emit(ctx, session, locked, ENTRY_ARCHIVED, _state(locked))


async def unarchive(ctx: Context, entry_id: uuid.UUID, locale: str) -> None:
    """Bring an archived translation back as a draft."""
    async with _locked(ctx, entry_id, locale) as (session, locked):
        if _status(locked) is not Status.ARCHIVED:
            raise _refuse(locked, "unarchive")
        locked.translation.status = Status.DRAFT.value
        await _emit(ctx, session, locked, ENTRY_UNARCHIVED, _state(locked))


async def _publish_due(job: JobContext) -> None:
    """Publish a scheduled translation whose time has come (a no-op if it changed since)."""
    if job.tenant_id is None:
        return
    locale = str(job.args["locale"])
    entry_id = uuid.UUID(str(job.args["entry_id"]))
    locked = await lock_translation(job.session, job.tenant_id, entry_id, locale)
    publish_at = locked.translation.publish_at
    if _status(locked) is not Status.SCHEDULED or publish_at is None or publish_at > job.now:
        return
    await go_live(job.context, job.session, locked)


PUBLISH_DUE = DelayedJob(name="content.publish_due", run=_publish_due, max_attempts=10)
