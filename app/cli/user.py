"""``rustok user``: create, grant, list."""

from __future__ import annotations

import getpass
import secrets
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import select

from app.cli.runner import console, run_with_context
from app.cli.tenant import tenant_by_slug
from app.errors import NotFound
from app.identity.membership import grant_role
from app.identity.models import MembershipRow, UserRow
from app.identity.users import create_user, find_user_by_email
from app.runtime import Context
from app.tenants.models import TenantRow

__all__ = ["app", "generate_password"]

app = typer.Typer(help="Manage users and their roles.", no_args_is_help=True)

Email = Annotated[str, typer.Argument(help="The user's email.")]


def generate_password() -> str:
    """Return a strong random password to print once."""
    return secrets.token_urlsafe(18)


@app.command()
def create(
    email: Email,
    name: Annotated[str, typer.Option(help="Display name (default: the part before @).")] = "",
    platform_admin: Annotated[
        bool, typer.Option("--platform-admin", help="May manage tenants.")
    ] = False,
    password: Annotated[
        str | None,
        typer.Option(help="The password; omit to be prompted, or '-' to generate one."),
    ] = None,
) -> None:
    """Create a user."""
    chosen = password
    if chosen is None:
        chosen = getpass.getpass("Password: ")
    generated = chosen == "-"
    if generated:
        chosen = generate_password()

    async def action(ctx: Context) -> UserRow:
        return await create_user(
            ctx,
            email=email,
            display_name=name or email.partition("@")[0],
            password=chosen or "",
            is_platform_admin=platform_admin,
        )

    user = run_with_context(action)
    console.print(
        f"created user [bold]{user.email}[/]" + (" (platform admin)" if platform_admin else "")
    )
    if generated:
        console.print(f"password: [bold]{chosen}[/] (shown once)", highlight=False)


@app.command()
def grant(
    email: Email,
    role: Annotated[str, typer.Argument(help="Role name: owner, admin, editor, viewer or custom.")],
    tenant: Annotated[str, typer.Option("--tenant", help="The tenant's slug.")],
) -> None:
    """Give a user a role in a tenant (making them a member)."""

    async def action(ctx: Context) -> bool:
        found = await _user(ctx, email)
        row = await tenant_by_slug(ctx, tenant)
        return await grant_role(ctx, row.id, found.id, role)

    changed = run_with_context(action)
    console.print(f"{email} {'now holds' if changed else 'already held'} {role} in {tenant}")


async def _user(ctx: Context, email: str) -> UserRow:
    async with ctx.runtime.db.transaction(readonly=True) as session:
        found = await find_user_by_email(session, email)
    if found is None:
        raise NotFound(f"no user {email!r}", field="email")
    return found


@app.command("list")
def list_(
    tenant: Annotated[
        str | None, typer.Option("--tenant", help="Only this tenant's members.")
    ] = None,
) -> None:
    """List users (or a tenant's members)."""

    async def action(ctx: Context) -> list[UserRow]:
        statement = select(UserRow).order_by(UserRow.email)
        if tenant is not None:
            row: TenantRow = await tenant_by_slug(ctx, tenant)
            statement = statement.join(MembershipRow, MembershipRow.user_id == UserRow.id).where(
                MembershipRow.tenant_id == row.id
            )
        async with ctx.runtime.db.transaction(readonly=True) as session:
            return list(await session.scalars(statement))

    table = Table("email", "name", "status", "platform admin")
    for user in run_with_context(action):
        table.add_row(
            user.email, user.display_name, user.status, "yes" if user.is_platform_admin else ""
        )
    console.print(table)
