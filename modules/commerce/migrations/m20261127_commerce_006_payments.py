"""Create commerce's payment tables: payments, provider calls and refunds.

Revision ID: commerce_006
Revises: commerce_005
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "commerce_006"
down_revision: str | None = "commerce_005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: the tables land with their feature."""


def downgrade() -> None:
    """Nothing yet."""
