"""Index only the deliveries still to be made: per-aggregate order and held-back checks.

The dispatcher asks two questions of ``core_event_deliveries`` for every batch: is an earlier
event of this aggregate still undelivered for this subscriber (the order check), and is a
dead or backing-off delivery holding later ones back (the claim). Both look only at rows
that are not delivered, but the full ``(subscriber, aggregate_key, sequence)`` index also
holds every delivered row kept for the retention period, so each check read an aggregate's
whole history, and PostgreSQL answered the held-back check with a scan of the whole table.
Partial indexes on the undelivered rows keep both checks as small as the backlog.

The claim itself gets a partial index of pending rows in event order: it stays the size of
the backlog, where the ``(state, event_id)`` index keeps growing with delivered rows until a
vacuum, and PostgreSQL, on stale statistics, then preferred walking the primary key through
every delivered row (a drain of 100k events slowed five-fold in its last third).

Revision ID: core_007
Revises: core_006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_007"
down_revision: str | None = "core_006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TABLE = "core_event_deliveries"
_UNDELIVERED = sa.text("state <> 'delivered'")
_PENDING = sa.text("state = 'pending'")


def upgrade() -> None:
    """Replace the full order index by a partial one; index undelivered rows by next attempt."""
    op.create_index(
        "ix_core_event_deliveries_pending_event_id",
        _TABLE,
        ["event_id"],
        postgresql_where=_PENDING,
        sqlite_where=_PENDING,
    )
    op.drop_index("ix_core_event_deliveries_subscriber_aggregate_key_sequence", table_name=_TABLE)
    op.create_index(
        "ix_core_event_deliveries_undelivered_order",
        _TABLE,
        ["subscriber", "aggregate_key", "sequence"],
        postgresql_where=_UNDELIVERED,
        sqlite_where=_UNDELIVERED,
    )
    op.create_index(
        "ix_core_event_deliveries_undelivered_state_next_attempt_at",
        _TABLE,
        ["state", "next_attempt_at"],
        postgresql_where=_UNDELIVERED,
        sqlite_where=_UNDELIVERED,
    )


def downgrade() -> None:
    """Put the full order index back."""
    op.drop_index("ix_core_event_deliveries_undelivered_state_next_attempt_at", table_name=_TABLE)
    op.drop_index("ix_core_event_deliveries_undelivered_order", table_name=_TABLE)
    op.drop_index("ix_core_event_deliveries_pending_event_id", table_name=_TABLE)
    op.create_index(
        "ix_core_event_deliveries_subscriber_aggregate_key_sequence",
        _TABLE,
        ["subscriber", "aggregate_key", "sequence"],
    )
