"""Keep each audit entry's payload and its schema version, so history says what changed.

Entries recorded before this revision have neither (``NULL``); the GraphQL field says so.

Revision ID: core_011
Revises: core_010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_011"
down_revision: str | None = "core_010"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLE = "core_audit_log"


def upgrade() -> None:
    """Add the nullable ``version`` and ``payload`` columns."""
    with op.batch_alter_table(_TABLE) as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("payload", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop both columns."""
    with op.batch_alter_table(_TABLE) as batch:
        batch.drop_column("payload")
        batch.drop_column("version")
