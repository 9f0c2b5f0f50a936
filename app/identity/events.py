"""Events of memberships, roles and API keys within a tenant."""

from __future__ import annotations

from datetime import datetime

from app.auth.permissions import MANAGE_API_KEYS, MANAGE_ROLES, MANAGE_USERS
from app.events.declarations import EventPayload, EventType

__all__ = [
    "API_KEY_CREATED",
    "API_KEY_REVOKED",
    "IDENTITY_EVENTS",
    "ROLE_ASSIGNED",
    "ROLE_CREATED",
    "ROLE_DELETED",
    "ROLE_UNASSIGNED",
    "ROLE_UPDATED",
    "USER_ADDED",
    "USER_REMOVED",
    "ApiKeyCreated",
    "ApiKeyRevoked",
    "RoleAssigned",
    "RoleCreated",
    "RoleDeleted",
    "RoleUnassigned",
    "RoleUpdated",
    "UserAdded",
    "UserRemoved",
]


class UserAdded(EventPayload):
    """A user became a member of the tenant."""

    user_id: str
    role_ids: list[str]


class RoleCreated(EventPayload):
    """A role was created (built-in roles at tenant creation included)."""

    role_id: str
    name: str


class RoleAssigned(EventPayload):
    """A member was given a role."""

    role_id: str
    user_id: str


USER_ADDED = EventType(
    name="core.user.added",
    version=1,
    payload=UserAdded,
    permission=MANAGE_USERS,
    description="A user became a member of the tenant.",
)
ROLE_CREATED = EventType(
    name="core.role.created",
    version=1,
    payload=RoleCreated,
    permission=MANAGE_ROLES,
    description="A role was created.",
)
ROLE_ASSIGNED = EventType(
    name="core.role.assigned",
    version=1,
    payload=RoleAssigned,
    permission=MANAGE_ROLES,
    description="A member was given a role.",
)


class UserRemoved(EventPayload):
    """A user stopped being a member of the tenant (their role assignments went with it)."""

    user_id: str


class RoleUpdated(EventPayload):
    """A custom role changed; ``changed`` names the fields (name, description, permissions)."""

    role_id: str
    changed: list[str]


class RoleDeleted(EventPayload):
    """A custom role was deleted (its assignments with it)."""

    role_id: str
    name: str


class RoleUnassigned(EventPayload):
    """A member lost a role."""

    role_id: str
    user_id: str


class ApiKeyCreated(EventPayload):
    """An API key was created (never with its secret)."""

    api_key_id: str
    name: str
    permissions: list[str]
    expires_at: datetime | None = None


class ApiKeyRevoked(EventPayload):
    """An API key was revoked: it stops working at once."""

    api_key_id: str


USER_REMOVED = EventType(
    name="core.user.removed",
    version=1,
    payload=UserRemoved,
    permission=MANAGE_USERS,
    description="A user stopped being a member of the tenant.",
)
ROLE_UPDATED = EventType(
    name="core.role.updated",
    version=1,
    payload=RoleUpdated,
    permission=MANAGE_ROLES,
    description="A custom role was renamed, described anew or given other permissions.",
)
ROLE_DELETED = EventType(
    name="core.role.deleted",
    version=1,
    payload=RoleDeleted,
    permission=MANAGE_ROLES,
    description="A custom role was deleted, with its assignments.",
)
ROLE_UNASSIGNED = EventType(
    name="core.role.unassigned",
    version=1,
    payload=RoleUnassigned,
    permission=MANAGE_ROLES,
    description="A member lost a role.",
)
API_KEY_CREATED = EventType(
    name="core.apikey.created",
    version=1,
    payload=ApiKeyCreated,
    permission=MANAGE_API_KEYS,
    description="An API key was created.",
)
API_KEY_REVOKED = EventType(
    name="core.apikey.revoked",
    version=1,
    payload=ApiKeyRevoked,
    permission=MANAGE_API_KEYS,
    description="An API key was revoked.",
)

IDENTITY_EVENTS = (
    USER_ADDED,
    ROLE_CREATED,
    ROLE_ASSIGNED,
    USER_REMOVED,
    ROLE_UPDATED,
    ROLE_DELETED,
    ROLE_UNASSIGNED,
    API_KEY_CREATED,
    API_KEY_REVOKED,
)
