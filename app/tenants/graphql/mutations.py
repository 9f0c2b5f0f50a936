"""Write operations of the core: the tenant lifecycle and the tenant's modules."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry
from strawberry.scalars import JSON

from app.auth.permissions import MANAGE_MODULES, MANAGE_TENANTS
from app.errors import UserInputError, ValidationFailed
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.types import user_errors
from app.runtime import Context
from app.tenants import modules as module_state
from app.tenants import service
from app.tenants.graphql.queries import list_module_infos
from app.tenants.graphql.types import (
    ModulePayload,
    ModuleSettingsPayload,
    Tenant,
    TenantPayload,
    tenant_uuid,
)
from app.tenants.models import TenantRow

__all__ = ["TenantMutation"]

Result = TypeVar("Result")

TenantIdArgument = Annotated[strawberry.ID, strawberry.argument(description="The tenant's ID.")]
_INPUT = strawberry.argument(description="The operation's input.")
ModuleArgument = Annotated[str, strawberry.argument(description="The module's name.")]


@strawberry.input(description="A new tenant.")
class TenantCreateInput:
    """Input of tenantCreate."""

    slug: str = strawberry.field(description="Unique, lowercase letters, digits and hyphens.")
    name: str = strawberry.field(description="The display name.")


@strawberry.input(description="Changes to a tenant; omitted fields stay as they are.")
class TenantUpdateInput:
    """Input of tenantUpdate."""

    id: strawberry.ID = strawberry.field(description="The tenant's ID.")
    slug: str | None = strawberry.field(default=None, description="A new slug.")
    name: str | None = strawberry.field(default=None, description="A new display name.")


@strawberry.input(description="New settings for a module in this tenant.")
class ModuleSettingsUpdateInput:
    """Input of moduleSettingsUpdate."""

    module: str = strawberry.field(description="The module's name.")
    settings: JSON = strawberry.field(description="The whole settings object, validated.")


def _tenant_id(global_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(tenant_uuid(global_id))
    except ValueError as error:
        raise ValidationFailed(str(error), field="id") from None


async def _tenant_change(run: Callable[[], Awaitable[TenantRow]]) -> TenantPayload:
    try:
        row = await run()
    except UserInputError as error:
        return TenantPayload(tenant=None, errors=user_errors(error.problems))
    return TenantPayload(tenant=Tenant.from_row(row), errors=[])


async def _module_change(
    info: Info, name: str, run: Callable[[Context, uuid.UUID], Awaitable[list[str]]]
) -> ModulePayload:
    context = info.context
    try:
        changed = await run(context, context.require_tenant().id)
    except UserInputError as error:
        return ModulePayload(module=None, changed=[], errors=user_errors(error.problems))
    context.tenant = await context.runtime.tenants.find_active(context.require_tenant().slug)
    state = next((item for item in await list_module_infos(info) if item.name == name), None)
    return ModulePayload(module=state, changed=changed, errors=[])


@strawberry.type(description="Core write operations.")
class TenantMutation:
    """Mutations of tenants and modules."""

    @strawberry.mutation(
        description="Create a tenant and enable the default modules.",
        directives=guarded(MANAGE_TENANTS),
    )
    async def tenant_create(
        self, info: Info, input: Annotated[TenantCreateInput, _INPUT]
    ) -> TenantPayload:
        """Create a tenant."""
        return await _tenant_change(
            lambda: service.create_tenant(info.context, slug=input.slug, name=input.name)
        )

    @strawberry.mutation(
        description="Rename a tenant or change its slug.", directives=guarded(MANAGE_TENANTS)
    )
    async def tenant_update(
        self, info: Info, input: Annotated[TenantUpdateInput, _INPUT]
    ) -> TenantPayload:
        """Update a tenant."""

        async def run() -> TenantRow:
            return await service.update_tenant(
                info.context, _tenant_id(input.id), slug=input.slug, name=input.name
            )

        return await _tenant_change(run)

    @strawberry.mutation(
        description="Stop serving a tenant (reversible).", directives=guarded(MANAGE_TENANTS)
    )
    async def tenant_suspend(self, info: Info, id: TenantIdArgument) -> TenantPayload:
        """Suspend a tenant."""
        return await _tenant_change(lambda: service.suspend_tenant(info.context, _tenant_id(id)))

    @strawberry.mutation(
        description="Serve a suspended tenant again.", directives=guarded(MANAGE_TENANTS)
    )
    async def tenant_activate(self, info: Info, id: TenantIdArgument) -> TenantPayload:
        """Activate a suspended tenant."""
        return await _tenant_change(lambda: service.activate_tenant(info.context, _tenant_id(id)))

    @strawberry.mutation(
        description="Retire a tenant for good; its data is kept.",
        directives=guarded(MANAGE_TENANTS),
    )
    async def tenant_archive(self, info: Info, id: TenantIdArgument) -> TenantPayload:
        """Archive a tenant."""
        return await _tenant_change(lambda: service.archive_tenant(info.context, _tenant_id(id)))

    @strawberry.mutation(
        description="Enable a module (and its dependencies) for this tenant.",
        directives=guarded(MANAGE_MODULES),
    )
    async def module_enable(self, info: Info, module: ModuleArgument) -> ModulePayload:
        """Enable a module."""
        return await _module_change(
            info, module, lambda ctx, tenant: module_state.enable_module(ctx, tenant, module)
        )

    @strawberry.mutation(
        description="Disable a module for this tenant; its data is kept.",
        directives=guarded(MANAGE_MODULES),
    )
    async def module_disable(self, info: Info, module: ModuleArgument) -> ModulePayload:
        """Disable a module."""

        async def run(ctx: Context, tenant: uuid.UUID) -> list[str]:
            changed = await module_state.disable_module(ctx, tenant, module)
            return [module] if changed else []

        return await _module_change(info, module, run)

    @strawberry.mutation(
        description="Replace a module's settings for this tenant.",
        directives=guarded(MANAGE_MODULES),
    )
    async def module_settings_update(
        self, info: Info, input: Annotated[ModuleSettingsUpdateInput, _INPUT]
    ) -> ModuleSettingsPayload:
        """Validate and store a module's settings."""
        context = info.context
        if not isinstance(input.settings, dict):
            errors = user_errors(
                ValidationFailed("settings must be a JSON object", field="settings").problems
            )
            return ModuleSettingsPayload(module=None, settings=None, errors=errors)
        try:
            stored = await module_state.update_module_settings(
                context, context.require_tenant().id, input.module, input.settings
            )
        except UserInputError as error:
            return ModuleSettingsPayload(
                module=None, settings=None, errors=user_errors(error.problems)
            )
        return ModuleSettingsPayload(module=input.module, settings=JSON(stored), errors=[])
