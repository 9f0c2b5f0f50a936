"""Content's permissions (``content.<verb>_<object>``)."""

from __future__ import annotations

from app.registry import Permission

__all__ = [
    "DELETE_ENTRIES",
    "EDIT_ENTRIES",
    "MANAGE_MEDIA",
    "MANAGE_TAXONOMY",
    "PERMISSIONS",
    "PUBLISH_ENTRIES",
    "VIEW_ENTRIES",
    "VIEW_MEDIA",
]

VIEW_ENTRIES = Permission(
    "content.view_entries",
    "Read entries in every state: drafts, revisions, review notes, scheduled times.",
)
EDIT_ENTRIES = Permission(
    "content.edit_entries",
    "Create entries and translations, save drafts, restore revisions, submit for review, "
    "create preview tokens.",
)
PUBLISH_ENTRIES = Permission(
    "content.publish_entries",
    "Publish, schedule, unschedule, unpublish, archive and unarchive entries; reject a review.",
)
DELETE_ENTRIES = Permission("content.delete_entries", "Delete entries and translations.")
VIEW_MEDIA = Permission(
    "content.view_media", "Browse the media library and see where an asset is used."
)
MANAGE_MEDIA = Permission(
    "content.manage_media", "Upload assets, edit alt text and file names, delete unused assets."
)
MANAGE_TAXONOMY = Permission(
    "content.manage_taxonomy", "Create, rename, move and delete categories and tags."
)
PERMISSIONS = (
    VIEW_ENTRIES,
    EDIT_ENTRIES,
    PUBLISH_ENTRIES,
    DELETE_ENTRIES,
    VIEW_MEDIA,
    MANAGE_MEDIA,
    MANAGE_TAXONOMY,
)
