"""Which modules a tenant enables, and their per-tenant settings.

Enabling enables dependencies first and runs each module's idempotent ``on_tenant_enable``;
disabling is refused while an enabled module depends on it, and never drops data.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ErrorCode, FieldProblem, NotFound, ValidationFailed
from app.events.emit import emit
from app.index.jobs import schedule_rebuild_on_enable
from app.registry import Module, ModuleContext
from app.runtime import Context
from app.tenants.events import (
    MODULE_DISABLED,
    MODULE_ENABLED,
    MODULE_SETTINGS_UPDATED,
    ModuleChanged,
)
from app.tenants.models import TenantModuleRow

__all__ = [
    "disable_module",
    "enable_module",
    "enable_modules_in",
    "get_module_settings",
    "list_tenant_modules",
    "update_module_settings",
]


def _module(ctx: Context, name: str) -> Module:
    module = ctx.runtime.registry.find(name)
    if module is None:
        raise NotFound(f"no module {name!r} is installed and in service", field="module")
    return module


async def _rows(session: AsyncSession, tenant_id: uuid.UUID) -> dict[str, TenantModuleRow]:
    rows = await session.scalars(
        select(TenantModuleRow).where(TenantModuleRow.tenant_id == tenant_id).with_for_update()
    )
    return {row.module: row for row in rows}


def _settings_of(module: Module, raw: dict[str, Any] | None) -> BaseModel | None:
    if module.settings is None:
        return None
    return module.settings.model_validate(raw or {})


async def list_tenant_modules(ctx: Context, tenant_id: uuid.UUID) -> dict[str, TenantModuleRow]:
    """Return the tenant's module rows by module name (disabled ones included)."""
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.scalars(
            select(TenantModuleRow).where(TenantModuleRow.tenant_id == tenant_id)
        )
        return {row.module: row for row in rows}


async def enable_modules_in(
    ctx: Context, session: AsyncSession, tenant_id: uuid.UUID, names: list[str]
) -> list[str]:
    """Enable ``names`` and their dependencies inside an open tenant transaction.

    Returns the modules whose state changed, in the order they were enabled.
    """
    registry = ctx.runtime.registry
    rows = await _rows(session, tenant_id)
    order: list[str] = []
    for name in names:
        order += [item for item in registry.dependencies_closure(name) if item not in order]
    changed = []
    now = ctx.runtime.clock.now()
    for name in order:
        module = _module(ctx, name)
        row = rows.get(name)
        if row is None:
            defaults = module.default_settings()
            row = TenantModuleRow(
                tenant_id=tenant_id,
                module=name,
                is_enabled=False,
                settings=defaults.model_dump(mode="json") if defaults else {},
                updated_at=now,
            )
            session.add(row)
            rows[name] = row
        if not row.is_enabled:
            row.is_enabled, row.enabled_at, row.updated_at = True, now, now
            changed.append(name)
            await schedule_rebuild_on_enable(session, module, tenant_id, now)
            await emit(
                ctx,
                session,
                MODULE_ENABLED,
                ModuleChanged(module=name),
                aggregate_id=name,
                tenant_id=tenant_id,
            )
        if module.on_tenant_enable is not None:
            await session.flush()
            hook_context = ModuleContext(
                session=session,
                tenant_id=tenant_id,
                settings=_settings_of(module, row.settings),
                clock=ctx.runtime.clock,
            )
            await module.on_tenant_enable(hook_context)
    return changed


async def enable_module(ctx: Context, tenant_id: uuid.UUID, name: str) -> list[str]:
    """Enable ``name`` (dependencies first) for the tenant; return what changed."""
    _module(ctx, name)
    async with ctx.runtime.db.transaction(tenant_id) as session:
        changed = await enable_modules_in(ctx, session, tenant_id, [name])
    ctx.runtime.tenants.invalidate()
    return changed


async def disable_module(ctx: Context, tenant_id: uuid.UUID, name: str) -> bool:
    """Disable ``name`` for the tenant, keeping its data; return whether it was enabled.

    Raises:
        Conflict: an enabled module depends on it.
    """
    module = _module(ctx, name)
    async with ctx.runtime.db.transaction(tenant_id) as session:
        rows = await _rows(session, tenant_id)
        row = rows.get(name)
        if row is None or not row.is_enabled:
            return False
        blocking = sorted(
            dependent
            for dependent in ctx.runtime.registry.dependents(name)
            if dependent in rows and rows[dependent].is_enabled
        )
        if blocking:
            raise Conflict(
                f"cannot disable {name!r}: enabled modules depend on it ({', '.join(blocking)}); "
                "disable those first",
                field="module",
            )
        row.is_enabled, row.updated_at = False, ctx.runtime.clock.now()
        await emit(
            ctx,
            session,
            MODULE_DISABLED,
            ModuleChanged(module=name),
            aggregate_id=name,
            tenant_id=tenant_id,
        )
        if module.on_tenant_disable is not None:
            await session.flush()
            await module.on_tenant_disable(
                ModuleContext(
                    session=session,
                    tenant_id=tenant_id,
                    settings=_settings_of(module, row.settings),
                    clock=ctx.runtime.clock,
                )
            )
    ctx.runtime.tenants.invalidate()
    return True


async def get_module_settings(ctx: Context, tenant_id: uuid.UUID, name: str) -> dict[str, Any]:
    """Return the module's settings for the tenant (defaults filled in)."""
    module = _module(ctx, name)
    rows = await list_tenant_modules(ctx, tenant_id)
    row = rows.get(name)
    settings = _settings_of(module, row.settings if row else None)
    return settings.model_dump(mode="json") if settings else {}


async def update_module_settings(
    ctx: Context, tenant_id: uuid.UUID, name: str, values: dict[str, Any]
) -> dict[str, Any]:
    """Validate ``values`` against the module's settings schema and store them whole.

    Raises:
        ValidationFailed: one problem per bad field, ``field`` as ``settings.<path>``.
    """
    module = _module(ctx, name)
    if module.settings is None:
        raise ValidationFailed(f"module {name!r} has no settings", field="settings")
    unknown = [
        FieldProblem(ErrorCode.VALIDATION, "unknown setting", f"settings.{key}")
        for key in values
        if key not in module.settings.model_fields
    ]
    try:
        validated = module.settings.model_validate(values)
    except ValidationError as error:
        problems = [
            FieldProblem(
                ErrorCode.VALIDATION,
                item["msg"],
                ".".join(["settings", *(str(part) for part in item["loc"])]),
            )
            for item in error.errors()
            if item["type"] != "extra_forbidden"
        ]
        problems += unknown
        raise ValidationFailed(problems[0].message, problems=problems) from None
    if unknown:
        raise ValidationFailed(unknown[0].message, problems=unknown)
    stored = validated.model_dump(mode="json")
    async with ctx.runtime.db.transaction(tenant_id) as session:
        rows = await _rows(session, tenant_id)
        now = ctx.runtime.clock.now()
        row = rows.get(name)
        if row is None:
            session.add(
                TenantModuleRow(
                    tenant_id=tenant_id,
                    module=name,
                    is_enabled=False,
                    settings=stored,
                    updated_at=now,
                )
            )
        else:
            row.settings, row.updated_at = stored, now
        await emit(
            ctx,
            session,
            MODULE_SETTINGS_UPDATED,
            ModuleChanged(module=name),
            aggregate_id=name,
            tenant_id=tenant_id,
        )
    return stored
