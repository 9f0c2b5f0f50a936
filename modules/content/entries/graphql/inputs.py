"""Input objects of the entry mutations."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from modules.content.entries.drafts import DraftInput

__all__ = [
    "ContentEntryCreateInput",
    "ContentEntryPublishInput",
    "ContentEntryRefInput",
    "ContentEntryRejectInput",
    "ContentEntryUpdateInput",
    "ContentPreviewTokenCreateInput",
    "ContentRevisionRestoreInput",
    "ContentTranslationCreateInput",
    "ContentTranslationDeleteInput",
    "SeoInput",
    "draft_input",
]


@strawberry.input(description="SEO fields; an empty string clears one.")
class SeoInput:
    """SEO fields."""

    title: str | None = strawberry.field(default=None, description="Title for search results.")
    description: str | None = strawberry.field(default=None, description="Result description.")
    canonical_url: str | None = strawberry.field(default=None, description="Canonical URL.")
    image_id: strawberry.ID | None = strawberry.field(
        default=None, description="An `Asset` ID for sharing cards."
    )


@strawberry.input(description="A translation's draft fields (absent: unchanged).")
class _DraftFields:
    title: str | None = strawberry.field(default=None, description="The title.")
    slug: str | None = strawberry.field(
        default=None, description="The slug; generated from the title when absent on create."
    )
    body: JSON | None = strawberry.field(
        default=None, description="The body as blocks (one of body, bodyMarkdown, bodyHtml)."
    )
    body_markdown: str | None = strawberry.field(
        default=None, description="The body as CommonMark, converted to blocks."
    )
    body_html: str | None = strawberry.field(
        default=None, description="The body as HTML, sanitized and converted to blocks."
    )
    excerpt: str | None = strawberry.field(default=None, description="A short summary.")
    seo: SeoInput | None = strawberry.field(default=None, description="The SEO fields.")


def draft_input(fields: _DraftFields, seo_image: uuid.UUID | None) -> DraftInput:
    """Return the service's draft input of ``fields`` (``seo_image``: a decoded asset id)."""
    seo = fields.seo or SeoInput()
    return DraftInput(
        title=fields.title,
        slug=fields.slug,
        body=fields.body,
        body_markdown=fields.body_markdown,
        body_html=fields.body_html,
        excerpt=fields.excerpt,
        seo_title=seo.title,
        seo_description=seo.description,
        canonical_url=seo.canonical_url,
        seo_image_id=seo_image,
    )


@strawberry.input(description="Taxonomy and cover shared by every locale (absent: unchanged).")
class _SharedFields:
    cover_image_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="An `Asset` ID; null removes the cover."
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="`ContentCategory` IDs, replacing the current ones."
    )
    tag_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="`ContentTag` IDs, replacing the current ones."
    )
    tag_names: list[str] | None = strawberry.field(
        default=None, description="Tag names; missing tags are created. Adds to `tagIds`."
    )


@strawberry.input(description="A new entry with its first translation.")
class ContentEntryCreateInput(_DraftFields, _SharedFields):
    """Input of contentEntryCreate."""

    locale: str | None = strawberry.field(
        default=None, description="The first translation's locale (default: the site's)."
    )
    kind: str = strawberry.field(default="page", description="The kind of entry.")


@strawberry.input(description="A new draft of one translation and/or the shared fields.")
class ContentEntryUpdateInput(_DraftFields, _SharedFields):
    """Input of contentEntryUpdate."""

    id: strawberry.ID = strawberry.field(description="The entry's ID.")
    locale: str | None = strawberry.field(
        default=None, description="The translation to save (needed with draft fields)."
    )


@strawberry.input(description="A new translation of an entry.")
class ContentTranslationCreateInput(_DraftFields):
    """Input of contentTranslationCreate."""

    entry_id: strawberry.ID = strawberry.field(description="The entry's ID.")
    locale: str = strawberry.field(description="The new translation's locale.")
    copy_from_locale: str | None = strawberry.field(
        default=None, description="Start from this locale's working copy."
    )


@strawberry.input(description="One translation of an entry.")
class ContentTranslationDeleteInput:
    """Input of contentTranslationDelete."""

    entry_id: strawberry.ID = strawberry.field(description="The entry's ID.")
    locale: str = strawberry.field(description="The locale to delete.")


@strawberry.input(description="One translation of an entry, for a workflow step.")
class ContentEntryRefInput:
    """An entry and locale."""

    id: strawberry.ID = strawberry.field(description="The entry's ID.")
    locale: str | None = strawberry.field(
        default=None, description="The locale (default: the site's)."
    )


@strawberry.input(description="Publish now, or schedule.")
class ContentEntryPublishInput(ContentEntryRefInput):
    """Input of contentEntryPublish."""

    publish_at: datetime | None = strawberry.field(
        default=None, description="A future time to go live; absent publishes now."
    )


@strawberry.input(description="Send a reviewed draft back.")
class ContentEntryRejectInput(ContentEntryRefInput):
    """Input of contentEntryReject."""

    note: str | None = strawberry.field(default=None, description="What to change.")


@strawberry.input(description="Restore a revision as the new working copy.")
class ContentRevisionRestoreInput:
    """Input of contentRevisionRestore."""

    revision_id: strawberry.ID = strawberry.field(description="The `ContentRevision` ID.")


@strawberry.input(description="A link that shows a translation's working copy.")
class ContentPreviewTokenCreateInput:
    """Input of contentPreviewTokenCreate."""

    entry_id: strawberry.ID = strawberry.field(description="The entry's ID.")
    locale: str | None = strawberry.field(default=None, description="The locale.")
    expires_in_seconds: int | None = strawberry.field(
        default=None, description="Lifetime (60 up to the site's setting; default the setting)."
    )
