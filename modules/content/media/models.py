"""The media library's tables: assets, their renditions, and who uses each asset."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantScoped

__all__ = ["AssetRow", "AssetUseRow", "RenditionRow"]


class AssetRow(TenantScoped, Base):
    """One uploaded file; its type is sniffed from the bytes."""

    __tablename__ = "content_assets"
    __table_args__ = (
        Index("ix_content_assets_tenant_id_created_at", "tenant_id", "created_at"),
        Index("ix_content_assets_tenant_id_sha256", "tenant_id", "sha256"),
        Index("ix_content_assets_tenant_id_content_type", "tenant_id", "content_type"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    byte_size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    alt_text: Mapped[str | None] = mapped_column(String(500))
    storage_key: Mapped[str] = mapped_column(String(500))
    uploaded_by_kind: Mapped[str] = mapped_column(String(20))
    uploaded_by_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RenditionRow(TenantScoped, Base):
    """A resized copy of an image asset."""

    __tablename__ = "content_asset_renditions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "asset_id"],
            ["content_assets.tenant_id", "content_assets.id"],
            ondelete="CASCADE",
        ),
    )

    asset_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    width: Mapped[int] = mapped_column(Integer, primary_key=True)
    height: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))
    byte_size: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]


class AssetUseRow(TenantScoped, Base):
    """One use of an asset by an owner's field, so a used asset cannot be deleted silently."""

    __tablename__ = "content_asset_uses"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "asset_id"],
            ["content_assets.tenant_id", "content_assets.id"],
        ),
        Index(
            "ix_content_asset_uses_tenant_id_owner_type_owner_id",
            "tenant_id",
            "owner_type",
            "owner_id",
        ),
    )

    asset_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(60), primary_key=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(100), primary_key=True)
    created_at: Mapped[datetime]
