"""Entry mutations: drafts, translations, the workflow, revisions, previews, deletion."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated

import strawberry

from app.auth.principal import UserPrincipal
from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.content.entries import previews, revisions, service, workflow
from modules.content.entries.graphql.inputs import (
    ContentEntryCreateInput,
    ContentEntryPublishInput,
    ContentEntryRefInput,
    ContentEntryRejectInput,
    ContentEntryUpdateInput,
    ContentPreviewTokenCreateInput,
    ContentRevisionRestoreInput,
    ContentTranslationCreateInput,
    ContentTranslationDeleteInput,
    draft_input,
)
from modules.content.entries.graphql.types import ContentEntry
from modules.content.entries.service import KEEP, EntryFields
from modules.content.entries.views import Edition, find_view
from modules.content.permissions import DELETE_ENTRIES, EDIT_ENTRIES, PUBLISH_ENTRIES
from modules.content.settings import load_settings

__all__ = ["EntryMutation"]


@strawberry.type(description="Result of an entry mutation.")
class ContentEntryPayload:
    """The entry (working copy of the locale acted on) or why nothing changed."""

    entry: ContentEntry | None = strawberry.field(description="The entry after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of contentEntryDelete and contentTranslationDelete.")
class ContentEntryDeletePayload:
    """The deleted entry's ID or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted entry's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of contentPreviewTokenCreate.")
