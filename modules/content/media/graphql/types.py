"""GraphQL types of the media library: ``Asset``, its renditions and its uses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.types import Node
from app.identity.graphql.person import Person, find_person
from app.ids import encode_global_id
from modules.content.media.graphql import loaders
from modules.content.media.models import AssetRow, AssetUseRow, RenditionRow
from modules.content.media.urls import asset_path
from modules.content.permissions import VIEW_MEDIA

__all__ = ["Asset", "AssetRendition", "AssetUse"]


@strawberry.type(description="A resized copy of an image asset (never wider than the original).")
class AssetRendition:
    """A rendition."""

    width: int = strawberry.field(description="Its width in pixels.")
    height: int = strawberry.field(description="Its height in pixels.")
    url: str = strawberry.field(description="Its public URL path (`/t/<tenant>/media/...`).")


@strawberry.type(description="One place an asset is used: an owner's field.")
class AssetUse:
    """A use of an asset."""

    owner_id: strawberry.ID = strawberry.field(description="The owner's global ID.")
    owner_type: str = strawberry.field(description="The owner's type (`ContentEntry`, ...).")
    field: str = strawberry.field(
        description="Where in the owner (`coverImage`, `en.working.body.0`)."
    )

    @classmethod
    def from_row(cls, row: AssetUseRow) -> AssetUse:
        """Build from a use row."""
        return cls(
            owner_id=strawberry.ID(encode_global_id(row.owner_type, row.owner_id)),
            owner_type=row.owner_type,
            field=row.field,
        )


@strawberry.type(description="An uploaded file of the media library.")
class Asset(Node):
    """An asset."""

    filename: str = strawberry.field(description="Its file name (the extension of its real type).")
    content_type: str = strawberry.field(description="Its MIME type, read from its bytes.")
    byte_size: int = strawberry.field(description="Its size in bytes.")
    width: int | None = strawberry.field(description="An image's width in pixels.")
    height: int | None = strawberry.field(description="An image's height in pixels.")
    alt_text: str | None = strawberry.field(description="What an image shows, for screen readers.")
    url: str = strawberry.field(description="Its public URL path (`/t/<tenant>/media/...`).")
    renditions: list[AssetRendition] = strawberry.field(
        description="Its resized copies, narrowest first (empty until rendered, or not an image)."
    )
    created_at: datetime = strawberry.field(
        description="When it was uploaded.", directives=guarded(VIEW_MEDIA)
    )
    row: strawberry.Private[AssetRow]

    @strawberry.field(
        description="Where the asset is used; it cannot be deleted while this is not empty.",
        directives=guarded(VIEW_MEDIA),
    )
    async def uses(self, info: Info) -> list[AssetUse]:
        """Load the asset's uses."""
        rows = await loaders.uses(info.context).load(self.row.id)
        return [AssetUse.from_row(row) for row in rows]

    @strawberry.field(description="Who uploaded it.", directives=guarded(VIEW_MEDIA))
    async def uploaded_by(self, info: Info) -> Person | None:
        """Load the uploader's card."""
        return await find_person(info.context, self.row.uploaded_by_kind, self.row.uploaded_by_id)

    @classmethod
    def from_row(cls, row: AssetRow, renditions: Sequence[RenditionRow], tenant_slug: str) -> Asset:
        """Build from an asset row and its rendition rows."""
        return cls(
            id=strawberry.ID(encode_global_id("Asset", row.id)),
            filename=row.filename,
            content_type=row.content_type,
            byte_size=row.byte_size,
            width=row.width,
            height=row.height,
            alt_text=row.alt_text,
            url=asset_path(tenant_slug, row.id, row.filename),
            renditions=[
                AssetRendition(
                    width=rendition.width,
                    height=rendition.height,
                    url=asset_path(tenant_slug, row.id, row.filename, rendition.width),
                )
                for rendition in sorted(renditions, key=lambda rendition: rendition.width)
            ],
            created_at=row.created_at,
            row=row,
        )
