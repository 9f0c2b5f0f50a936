"""The core's own permissions: ``core.*``, and ``webhooks.*`` (app/webhooks/permissions.py).

The core owns both namespaces (DESIGN.md), so :data:`CORE_PERMISSIONS` holds both.
"""

from __future__ import annotations

from app.registry.declaration import Permission, PermissionScope
from app.webhooks.permissions import WEBHOOK_PERMISSIONS

__all__ = [
    "CORE_PERMISSIONS",
    "MANAGE_API_KEYS",
    "MANAGE_EVENTS",
    "MANAGE_INDEX",
    "MANAGE_MODULES",
    "MANAGE_ROLES",
    "MANAGE_TENANTS",
    "MANAGE_USERS",
    "VIEW_AUDIT_LOG",
    "VIEW_CUSTOMERS",
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
MANAGE_USERS = Permission(
    "core.manage_users", "Add people to the tenant and remove them; see its members."
)
MANAGE_ROLES = Permission(
    "core.manage_roles", "Create, change and delete the tenant's roles and assign them."
)
MANAGE_API_KEYS = Permission("core.manage_api_keys", "Create and revoke the tenant's API keys.")
VIEW_AUDIT_LOG = Permission(
    "core.view_audit_log", "See the tenant's audit log: who changed what, and when."
)
VIEW_CUSTOMERS = Permission(
    "core.view_customers", "See the tenant's storefront customers and their account events."
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
    MANAGE_USERS,
    MANAGE_ROLES,
    MANAGE_API_KEYS,
    VIEW_CUSTOMERS,
    *WEBHOOK_PERMISSIONS,
)
