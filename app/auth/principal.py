"""Who is asking: the principal model of DESIGN.md.

Every principal answers one question, :meth:`Principal.has_permission`; nothing else in the code
decides access (see :mod:`app.auth.policy`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from app.registry.declaration import Permission, PermissionScope

__all__ = [
    "Anonymous",
    "ApiKeyPrincipal",
    "CustomerPrincipal",
    "Principal",
    "SystemPrincipal",
    "UserPrincipal",
    "WebhookPrincipal",
]


class Principal(Protocol):
    """Anything that can act: answers whether it holds a permission in a tenant."""

    @property
    def is_authenticated(self) -> bool:
        """Return whether the principal proved an identity."""
        ...

    @property
    def label(self) -> str:
        """Return a short description for logs and the audit trail."""
        ...

    def has_permission(self, permission: Permission, tenant_id: uuid.UUID | None) -> bool:
        """Return whether the principal holds ``permission`` in ``tenant_id``."""
        ...


@dataclass(frozen=True, slots=True)
class Anonymous:
    """Nobody signed in: holds no permission at all."""

    is_authenticated: bool = False
    label: str = "anonymous"

    def has_permission(self, permission: Permission, tenant_id: uuid.UUID | None) -> bool:
        """Deny everything."""
        return False


@dataclass(frozen=True, slots=True)
class SystemPrincipal:
    """The operator at the command line: may do everything."""

    is_authenticated: bool = True
    label: str = "system"

    def has_permission(self, permission: Permission, tenant_id: uuid.UUID | None) -> bool:
        """Allow everything."""
        return True


@dataclass(frozen=True, slots=True)
class UserPrincipal:
    """A user acting through memberships; platform permissions need the platform-admin flag."""

    user_id: uuid.UUID
    is_platform_admin: bool = False
    memberships: Mapping[uuid.UUID, frozenset[str]] = field(default_factory=dict)
    session_id: uuid.UUID | None = None
    is_authenticated: bool = True

    @property
    def label(self) -> str:
        """Return ``user:<id>``."""
        return f"user:{self.user_id}"

    def has_permission(self, permission: Permission, tenant_id: uuid.UUID | None) -> bool:
        """Platform permissions: the admin flag; tenant permissions: the tenant's roles."""
        if permission.scope is PermissionScope.PLATFORM:
            return self.is_platform_admin
        if tenant_id is None:
            return False
        return permission.name in self.memberships.get(tenant_id, frozenset())


@dataclass(frozen=True, slots=True)
class CustomerPrincipal:
    """A storefront account of one tenant: reaches only its own data through public fields."""

    customer_id: uuid.UUID
    tenant_id: uuid.UUID
    session_id: uuid.UUID | None = None
    is_authenticated: bool = True

    @property
    def label(self) -> str:
        """Return ``customer:<id>``."""
        return f"customer:{self.customer_id}"

    def has_permission(self, permission: Permission, tenant_id: uuid.UUID | None) -> bool:
        """Hold no declared permission; ownership checks happen in the services."""
        return False


@dataclass(frozen=True, slots=True)
class ApiKeyPrincipal:
    """An application's key: a scoped set of tenant permissions in one tenant."""

    key_id: uuid.UUID
    tenant_id: uuid.UUID
    permissions: frozenset[str]
    is_authenticated: bool = True

    @property
    def label(self) -> str:
        """Return ``apikey:<id>``."""
        return f"apikey:{self.key_id}"

    def has_permission(self, permission: Permission, tenant_id: uuid.UUID | None) -> bool:
        """Allow only the key's own tenant permissions in its own tenant."""
        return (
            permission.scope is PermissionScope.TENANT
            and tenant_id == self.tenant_id
            and permission.name in self.permissions
        )


@dataclass(frozen=True, slots=True)
class WebhookPrincipal:
    """A webhook endpoint reading what its payload query selects: its scoped permissions only."""

    endpoint_id: uuid.UUID
    tenant_id: uuid.UUID
    permissions: frozenset[str]
    is_authenticated: bool = True

    @property
    def label(self) -> str:
        """Return ``webhook:<id>``."""
        return f"webhook:{self.endpoint_id}"

    def has_permission(self, permission: Permission, tenant_id: uuid.UUID | None) -> bool:
        """Allow only the endpoint's own tenant permissions in its own tenant."""
        return (
            permission.scope is PermissionScope.TENANT
            and tenant_id == self.tenant_id
            and permission.name in self.permissions
        )
