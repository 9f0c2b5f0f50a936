"""Create commerce's payment tables: payments, provider calls and refunds.

Revision ID: commerce_006
Revises: commerce_005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime
from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

revision: str = "commerce_006"
down_revision: str | None = "commerce_005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLES = ("commerce_payments", "commerce_payment_attempts", "commerce_refunds")


def _keys() -> list[sa.Column[object]]:
    return [
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
    ]


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    ]


def _amount(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), nullable=False)


def _belongs_to(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{parent}.tenant_id", f"{parent}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{parent}"),
        ondelete="CASCADE",
    )


def _payments() -> None:
    op.create_table(
        "commerce_payments",
        *_keys(),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=40), nullable=False),
        sa.Column("method", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        _amount("amount"),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _amount("captured_amount"),
        _amount("refunded_amount"),
        sa.Column("provider_reference", sa.String(length=200), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("pending_operation", sa.String(length=20), nullable=True),
        sa.Column("pending_key", sa.String(length=200), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        *_stamps(),
        _belongs_to("commerce_payments", "order_id", "commerce_orders"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_payments")),
        sa.UniqueConstraint(
            "tenant_id",
            "idempotency_key",
            name=op.f("uq_commerce_payments_tenant_id_idempotency_key"),
        ),
    )
    op.create_index(
        "ix_commerce_payments_tenant_id_order_id", "commerce_payments", ["tenant_id", "order_id"]
    )
    op.create_index(
        "ix_commerce_payments_tenant_id_pending_operation_updated_at",
        "commerce_payments",
        ["tenant_id", "pending_operation", "updated_at"],
    )


def _attempts() -> None:
    op.create_table(
        "commerce_payment_attempts",
        *_keys(),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("refund_id", sa.Uuid(), nullable=True),
        sa.Column("operation", sa.String(length=20), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        *_stamps(),
        _belongs_to("commerce_payment_attempts", "payment_id", "commerce_payments"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_payment_attempts")),
    )
    op.create_index(
        "ix_commerce_payment_attempts_tenant_id_payment_id_created_at",
        "commerce_payment_attempts",
        ["tenant_id", "payment_id", "created_at"],
    )


def _refunds() -> None:
    op.create_table(
        "commerce_refunds",
        *_keys(),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        _amount("amount"),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("restock", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("provider_reference", sa.String(length=200), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        *_stamps(),
        _belongs_to("commerce_refunds", "order_id", "commerce_orders"),
        _belongs_to("commerce_refunds", "payment_id", "commerce_payments"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_commerce_refunds")),
        sa.UniqueConstraint(
            "tenant_id",
            "idempotency_key",
            name=op.f("uq_commerce_refunds_tenant_id_idempotency_key"),
        ),
    )
    op.create_index(
        "ix_commerce_refunds_tenant_id_order_id", "commerce_refunds", ["tenant_id", "order_id"]
    )
    op.create_index(
        "ix_commerce_refunds_tenant_id_status_updated_at",
        "commerce_refunds",
        ["tenant_id", "status", "updated_at"],
    )


def upgrade() -> None:
    """Create the tables, tenant first in every key, with forced row-level security."""
    _payments()
    _attempts()
    _refunds()
    for table in _TABLES:
        enable_tenant_isolation(table)


def downgrade() -> None:
    """Drop the tables, dependents first."""
    for table in reversed(_TABLES):
        disable_tenant_isolation(table)
        op.drop_table(table)
