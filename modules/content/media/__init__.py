"""The media library: uploads, storage, renditions, and where each asset is used."""

from __future__ import annotations

from modules.content.media.models import AssetRow, AssetUseRow, RenditionRow
from modules.content.parts import Part

__all__ = ["MEDIA"]

MEDIA = Part(models=(AssetRow, RenditionRow, AssetUseRow))
