"""Create commerce's customer tables: the address book, customer groups and their members.

Addresses and memberships name a core customer by a foreign key that cascades, so this
revision depends on the core's customers (``core_006``). A customer has at most one default
shipping and one default billing address (partial unique indexes).

Revision ID: commerce_012
Revises: commerce_011
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_012"
down_revision: str | None = "commerce_011"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = ("core_006",)

_TABLES = (
    "commerce_addresses",
    "commerce_customer_groups",
    "commerce_customer_group_members",
)


def _key(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{parent}.tenant_id", f"{parent}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{parent}"),
        ondelete="CASCADE",
    )


def _text(name: str, length: int = 200) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=True)


def _addresses() -> None:
    op.create_table(
        "commerce_addresses",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        _text("label", 100),
        *(_text(name) for name in ("first_name", "last_name", "company", "line1", "line2")),
        *(_text(name) for name in ("city", "postal_code", "region")),
        sa.Column("country", sa.String(length=2), nullable=False),
        _text("phone", 40),
        sa.Column("is_default_shipping", sa.Boolean(), nullable=False),
        sa.Column("is_default_billing", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _key("commerce_addresses", "customer_id", "core_customers"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_addresses")),
    )
    op.create_index(
        "ix_commerce_addresses_tenant_id_customer_id",
        "commerce_addresses",
        ["tenant_id", "customer_id"],
    )
    for flag in ("is_default_shipping", "is_default_billing"):
        where = sa.text(flag)
        op.create_index(
            f"uq_commerce_addresses_{flag}",
            "commerce_addresses",
            ["tenant_id", "customer_id"],
            unique=True,
            postgresql_where=where,
            sqlite_where=where,
        )


def _groups() -> None:
    op.create_table(
        "commerce_customer_groups",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_customer_groups")),
        sa.UniqueConstraint(
            "tenant_id", "code", name=op.f("uq_commerce_customer_groups_tenant_id_code")
        ),
        sa.UniqueConstraint(
            "tenant_id", "name", name=op.f("uq_commerce_customer_groups_tenant_id_name")
        ),
    )
    op.create_table(
        "commerce_customer_group_members",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("customer_group_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _key("commerce_customer_group_members", "customer_group_id", "commerce_customer_groups"),
        _key("commerce_customer_group_members", "customer_id", "core_customers"),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "customer_group_id",
            "customer_id",
            name=op.f("pk_commerce_customer_group_members"),
        ),
    )
    op.create_index(
        "ix_commerce_customer_group_members_tenant_id_customer_id",
        "commerce_customer_group_members",
        ["tenant_id", "customer_id"],
    )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _addresses()
    _groups()
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables, dependents first."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
