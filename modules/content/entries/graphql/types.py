"""GraphQL types of entries: ``ContentEntry`` (one translation), revisions, SEO fields."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable
from datetime import datetime
from typing import Annotated, NewType, TypeVar

import strawberry
from strawberry.types.scalar import ScalarDefinition

from app.errors import NotFound
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.relay import PageRequest
from app.graphql.types import Connection, Node
from app.identity.graphql.person import Person, find_person
from app.identity.people import PersonKind
from app.ids import encode_global_id
from modules.content.body import (
    body_to_json,
    parse_body,
    referenced_assets,
    render_html,
)
from modules.content.entries.graphql import loaders
from modules.content.entries.models import RevisionRow
from modules.content.entries.views import EntryView
from modules.content.media.api import Asset
from modules.content.permissions import VIEW_ENTRIES
from modules.content.taxonomy.api import EntryTerms
from modules.content.taxonomy.graphql.types import ContentCategory, ContentTag

__all__ = [
    "SCALARS",
    "ContentEntry",
    "ContentRedirect",
    "ContentRevision",
    "ContentStatus",
    "ContentTranslationSummary",
    "RichTextDocument",
    "SeoFields",
]

RichTextDocument = NewType("RichTextDocument", object)
T = TypeVar("T")
# What a field may return: the value at once, or an awaitable of it (awaited by graphql-core).
Listed = list[T] | Awaitable[list[T]]
SCALARS: dict[object, ScalarDefinition] = {
    RichTextDocument: strawberry.scalar(
        name="RichTextDocument",
        description=(
            "A rich-text body: a JSON array of blocks (paragraph, heading, list, quote, code, "
            "image, embed, divider); see docs/modules/content.md."
        ),
        serialize=lambda value: value,
        parse_value=lambda value: value,
    )
}


@strawberry.enum(description="Where a translation is in the editorial workflow.")
class ContentStatus(enum.Enum):
    """GraphQL view of :class:`modules.content.entries.status.Status`."""

    DRAFT = strawberry.enum_value("draft", description="Being written; not public.")
    IN_REVIEW = strawberry.enum_value("in_review", description="Waiting for a reviewer.")
    SCHEDULED = strawberry.enum_value("scheduled", description="Goes live at `publishAt`.")
    PUBLISHED = strawberry.enum_value("published", description="Live.")
    ARCHIVED = strawberry.enum_value("archived", description="Retired; not public.")


@strawberry.type(description="Search-engine and sharing metadata of a translation.")
class SeoFields:
    """SEO fields."""

    title: str | None = strawberry.field(description="The title for search results.")
    description: str | None = strawberry.field(description="The description for results.")
    canonical_url: str | None = strawberry.field(description="The canonical URL, if elsewhere.")
    image_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The image for sharing cards.")
    async def image(self, info: Info) -> Asset | None:
        """Load the image."""
        if self.image_id is None:
            return None
        return await loaders.assets(info.context).load(self.image_id)


@strawberry.type(description="One locale of an entry, as listed on the entry.")
class ContentTranslationSummary:
    """A translation in brief."""

    locale: str = strawberry.field(description="The locale (BCP 47).")
    slug: str = strawberry.field(description="The slug in that locale.")
    published_at: datetime | None = strawberry.field(description="When it last went live.")
    status: ContentStatus = strawberry.field(
        description="Its workflow state.", directives=guarded(VIEW_ENTRIES)
    )


async def _html(info: Info, revision: RevisionRow) -> str:
    body = parse_body(revision.body)
    wanted = sorted(referenced_assets(body))
    found = await loaders.assets(info.context).load_many(wanted) if wanted else []
    urls = {key: asset.url for key, asset in zip(wanted, found, strict=True) if asset is not None}
    return render_html(body, asset_url=urls.get)


@strawberry.type(description="An immutable snapshot of a translation.")
class ContentRevision(Node):
    """A revision."""

    number: int = strawberry.field(description="1 for the first revision of the translation.")
    title: str = strawberry.field(description="The title.")
    slug: str = strawberry.field(description="The slug.")
    excerpt: str | None = strawberry.field(description="The excerpt as written.")
    created_at: datetime = strawberry.field(description="When it was saved.")
    row: strawberry.Private[RevisionRow]

    @strawberry.field(description="The body blocks.")
    def body(self) -> RichTextDocument:
        """Return the stored blocks."""
        return RichTextDocument(self.row.body)

    @strawberry.field(description="The body rendered as safe HTML.")
    async def body_html(self, info: Info) -> str:
        """Render the body."""
        return await _html(info, self.row)

    @strawberry.field(description="The SEO fields.")
    def seo(self) -> SeoFields:
        """Return the SEO fields."""
        return _seo(self.row)

    @strawberry.field(description="Who saved it.")
    async def created_by(self, info: Info) -> Person | None:
        """Load the author's card."""
        return await find_person(info.context, self.row.created_by_kind, self.row.created_by_id)

    @strawberry.field(description="The revision this one was restored from, if any.")
    async def restored_from(self, info: Info) -> ContentRevision | None:
        """Load the source revision."""
        if self.row.restored_from_id is None:
            return None
        row = await loaders.revisions(info.context).load(self.row.restored_from_id)
        return ContentRevision.from_row(row) if row is not None else None

    @classmethod
    def from_row(cls, row: RevisionRow) -> ContentRevision:
        """Build from a revision row."""
        return cls(
            id=strawberry.ID(encode_global_id("ContentRevision", row.id)),
            number=row.number,
            title=row.title,
            slug=row.slug,
            excerpt=row.excerpt,
            created_at=row.created_at,
            row=row,
        )


