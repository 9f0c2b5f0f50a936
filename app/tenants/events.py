"""The core's tenant and module events."""

from __future__ import annotations

from app.auth.permissions import MANAGE_TENANTS, VIEW_MODULES
from app.events.declarations import EventPayload, EventType

__all__ = [
    "MODULE_DISABLED",
    "MODULE_ENABLED",
    "MODULE_SETTINGS_UPDATED",
    "TENANT_ACTIVATED",
    "TENANT_ARCHIVED",
    "TENANT_CREATED",
    "TENANT_EVENTS",
    "TENANT_SUSPENDED",
    "TENANT_UPDATED",
    "ModuleChanged",
    "TenantChanged",
]


class TenantChanged(EventPayload):
    """A tenant's lifecycle changed; the slug it has now."""

    slug: str


class ModuleChanged(EventPayload):
    """A module's state or settings changed in a tenant."""

    module: str


def _tenant(verb: str, description: str) -> EventType:
    return EventType(
        name=f"core.tenant.{verb}",
        version=1,
        payload=TenantChanged,
        permission=MANAGE_TENANTS,
        description=description,
    )


def _module(verb: str, description: str) -> EventType:
    return EventType(
        name=f"core.module.{verb}",
        version=1,
        payload=ModuleChanged,
        permission=VIEW_MODULES,
        description=description,
    )


TENANT_CREATED = _tenant("created", "A tenant was created (its default modules enabled).")
TENANT_UPDATED = _tenant("updated", "A tenant was renamed or its slug changed.")
TENANT_SUSPENDED = _tenant("suspended", "A tenant stopped being served.")
TENANT_ACTIVATED = _tenant("activated", "A suspended tenant is served again.")
TENANT_ARCHIVED = _tenant("archived", "A tenant was retired for good.")
MODULE_ENABLED = _module("enabled", "A module was enabled for the tenant.")
MODULE_DISABLED = _module("disabled", "A module was disabled for the tenant (data kept).")
MODULE_SETTINGS_UPDATED = _module("settings_updated", "A module's settings were replaced.")

TENANT_EVENTS = (
    TENANT_CREATED,
    TENANT_UPDATED,
    TENANT_SUSPENDED,
    TENANT_ACTIVATED,
    TENANT_ARCHIVED,
    MODULE_ENABLED,
    MODULE_DISABLED,
    MODULE_SETTINGS_UPDATED,
)
