"""The media library's list: ``contentAssets``, newest first."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import Select, func, select

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.relay import PageRequest, paginate
from app.graphql.types import Connection, Edge
from modules.content.media.graphql.loaders import renditions_of
from modules.content.media.graphql.types import Asset
from modules.content.media.models import AssetRow
from modules.content.permissions import VIEW_MEDIA

__all__ = ["MediaQuery"]


def _filtered(
    statement: Select[tuple[AssetRow]], search: str | None, content_type: str | None
) -> Select[tuple[AssetRow]]:
    if search:
        statement = statement.where(
            func.lower(AssetRow.filename).contains(search.lower(), autoescape=True)
        )
    if content_type and content_type.endswith("/"):
        statement = statement.where(AssetRow.content_type.startswith(content_type, autoescape=True))
    elif content_type:
        statement = statement.where(AssetRow.content_type == content_type)
    return statement


@strawberry.type(description="Media library reads.")
class MediaQuery:
    """Queries of the media library."""

    @strawberry.field(
        description="The tenant's assets, newest first.", directives=guarded(VIEW_MEDIA)
    )
    async def content_assets(
        self,
        info: Info,
        search: Annotated[
            str | None, strawberry.argument(description="Part of the file name (any case).")
        ] = None,
        content_type: Annotated[
            str | None,
            strawberry.argument(
                description="A MIME type (`image/png`), or a prefix ending in `/` (`image/`)."
            ),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Continue after this cursor.")
        ] = None,
    ) -> Connection[Asset]:
        """List assets."""
        ctx = info.context
        tenant = ctx.require_tenant()
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=ctx.runtime.settings.max_page_size,
        )
        statement: Select[tuple[AssetRow]] = select(AssetRow)
        statement = _filtered(
            statement.where(AssetRow.tenant_id == tenant.id), search, content_type
        )
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await paginate(
                session,
                statement,
                AssetRow.id,
                page,
                lambda row: row,
                lambda row: row.id,
                newest_first=True,
            )
            renditions = await renditions_of(
                session, tenant.id, [edge.node.id for edge in rows.edges]
            )
        edges = [
            Edge(
                cursor=edge.cursor,
                node=Asset.from_row(edge.node, renditions[edge.node.id], tenant.slug),
            )
            for edge in rows.edges
        ]
        return Connection(edges=edges, page_info=rows.page_info, total_count=rows.total_count)
