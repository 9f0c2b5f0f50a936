"""Create commerce's catalog tables: products, options, variants, prices, categories.

Revision ID: commerce_001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("commerce",)
depends_on: Sequence[str] | None = None

_TABLES = (
    "commerce_categories",
    "commerce_products",
    "commerce_product_categories",
    "commerce_product_options",
    "commerce_variants",
    "commerce_product_option_values",
    "commerce_variant_prices",
    "commerce_variant_option_values",
)


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    op.create_table(
        "commerce_categories",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("path", sa.String(length=1100), nullable=False),
        sa.Column("depth", sa.SmallInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["commerce_categories.tenant_id", "commerce_categories.id"],
            name=op.f("fk_commerce_categories_tenant_id_parent_id_commerce_categories"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_categories")),
        sa.UniqueConstraint(
            "tenant_id", "path", name=op.f("uq_commerce_categories_tenant_id_path")
        ),
    )
    op.create_index(
        "ix_commerce_categories_tenant_id_parent_id_position",
        "commerce_categories",
        ["tenant_id", "parent_id", "position"],
        unique=False,
    )
    op.create_table(
        "commerce_products",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("seo_title", sa.String(length=300), nullable=True),
        sa.Column("seo_description", sa.String(length=1000), nullable=True),
        sa.Column("activated_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_products")),
        sa.UniqueConstraint("tenant_id", "slug", name=op.f("uq_commerce_products_tenant_id_slug")),
    )
    op.create_index(
        "ix_commerce_products_tenant_id_status_created_at",
        "commerce_products",
        ["tenant_id", "status", "created_at"],
        unique=False,
    )
    op.create_table(
        "commerce_product_categories",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "category_id"],
            ["commerce_categories.tenant_id", "commerce_categories.id"],
            name=op.f("fk_commerce_product_categories_tenant_id_category_id_commerce_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["commerce_products.tenant_id", "commerce_products.id"],
            name=op.f("fk_commerce_product_categories_tenant_id_product_id_commerce_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "product_id", "category_id", name=op.f("pk_commerce_product_categories")
        ),
    )
    op.create_index(
        "ix_commerce_product_categories_tenant_id_category_id",
        "commerce_product_categories",
        ["tenant_id", "category_id"],
        unique=False,
    )
    op.create_table(
        "commerce_product_options",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["commerce_products.tenant_id", "commerce_products.id"],
            name=op.f("fk_commerce_product_options_tenant_id_product_id_commerce_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_product_options")),
        sa.UniqueConstraint(
            "tenant_id",
            "product_id",
            "name",
            name=op.f("uq_commerce_product_options_tenant_id_product_id_name"),
        ),
    )
    op.create_table(
        "commerce_variants",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("weight_grams", sa.Integer(), nullable=True),
        sa.Column("barcode", sa.String(length=100), nullable=True),
        sa.Column("track_inventory", sa.Boolean(), nullable=False),
        sa.Column("allow_backorder", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["commerce_products.tenant_id", "commerce_products.id"],
            name=op.f("fk_commerce_variants_tenant_id_product_id_commerce_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_variants")),
        sa.UniqueConstraint("tenant_id", "sku", name=op.f("uq_commerce_variants_tenant_id_sku")),
    )
    op.create_index(
        "ix_commerce_variants_tenant_id_product_id_position",
        "commerce_variants",
        ["tenant_id", "product_id", "position"],
        unique=False,
    )
    op.create_table(
        "commerce_product_option_values",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("option_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "option_id"],
            ["commerce_product_options.tenant_id", "commerce_product_options.id"],
            name=op.f(
                "fk_commerce_product_option_values_tenant_id_option_id_commerce_product_options"
            ),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_product_option_values")),
        sa.UniqueConstraint(
            "tenant_id",
            "option_id",
            "value",
            name=op.f("uq_commerce_product_option_values_tenant_id_option_id_value"),
        ),
    )
    op.create_table(
        "commerce_variant_prices",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("compare_at_amount", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "variant_id"],
            ["commerce_variants.tenant_id", "commerce_variants.id"],
            name=op.f("fk_commerce_variant_prices_tenant_id_variant_id_commerce_variants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "variant_id", "currency", name=op.f("pk_commerce_variant_prices")
        ),
    )
    op.create_table(
        "commerce_variant_option_values",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("option_value_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "option_value_id"],
            ["commerce_product_option_values.tenant_id", "commerce_product_option_values.id"],
            name=op.f(
                "fk_commerce_variant_option_values_tenant_id_option_value_id_commerce_product_option_values"
            ),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "variant_id"],
            ["commerce_variants.tenant_id", "commerce_variants.id"],
            name=op.f("fk_commerce_variant_option_values_tenant_id_variant_id_commerce_variants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "variant_id",
            "option_value_id",
            name=op.f("pk_commerce_variant_option_values"),
        ),
    )
    op.create_index(
        "ix_commerce_variant_option_values_tenant_id_option_value_id",
        "commerce_variant_option_values",
        ["tenant_id", "option_value_id"],
        unique=False,
    )
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables, dependents first."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
