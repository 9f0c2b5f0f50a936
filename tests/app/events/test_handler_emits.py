"""A handler emits follow-up events in its delivery transaction: once, acted by the system."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.clock import FrozenClock
from app.events.declarations import DeliveryContext, EventType, Handler
from app.events.envelope import Event
from app.events.models import EventRow
from app.registry import Module, Permission
from tests.conftest import TEST_MODULES, make_registry, make_settings
from tests.fixtures.widgets.events import WidgetChanged
from tests.fixtures.widgets.module import create_widget
from tests.support.client import create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import tenant_context

VIEW = Permission("echoes.view_echoes", "See echoes.")
ECHOED = EventType(
    name="echoes.item.echoed",
    version=1,
    payload=WidgetChanged,
    permission=VIEW,
    description="A widget's creation was echoed.",
)


async def _echo(context: DeliveryContext, event: Event) -> None:
    payload = WidgetChanged(name=f"echo of {event.payload['name']}")
    await context.emit(ECHOED, payload, aggregate_id=event.aggregate_id)


ECHOES = Module(
    name="echoes",
    version="0.1.0",
    description="Echoes widget creations (a test-only module).",
    depends_on=("widgets",),
    permissions=(VIEW,),
    events=(ECHOED,),
    handlers=(Handler(name="echoes.echo", events=("widgets.item.created",), handle=_echo),),
)


async def test_a_handler_emits_once_as_the_system(database: DatabaseTarget) -> None:
    clock = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    settings = make_settings(database, event_runner="off", default_modules=["widgets", "echoes"])
    registry = make_registry(settings, (*TEST_MODULES, ECHOES))
    async with running_app(settings, registry, clock=clock) as api:
        runtime = api.state.runtime
        tenant = await create_tenant(api)
        widget = await create_widget(await tenant_context(runtime, tenant), "bell")
        await runtime.dispatcher.drain()
        await runtime.dispatcher.drain()
        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = list(
                await session.scalars(
                    select(EventRow).where(
                        EventRow.tenant_id == tenant.id, EventRow.type == ECHOED.name
                    )
                )
            )
        assert [(row.aggregate_id, row.actor, row.payload) for row in rows] == [
            (str(widget), "system", {"name": "echo of bell"})
        ]
