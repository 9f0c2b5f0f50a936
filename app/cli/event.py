"""``rustok event``: list dead letters, replay them, tail the outbox."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated

import orjson
import typer
from rich.table import Table
from sqlalchemy import select

from app.cli.index import tenants_named
from app.cli.runner import console, fail, run_with_context
from app.cli.tenant import tenant_by_slug
from app.errors import NotFound
from app.events.dead_letters import DeadLetter, list_dead_letters, replay, replay_dead_letters
from app.events.envelope import Event
from app.events.models import DeliveryRow, DeliveryState, EventRow
from app.runtime import Context
from app.tenants.models import TenantRow

__all__ = ["TAIL_GRACE", "app"]

app = typer.Typer(help="Inspect events: dead letters, replay, tail.", no_args_is_help=True)

TAIL_GRACE = timedelta(seconds=10)
"""How far behind the newest event ``tail --follow`` looks again, for late commits."""

TenantOption = Annotated[
    str | None, typer.Option("--tenant", help="Only this tenant (default: every tenant).")
]
SubscriberOption = Annotated[str | None, typer.Option("--subscriber", help="Only this subscriber.")]


async def _tenants_with_dead_letters(ctx: Context, slug: str | None) -> list[TenantRow]:
    if slug is not None:
        return [await tenant_by_slug(ctx, slug)]
    async with ctx.runtime.db.transaction(readonly=True) as session:
        dead = select(DeliveryRow.tenant_id).where(DeliveryRow.state == DeliveryState.DEAD)
        rows = await session.scalars(
            select(TenantRow).where(TenantRow.id.in_(dead)).order_by(TenantRow.slug)
        )
        return list(rows)


@app.command("dead")
def dead_command(
    tenant: TenantOption = None,
    subscriber: SubscriberOption = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many per tenant.")] = 100,
) -> None:
    """List dead letters: deliveries that exhausted their attempts, oldest event first."""

    async def action(ctx: Context) -> list[tuple[str, DeadLetter]]:
        found: list[tuple[str, DeadLetter]] = []
        for row in await _tenants_with_dead_letters(ctx, tenant):
            async with ctx.runtime.db.transaction(row.id, readonly=True) as session:
                letters = await list_dead_letters(
                    session, row.id, limit=limit, subscriber=subscriber
                )
            found += [(row.slug, letter) for letter in letters]
        return found

    letters = run_with_context(action)
    if not letters:
        console.print("no dead letters")
        return
    table = Table("tenant", "event", "type", "subscriber", "attempts", "failed at", "last error")
    for slug, letter in letters:
        table.add_row(
            slug,
            str(letter.event.id),
            letter.event.type,
            letter.subscriber,
            str(letter.attempts),
            letter.failed_at.isoformat(timespec="seconds"),
            letter.last_error,
        )
    console.print(table)


def _event_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        fail(f"--event takes an event id (a UUID), got {value!r}", 2)


@app.command("replay")
def replay_command(
    tenant: Annotated[str, typer.Option("--tenant", help="The tenant's slug.")],
    event: Annotated[
        str | None, typer.Option("--event", help="The dead letter's event id.")
    ] = None,
    subscriber: SubscriberOption = None,
    all_dead: Annotated[
        bool, typer.Option("--all-dead", help="Every dead letter (of --subscriber, if given).")
    ] = False,
) -> None:
    """Send dead letters again: one (--event, --subscriber) or all (--all-dead)."""
    if all_dead == (event is not None):
        fail("pass either --event ID --subscriber NAME, or --all-dead [--subscriber NAME]", 2)
    event_id = _event_id(event) if event is not None else None
    if event_id is not None and subscriber is None:
        fail("--event needs --subscriber NAME: the subscriber to deliver it to again", 2)

    async def action(ctx: Context) -> int:
        row = await tenant_by_slug(ctx, tenant)
        if event_id is None:
            count = await replay_dead_letters(ctx, row.id, subscriber=subscriber)
            if count == 0:
                whose = f" of {subscriber!r}" if subscriber is not None else ""
                raise NotFound(f"no dead letters{whose} to replay in {tenant!r}")
            return count
        if subscriber is None or not await replay(ctx, row.id, event_id, subscriber):
            raise NotFound(f"no dead letter of event {event_id} to {subscriber!r}")
        return 1

    count = run_with_context(action)
    noun = "dead letter" if count == 1 else "dead letters"
    console.print(f"replayed {count} {noun} in {tenant}; the runner delivers them again")


def _order(event: Event) -> tuple[datetime, uuid.UUID]:
    return event.occurred_at, event.id


@dataclass(slots=True)
class _Tail:
    """Reads a tenant's (or every tenant's) outbox, newest last, and follows it."""

    ctx: Context
    slug: str | None
    seen: dict[uuid.UUID, datetime] = field(default_factory=dict)
    watermark: datetime | None = None

    async def newest(self, count: int) -> list[Event]:
        """Return the ``count`` newest events, oldest of them first.

        Everything up to the newest event counts as shown, so following starts after it.
        """
        found: list[Event] = []
        for tenant in await tenants_named(self.ctx, self.slug):
            async with self.ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
                rows = await session.scalars(
                    select(EventRow)
                    .where(EventRow.tenant_id == tenant.id)
                    .order_by(EventRow.occurred_at.desc(), EventRow.id.desc())
                    .limit(max(count, 1))
                )
                found += [Event.from_row(row) for row in rows]
        found.sort(key=_order)
        self._remember(found)
        if found:
            await self._pass_over(found[-1])
        return found[-count:] if count else []

    async def _pass_over(self, newest: Event) -> None:
        """Count as shown the events just before ``newest`` that ``fresh`` would look at."""
        for tenant in await tenants_named(self.ctx, self.slug):
            async with self.ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
                rows = await session.execute(
                    select(EventRow.id, EventRow.occurred_at).where(
                        EventRow.tenant_id == tenant.id,
                        EventRow.occurred_at >= newest.occurred_at - TAIL_GRACE,
                        EventRow.occurred_at <= newest.occurred_at,
                        EventRow.id <= newest.id,
                    )
                )
                self.seen.update({key: when for key, when in rows.all()})

    async def fresh(self) -> list[Event]:
        """Return events not shown yet, looking back TAIL_GRACE for late commits."""
        found: list[Event] = []
        for tenant in await tenants_named(self.ctx, self.slug):
            statement = select(EventRow).where(EventRow.tenant_id == tenant.id)
            if self.watermark is not None:
                statement = statement.where(EventRow.occurred_at >= self.watermark - TAIL_GRACE)
            async with self.ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
                rows = await session.scalars(statement.order_by(EventRow.occurred_at, EventRow.id))
                found += [Event.from_row(row) for row in rows if row.id not in self.seen]
        found.sort(key=_order)
        self._remember(found)
        return found

    def _remember(self, events: list[Event]) -> None:
        for event in events:
            self.seen[event.id] = event.occurred_at
            if self.watermark is None or event.occurred_at > self.watermark:
                self.watermark = event.occurred_at
        if self.watermark is not None:
            horizon = self.watermark - TAIL_GRACE
            self.seen = {key: when for key, when in self.seen.items() if when >= horizon}


def _print(events: list[Event]) -> None:
    for event in events:
        typer.echo(orjson.dumps(event.as_json()).decode())


@app.command("tail")
def tail_command(
    tenant: TenantOption = None,
    last: Annotated[int, typer.Option(min=0, help="Show this many recent events first.")] = 20,
    follow: Annotated[bool, typer.Option("--follow", help="Keep printing new events.")] = False,
    seconds: Annotated[
        float | None, typer.Option(min=0, help="Stop following after this many seconds.")
    ] = None,
    interval: Annotated[float, typer.Option(min=0.05, help="Seconds between polls.")] = 1.0,
) -> None:
    """Print events as JSON lines, newest last; --follow keeps printing new ones."""

    async def action(ctx: Context) -> None:
        tail = _Tail(ctx, tenant)
        _print(await tail.newest(last))
        if not follow:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds if seconds is not None else None
        while True:
            await asyncio.sleep(interval)
            _print(await tail.fresh())
            if deadline is not None and loop.time() >= deadline:
                return

    with contextlib.suppress(KeyboardInterrupt):
        run_with_context(action)
