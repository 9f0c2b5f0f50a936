"""Create commerce's shipping zones and rates, and tax classes and rates.

Also gives variants their tax class (``commerce_variants.tax_class_id``, null: the default
class) and carts the tax mode their cached amounts were computed in
(``commerce_carts.prices_include_tax``).

Revision ID: commerce_008
Revises: commerce_007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_008"
down_revision: str | None = "commerce_007"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = (
    "commerce_tax_classes",
    "commerce_tax_rates",
    "commerce_shipping_zones",
    "commerce_shipping_zone_regions",
    "commerce_shipping_rates",
)


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    ]


def _key(table: str, column: str, parent: str, *, cascade: bool) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{parent}.tenant_id", f"{parent}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{parent}"),
        ondelete="CASCADE" if cascade else None,
    )


def _tax_tables() -> None:
    op.create_table(
        "commerce_tax_classes",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_tax_classes")),
        sa.UniqueConstraint(
            "tenant_id", "code", name=op.f("uq_commerce_tax_classes_tenant_id_code")
        ),
    )
    op.create_table(
        "commerce_tax_rates",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tax_class_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("rate_ppm", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        *_stamps(),
        _key("commerce_tax_rates", "tax_class_id", "commerce_tax_classes", cascade=True),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_tax_rates")),
        sa.UniqueConstraint(
            "tenant_id",
            "tax_class_id",
            "country",
            "region",
            name=op.f("uq_commerce_tax_rates_tenant_id_tax_class_id_country_region"),
        ),
    )


def _zones() -> None:
    op.create_table(
        "commerce_shipping_zones",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_shipping_zones")),
    )
    op.create_table(
        "commerce_shipping_zone_regions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("zone_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _key("commerce_shipping_zone_regions", "zone_id", "commerce_shipping_zones", cascade=True),
        sa.PrimaryKeyConstraint(
            "tenant_id", "country", "region", name=op.f("pk_commerce_shipping_zone_regions")
        ),
    )
    op.create_index(
        "ix_commerce_shipping_zone_regions_tenant_id_zone_id",
        "commerce_shipping_zone_regions",
        ["tenant_id", "zone_id"],
        unique=False,
    )


def _rates() -> None:
    op.create_table(
        "commerce_shipping_rates",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("zone_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("brackets", sa.JSON(), nullable=False),
        sa.Column("free_over_amount", sa.BigInteger(), nullable=True),
        sa.Column("tax_class_id", sa.Uuid(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        *_stamps(),
        _key("commerce_shipping_rates", "zone_id", "commerce_shipping_zones", cascade=True),
        _key("commerce_shipping_rates", "tax_class_id", "commerce_tax_classes", cascade=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_shipping_rates")),
    )
    op.create_index(
        "ix_commerce_shipping_rates_tenant_id_zone_id_currency",
        "commerce_shipping_rates",
        ["tenant_id", "zone_id", "currency"],
        unique=False,
    )


_VARIANT_KEY = "fk_commerce_variants_tenant_id_tax_class_id_commerce_tax_classes"
_VARIANT_KEY_SQL = (
    f", CONSTRAINT {_VARIANT_KEY} FOREIGN KEY(tenant_id, tax_class_id) "
    "REFERENCES commerce_tax_classes (tenant_id, id))"
)


def _rewrite_sqlite_schema(table: str, old: str, new: str) -> None:
    """Edit a SQLite table's recorded definition in place, its rows untouched.

    SQLite cannot add a table constraint, and batch mode's copy-and-drop would run the drop's
    implicit DELETE, cascading to every row that references the table (cart lines, prices,
    stock). A foreign key does not change the stored rows, so SQLite's documented
    ``writable_schema`` procedure applies: rewrite the ``CREATE TABLE`` text and bump the
    schema version so every connection reloads it.
    """
    bind = op.get_bind()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    bind.execute(
        sa.text(
            "UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
            "WHERE type = 'table' AND name = :table"
        ),
        {"old": old, "new": new, "table": table},
    )
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")


def _variant_tax_class() -> None:
    op.add_column("commerce_variants", sa.Column("tax_class_id", sa.Uuid(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        sql = op.get_bind().exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'commerce_variants'"
        )
        text = str(sql.scalar_one())
        _rewrite_sqlite_schema("commerce_variants", text, text[:-1] + _VARIANT_KEY_SQL)
        return
    op.create_foreign_key(
        op.f(_VARIANT_KEY),
        "commerce_variants",
        "commerce_tax_classes",
        ["tenant_id", "tax_class_id"],
        ["tenant_id", "id"],
    )


def _drop_variant_tax_class() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite_schema("commerce_variants", _VARIANT_KEY_SQL, ")")
    else:
        op.drop_constraint(op.f(_VARIANT_KEY), "commerce_variants", type_="foreignkey")
    op.drop_column("commerce_variants", "tax_class_id")


def _cart_tax_mode() -> None:
    # Existing carts were priced without tax: exclusive is what their amounts mean.
    op.add_column(
        "commerce_carts",
        sa.Column("prices_include_tax", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _tax_tables()
    _zones()
    _rates()
    for table in _TABLES:
        enable_tenant_isolation(table)
    _variant_tax_class()
    _cart_tax_mode()


def downgrade() -> None:
    """Drop the new columns, then the tables, dependents first."""
    op.drop_column("commerce_carts", "prices_include_tax")
    _drop_variant_tax_class()
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
