"""Content's event types: thin payloads (ids, kind, locale), version 1 each.

Entry and translation events share the aggregate ``content.entry`` (the entry id), so a
subscriber sees one entry's history in order across locales.
"""

from __future__ import annotations

from datetime import datetime

from app.events.declarations import EventPayload, EventType
from modules.content.permissions import VIEW_ENTRIES, VIEW_MEDIA

__all__ = [
    "ASSET_DELETED",
    "ASSET_UPDATED",
    "ASSET_UPLOADED",
    "CATEGORY_CREATED",
    "CATEGORY_DELETED",
    "CATEGORY_UPDATED",
    "ENTRY_ARCHIVED",
    "ENTRY_CREATED",
    "ENTRY_DELETED",
    "ENTRY_PUBLISHED",
    "ENTRY_REJECTED",
    "ENTRY_REVISION_RESTORED",
    "ENTRY_SCHEDULED",
    "ENTRY_SUBMITTED",
    "ENTRY_UNARCHIVED",
    "ENTRY_UNPUBLISHED",
    "ENTRY_UNSCHEDULED",
    "ENTRY_UPDATED",
    "EVENTS",
    "TAG_CREATED",
    "TAG_DELETED",
    "TAG_UPDATED",
    "TRANSLATION_CREATED",
    "TRANSLATION_DELETED",
    "AssetChanged",
    "AssetDeleted",
    "AssetUploaded",
    "CategoryCreated",
    "CategoryDeleted",
    "CategoryUpdated",
    "EntryChanged",
    "EntryDeleted",
    "EntryPublished",
    "EntryRevision",
    "EntryScheduled",
    "EntryState",
    "EntryUnpublished",
    "RevisionRestored",
    "TagEvent",
]


class EntryState(EventPayload):
    """An entry's translation changed state."""

    entry_id: str
    kind: str
    locale: str


class EntryRevision(EntryState):
    """An entry's translation moved with one of its revisions."""

    revision_id: str


class EntryChanged(EventPayload):
    """An entry was saved: a translation's new current revision (maybe a new slug), or fields
    shared by every locale (then ``locale`` and ``revision_id`` are absent)."""

    entry_id: str
    kind: str
    locale: str | None = None
    revision_id: str | None = None
    slug: str | None = None
    previous_slug: str | None = None
    changed: list[str]


class EntryUnpublished(EntryState):
    """A translation went offline; ``slug`` is the one it was live at."""

    slug: str


class EntryScheduled(EntryRevision):
    """A revision will go live at ``publish_at``."""

    publish_at: datetime


class EntryPublished(EntryRevision):
    """A revision went live."""

    slug: str
    published_at: datetime
    is_first_publication: bool
    author_user_id: str | None = None


class RevisionRestored(EntryRevision):
    """An older revision was copied into a new current revision."""

    restored_from_id: str


class EntryDeleted(EventPayload):
    """An entry and all its translations were deleted."""

    entry_id: str
    kind: str
    locales: list[str]


class AssetUploaded(EventPayload):
    """A file was stored as a new asset."""

    asset_id: str
    content_type: str
    byte_size: int


class AssetDeleted(EventPayload):
    """An unused asset was deleted with its files."""

    asset_id: str


class AssetChanged(EventPayload):
    """An asset's editable fields changed."""

    asset_id: str
    changed: list[str]


class CategoryCreated(EventPayload):
    """A category was created at ``path``."""

    category_id: str
    parent_id: str | None = None
    path: str


class CategoryUpdated(CategoryCreated):
    """A category was renamed or moved (``previous_path`` set when its path changed)."""

    previous_path: str | None = None


class CategoryDeleted(EventPayload):
    """A category without children was deleted."""

    category_id: str
    path: str


class TagEvent(EventPayload):
    """A tag was created, renamed or deleted."""

    tag_id: str
    slug: str


def _entry(verb: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=f"content.entry.{verb}",
        version=1,
        payload=payload,
        permission=VIEW_ENTRIES,
        description=description,
    )


ENTRY_CREATED = _entry("created", EntryRevision, "An entry was created with its first draft.")
ENTRY_UPDATED = _entry("updated", EntryChanged, "A translation's draft was saved.")
TRANSLATION_CREATED = _entry(
    "translation_created", EntryRevision, "An entry got a translation in another locale."
)
TRANSLATION_DELETED = _entry("translation_deleted", EntryState, "A translation was deleted.")
ENTRY_SUBMITTED = _entry("submitted", EntryRevision, "A draft was submitted for review.")
ENTRY_REJECTED = _entry("rejected", EntryRevision, "A review sent the draft back.")
ENTRY_SCHEDULED = _entry("scheduled", EntryScheduled, "A revision was scheduled to go live.")
ENTRY_UNSCHEDULED = _entry("unscheduled", EntryState, "A scheduled publication was cancelled.")
ENTRY_PUBLISHED = _entry("published", EntryPublished, "A revision went live.")
ENTRY_UNPUBLISHED = _entry("unpublished", EntryUnpublished, "A translation was taken offline.")
ENTRY_ARCHIVED = _entry("archived", EntryState, "A translation was archived.")
ENTRY_UNARCHIVED = _entry("unarchived", EntryState, "An archived translation became a draft.")
ENTRY_REVISION_RESTORED = _entry(
    "revision_restored", RevisionRestored, "An older revision became the working copy again."
)
ENTRY_DELETED = _entry("deleted", EntryDeleted, "An entry and its translations were deleted.")


def _other(name: str, payload: type[EventPayload], description: str) -> EventType:
    permission = VIEW_MEDIA if name.startswith("content.asset.") else VIEW_ENTRIES
    return EventType(
        name=name, version=1, payload=payload, permission=permission, description=description
    )


ASSET_UPLOADED = _other("content.asset.uploaded", AssetUploaded, "A file was uploaded.")
ASSET_UPDATED = _other(
    "content.asset.updated", AssetChanged, "An asset's alt text or name changed."
)
ASSET_DELETED = _other("content.asset.deleted", AssetDeleted, "An unused asset was deleted.")
CATEGORY_CREATED = _other("content.category.created", CategoryCreated, "A category was created.")
CATEGORY_UPDATED = _other(
    "content.category.updated", CategoryUpdated, "A category was renamed or moved."
)
CATEGORY_DELETED = _other("content.category.deleted", CategoryDeleted, "A category was deleted.")
TAG_CREATED = _other("content.tag.created", TagEvent, "A tag was created.")
TAG_UPDATED = _other("content.tag.updated", TagEvent, "A tag was renamed.")
TAG_DELETED = _other("content.tag.deleted", TagEvent, "A tag was deleted.")

EVENTS = (
    ENTRY_CREATED,
    ENTRY_UPDATED,
    TRANSLATION_CREATED,
    TRANSLATION_DELETED,
    ENTRY_SUBMITTED,
    ENTRY_REJECTED,
    ENTRY_SCHEDULED,
    ENTRY_UNSCHEDULED,
    ENTRY_PUBLISHED,
    ENTRY_UNPUBLISHED,
    ENTRY_ARCHIVED,
    ENTRY_UNARCHIVED,
    ENTRY_REVISION_RESTORED,
    ENTRY_DELETED,
    ASSET_UPLOADED,
    ASSET_UPDATED,
    ASSET_DELETED,
    CATEGORY_CREATED,
    CATEGORY_UPDATED,
    CATEGORY_DELETED,
    TAG_CREATED,
    TAG_UPDATED,
    TAG_DELETED,
)
