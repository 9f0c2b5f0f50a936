"""Public URL paths of assets: ``/t/<tenant>/media/<asset id>[/w<width>]/<filename>``."""

from __future__ import annotations

import uuid

__all__ = ["asset_path"]


def asset_path(
    tenant_slug: str, asset_id: uuid.UUID, filename: str, width: int | None = None
) -> str:
    """Return the public URL path of an asset's file, or of its rendition ``width`` wide.

    The asset's current filename is part of the URL; renaming the asset changes the URL.
    """
    middle = f"/w{width}" if width is not None else ""
    return f"/t/{tenant_slug}/media/{asset_id}{middle}/{filename}"
