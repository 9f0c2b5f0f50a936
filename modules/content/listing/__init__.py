"""Entry lists from the read model: the projection, the list queries, search and the sitemap."""

from __future__ import annotations

from modules.content.listing.models import EntryListingRow, EntryTermRow
from modules.content.listing.projection import DROP_DELETED_TERMS
from modules.content.listing.projection import LISTING as LISTING_PROJECTION
from modules.content.listing.queries import ListingQuery
from modules.content.listing.sitemap import ROUTES
from modules.content.parts import Part

__all__ = ["LISTING"]

LISTING = Part(
    models=(EntryListingRow, EntryTermRow),
    queries=(ListingQuery,),
    projections=(LISTING_PROJECTION,),
    handlers=(DROP_DELETED_TERMS,),
    routes=ROUTES,
)
