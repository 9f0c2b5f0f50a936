"""The audit subscriber: records each event once, payload too, in the delivery's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from app.audit.models import AuditEntryRow
from app.db.upsert import insert_for
from app.events.declarations import DeliveryContext, Handler
from app.events.envelope import Event

__all__ = ["AUDIT_HANDLER"]


async def record(context: DeliveryContext, event: Event) -> None:
    """Insert the event's audit entry (a replayed event changes nothing)."""
    await record_all(context, [event])


async def record_all(context: DeliveryContext, events: Sequence[Event]) -> None:
    """Insert the events' audit entries in one statement (replayed events change nothing)."""
    session = context.session
    statement = insert_for(session, AuditEntryRow.__table__).on_conflict_do_nothing()
    connection = await session.connection()
    await connection.execute(statement, [_entry(event) for event in events])


def _entry(event: Event) -> dict[str, object]:
    return {
        "tenant_id": event.tenant_id,
        "event_id": event.id,
        "occurred_at": event.occurred_at,
        "type": event.type,
        "actor": event.actor,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        "version": event.version,
        "payload": event.payload,
    }


AUDIT_HANDLER = Handler(name="core.audit", events=("*",), handle=record, handle_batch=record_all)
