"""The core's GraphQL contribution for the audit log: ``auditLog``, newest first.

Entries of event types whose declared permission the principal lacks are left out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from app.audit.models import AuditEntryRow
from app.audit.service import AuditFilter, select_audit_entries
from app.auth.permissions import VIEW_AUDIT_LOG
from app.errors import BadRequest
from app.events.visibility import visible_event_types
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.relay import PageRequest, paginate
from app.graphql.types import Connection
from app.registry import GraphQLContribution

__all__ = ["AUDIT_GRAPHQL", "AuditEntry"]


@strawberry.type(description="One event in the audit log: who did what to which target, when.")
class AuditEntry:
    """An audit log entry."""

    event_id: strawberry.ID = strawberry.field(description="The event's id (a UUIDv7).")
    occurred_at: datetime = strawberry.field(description="When it happened.")
    type: str = strawberry.field(description="The event type, `<module>.<entity>.<verb>`.")
    actor: str = strawberry.field(
        description="Who caused it: `user:<id>`, `apikey:<id>`, `customer:<id>`, `system`."
    )
    aggregate_type: str = strawberry.field(description="The target's type, `<module>.<entity>`.")
    aggregate_id: str = strawberry.field(description="The target's id.")
    version: int | None = strawberry.field(
        description="The payload's schema version; null for entries recorded without one."
    )
    payload: JSON | None = strawberry.field(
        description=(
            "What the event said, at `version`, as it was delivered (see the events catalog);"
            " null for entries recorded before the audit log kept payloads."
        )
    )

    @classmethod
    def from_row(cls, row: AuditEntryRow) -> AuditEntry:
        """Build from a table row."""
        return cls(
            event_id=strawberry.ID(str(row.event_id)),
            occurred_at=row.occurred_at,
            type=row.type,
            actor=row.actor,
            aggregate_type=row.aggregate_type,
            aggregate_id=row.aggregate_id,
            version=row.version,
            payload=None if row.payload is None else JSON(row.payload),
        )


def _argument(description: str) -> object:
    return strawberry.argument(description=description)


def _aware(moment: datetime | None, argument: str) -> datetime | None:
    if moment is not None and moment.utcoffset() is None:
        raise BadRequest(f"`{argument}` needs a UTC offset (for example `2026-11-26T09:00:00Z`)")
    return moment


@strawberry.type(description="Audit log read operations.")
class AuditQuery:
    """Queries of the audit log."""

    @strawberry.field(
        description="This tenant's history, newest first (only event types you may see).",
        directives=guarded(VIEW_AUDIT_LOG),
    )
    async def audit_log(
        self,
        info: Info,
        first: Annotated[int | None, _argument("Page size from the newest.")] = None,
        after: Annotated[str | None, _argument("Continue with entries older than this.")] = None,
        type: Annotated[
            str | None, _argument("Only this event type, or a prefix pattern like `blog.*`.")
        ] = None,
        actor: Annotated[str | None, _argument("Only what this actor did (`user:<id>`).")] = None,
        aggregate_type: Annotated[
            str | None, _argument("Only entries about this aggregate type.")
        ] = None,
        aggregate_id: Annotated[
            str | None, _argument("Only entries about this aggregate id.")
        ] = None,
        since: Annotated[datetime | None, _argument("Only events at or after this time.")] = None,
        until: Annotated[datetime | None, _argument("Only events before this time.")] = None,
    ) -> Connection[AuditEntry]:
        """Page through the audit log."""
        context = info.context
        runtime, tenant = context.runtime, context.require_tenant()
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            max_size=runtime.settings.max_page_size,
        )
        criteria = AuditFilter(
            types=visible_event_types(context.principal, tenant.id, runtime.events.types, type),
            actor=actor,
            aggregate_type=aggregate_type,
            aggregate_id=aggregate_id,
            since=_aware(since, "since"),
            until=_aware(until, "until"),
        )
        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            return await paginate(
                session,
                select_audit_entries(tenant.id, criteria),
                AuditEntryRow.event_id,
                page,
                AuditEntry.from_row,
                lambda row: row.event_id,
                newest_first=True,
            )


AUDIT_GRAPHQL = GraphQLContribution(query=AuditQuery)
