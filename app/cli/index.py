"""``rustok index``: rebuild read models from the source tables, show how far they are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy import select

from app.cli.runner import console, run_with_context
from app.cli.tenant import tenant_by_slug
from app.events.declarations import Projection
from app.index.rebuild import find_projection, rebuild
from app.index.status import SubscriberStatus, index_status
from app.runtime import Context
from app.tenants.models import TenantRow

__all__ = ["app", "tenants_named"]

app = typer.Typer(help="Rebuild read models and show their state.", no_args_is_help=True)

TenantOption = Annotated[
    str | None, typer.Option("--tenant", help="Only this tenant (default: every tenant).")
]


async def tenants_named(ctx: Context, slug: str | None) -> list[TenantRow]:
    """Return the tenant ``slug`` (NotFound if unknown), or every tenant by slug."""
    if slug is not None:
        return [await tenant_by_slug(ctx, slug)]
    async with ctx.runtime.db.transaction(readonly=True) as session:
        return list(await session.scalars(select(TenantRow).order_by(TenantRow.slug)))


def _projections(ctx: Context, name: str | None) -> list[str]:
    if name is not None:
        return [find_projection(ctx.runtime, name).name]
    return sorted(
        item.subscriber.name
        for item in ctx.runtime.events.subscriptions.values()
        if isinstance(item.subscriber, Projection)
    )


@dataclass(frozen=True, slots=True)
class _Rebuilt:
    projection: str
    tenant: str
    refreshed: int


@app.command("rebuild")
def rebuild_command(
    projection: Annotated[
        str | None,
        typer.Option("--projection", help="Only this projection (default: every projection)."),
    ] = None,
    tenant: TenantOption = None,
) -> None:
    """Rebuild projections' read rows from the source tables while writes go on."""

    async def action(ctx: Context) -> list[_Rebuilt]:
        names = _projections(ctx, projection)
        rows = await tenants_named(ctx, tenant)
        done: list[_Rebuilt] = []
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, TimeElapsedColumn(), console=console) as bar:
            for name in names:
                for row in rows:
                    task = bar.add_task(f"{name} · {row.slug}", total=None)

                    def report(count: int, total: int, task: TaskID = task) -> None:
                        bar.update(task, completed=count, total=total)

                    refreshed = await rebuild(ctx.runtime, name, row.id, report)
                    bar.update(task, completed=refreshed, total=refreshed)
                    done.append(_Rebuilt(name, row.slug, refreshed))
        return done

    rebuilt = run_with_context(action)
    if not rebuilt:
        console.print("nothing to rebuild: no projection or no tenant")
    for item in rebuilt:
        console.print(
            f"rebuilt [bold]{item.projection}[/] for [bold]{item.tenant}[/]: "
            f"{item.refreshed} aggregate{'' if item.refreshed == 1 else 's'}",
            highlight=False,
        )


def _when(status: SubscriberStatus) -> str:
    if status.last_applied_at is None:
        return "-"
    return status.last_applied_at.isoformat(timespec="seconds")


@app.command("status")
def status_command(tenant: TenantOption = None) -> None:
    """Show each subscriber's last event, lag (events and seconds) and failures per tenant."""

    async def action(ctx: Context) -> list[tuple[str, SubscriberStatus]]:
        rows = await tenants_named(ctx, tenant)
        return [
            (row.slug, item) for row in rows for item in await index_status(ctx.runtime, row.id)
        ]

    columns = ("tenant", "subscriber", "kind", "last event", "applied", "lag", "lag s", "retrying")
    table = Table(*columns, "dead")
    for slug, item in run_with_context(action):
        table.add_row(
            slug,
            item.subscriber,
            item.kind.value,
            str(item.last_event_id or "-"),
            _when(item),
            str(item.lag_events),
            f"{item.lag_seconds:.1f}",
            str(item.retrying),
            str(item.dead),
        )
    console.print(table)
