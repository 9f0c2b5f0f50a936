"""The media library: uploads, storage, renditions, and where each asset is used."""

from __future__ import annotations

from modules.content.media.graphql.mutations import AssetDeletePayload, AssetPayload, MediaMutation
from modules.content.media.graphql.queries import MediaQuery
from modules.content.media.graphql.types import Asset, AssetRendition, AssetUse
from modules.content.media.health import check_media_storage
from modules.content.media.models import AssetRow, AssetUseRow, RenditionRow
from modules.content.media.orphans import REMOVE_ORPHAN_FILES
from modules.content.media.renditions import RENDER_RENDITIONS
from modules.content.media.routes import ROUTES
from modules.content.parts import Part

__all__ = ["MEDIA"]

MEDIA = Part(
    models=(AssetRow, RenditionRow, AssetUseRow),
    queries=(MediaQuery,),
    mutations=(MediaMutation,),
    types=(Asset, AssetRendition, AssetUse, AssetPayload, AssetDeletePayload),
    routes=ROUTES,
    jobs=(RENDER_RENDITIONS, REMOVE_ORPHAN_FILES),
    health_checks=(check_media_storage,),
)
