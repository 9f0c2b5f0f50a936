"""Read operations of the core: tenants, the tenant's modules and their settings."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import Select, select
from strawberry.scalars import JSON

from app.auth.permissions import MANAGE_TENANTS, VIEW_MODULES
from app.graphql.context import Info
from app.graphql.directives import guarded, public
from app.graphql.relay import After, Before, First, Last, PageRequest, paginate
from app.graphql.types import Connection
from app.registry import HealthStatus
from app.tenants.graphql.types import ModuleHealth, ModuleInfo, Tenant, TenantStatusEnum
from app.tenants.models import TenantRow
from app.tenants.modules import get_module_settings, list_tenant_modules
from app.tenants.service import find_tenant_by_slug

__all__ = ["TenantQuery", "list_module_infos"]


async def list_module_infos(info: Info) -> list[ModuleInfo]:
    """Return every installed module (failed ones included) as the request's tenant sees it."""
    context = info.context
    tenant = context.require_tenant()
    runtime = context.runtime
    rows = await list_tenant_modules(context, tenant.id)
    health = await runtime.health.module_results()
    infos = []
    for module in runtime.registry.modules:
        result = health.get(module.name)
        status = result.status if result else HealthStatus.PASS
        infos.append(
            ModuleInfo(
                name=module.name,
                version=module.version,
                description=module.description,
                enabled=module.name in rows and rows[module.name].is_enabled,
                health=ModuleHealth(status.value),
                health_detail=result.detail if result else "",
                depends_on=list(module.depends_on),
                dependents=runtime.registry.dependents(module.name),
            )
        )
    for failure in runtime.registry.failures:
        infos.append(
            ModuleInfo(
                name=failure.name,
                version="",
                description="",
                enabled=False,
                health=ModuleHealth.FAILED,
                health_detail=failure.reason,
                depends_on=[],
                dependents=[],
            )
        )
    return infos


@strawberry.type(description="Core read operations.")
class TenantQuery:
    """Queries of tenants and modules."""

    @strawberry.field(
        description="An active tenant by slug (any status for platform admins).",
        directives=public(),
    )
    async def tenant(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The tenant's slug.")],
    ) -> Tenant | None:
        """Look a tenant up by slug."""
        context = info.context
        active = await context.runtime.tenants.find_active(slug)
        if active is not None:
            return Tenant.from_active(active)
        if context.principal.has_permission(MANAGE_TENANTS, None):
            row = await find_tenant_by_slug(context, slug)
            return Tenant.from_row(row) if row is not None else None
        return None

    @strawberry.field(description="Every tenant, oldest first.", directives=guarded(MANAGE_TENANTS))
    async def tenants(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        status: Annotated[
            TenantStatusEnum | None, strawberry.argument(description="Only tenants in this state.")
        ] = None,
    ) -> Connection[Tenant]:
        """Page through tenants."""
        runtime = info.context.runtime
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            last=last,
            before=before,
            max_size=runtime.settings.max_page_size,
        )
        statement: Select[tuple[TenantRow]] = select(TenantRow)
        if status is not None:
            statement = statement.where(TenantRow.status == status.value)
        async with runtime.db.transaction(readonly=True) as session:
            return await paginate(
                session, statement, TenantRow.id, page, Tenant.from_row, lambda row: row.id
            )

    @strawberry.field(
        description="The modules installed, as this tenant has them.",
        directives=guarded(VIEW_MODULES),
    )
    async def modules(self, info: Info) -> list[ModuleInfo]:
        """List modules with their state in the request's tenant."""
        return await list_module_infos(info)

    @strawberry.field(
        description="A module's settings in this tenant, defaults filled in.",
        directives=guarded(VIEW_MODULES),
    )
    async def module_settings(
        self,
        info: Info,
        module: Annotated[str, strawberry.argument(description="The module's name.")],
    ) -> JSON:
        """Return one module's settings."""
        context = info.context
        return JSON(await get_module_settings(context, context.require_tenant().id, module))
