"""Record the buyer's e-mail on each discount redemption, for the per-customer limit.

A guest has no customer id, so the per-customer limit counts a buyer's redemptions by customer
id or by e-mail (stored lower-case): checking out as a guest does not reset it.

Revision ID: commerce_011
Revises: commerce_010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "commerce_011"
down_revision: str | None = "commerce_010"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_INDEX = "ix_commerce_discount_redemptions_email"


def upgrade() -> None:
    """Add the nullable ``email`` column (earlier rows have none) and its index."""
    op.add_column(
        "commerce_discount_redemptions", sa.Column("email", sa.String(length=320), nullable=True)
    )
    op.create_index(_INDEX, "commerce_discount_redemptions", ["tenant_id", "discount_id", "email"])


def downgrade() -> None:
    """Drop the index and the column."""
    op.drop_index(_INDEX, table_name="commerce_discount_redemptions")
    op.drop_column("commerce_discount_redemptions", "email")
