"""Commerce's catalog tables: products, options, variants, base prices, categories, inventory.

Every table is tenant-scoped (``tenant_id`` leads every key) with composite foreign keys; a
product's options, variants and prices go with it (``ON DELETE CASCADE``). Money is an integer
``amount`` of minor units plus a ``currency`` code (ADR 0003).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = [
    "CategoryRow",
    "OptionRow",
    "OptionValueRow",
    "PriceRow",
    "ProductCategoryRow",
    "ProductRow",
    "StockLevelRow",
    "StockMovementRow",
    "VariantOptionValueRow",
    "VariantRow",
    "WarehouseRow",
]


def _cascade(columns: list[str], table: str, target: list[str]) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", *columns],
        [f"{table}.tenant_id", *(f"{table}.{column}" for column in target)],
        ondelete="CASCADE",
    )


class ProductRow(TenantScoped, Base):
    """A product: what is for sale, with its status and SEO fields."""

    __tablename__ = "commerce_products"
    __table_args__ = (
        UniqueConstraint("tenant_id", "slug"),
        Index(
            "ix_commerce_products_tenant_id_status_created_at", "tenant_id", "status", "created_at"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    # A content RichTextDocument: the JSON list of blocks.
    description: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    seo_title: Mapped[str | None] = mapped_column(String(300))
    seo_description: Mapped[str | None] = mapped_column(String(1000))
    activated_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class OptionRow(TenantScoped, Base):
    """One of a product's options (``Size``), at ``position`` from 0."""

    __tablename__ = "commerce_product_options"
    __table_args__ = (
        _cascade(["product_id"], "commerce_products", ["id"]),
        UniqueConstraint("tenant_id", "product_id", "name"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID]
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(SmallInteger)


class OptionValueRow(TenantScoped, Base):
    """One value of an option (``M``), at ``position`` from 0."""

    __tablename__ = "commerce_product_option_values"
    __table_args__ = (
        _cascade(["option_id"], "commerce_product_options", ["id"]),
        UniqueConstraint("tenant_id", "option_id", "value"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    option_id: Mapped[uuid.UUID]
    product_id: Mapped[uuid.UUID]
    value: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(SmallInteger)


class VariantRow(TenantScoped, Base):
    """A purchasable variant of a product; its SKU is unique in the tenant."""

    __tablename__ = "commerce_variants"
    __table_args__ = (
        _cascade(["product_id"], "commerce_products", ["id"]),
        ForeignKeyConstraint(
            ["tenant_id", "tax_class_id"],
            ["commerce_tax_classes.tenant_id", "commerce_tax_classes.id"],
        ),
        UniqueConstraint("tenant_id", "sku"),
        Index(
            "ix_commerce_variants_tenant_id_product_id_position",
            "tenant_id",
            "product_id",
            "position",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID]
    sku: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    weight_grams: Mapped[int | None] = mapped_column(Integer)
    barcode: Mapped[str | None] = mapped_column(String(100))
    # None: the tenant's default tax class.
    tax_class_id: Mapped[uuid.UUID | None]
    track_inventory: Mapped[bool] = mapped_column(Boolean)
    allow_backorder: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class VariantOptionValueRow(TenantScoped, Base):
    """The value a variant picks for one option of its product."""

    __tablename__ = "commerce_variant_option_values"
    __table_args__ = (
        _cascade(["variant_id"], "commerce_variants", ["id"]),
        _cascade(["option_value_id"], "commerce_product_option_values", ["id"]),
        Index(
            "ix_commerce_variant_option_values_tenant_id_option_value_id",
            "tenant_id",
            "option_value_id",
        ),
    )

    variant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    option_value_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class PriceRow(TenantScoped, Base):
    """A variant's base price in one currency (minor units), and its compare-at price."""

    __tablename__ = "commerce_variant_prices"
    __table_args__ = (_cascade(["variant_id"], "commerce_variants", ["id"]),)

    variant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    compare_at_amount: Mapped[int | None] = mapped_column(BigInteger)


class CategoryRow(TenantScoped, Base):
    """A category in the tree; ``path`` is the slugs from the root, joined by ``/``."""

    __tablename__ = "commerce_categories"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["commerce_categories.tenant_id", "commerce_categories.id"],
        ),
        UniqueConstraint("tenant_id", "path"),
        Index(
            "ix_commerce_categories_tenant_id_parent_id_position",
            "tenant_id",
            "parent_id",
            "position",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    parent_id: Mapped[uuid.UUID | None]
    slug: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(1100))
    depth: Mapped[int] = mapped_column(SmallInteger)
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProductCategoryRow(TenantScoped, Base):
    """A product filed in a category, at ``position`` among the product's categories."""

    __tablename__ = "commerce_product_categories"
    __table_args__ = (
        _cascade(["product_id"], "commerce_products", ["id"]),
        _cascade(["category_id"], "commerce_categories", ["id"]),
        Index("ix_commerce_product_categories_tenant_id_category_id", "tenant_id", "category_id"),
    )

    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    category_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(SmallInteger)


class WarehouseRow(TenantScoped, Base):
    """A place stock is kept; ``position`` orders allocation, ``code`` is unique in the tenant."""

    __tablename__ = "commerce_warehouses"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    # Free-form address lines (``line1``, ``city``, ``country``, ...), shown, never parsed.
    address: Mapped[dict[str, str] | None] = mapped_column(JSON)
    is_active: Mapped[bool] = mapped_column(Boolean)
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class StockLevelRow(TenantScoped, Base):
    """How many of a variant a warehouse holds and how many of those are promised to orders.

    ``available`` is ``on_hand - reserved``; backorders let ``reserved`` exceed ``on_hand``.
    """

    __tablename__ = "commerce_stock_levels"
    __table_args__ = (
        _cascade(["variant_id"], "commerce_variants", ["id"]),
        ForeignKeyConstraint(
            ["tenant_id", "warehouse_id"],
            ["commerce_warehouses.tenant_id", "commerce_warehouses.id"],
        ),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        Index("ix_commerce_stock_levels_tenant_id_warehouse_id", "tenant_id", "warehouse_id"),
    )

    variant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    warehouse_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    on_hand: Mapped[int] = mapped_column(Integer)
    reserved: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    @property
    def available(self) -> int:
        """Return what can still be promised: on hand less reserved (negative on backorder)."""
        return self.on_hand - self.reserved


class StockMovementRow(TenantScoped, Base):
    """One change of a stock level, the audit trail: deltas, reason, reference and actor.

    Ids are UUIDv7, so id order is time order: one variant's trail, newest first, is one range
    of ``(tenant_id, variant_id, id)``.
    """

    __tablename__ = "commerce_stock_movements"
    __table_args__ = (
        _cascade(["variant_id"], "commerce_variants", ["id"]),
        ForeignKeyConstraint(
            ["tenant_id", "warehouse_id"],
            ["commerce_warehouses.tenant_id", "commerce_warehouses.id"],
        ),
        Index(
            "ix_commerce_stock_movements_tenant_id_variant_id_id", "tenant_id", "variant_id", "id"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    variant_id: Mapped[uuid.UUID]
    warehouse_id: Mapped[uuid.UUID]
    on_hand_delta: Mapped[int] = mapped_column(Integer)
    reserved_delta: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))
    reference_type: Mapped[str | None] = mapped_column(String(60))
    reference_id: Mapped[uuid.UUID | None]
    actor_kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None]
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
