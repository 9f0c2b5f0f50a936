"""Which event types a principal may see: each type declares the permission it needs."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from app.auth.principal import Principal
from app.events.declarations import EventType, matches

__all__ = ["visible_event_types"]


def visible_event_types(
    principal: Principal,
    tenant_id: uuid.UUID,
    event_types: Mapping[str, EventType],
    pattern: str | None = None,
) -> frozenset[str]:
    """Return the declared types ``principal`` may see in a tenant (matching ``pattern``).

    Events of types nobody declares any more (a module was uninstalled) are seen by no one.
    """
    return frozenset(
        name
        for name, event_type in event_types.items()
        if (pattern is None or matches(pattern, name))
        and principal.has_permission(event_type.permission, tenant_id)
    )
