"""``rustok tenant``: create, list, update, suspend, activate, archive."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import select

from app.cli.runner import console, run_with_context
from app.errors import NotFound
from app.runtime import Context
from app.tenants import service
from app.tenants.models import TenantRow
from app.tenants.modules import list_tenant_modules

__all__ = ["app"]

app = typer.Typer(help="Manage tenants.", no_args_is_help=True)

Slug = Annotated[str, typer.Argument(help="The tenant's slug.")]


async def tenant_by_slug(ctx: Context, slug: str) -> TenantRow:
    """Return the tenant ``slug`` in any status; NotFound if there is none."""
    tenant = await service.find_tenant_by_slug(ctx, slug)
    if tenant is None:
        raise NotFound(f"no tenant {slug!r}", field="slug")
    return tenant


@app.command()
def create(
    slug: Slug,
    name: Annotated[str, typer.Option(help="Display name (default: the slug).")] = "",
) -> None:
    """Create a tenant and enable the default modules."""

    async def action(ctx: Context) -> list[str]:
        tenant = await service.create_tenant(ctx, slug=slug, name=name or slug)
        rows = await list_tenant_modules(ctx, tenant.id)
        return sorted(module for module, row in rows.items() if row.is_enabled)

    enabled = run_with_context(action)
    console.print(
        f"created tenant [bold]{slug}[/]; modules enabled: {', '.join(enabled) or 'none'}"
    )


@app.command("list")
def list_() -> None:
    """List every tenant."""

    async def action(ctx: Context) -> list[TenantRow]:
        async with ctx.runtime.db.transaction(readonly=True) as session:
            return list(await session.scalars(select(TenantRow).order_by(TenantRow.id)))

    table = Table("slug", "name", "status", "created")
    for row in run_with_context(action):
        table.add_row(row.slug, row.name, row.status, row.created_at.isoformat(timespec="seconds"))
    console.print(table)


@app.command()
def update(
    slug: Slug,
    name: Annotated[str | None, typer.Option(help="A new display name.")] = None,
    new_slug: Annotated[str | None, typer.Option(help="A new slug.")] = None,
) -> None:
    """Rename a tenant or change its slug."""

    async def action(ctx: Context) -> TenantRow:
        tenant = await tenant_by_slug(ctx, slug)
        return await service.update_tenant(ctx, tenant.id, slug=new_slug, name=name)

    row = run_with_context(action)
    console.print(f"updated tenant [bold]{row.slug}[/] ({row.name})")


def _transition_command(verb: str, help_text: str) -> None:
    def command(slug: Slug) -> None:
        async def action(ctx: Context) -> TenantRow:
            tenant = await tenant_by_slug(ctx, slug)
            change = getattr(service, f"{verb}_tenant")
            row: TenantRow = await change(ctx, tenant.id)
            return row

        row = run_with_context(action)
        console.print(f"tenant [bold]{row.slug}[/] is now {row.status}")

    command.__doc__ = help_text
    app.command(verb)(command)


_transition_command("suspend", "Stop serving a tenant (reversible).")
_transition_command("activate", "Serve a suspended tenant again.")
_transition_command("archive", "Retire a tenant for good; its data is kept.")
