"""Commerce's read tables: one listing row per product and currency, and facet rows.

A listing row carries what a catalog list shows, pre-shaped (the variants with their price in
that currency, the option values, the category paths), so a list reads one table. A product
has a row in each currency the shop sells in which one of its variants has a price.
``is_in_stock``: one of the variants priced in that currency can be bought now
(``inventory.is_in_stock``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

__all__ = ["ProductFacetRow", "ProductListingRow"]


class ProductListingRow(Base):
    """A product as catalog lists show it, priced in one currency."""

    __tablename__ = "idx_commerce_products"
    __table_args__ = (
        # Not unique: two products swapping slugs may reach the projection in either order.
        Index("ix_idx_commerce_products_slug", "tenant_id", "currency", "slug"),
        Index("ix_idx_commerce_products_name", "tenant_id", "currency", "status", "name"),
        Index("ix_idx_commerce_products_price", "tenant_id", "currency", "status", "min_amount"),
        Index("ix_idx_commerce_products_newest", "tenant_id", "currency", "status", "created_at"),
        Index("ix_idx_commerce_products_stock", "tenant_id", "currency", "status", "is_in_stock"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    slug: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    excerpt: Mapped[str] = mapped_column(Text)
    category_ids: Mapped[list[str]] = mapped_column(JSON)
    category_paths: Mapped[list[str]] = mapped_column(JSON)
    option_values: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    min_amount: Mapped[int] = mapped_column(BigInteger)
    max_amount: Mapped[int] = mapped_column(BigInteger)
    compare_at_min_amount: Mapped[int | None] = mapped_column(BigInteger)
    is_in_stock: Mapped[bool] = mapped_column(Boolean)
    variant_count: Mapped[int] = mapped_column(Integer)
    variants: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProductFacetRow(Base):
    """A facet value of a product in a currency: `category` (ancestors too), `option:<name>`."""

    __tablename__ = "idx_commerce_product_facets"
    __table_args__ = (
        Index("ix_idx_commerce_product_facets_product", "tenant_id", "currency", "product_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    facet: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    min_amount: Mapped[int] = mapped_column(BigInteger)
