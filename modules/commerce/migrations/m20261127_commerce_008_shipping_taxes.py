"""Create commerce's shipping zones and rates, and tax classes and rates.

Revision ID: commerce_008
Revises: commerce_007
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "commerce_008"
down_revision: str | None = "commerce_007"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: the tables land with their feature."""


def downgrade() -> None:
    """Nothing yet."""
