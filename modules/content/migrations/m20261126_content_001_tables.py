"""Create content's tables: entries, translations, revisions, media, taxonomy.

Revision ID: content_001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "content_001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("content",)
depends_on: Sequence[str] | None = ("core_001",)


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    op.create_table(
        "content_assets",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("alt_text", sa.String(length=500), nullable=True),
        sa.Column("storage_key", sa.String(length=500), nullable=False),
        sa.Column("uploaded_by_kind", sa.String(length=20), nullable=False),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_content_assets")),
    )
    op.create_index(
        "ix_content_assets_tenant_id_content_type",
        "content_assets",
        ["tenant_id", "content_type"],
        unique=False,
    )
    op.create_index(
        "ix_content_assets_tenant_id_created_at",
        "content_assets",
        ["tenant_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_content_assets_tenant_id_sha256",
        "content_assets",
        ["tenant_id", "sha256"],
        unique=False,
    )
    op.create_table(
        "content_categories",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("depth", sa.SmallInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["content_categories.tenant_id", "content_categories.id"],
            name=op.f("fk_content_categories_tenant_id_parent_id_content_categories"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_content_categories")),
        sa.UniqueConstraint("tenant_id", "path", name=op.f("uq_content_categories_tenant_id_path")),
    )
    op.create_index(
        "ix_content_categories_tenant_id_parent_id_position",
        "content_categories",
        ["tenant_id", "parent_id", "position"],
        unique=False,
    )
    op.create_table(
        "content_entries",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=True),
        sa.Column("cover_asset_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_content_entries")),
    )
    op.create_index(
        "ix_content_entries_tenant_id_author_user_id",
        "content_entries",
        ["tenant_id", "author_user_id"],
        unique=False,
    )
    op.create_index(
        "ix_content_entries_tenant_id_kind_created_at",
        "content_entries",
        ["tenant_id", "kind", "created_at"],
        unique=False,
    )
    op.create_table(
        "content_tags",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_content_tags")),
        sa.UniqueConstraint("tenant_id", "slug", name=op.f("uq_content_tags_tenant_id_slug")),
    )
    op.create_table(
        "content_asset_renditions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("asset_id", sa.Uuid(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=False),
        sa.Column("storage_key", sa.String(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "asset_id"],
            ["content_assets.tenant_id", "content_assets.id"],
            name=op.f("fk_content_asset_renditions_tenant_id_asset_id_content_assets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "asset_id", "width", name=op.f("pk_content_asset_renditions")
        ),
    )
    op.create_table(
        "content_asset_uses",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("asset_id", sa.Uuid(), nullable=False),
        sa.Column("owner_type", sa.String(length=60), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "asset_id"],
            ["content_assets.tenant_id", "content_assets.id"],
            name=op.f("fk_content_asset_uses_tenant_id_asset_id_content_assets"),
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "asset_id",
            "owner_type",
            "owner_id",
            "field",
            name=op.f("pk_content_asset_uses"),
        ),
    )
    op.create_index(
        "ix_content_asset_uses_tenant_id_owner_type_owner_id",
        "content_asset_uses",
        ["tenant_id", "owner_type", "owner_id"],
        unique=False,
    )
    op.create_table(
        "content_entry_categories",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "category_id"],
            ["content_categories.tenant_id", "content_categories.id"],
            name=op.f("fk_content_entry_categories_tenant_id_category_id_content_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["content_entries.tenant_id", "content_entries.id"],
            name=op.f("fk_content_entry_categories_tenant_id_entry_id_content_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "entry_id", "category_id", name=op.f("pk_content_entry_categories")
        ),
    )
    op.create_index(
        "ix_content_entry_categories_tenant_id_category_id",
        "content_entry_categories",
        ["tenant_id", "category_id"],
        unique=False,
    )
    op.create_table(
        "content_entry_tags",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("tag_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["content_entries.tenant_id", "content_entries.id"],
            name=op.f("fk_content_entry_tags_tenant_id_entry_id_content_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "tag_id"],
            ["content_tags.tenant_id", "content_tags.id"],
            name=op.f("fk_content_entry_tags_tenant_id_tag_id_content_tags"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "entry_id", "tag_id", name=op.f("pk_content_entry_tags")
        ),
    )
    op.create_index(
        "ix_content_entry_tags_tenant_id_tag_id",
        "content_entry_tags",
        ["tenant_id", "tag_id"],
        unique=False,
    )
    op.create_table(
        "content_redirects",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("from_slug", sa.String(length=200), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["content_entries.tenant_id", "content_entries.id"],
            name=op.f("fk_content_redirects_tenant_id_entry_id_content_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_content_redirects")),
        sa.UniqueConstraint(
            "tenant_id",
            "locale",
            "from_slug",
            name=op.f("uq_content_redirects_tenant_id_locale_from_slug"),
        ),
    )
    op.create_index(
        "ix_content_redirects_tenant_id_entry_id",
        "content_redirects",
        ["tenant_id", "entry_id"],
        unique=False,
    )
    op.create_table(
        "content_translations",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("current_revision_id", sa.Uuid(), nullable=False),
        sa.Column("published_revision_id", sa.Uuid(), nullable=True),
        sa.Column("publish_at", UTCDateTime(), nullable=True),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("first_published_at", UTCDateTime(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["content_entries.tenant_id", "content_entries.id"],
            name=op.f("fk_content_translations_tenant_id_entry_id_content_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_content_translations")),
        sa.UniqueConstraint(
            "tenant_id",
            "entry_id",
            "locale",
            name=op.f("uq_content_translations_tenant_id_entry_id_locale"),
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "locale",
            "slug",
            name=op.f("uq_content_translations_tenant_id_locale_slug"),
        ),
    )
    op.create_index(
        "ix_content_translations_tenant_id_status_publish_at",
        "content_translations",
        ["tenant_id", "status", "publish_at"],
        unique=False,
    )
    op.create_table(
        "content_preview_tokens",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("translation_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_kind", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "translation_id"],
            ["content_translations.tenant_id", "content_translations.id"],
            name=op.f("fk_content_preview_tokens_tenant_id_translation_id_content_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_content_preview_tokens")),
        sa.UniqueConstraint(
            "tenant_id", "token_hash", name=op.f("uq_content_preview_tokens_tenant_id_token_hash")
        ),
    )
    op.create_index(
        "ix_content_preview_tokens_tenant_id_expires_at",
        "content_preview_tokens",
        ["tenant_id", "expires_at"],
        unique=False,
    )
    op.create_table(
        "content_revisions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("translation_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("body_version", sa.SmallInteger(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=True),
        sa.Column("seo_title", sa.String(length=300), nullable=True),
        sa.Column("seo_description", sa.String(length=1000), nullable=True),
        sa.Column("canonical_url", sa.String(length=2000), nullable=True),
        sa.Column("seo_image_asset_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_kind", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("restored_from_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "translation_id"],
            ["content_translations.tenant_id", "content_translations.id"],
            name=op.f("fk_content_revisions_tenant_id_translation_id_content_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_content_revisions")),
        sa.UniqueConstraint(
            "tenant_id",
            "translation_id",
            "number",
            name=op.f("uq_content_revisions_tenant_id_translation_id_number"),
        ),
    )
    enable_tenant_isolation("content_assets")
    enable_tenant_isolation("content_categories")
    enable_tenant_isolation("content_entries")
    enable_tenant_isolation("content_tags")
    enable_tenant_isolation("content_asset_renditions")
    enable_tenant_isolation("content_asset_uses")
    enable_tenant_isolation("content_entry_categories")
    enable_tenant_isolation("content_entry_tags")
    enable_tenant_isolation("content_redirects")
    enable_tenant_isolation("content_translations")
    enable_tenant_isolation("content_preview_tokens")
    enable_tenant_isolation("content_revisions")


def downgrade() -> None:
    """Drop the tables."""
    disable_tenant_isolation("content_revisions")
    disable_tenant_isolation("content_preview_tokens")
    disable_tenant_isolation("content_translations")
    disable_tenant_isolation("content_redirects")
    disable_tenant_isolation("content_entry_tags")
    disable_tenant_isolation("content_entry_categories")
    disable_tenant_isolation("content_asset_uses")
    disable_tenant_isolation("content_asset_renditions")
    disable_tenant_isolation("content_tags")
    disable_tenant_isolation("content_entries")
    disable_tenant_isolation("content_categories")
    disable_tenant_isolation("content_assets")

    op.drop_table("content_revisions")
    op.drop_index(
        "ix_content_preview_tokens_tenant_id_expires_at", table_name="content_preview_tokens"
    )
    op.drop_table("content_preview_tokens")
    op.drop_index(
        "ix_content_translations_tenant_id_status_publish_at", table_name="content_translations"
    )
    op.drop_table("content_translations")
    op.drop_index("ix_content_redirects_tenant_id_entry_id", table_name="content_redirects")
    op.drop_table("content_redirects")
    op.drop_index("ix_content_entry_tags_tenant_id_tag_id", table_name="content_entry_tags")
    op.drop_table("content_entry_tags")
    op.drop_index(
        "ix_content_entry_categories_tenant_id_category_id", table_name="content_entry_categories"
    )
    op.drop_table("content_entry_categories")
    op.drop_index(
        "ix_content_asset_uses_tenant_id_owner_type_owner_id", table_name="content_asset_uses"
    )
    op.drop_table("content_asset_uses")
    op.drop_table("content_asset_renditions")
    op.drop_table("content_tags")
    op.drop_index("ix_content_entries_tenant_id_kind_created_at", table_name="content_entries")
    op.drop_index("ix_content_entries_tenant_id_author_user_id", table_name="content_entries")
    op.drop_table("content_entries")
    op.drop_index(
        "ix_content_categories_tenant_id_parent_id_position", table_name="content_categories"
    )
    op.drop_table("content_categories")
    op.drop_index("ix_content_assets_tenant_id_sha256", table_name="content_assets")
    op.drop_index("ix_content_assets_tenant_id_created_at", table_name="content_assets")
    op.drop_index("ix_content_assets_tenant_id_content_type", table_name="content_assets")
    op.drop_table("content_assets")
