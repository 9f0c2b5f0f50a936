"""Index status: last event applied, lag in events and seconds, failures — service and GraphQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.events.declarations import Projection
from app.events.models import EventRow
from app.index.status import SubscriberKind, SubscriberStatus, index_status
from app.runtime import Runtime
from tests.fixtures.widgets.module import create_widget, rename_widget
from tests.support.client import CreatedTenant, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context
from tests.support.statements import recorded_statements

STATUS = """
{ indexStatus { subscriber kind module tables lastEventId lastEventOccurredAt lastAppliedAt
                lagEvents lagSeconds retrying dead } }
"""


async def status_of(runtime: Runtime, tenant: CreatedTenant) -> dict[str, SubscriberStatus]:
    """Return the tenant's status by subscriber name."""
    return {item.subscriber: item for item in await index_status(runtime, tenant.id)}


def listing_tables(runtime: Runtime) -> tuple[str, ...]:
    """Return the tables the widgets listing projection declares."""
    projection = runtime.events.subscriptions["widgets.listing"].subscriber
    assert isinstance(projection, Projection)
    return projection.tables


async def newest_event_id(runtime: Runtime, tenant: CreatedTenant, type_prefix: str) -> str:
    """Return the id of the tenant's newest event whose type starts with ``type_prefix``."""
    async with runtime.db.transaction(tenant.id, readonly=True) as session:
        found = await session.scalar(
            select(EventRow.id)
            .where(EventRow.tenant_id == tenant.id, EventRow.type.startswith(type_prefix))
            .order_by(EventRow.id.desc())
            .limit(1)
        )
    return str(found)


async def test_status_follows_lag_application_and_failures(database: DatabaseTarget) -> None:
    async with controlled_app(database, event_max_attempts=2) as (api, clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        start = clock.now()
        healthy = await create_widget(ctx, "fine")
        await create_widget(ctx, "poison-1")
        await rename_widget(ctx, healthy, "fine-2")
        clock.advance(timedelta(seconds=42))

        waiting = await status_of(runtime, tenant)
        assert list(waiting) == [
            "core.audit",
            "webhooks.fanout",  # listed, with nothing to do: no endpoint wants these events
            "widgets.listing",
            "widgets.tally",
        ]
        assert waiting["webhooks.fanout"].lag_events == 0
        assert waiting["widgets.listing"] == SubscriberStatus(
            subscriber="widgets.listing",
            kind=SubscriberKind.PROJECTION,
            module="widgets",
            tables=listing_tables(runtime),
            last_event_id=None,
            last_occurred_at=None,
            last_applied_at=None,
            lag_events=3,
            lag_seconds=42.0,
            retrying=0,
            dead=0,
        )
        # The audit handler also waits for the tenant's creation, its four built-in roles
        # and its module events.
        assert (waiting["core.audit"].kind, waiting["core.audit"].lag_events) == (
            SubscriberKind.HANDLER,
            9,
        )

        await runtime.dispatcher.drain()
        applied = await status_of(runtime, tenant)
        listing = applied["widgets.listing"]
        assert str(listing.last_event_id) == await newest_event_id(runtime, tenant, "widgets.")
        assert (listing.last_occurred_at, listing.last_applied_at) == (start, clock.now())
        assert (listing.lag_events, listing.lag_seconds, listing.retrying, listing.dead) == (
            0,
            0.0,
            0,
            0,
        )
        tally = applied["widgets.tally"]
        assert (tally.lag_events, tally.lag_seconds, tally.retrying, tally.dead) == (1, 42.0, 1, 0)

        clock.advance(timedelta(hours=2))
        await runtime.dispatcher.drain()
        tally = (await status_of(runtime, tenant))["widgets.tally"]
        assert (tally.lag_events, tally.lag_seconds, tally.retrying, tally.dead) == (0, 0.0, 0, 1)


async def test_status_is_per_tenant(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        other = await create_tenant(api)
        await create_widget(await tenant_context(runtime, other), "elsewhere")

        listing = (await status_of(runtime, tenant))["widgets.listing"]

        assert (listing.lag_events, listing.last_event_id) == (0, None)
        assert (await status_of(runtime, other))["widgets.listing"].lag_events == 1


async def test_index_status_over_graphql(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        await create_widget(ctx, "shown")
        await runtime.dispatcher.drain()
        shown = await newest_event_id(runtime, tenant, "widgets.")
        await create_widget(ctx, "waiting")
        clock.advance(timedelta(seconds=1.5))
        token = api.auth.member(tenant.id, "core.view_index")

        with recorded_statements(runtime.db.engine) as statements:
            body = await api.gql(STATUS, tenant=tenant.slug, token=token)

        rows = {row["subscriber"]: row for row in body["data"]["indexStatus"]}
        assert rows["widgets.listing"] == {
            "subscriber": "widgets.listing",
            "kind": "PROJECTION",
            "module": "widgets",
            "tables": list(listing_tables(runtime)),
            "lastEventId": shown,
            "lastEventOccurredAt": "2026-11-26T09:00:00+00:00",
            "lastAppliedAt": "2026-11-26T09:00:00+00:00",
            "lagEvents": 1,
            "lagSeconds": 1.5,
            "retrying": 0,
            "dead": 0,
        }
        assert rows["core.audit"]["module"] is None
        assert rows["core.audit"]["tables"] == []
        assert len([s for s in statements if "core_event_deliveries" in s]) == 1


async def test_index_status_needs_its_permission_in_the_tenant(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        other = await create_tenant(api)
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (
                api.auth.member(tenant.id, "core.manage_index"),
                "PERMISSION_DENIED",
            ),
            "member of another tenant": (
                api.auth.member(other.id, "core.view_index"),
                "PERMISSION_DENIED",
            ),
        }
        for label, (token, code) in refused.items():
            body = await api.gql(STATUS, tenant=tenant.slug, token=token)
            assert body["data"] is None, label
            assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
