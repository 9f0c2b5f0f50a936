"""The permissions of the ``webhooks`` namespace (the core's, DESIGN.md)."""

from __future__ import annotations

from app.registry.declaration import Permission

__all__ = ["MANAGE_ENDPOINTS", "VIEW_DELIVERIES", "VIEW_ENDPOINTS", "WEBHOOK_PERMISSIONS"]

VIEW_ENDPOINTS = Permission(
    "webhooks.view_endpoints",
    "See the tenant's webhook endpoints: URL, event types, state (never their secrets).",
)
MANAGE_ENDPOINTS = Permission(
    "webhooks.manage_endpoints",
    "Create, change, rotate the secret of and delete the tenant's webhook endpoints.",
)
VIEW_DELIVERIES = Permission(
    "webhooks.view_deliveries",
    "See the tenant's webhook deliveries: every attempt, its status and response.",
)

WEBHOOK_PERMISSIONS = (VIEW_ENDPOINTS, MANAGE_ENDPOINTS, VIEW_DELIVERIES)
