"""The core's own permissions (``core.*``)."""

from __future__ import annotations

from app.registry.declaration import Permission, PermissionScope

__all__ = ["CORE_PERMISSIONS", "MANAGE_MODULES", "MANAGE_TENANTS", "VIEW_MODULES"]

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

CORE_PERMISSIONS = (MANAGE_TENANTS, VIEW_MODULES, MANAGE_MODULES)
