"""Let a webhook endpoint shape its payloads with a GraphQL query and scoped permissions.

Revision ID: core_010
Revises: core_009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_010"
down_revision: str | None = "core_009"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLE = "webhooks_endpoints"


def upgrade() -> None:
    """Add ``payload_query`` (None: the envelope alone) and ``payload_permissions``."""
    with op.batch_alter_table(_TABLE) as batch:
        batch.add_column(sa.Column("payload_query", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column(
                "payload_permissions", sa.JSON(), nullable=False, server_default=sa.text("'[]'")
            )
        )


def downgrade() -> None:
    """Drop both columns."""
    with op.batch_alter_table(_TABLE) as batch:
        batch.drop_column("payload_permissions")
        batch.drop_column("payload_query")
