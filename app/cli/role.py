"""``rustok role``: list, create, delete a tenant's roles."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from app.cli.runner import console, run_with_context
from app.cli.tenant import tenant_by_slug
from app.errors import NotFound
from app.identity import role_admin
from app.identity.role_admin import RoleView
from app.runtime import Context

__all__ = ["app"]

app = typer.Typer(
    help="Manage a tenant's roles (give them with `rustok user grant`).", no_args_is_help=True
)

Tenant = Annotated[str, typer.Option("--tenant", help="The tenant's slug.")]
Name = Annotated[str, typer.Argument(help="The role's name.")]


@app.command("list")
def list_(tenant: Tenant) -> None:
    """List the tenant's roles with the permissions they grant."""

    async def action(ctx: Context) -> list[RoleView]:
        row = await tenant_by_slug(ctx, tenant)
        return await role_admin.list_roles(ctx, row.id)

    table = Table("name", "built-in", "description", "permissions")
    for role in run_with_context(action):
        table.add_row(
            role.name,
            "yes" if role.is_builtin else "",
            role.description,
            ", ".join(role.permissions),
        )
    console.print(table)


@app.command()
def create(
    name: Name,
    tenant: Tenant,
    permission: Annotated[
        list[str] | None,
        typer.Option("--permission", "-p", help="A tenant permission it grants (repeat)."),
    ] = None,
    description: Annotated[str, typer.Option(help="What the role is for.")] = "",
) -> None:
    """Create a custom role."""

    async def action(ctx: Context) -> RoleView:
        row = await tenant_by_slug(ctx, tenant)
        return await role_admin.create_role(
            ctx, row.id, name=name, description=description, permissions=permission or []
        )

    role = run_with_context(action)
    granted = ", ".join(role.permissions) or "no permission yet"
    console.print(f"created role [bold]{role.name}[/] in {tenant}: {granted}", highlight=False)


@app.command()
def delete(name: Name, tenant: Tenant) -> None:
    """Delete a custom role; members holding it lose it."""

    async def action(ctx: Context) -> int:
        row = await tenant_by_slug(ctx, tenant)
        async with ctx.runtime.db.transaction(row.id, readonly=True) as session:
            role = await role_admin.find_role_by_name(session, row.id, name)
        if role is None:
            raise NotFound(f"no role named {name!r} in {tenant}", field="name")
        _, unassigned = await role_admin.delete_role(ctx, row.id, role.id)
        return unassigned

    unassigned = run_with_context(action)
    lost = f"{unassigned} member{'' if unassigned == 1 else 's'} lost it"
    console.print(f"deleted role [bold]{name}[/] from {tenant} ({lost})", highlight=False)
