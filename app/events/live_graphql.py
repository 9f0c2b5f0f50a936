"""The ``events`` subscription: a tenant's events, live, as far as the subscriber may see them.

Each event type declares the permission it needs to be seen (the events catalog); a
subscriber gets the events of its tenant whose permission it holds, re-checked for every event
against its current permissions (the WebSocket connection re-authenticates periodically, so
a revoked role or key takes effect within a minute). Served over WebSocket only
(app/graphql/ws.py).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from app.errors import ValidationFailed
from app.events.declarations import matches
from app.events.envelope import Event
from app.events.graphql import EventEnvelope
from app.events.visibility import visible_event_types
from app.graphql.context import Info
from app.graphql.directives import authenticated
from app.registry import GraphQLContribution
from app.runtime import Context

__all__ = ["LIVE_EVENTS_GRAPHQL", "EventSubscription"]

MAX_PATTERNS = 50


def _patterns(ctx: Context, types: list[str] | None) -> list[str]:
    """The patterns asked for; VALIDATION for one that covers nothing the caller may see."""
    patterns = types if types is not None else ["*"]
    if not patterns or len(patterns) > MAX_PATTERNS:
        raise ValidationFailed(f"give 1 to {MAX_PATTERNS} event types or patterns", field="types")
    tenant = ctx.require_tenant()
    for pattern in patterns:
        if not visible_event_types(ctx.principal, tenant.id, ctx.runtime.events.types, pattern):
            raise ValidationFailed(
                f"{pattern[:100]!r} covers no event type you may see (exact types, "
                "`prefix.*` or `*`; see the events catalog)",
                field="types",
            )
    return patterns


@strawberry.type(description="Live streams.")
class EventSubscription:
    """The core's subscriptions."""

    @strawberry.subscription(
        description="The tenant's events as they are committed: those of the types asked for "
        "(exact, `prefix.*` or `*`, the default) that the subscriber may see. Live and at most "
        "once: what was committed while disconnected is not replayed (read `auditLog`). A "
        "subscriber that does not keep up is dropped (its connection closes with 1013).",
        directives=authenticated(),
    )
    async def events(
        self,
        info: Info,
        types: Annotated[
            list[str] | None,
            strawberry.argument(description="Event types or patterns (default: every type)."),
        ] = None,
    ) -> AsyncGenerator[EventEnvelope, None]:
        """Stream the tenant's visible events."""
        ctx = info.context
        patterns = _patterns(ctx, types)
        tenant_id = ctx.require_tenant().id
        declared = ctx.runtime.events.types

        def accepts(event: Event) -> bool:
            event_type = declared.get(event.type)
            return (
                event_type is not None
                and any(matches(pattern, event.type) for pattern in patterns)
                and ctx.principal.has_permission(event_type.permission, tenant_id)
            )

        subscription = ctx.runtime.live.subscribe(tenant_id, accepts)
        try:
            async for event in subscription:
                yield EventEnvelope.from_event(event)
        finally:
            subscription.close()


LIVE_EVENTS_GRAPHQL = GraphQLContribution(subscription=EventSubscription)
