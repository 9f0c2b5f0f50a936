"""``rustok apikey``: create (the key is printed once), list, revoke a tenant's API keys."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from app.cli.runner import console, fail, run_with_context
from app.cli.tenant import tenant_by_slug
from app.identity import api_keys
from app.identity.access import API_KEY_PREFIX
from app.identity.api_keys import CreatedApiKey
from app.identity.models import ApiKeyRow
from app.runtime import Context

__all__ = ["app"]

app = typer.Typer(help="Manage a tenant's API keys.", no_args_is_help=True)

Tenant = Annotated[str, typer.Option("--tenant", help="The tenant's slug.")]


def _key_id(raw: str) -> uuid.UUID:
    """Read a key's id: its UUID, or the key's public start ``rk_<hex>``."""
    try:
        return uuid.UUID(raw.removeprefix(API_KEY_PREFIX))
    except ValueError:
        fail(f"{raw!r} is not a key id: pass the id `rustok apikey list` shows")


@app.command()
def create(
    tenant: Tenant,
    name: Annotated[str, typer.Option("--name", help="What the key is for.")],
    permission: Annotated[
        list[str],
        typer.Option("--permission", "-p", help="A tenant permission the key holds (repeat)."),
    ],
    expires_days: Annotated[
        int | None,
        typer.Option("--expires-days", min=1, help="Stop working after this many days."),
    ] = None,
) -> None:
    """Create an API key and print it once (only its hash is stored)."""

    async def action(ctx: Context) -> CreatedApiKey:
        row = await tenant_by_slug(ctx, tenant)
        expires_at = None
        if expires_days is not None:
            expires_at = ctx.runtime.clock.now() + timedelta(days=expires_days)
        return await api_keys.create_api_key(
            ctx, row.id, name=name, permissions=permission, expires_at=expires_at
        )

    created = run_with_context(action)
    expiry = created.row.expires_at.isoformat() if created.row.expires_at else "never"
    console.print(
        f"created API key {created.row.id} ({created.row.name}) in {tenant}; expires: {expiry}",
        highlight=False,
    )
    console.print(f"key: {created.key}", highlight=False, soft_wrap=True)
    console.print("(shown once: store it now; send it as `Authorization: Bearer <key>`)")


@app.command("list")
def list_(tenant: Tenant) -> None:
    """List the tenant's API keys (never their secrets)."""

    async def action(ctx: Context) -> tuple[list[ApiKeyRow], datetime]:
        row = await tenant_by_slug(ctx, tenant)
        return await api_keys.list_api_keys(ctx, row.id), ctx.runtime.clock.now()

    keys, now = run_with_context(action)
    table = Table("id", "name", "permissions", "created", "expires", "state")
    for key in keys:
        table.add_row(
            str(key.id),
            key.name,
            ", ".join(key.permissions),
            key.created_at.isoformat(),
            key.expires_at.isoformat() if key.expires_at else "",
            _state(key, now),
        )
    console.print(table)


def _state(key: ApiKeyRow, now: datetime) -> str:
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is not None and key.expires_at <= now:
        return "expired"
    return "active"


@app.command()
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (or its public start rk_<hex>).")],
    tenant: Tenant,
) -> None:
    """Revoke an API key: it stops working at once."""
    parsed = _key_id(key_id)

    async def action(ctx: Context) -> ApiKeyRow:
        row = await tenant_by_slug(ctx, tenant)
        return await api_keys.revoke_api_key(ctx, row.id, parsed)

    key = run_with_context(action)
    console.print(f"revoked API key {key.id} ({key.name}) in {tenant}", highlight=False)
