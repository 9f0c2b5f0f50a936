"""GraphQL types of tenants and modules."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.auth.permissions import MANAGE_TENANTS
from app.graphql.directives import guarded
from app.graphql.types import Node, UserError
from app.ids import decode_global_id, encode_global_id
from app.tenants.directory import ActiveTenant
from app.tenants.models import TenantRow

__all__ = [
    "ModuleHealth",
    "ModuleInfo",
    "Tenant",
    "TenantStatusEnum",
]


@strawberry.enum(name="TenantStatus", description="A tenant's lifecycle state.")
class TenantStatusEnum(enum.Enum):
    """GraphQL view of :class:`app.tenants.models.TenantStatus`."""

    ACTIVE = strawberry.enum_value("active", description="Served normally.")
    SUSPENDED = strawberry.enum_value("suspended", description="Not served; can be activated.")
    ARCHIVED = strawberry.enum_value("archived", description="Retired for good; data is kept.")


@strawberry.federation.type(keys=["slug"], description="A tenant: one isolated site or shop.")
class Tenant(Node):
    """A tenant."""

    slug: str = strawberry.field(description="The tenant's unique name in URLs and `X-Tenant`.")
    name: str = strawberry.field(description="The display name.")
    status: TenantStatusEnum = strawberry.field(
        description="The lifecycle state.", directives=guarded(MANAGE_TENANTS)
    )
    created_at: datetime = strawberry.field(
        description="When the tenant was created.", directives=guarded(MANAGE_TENANTS)
    )
    updated_at: datetime = strawberry.field(
        description="When the tenant last changed.", directives=guarded(MANAGE_TENANTS)
    )

    @classmethod
    def from_row(cls, row: TenantRow) -> Tenant:
        """Build from a table row."""
        return cls(
            id=strawberry.ID(encode_global_id("Tenant", row.id)),
            slug=row.slug,
            name=row.name,
            status=TenantStatusEnum(row.status),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    def from_active(cls, tenant: ActiveTenant) -> Tenant:
        """Build from the directory's cached view of an active tenant."""
        return cls(
            id=strawberry.ID(encode_global_id("Tenant", tenant.id)),
            slug=tenant.slug,
            name=tenant.name,
            status=TenantStatusEnum.ACTIVE,
            created_at=tenant.created_at,
            updated_at=tenant.updated_at,
        )

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, slug: str) -> Tenant | None:
        """Resolve a federation reference: active tenants only."""
        tenant = await info.context.runtime.tenants.find_active(slug)
        return cls.from_active(tenant) if tenant is not None else None


def tenant_uuid(global_id: str) -> str:
    """Return the local id inside a Tenant global ID; ValueError if it is another type's."""
    type_name, local = decode_global_id(global_id)
    if type_name != "Tenant":
        raise ValueError(f"{global_id!r} is a {type_name} ID, not a Tenant ID")
    return local


@strawberry.enum(description="How a module is doing in this process.")
class ModuleHealth(enum.Enum):
    """A module's health as shown to admins."""

    PASS = strawberry.enum_value("pass", description="Its health check passes.")
    WARN = strawberry.enum_value("warn", description="It works, with a warning.")
    FAIL = strawberry.enum_value("fail", description="Its health check fails.")
    FAILED = strawberry.enum_value(
        "failed", description="It failed to load or migrate and is out of service."
    )


@strawberry.type(description="An installed module as one tenant sees it.")
class ModuleInfo:
    """A module's state in a tenant."""

    name: str = strawberry.field(description="The module's name (its namespace).")
    version: str = strawberry.field(description="The installed version.")
    description: str = strawberry.field(description="What the module does.")
    enabled: bool = strawberry.field(description="Whether this tenant has it enabled.")
    health: ModuleHealth = strawberry.field(description="Its health in this process.")
    health_detail: str = strawberry.field(description="What the health check or failure said.")
    depends_on: list[str] = strawberry.field(description="Modules it needs enabled first.")
    dependents: list[str] = strawberry.field(description="Installed modules that depend on it.")


@strawberry.type(description="The result of a tenant mutation.")
class TenantPayload:
    """Payload of tenant mutations."""

    tenant: Tenant | None = strawberry.field(description="The tenant, when the change was made.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="The result of enabling or disabling a module.")
class ModulePayload:
    """Payload of module state mutations."""

    module: ModuleInfo | None = strawberry.field(description="The module's new state.")
    changed: list[str] = strawberry.field(
        description="Every module whose state changed (dependencies included), in order."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="The result of changing a module's settings.")
class ModuleSettingsPayload:
    """Payload of moduleSettingsUpdate."""

    module: str | None = strawberry.field(description="The module whose settings changed.")
    settings: JSON | None = strawberry.field(description="The stored settings, validated.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")
