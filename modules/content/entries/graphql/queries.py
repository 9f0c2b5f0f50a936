"""Entry reads: one live entry by slug, redirects, previews, and the editors' working copy.

Lists (``contentEntries``, ``adminContentEntries``) read the index tables: see
``modules/content/listing``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded, public
from app.graphql.global_ids import local_id
from modules.content.entries.graphql.types import ContentEntry, ContentRedirect
from modules.content.entries.previews import find_previewed_translation
from modules.content.entries.views import (
    Edition,
    find_live_by_slug,
    find_redirect,
    find_view,
    view_of_translation,
)
from modules.content.permissions import VIEW_ENTRIES

__all__ = ["EntryQuery"]

_Locale = Annotated[
    str | None,
    strawberry.argument(description="The locale wanted (default: the site's default locale)."),
]


@strawberry.type(description="Entry reads.")
class EntryQuery:
    """Entry queries."""

    @strawberry.field(
        description="A published entry by its slug; falls back to the default locale if allowed.",
        directives=public(),
    )
    async def content_entry(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The slug in that locale.")],
        locale: _Locale = None,
    ) -> ContentEntry | None:
        """Find a live entry."""
        view = await find_live_by_slug(info.context, slug[:200], locale)
        return ContentEntry.of(view) if view else None

    @strawberry.field(
        description="Where an old slug points now (answer with a permanent redirect).",
        directives=public(),
    )
    async def content_redirect(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The old slug.")],
        locale: _Locale = None,
    ) -> ContentRedirect | None:
        """Find a redirect."""
        found = await find_redirect(info.context, slug[:200], locale)
        if found is None:
            return None
        return ContentRedirect(locale=found[0], from_slug=slug, to_slug=found[1])

    @strawberry.field(
        description="The working copy a preview token shows (the token is the credential).",
        directives=public(),
    )
    async def content_entry_preview(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="The preview token.")],
    ) -> ContentEntry | None:
        """Show a preview."""
        translation = await find_previewed_translation(info.context, token)
        if translation is None:
            return None
        view = await view_of_translation(info.context, translation, Edition.WORKING)
        return ContentEntry.of(view) if view else None

    @strawberry.field(
        description="An entry's working copy in one locale, in any state.",
        directives=guarded(VIEW_ENTRIES),
    )
    async def admin_content_entry(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The entry's ID.")],
        locale: _Locale = None,
    ) -> ContentEntry | None:
        """Find a working copy."""
        entry_id = local_id(id, "ContentEntry", "id")
        view = await find_view(info.context, entry_id, locale, Edition.WORKING)
        return ContentEntry.of(view) if view else None
