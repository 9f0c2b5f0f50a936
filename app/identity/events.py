"""Events of memberships and roles within a tenant."""

from __future__ import annotations

from app.auth.permissions import MANAGE_ROLES, MANAGE_USERS
from app.events.declarations import EventPayload, EventType

__all__ = [
    "IDENTITY_EVENTS",
    "ROLE_ASSIGNED",
    "ROLE_CREATED",
    "USER_ADDED",
    "RoleAssigned",
    "RoleCreated",
    "UserAdded",
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

IDENTITY_EVENTS = (USER_ADDED, ROLE_CREATED, ROLE_ASSIGNED)
