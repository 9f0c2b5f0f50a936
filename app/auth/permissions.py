"""The core's own permissions (``core.*``)."""

from __future__ import annotations

from app.registry.declaration import Permission, PermissionScope

__all__ = [
    "CORE_PERMISSIONS",
    "MANAGE_EVENTS",
    "MANAGE_INDEX",
    "MANAGE_MODULES",
    "MANAGE_TENANTS",
    "VIEW_AUDIT_LOG",
    "VIEW_EVENTS",
    "VIEW_INDEX",
    "VIEW_MODULES",
]

MANAGE_TENANTS = Permission(
    "core.manage_tenants",
    "Create, list, rename, suspend and archive tenants (platform administrators).",
    PermissionScope.PLATFORM,
)
VIEW_MODULES = Permission(
    "core.view_modules", "See the tenant's modules, their state, health and settings."
)
MANAGE_MODULES = Permission(
    "core.manage_modules", "Enable and disable the tenant's modules and change their settings."
)

VIEW_EVENTS = Permission(
    "core.view_events", "See the tenant's dead letters: failed deliveries and their events."
)
MANAGE_EVENTS = Permission(
    "core.manage_events", "Replay the tenant's dead letters (send their events again)."
)
VIEW_INDEX = Permission(
    "core.view_index", "See the state of the tenant's read models: last event, lag, failures."
)
MANAGE_INDEX = Permission(
    "core.manage_index", "Rebuild the tenant's read models from the source tables."
)
VIEW_AUDIT_LOG = Permission(
    "core.view_audit_log", "See the tenant's audit log: who changed what, and when."
)

CORE_PERMISSIONS = (
    MANAGE_TENANTS,
    VIEW_MODULES,
    MANAGE_MODULES,
    VIEW_EVENTS,
    MANAGE_EVENTS,
    VIEW_INDEX,
    MANAGE_INDEX,
    VIEW_AUDIT_LOG,
)
