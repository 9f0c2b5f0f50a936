"""``rustok module``: list, enable, disable per tenant."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from app.cli.runner import console, run_with_context
from app.cli.tenant import tenant_by_slug
from app.runtime import Context
from app.tenants import modules as module_state

__all__ = ["app"]

app = typer.Typer(help="Manage modules per tenant.", no_args_is_help=True)

TenantOption = Annotated[str, typer.Option("--tenant", help="The tenant's slug.")]
Name = Annotated[str, typer.Argument(help="The module's name.")]


@app.command("list")
def list_(
    tenant: Annotated[
        str | None, typer.Option("--tenant", help="Show this tenant's state.")
    ] = None,
) -> None:
    """List installed modules (and failures), with a tenant's state when given."""

    async def action(ctx: Context) -> tuple[list[tuple[str, str, str, str]], set[str] | None]:
        registry = ctx.runtime.registry
        rows = [(m.name, m.version, "ready", ", ".join(m.depends_on)) for m in registry.modules]
        rows += [(f.name, "", f"failed: {f.reason}", "") for f in registry.failures]
        if tenant is None:
            return rows, None
        found = await tenant_by_slug(ctx, tenant)
        states = await module_state.list_tenant_modules(ctx, found.id)
        return rows, {name for name, item in states.items() if item.is_enabled}

    rows, enabled = run_with_context(action)
    columns = ["module", "version", "state", "depends on"]
    table = Table(*columns, *(["enabled"] if enabled is not None else []))
    for row in rows:
        cells = list(row)
        if enabled is not None:
            cells.append("yes" if row[0] in enabled else "no")
        table.add_row(*cells)
    console.print(table)


@app.command()
def enable(name: Name, tenant: TenantOption) -> None:
    """Enable a module (and its dependencies) for a tenant."""

    async def action(ctx: Context) -> list[str]:
        row = await tenant_by_slug(ctx, tenant)
        return await module_state.enable_module(ctx, row.id, name)

    changed = run_with_context(action)
    console.print(f"enabled: {', '.join(changed) or 'nothing changed'}")


@app.command()
def disable(name: Name, tenant: TenantOption) -> None:
    """Disable a module for a tenant (its data is kept)."""

    async def action(ctx: Context) -> bool:
        row = await tenant_by_slug(ctx, tenant)
        return await module_state.disable_module(ctx, row.id, name)

    changed = run_with_context(action)
    console.print(f"disabled {name}" if changed else f"{name} was not enabled")
