"""The audit subscriber: records every event once, in the delivery's transaction."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from app.audit.models import AuditEntryRow
from app.events.declarations import DeliveryContext, Handler
from app.events.envelope import Event

__all__ = ["AUDIT_HANDLER"]


async def record(context: DeliveryContext, event: Event) -> None:
    """Insert the event's audit entry (a replayed event changes nothing)."""
    session = context.session
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(AuditEntryRow.__table__).values(
        tenant_id=event.tenant_id,
        event_id=event.id,
        occurred_at=event.occurred_at,
        type=event.type,
        actor=event.actor,
        aggregate_type=event.aggregate_type,
        aggregate_id=event.aggregate_id,
    )
    await session.execute(statement.on_conflict_do_nothing())


AUDIT_HANDLER = Handler(name="core.audit", events=("*",), handle=record)
