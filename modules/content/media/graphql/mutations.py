"""Media library writes: ``contentAssetUpdate`` and ``contentAssetDelete``."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.errors import UserInputError, ValidationFailed
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.types import UserError, user_errors
from app.ids import encode_global_id
from modules.content.media import service
from modules.content.media.graphql.loaders import renditions_of
from modules.content.media.graphql.types import Asset
from modules.content.permissions import MANAGE_MEDIA

__all__ = ["AssetDeletePayload", "AssetPayload", "AssetUpdateInput", "MediaMutation"]


@strawberry.input(description="What to change on an asset; omitted fields stay as they are.")
class AssetUpdateInput:
    """Input of contentAssetUpdate."""

    id: strawberry.ID = strawberry.field(description="The `Asset` to change.")
    alt_text: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="What the image shows (at most 500 characters); null clears it.",
    )
    filename: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="A new file name; sanitized, and the extension follows the real type.",
    )


@strawberry.type(description="Result of contentAssetUpdate.")
class AssetPayload:
    """The asset after the change, or why nothing changed."""

    asset: Asset | None = strawberry.field(description="The asset after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of contentAssetDelete.")
class AssetDeletePayload:
    """The deleted asset's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted asset's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Media library writes.")
class MediaMutation:
    """Mutations of the media library."""

    @strawberry.mutation(
        description="Change an asset's alt text or file name.", directives=guarded(MANAGE_MEDIA)
    )
    async def content_asset_update(
        self,
        info: Info,
        input: Annotated[AssetUpdateInput, strawberry.argument(description="What to change.")],
    ) -> AssetPayload:
        """Update an asset."""
        ctx = info.context
        tenant = ctx.require_tenant()
        try:
            asset_id = local_id(input.id, "Asset", "id")
            if input.filename is None:
                raise ValidationFailed("a file name cannot be null", field="filename")
            row = await service.update_asset(
                ctx,
                asset_id,
                alt_text=service.UNCHANGED
                if input.alt_text is strawberry.UNSET
                else input.alt_text,
                filename=service.UNCHANGED
                if input.filename is strawberry.UNSET
                else input.filename,
            )
        except UserInputError as error:
            return AssetPayload(asset=None, errors=user_errors(error.problems))
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            renditions = await renditions_of(session, tenant.id, [row.id])
        return AssetPayload(asset=Asset.from_row(row, renditions[row.id], tenant.slug), errors=[])

    @strawberry.mutation(
        description="Delete an asset and its files; refused with CONFLICT while it is used.",
        directives=guarded(MANAGE_MEDIA),
    )
    async def content_asset_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The `Asset` to delete.")],
    ) -> AssetDeletePayload:
        """Delete an asset."""
        try:
            asset_id = local_id(id, "Asset", "id")
            await service.delete_asset(info.context, asset_id)
        except UserInputError as error:
            return AssetDeletePayload(deleted_id=None, errors=user_errors(error.problems))
        return AssetDeletePayload(
            deleted_id=strawberry.ID(encode_global_id("Asset", asset_id)), errors=[]
        )