class ContentPreviewTokenCreatePayload:
    """The token, shown once."""

    token: str | None = strawberry.field(description="Pass to `contentEntryPreview(token:)`.")
    expires_at: datetime | None = strawberry.field(description="When the token stops working.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


def _entry_id(value: strawberry.ID, field: str = "id") -> uuid.UUID:
    return local_id(value, "ContentEntry", field)


def _asset_id(value: strawberry.ID | None, field: str) -> uuid.UUID | None:
    return local_id(value, "Asset", field) if value is not None else None


async def _locale(ctx: Context, locale: str | None) -> str:
    if locale is not None:
        return locale
    tenant = ctx.require_tenant()
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        return (await load_settings(session, tenant.id)).default_locale


def _shared(given: ContentEntryCreateInput | ContentEntryUpdateInput) -> EntryFields:
    cover = KEEP if given.cover_image_id is strawberry.UNSET else given.cover_image_id
    return EntryFields(
        cover_image_id=KEEP if cover is KEEP else _asset_id(cover, "coverImageId"),
        category_ids=None
        if given.category_ids is None
        else [
            local_id(value, "ContentCategory", f"categoryIds.{n}")
            for n, value in enumerate(given.category_ids)
        ],
        tag_ids=None
        if given.tag_ids is None
        else [
            local_id(value, "ContentTag", f"tagIds.{n}") for n, value in enumerate(given.tag_ids)
        ],
        tag_names=given.tag_names,
    )


def _has_draft(given: ContentEntryUpdateInput) -> bool:
    fields = (given.title, given.slug, given.body, given.body_markdown, given.body_html)
    return any(value is not None for value in (*fields, given.excerpt, given.seo))


async def _payload(
    ctx: Context, act: Callable[[], Awaitable[tuple[uuid.UUID, str]]]
) -> ContentEntryPayload:
    try:
        entry_id, locale = await act()
    except UserInputError as error:
        return ContentEntryPayload(entry=None, errors=user_errors(error.problems))
    view = await find_view(ctx, entry_id, locale, Edition.WORKING)
    return ContentEntryPayload(entry=ContentEntry.of(view) if view else None, errors=[])


Step = Callable[[Context, uuid.UUID, str], Awaitable[None]]


async def _step(info: Info, given: ContentEntryRefInput, step: Step) -> ContentEntryPayload:
    ctx = info.context

    async def act() -> tuple[uuid.UUID, str]:
        entry_id = _entry_id(given.id)
        locale = await _locale(ctx, given.locale)
        await step(ctx, entry_id, locale)
        return entry_id, locale

    return await _payload(ctx, act)


_Input = Annotated[ContentEntryRefInput, strawberry.argument(description="Entry and locale.")]


@strawberry.type(description="Entry writes.")
class EntryMutation:
    """Entry mutations."""

    @strawberry.mutation(
        description="Create an entry as a draft.", directives=guarded(EDIT_ENTRIES)
    )
    async def content_entry_create(
        self,
        info: Info,
        input: Annotated[ContentEntryCreateInput, strawberry.argument(description="The entry.")],
    ) -> ContentEntryPayload:
        """Create an entry."""
        ctx = info.context
        author = ctx.principal.user_id if isinstance(ctx.principal, UserPrincipal) else None

        async def act() -> tuple[uuid.UUID, str]:
            seo_image = _asset_id(input.seo.image_id if input.seo else None, "seo.imageId")
            return await service.create_entry(
                ctx,
                locale=await _locale(ctx, input.locale),
                draft=draft_input(input, seo_image),
                kind=input.kind,
                fields=_shared(input),
                author_user_id=author,
            )

        return await _payload(ctx, act)

    @strawberry.mutation(
        description="Save a new draft of a translation and/or the shared fields.",
        directives=guarded(EDIT_ENTRIES),
    )
    async def content_entry_update(
        self,
        info: Info,
        input: Annotated[ContentEntryUpdateInput, strawberry.argument(description="Changes.")],
    ) -> ContentEntryPayload:
        """Update an entry."""
        ctx = info.context

        async def act() -> tuple[uuid.UUID, str]:
            entry_id = _entry_id(input.id)
            locale = await _locale(ctx, input.locale)
            seo_image = _asset_id(input.seo.image_id if input.seo else None, "seo.imageId")
            draft = draft_input(input, seo_image) if _has_draft(input) else None
            await service.update_entry(
                ctx, entry_id, locale=locale, draft=draft, fields=_shared(input)
            )
            return entry_id, locale

        return await _payload(ctx, act)

    @strawberry.mutation(
        description="Add a translation in another locale.", directives=guarded(EDIT_ENTRIES)
    )
    async def content_translation_create(
        self,
        info: Info,
        input: Annotated[
            ContentTranslationCreateInput, strawberry.argument(description="The translation.")
        ],
    ) -> ContentEntryPayload:
        """Create a translation."""
        ctx = info.context

        async def act() -> tuple[uuid.UUID, str]:
            entry_id = _entry_id(input.entry_id, "entryId")
            seo_image = _asset_id(input.seo.image_id if input.seo else None, "seo.imageId")
            await service.create_translation(
                ctx,
                entry_id,
                locale=input.locale,
                draft=draft_input(input, seo_image),
                copy_from_locale=input.copy_from_locale,
            )
            return entry_id, input.locale

        return await _payload(ctx, act)

    @strawberry.mutation(
        description="Delete one translation (not the last; not while live).",
        directives=guarded(DELETE_ENTRIES),
    )
    async def content_translation_delete(
        self,
        info: Info,
        input: Annotated[
            ContentTranslationDeleteInput, strawberry.argument(description="Which one.")
        ],
    ) -> ContentEntryDeletePayload:
        """Delete a translation."""
        try:
            await service.delete_translation(
                info.context, _entry_id(input.entry_id, "entryId"), input.locale
            )
        except UserInputError as error:
            return ContentEntryDeletePayload(deleted_id=None, errors=user_errors(error.problems))
        return ContentEntryDeletePayload(deleted_id=input.entry_id, errors=[])

    @strawberry.mutation(
        description="Delete an entry with all its translations (not while live).",
        directives=guarded(DELETE_ENTRIES),
    )
    async def content_entry_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The entry's ID.")],
    ) -> ContentEntryDeletePayload:
        """Delete an entry."""
        try:
            await service.delete_entry(info.context, _entry_id(id))
        except UserInputError as error:
            return ContentEntryDeletePayload(deleted_id=None, errors=user_errors(error.problems))
        return ContentEntryDeletePayload(deleted_id=id, errors=[])

    @strawberry.mutation(description="Send a draft for review.", directives=guarded(EDIT_ENTRIES))
    async def content_entry_submit(self, info: Info, input: _Input) -> ContentEntryPayload:
        """Submit for review."""
        return await _step(info, input, workflow.submit)

    @strawberry.mutation(
        description="Send a reviewed draft back with a note.", directives=guarded(PUBLISH_ENTRIES)
    )
    async def content_entry_reject(
        self,
        info: Info,
        input: Annotated[ContentEntryRejectInput, strawberry.argument(description="Which, why.")],
    ) -> ContentEntryPayload:
        """Reject a review."""

        async def step(ctx: Context, entry_id: uuid.UUID, locale: str) -> None:
            await workflow.reject(ctx, entry_id, locale, input.note)

        return await _step(info, input, step)

    @strawberry.mutation(
        description="Publish the working copy now, or schedule it with `publishAt`.",
        directives=guarded(PUBLISH_ENTRIES),
    )
    async def content_entry_publish(
        self,
        info: Info,
        input: Annotated[ContentEntryPublishInput, strawberry.argument(description="What, when.")],
    ) -> ContentEntryPayload:
        """Publish or schedule."""

        async def step(ctx: Context, entry_id: uuid.UUID, locale: str) -> None:
            await workflow.publish(ctx, entry_id, locale, input.publish_at)

        return await _step(info, input, step)

    @strawberry.mutation(
        description="Cancel a scheduled publication.", directives=guarded(PUBLISH_ENTRIES)
    )
    async def content_entry_unschedule(self, info: Info, input: _Input) -> ContentEntryPayload:
        """Unschedule."""
        return await _step(info, input, workflow.unschedule)

    @strawberry.mutation(
        description="Take a translation offline.", directives=guarded(PUBLISH_ENTRIES)
    )
    async def content_entry_unpublish(self, info: Info, input: _Input) -> ContentEntryPayload:
        """Unpublish."""
        return await _step(info, input, workflow.unpublish)

    @strawberry.mutation(description="Archive a translation.", directives=guarded(PUBLISH_ENTRIES))
    async def content_entry_archive(self, info: Info, input: _Input) -> ContentEntryPayload:
        """Archive."""
        return await _step(info, input, workflow.archive)

    @strawberry.mutation(
        description="Bring an archived translation back as a draft.",
        directives=guarded(PUBLISH_ENTRIES),
    )
    async def content_entry_unarchive(self, info: Info, input: _Input) -> ContentEntryPayload:
        """Unarchive."""
        return await _step(info, input, workflow.unarchive)

    @strawberry.mutation(
        description="Copy an older revision into a new working copy (publishes nothing).",
        directives=guarded(EDIT_ENTRIES),
    )
    async def content_revision_restore(
        self,
        info: Info,
        input: Annotated[
            ContentRevisionRestoreInput, strawberry.argument(description="The revision.")
        ],
    ) -> ContentEntryPayload:
        """Restore a revision."""
        ctx = info.context

        async def act() -> tuple[uuid.UUID, str]:
            revision_id = local_id(input.revision_id, "ContentRevision", "revisionId")
            return await revisions.restore_revision(ctx, revision_id)

        return await _payload(ctx, act)

    @strawberry.mutation(
        description="Create a token that shows a translation's working copy.",
        directives=guarded(EDIT_ENTRIES),
    )
    async def content_preview_token_create(
        self,
        info: Info,
        input: Annotated[
            ContentPreviewTokenCreateInput, strawberry.argument(description="What to preview.")
        ],
    ) -> ContentPreviewTokenCreatePayload:
        """Create a preview token."""
        ctx = info.context
        try:
            token, expires_at = await previews.create_preview_token(
                ctx,
                _entry_id(input.entry_id, "entryId"),
                await _locale(ctx, input.locale),
                input.expires_in_seconds,
            )
        except UserInputError as error:
            return ContentPreviewTokenCreatePayload(
                token=None, expires_at=None, errors=user_errors(error.problems)
            )
        return ContentPreviewTokenCreatePayload(token=token, expires_at=expires_at, errors=[])
