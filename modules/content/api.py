"""What modules that depend on content may call (with ``events.py``): nothing else.

Entries of other kinds (a blog post is an entry of kind ``post``) are created, edited,
published and deleted through these functions, which emit the same events as content's own
mutations. Reads for display go through :func:`find_view`.

Read models of dependent modules (blog's listing) build their rows from
:func:`load_documents`, :func:`load_entry_terms` (categories and tags as rows) and
:func:`category_ancestor_ids` (so a category filter finds entries filed below it), and show
terms as :class:`ContentCategory` / :class:`ContentTag` built from rows they kept.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.runtime import Context
from app.tenants.models import TenantModuleRow
from modules.content.body import (
    Body,
    body_to_json,
    excerpt,
    parse_body,
    plain_text,
    render_html,
    word_count,
)
from modules.content.entries.documents import EntryDocument, load_documents
from modules.content.entries.drafts import DraftInput
from modules.content.entries.graphql import loaders as entry_loaders
from modules.content.entries.graphql.inputs import SeoInput
from modules.content.entries.graphql.types import (
    ContentEntry,
    ContentStatus,
    RichTextDocument,
    SeoFields,
)
from modules.content.entries.models import EntryRow, RevisionRow, TranslationRow
from modules.content.entries.service import (
    KEEP,
    EntryFields,
    Keep,
    create_entry,
    create_translation,
    delete_entry,
    update_entry,
)
from modules.content.entries.status import Status
from modules.content.entries.views import (
    Edition,
    EntryView,
    find_live_by_slug,
    find_view,
    load_views,
)
from modules.content.entries.workflow import archive as archive_entry
from modules.content.entries.workflow import publish as publish_entry
from modules.content.entries.workflow import unpublish as unpublish_entry
from modules.content.listing.types import SortDirection
from modules.content.media.api import (
    Asset,
    asset_path,
    get_asset,
    load_assets,
    release_asset_uses,
    set_asset_uses,
)
from modules.content.settings import ContentSettings, load_settings
from modules.content.taxonomy.api import (
    CategoryRow,
    EntryTerms,
    TagRow,
    category_ancestor_ids,
    load_entry_terms,
)
from modules.content.taxonomy.graphql.types import ContentCategory, ContentTag

__all__ = [
    "KEEP",
    "Asset",
    "Body",
    "CategoryRow",
    "ContentCategory",
    "ContentEntry",
    "ContentSettings",
    "ContentStatus",
    "ContentTag",
    "DraftInput",
    "Edition",
    "EntryDocument",
    "EntryFields",
    "EntryRow",
    "EntryTerms",
    "EntryView",
    "Keep",
    "RevisionRow",
    "RichTextDocument",
    "SeoFields",
    "SeoInput",
    "SortDirection",
    "Status",
    "TagRow",
    "TranslationRow",
    "archive_entry",
    "asset_path",
    "body_text",
    "body_to_json",
    "category_ancestor_ids",
    "create_entry",
    "create_translation",
    "delete_entry",
    "ensure_url_pattern",
    "excerpt",
    "find_live_by_slug",
    "find_revision",
    "find_view",
    "get_asset",
    "load_assets",
    "load_documents",
    "load_entry_terms",
    "load_settings",
    "load_views",
    "parse_body",
    "publish_entry",
    "release_asset_uses",
    "render_html",
    "set_asset_uses",
    "unpublish_entry",
    "update_entry",
    "word_count",
]


def body_text(body: Body) -> str:
    """Return the body as plain text (search documents, reading time)."""
    return plain_text(body)


async def ensure_url_pattern(
    session: AsyncSession, tenant_id: uuid.UUID, kind: str, pattern: str
) -> None:
    """Give entries of ``kind`` the public URL ``pattern`` unless the tenant set one already.

    For a dependent module's ``on_tenant_enable`` (it runs in the enabling transaction).
    """
    row = await session.scalar(
        select(TenantModuleRow)
        .where(TenantModuleRow.tenant_id == tenant_id, TenantModuleRow.module == "content")
        .with_for_update()
    )
    if row is None:
        return
    settings = ContentSettings.model_validate(row.settings or {})
    if kind in settings.url_patterns:
        return
    patterns = {**settings.url_patterns, kind: pattern}
    row.settings = settings.model_copy(update={"url_patterns": patterns}).model_dump(mode="json")


async def find_revision(ctx: Context, revision_id: uuid.UUID) -> RevisionRow | None:
    """Return a revision of the tenant (batched per request), e.g. an ``EntryView``'s."""
    return await entry_loaders.revisions(ctx).load(revision_id)