def _seo(row: RevisionRow) -> SeoFields:
    return SeoFields(
        title=row.seo_title,
        description=row.seo_description,
        canonical_url=row.canonical_url,
        image_id=row.seo_image_asset_id,
    )


@strawberry.type(description="A page or other document in one locale (kind `page`, `post`, ...).")
class ContentEntry(Node):
    """An entry in one locale, at its live or working revision."""

    kind: str = strawberry.field(
        description="What sort of entry: `page`, or a kind of another module."
    )
    locale: str = strawberry.field(description="The locale served.")
    is_fallback: bool = strawberry.field(
        description="True when the asked locale had none and the default's served."
    )
    title: str = strawberry.field(description="The title.")
    slug: str = strawberry.field(
        description="The slug in this locale (a changed slug applies at once)."
    )
    excerpt: str = strawberry.field(
        description="The excerpt, or the body's first words when none was written."
    )
    published_at: datetime | None = strawberry.field(description="When this locale last went live.")
    updated_at: datetime = strawberry.field(description="When this locale was last saved.")
    status: ContentStatus = strawberry.field(
        description="The workflow state.", directives=guarded(VIEW_ENTRIES)
    )
    publish_at: datetime | None = strawberry.field(
        description="When it goes live, if scheduled.", directives=guarded(VIEW_ENTRIES)
    )
    has_unpublished_changes: bool = strawberry.field(
        description="Whether the working copy differs from what is live.",
        directives=guarded(VIEW_ENTRIES),
    )
    view: strawberry.Private[EntryView]
    # A list hands each entry its terms and the default locale: read without a task per entry.
    terms: strawberry.Private[tuple[EntryTerms, str] | None] = None

    @strawberry.field(description="The body blocks.")
    async def body(self, info: Info) -> RichTextDocument:
        """Return the blocks."""
        return RichTextDocument(body_to_json(parse_body((await self._revision(info)).body)))

    @strawberry.field(description="The body rendered as safe HTML.")
    async def body_html(self, info: Info) -> str:
        """Render the body."""
        return await _html(info, await self._revision(info))

    @strawberry.field(description="The SEO fields.")
    async def seo(self, info: Info) -> SeoFields:
        """Return the SEO fields."""
        return _seo(await self._revision(info))

    @strawberry.field(description="The cover image, shared by every locale.")
    async def cover_image(self, info: Info) -> Asset | None:
        """Load the cover image."""
        if self.view.cover_asset_id is None:
            return None
        return await loaders.assets(info.context).load(self.view.cover_asset_id)

    @strawberry.field(description="The entry's author (a staff user), shared by every locale.")
    async def author(self, info: Info) -> Person | None:
        """Load the author's card."""
        if self.view.author_user_id is None:
            return None
        return await find_person(info.context, PersonKind.USER.value, self.view.author_user_id)

    @strawberry.field(
        description="The categories it is filed under, shared by every locale.",
        graphql_type=list[ContentCategory],
    )
    def categories(self, info: Info) -> Listed[ContentCategory]:
        """Return the categories a list handed over, else load them."""
        if self.terms is not None:
            found, default = self.terms
            return [ContentCategory.from_row(row, default) for row in found.categories]
        return self._categories(info)

    @strawberry.field(
        description="Its tags, shared by every locale.", graphql_type=list[ContentTag]
    )
    def tags(self, info: Info) -> Listed[ContentTag]:
        """Return the tags a list handed over, else load them."""
        if self.terms is not None:
            found, default = self.terms
            return [ContentTag.from_row(row, default) for row in found.tags]
        return self._tags(info)

    async def _categories(self, info: Info) -> list[ContentCategory]:
        found, default = await loaders.terms(info.context).load(self.view.entry_id)
        return [ContentCategory.from_row(row, default) for row in found.categories]

    async def _tags(self, info: Info) -> list[ContentTag]:
        found, default = await loaders.terms(info.context).load(self.view.entry_id)
        return [ContentTag.from_row(row, default) for row in found.tags]

    @strawberry.field(description="The entry's live locales (every locale, for editors).")
    async def translations(self, info: Info) -> list[ContentTranslationSummary]:
        """List the translations the principal may see."""
        rows = await loaders.translations_of(info.context).load(self.view.entry_id)
        tenant = info.context.require_tenant()
        can_see_all = info.context.principal.has_permission(VIEW_ENTRIES, tenant.id)
        return [
            ContentTranslationSummary(
                locale=row.locale,
                slug=row.slug,
                published_at=row.published_at,
                status=ContentStatus(row.status),
            )
            for row in rows
            if can_see_all or row.published_revision_id is not None
        ]

    @strawberry.field(
        description="The reviewer's note of a rejection.", directives=guarded(VIEW_ENTRIES)
    )
    async def review_note(self, info: Info) -> str | None:
        """Return the review note."""
        row = await loaders.translations(info.context).load(self.view.translation_id)
        return row.review_note if row is not None else None

    @strawberry.field(
        description="The translation's revisions, newest first.", directives=guarded(VIEW_ENTRIES)
    )
    async def revisions(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to start after.")
        ] = None,
    ) -> Connection[ContentRevision]:
        """Page through the revisions (one batch for every entry of a list)."""
        page = PageRequest.from_arguments(first=first, after=after, max_size=100)
        pages = loaders.revision_pages(info.context, page, ContentRevision.from_row)
        return await pages.load(self.view.translation_id)

    async def _revision(self, info: Info) -> RevisionRow:
        row = await loaders.revisions(info.context).load(self.view.revision_id)
        if row is None:
            raise NotFound("the entry's revision is gone", field="id")
        return row

    @classmethod
    def of(cls, view: EntryView, terms: tuple[EntryTerms, str] | None = None) -> ContentEntry:
        """Build from a view: the list fields are plain attributes (no resolver per field).

        ``terms`` (the entry's categories and tags with the default locale) spares a list's
        entries the terms loader.
        """
        return cls(
            id=strawberry.ID(encode_global_id("ContentEntry", view.entry_id)),
            kind=view.kind,
            locale=view.locale,
            is_fallback=view.is_fallback,
            title=view.title,
            slug=view.slug,
            excerpt=view.excerpt,
            published_at=view.published_at,
            updated_at=view.updated_at,
            status=ContentStatus(view.status),
            publish_at=view.publish_at,
            has_unpublished_changes=view.has_unpublished_changes,
            view=view,
            terms=terms,
        )


@strawberry.type(description="An old slug that now points at an entry.")
class ContentRedirect:
    """A redirect."""

    locale: str = strawberry.field(description="The locale of both slugs.")
    from_slug: str = strawberry.field(description="The old slug.")
    to_slug: str = strawberry.field(description="The entry's slug now.")
