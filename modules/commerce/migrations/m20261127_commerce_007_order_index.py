"""Create the admin's order-list projection table.

Revision ID: commerce_007
Revises: commerce_006
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "commerce_007"
down_revision: str | None = "commerce_006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: the tables land with their feature."""


def downgrade() -> None:
    """Nothing yet."""
