"""What other content parts and dependent modules may call about media (with ``events.py``).

A module that points at assets (a cover image, an image block, a product's media) checks the
id with :func:`get_asset`, records its uses with :func:`set_asset_uses` in the same
transaction, releases them with :func:`release_asset_uses` when the owner goes, builds public
URLs with :func:`asset_path`, and resolves ``Asset`` fields in batches with
:func:`load_assets`.
"""

from __future__ import annotations

from modules.content.media.graphql.assets import load_assets
from modules.content.media.graphql.types import Asset
from modules.content.media.models import AssetRow
from modules.content.media.urls import asset_path
from modules.content.media.uses import get_asset, release_asset_uses, set_asset_uses

__all__ = [
    "Asset",
    "AssetRow",
    "asset_path",
    "get_asset",
    "load_assets",
    "release_asset_uses",
    "set_asset_uses",
]
