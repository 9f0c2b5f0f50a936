"""The audit subscriber: records every event once, in the delivery's transaction."""

from __future__ import annotations

from app.audit.models import AuditEntryRow
from app.db.upsert import insert_for
from app.events.declarations import DeliveryContext, Handler
from app.events.envelope import Event

__all__ = ["AUDIT_HANDLER"]


async def record(context: DeliveryContext, event: Event) -> None:
    """Insert the event's audit entry (a replayed event changes nothing)."""
    session = context.session
    statement = insert_for(session, AuditEntryRow).values(
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
