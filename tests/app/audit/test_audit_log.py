"""``auditLog``: newest first, filters, visibility by event type, access, statement count."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from app.audit.models import AuditEntryRow
from app.runtime import Runtime
from tests.fixtures.widgets.models import WidgetRow
from tests.fixtures.widgets.module import create_widget, rename_widget
from tests.support.client import CreatedTenant, RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context
from tests.support.statements import recorded_statements

AUDIT_LOG = """
query ($first: Int, $after: String, $type: String, $actor: String, $aggregateType: String,
       $aggregateId: String, $since: DateTime, $until: DateTime) {
  auditLog(first: $first, after: $after, type: $type, actor: $actor,
           aggregateType: $aggregateType, aggregateId: $aggregateId, since: $since,
           until: $until) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage }
    edges {
      cursor
      node { eventId occurredAt type actor aggregateType aggregateId version payload }
    }
  }
}
"""
READER = ("core.view_audit_log", "widgets.view_items")


@dataclass(frozen=True, slots=True)
class History:
    """A tenant with a known history: its creation, then widget events a minute apart."""

    api: RunningApp
    tenant: CreatedTenant
    first: uuid.UUID
    second: uuid.UUID

    @property
    def runtime(self) -> Runtime:
        """Return the app's runtime."""
        return self.api.state.runtime

    async def log(self, variables: dict[str, Any], *permissions: str) -> dict[str, Any]:
        """Return ``auditLog`` as a member holding ``permissions``."""
        token = self.api.auth.member(self.tenant.id, *permissions)
        body = await self.api.gql(AUDIT_LOG, variables, tenant=self.tenant.slug, token=token)
        assert "errors" not in body, body
        log: dict[str, Any] = body["data"]["auditLog"]
        return log

    async def types(self, variables: dict[str, Any], *permissions: str) -> list[str]:
        """Return the listed entries as ``type@minute``, newest first."""
        log = await self.log(variables, *permissions)
        return [
            f"{edge['node']['type']}@{edge['node']['occurredAt'][14:16]}" for edge in log["edges"]
        ]


@asynccontextmanager
async def history(database: DatabaseTarget) -> AsyncIterator[History]:
    """Yield a tenant whose events are delivered to the audit log.

    09:00 tenant created, widgets enabled; 09:01 first created (system); 09:02 second created
    (a member over GraphQL); 09:03 first renamed (system).
    """
    async with controlled_app(database) as (api, clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        clock.advance(timedelta(minutes=1))
        first = await create_widget(ctx, "first")
        clock.advance(timedelta(minutes=1))
        token = api.auth.member(tenant.id, "widgets.manage_items")
        created = await api.gql(
            'mutation { widgetCreate(name: "second") { errors { code } } }',
            tenant=tenant.slug,
            token=token,
        )
        assert created == {"data": {"widgetCreate": {"errors": []}}}
        clock.advance(timedelta(minutes=1))
        await rename_widget(ctx, first, "first-renamed")
        await runtime.dispatcher.drain()
        second = next(iter(set(await widget_ids(runtime, tenant)) - {first}))
        yield History(api, tenant, first, second)


async def widget_ids(runtime: Runtime, tenant: CreatedTenant) -> list[uuid.UUID]:
    """Return the ids of the tenant's widgets named first* or second."""
    async with runtime.db.transaction(tenant.id, readonly=True) as session:
        ids = await session.scalars(
            select(WidgetRow.id).where(
                WidgetRow.tenant_id == tenant.id, WidgetRow.name.in_(["first-renamed", "second"])
            )
        )
        return list(ids)


async def test_the_log_lists_visible_events_newest_first(database: DatabaseTarget) -> None:
    async with history(database) as setup:
        log = await setup.log({}, *READER)

        assert log["totalCount"] == 3
        nodes = [edge["node"] for edge in log["edges"]]
        assert [uuid.UUID(node.pop("eventId")).version for node in nodes] == [7, 7, 7]
        user_actor = nodes[1]["actor"]
        assert user_actor.startswith("user:")
        assert nodes == [
            {
                "occurredAt": "2026-11-26T09:03:00+00:00",
                "type": "widgets.item.renamed",
                "actor": "system",
                "aggregateType": "widgets.item",
                "aggregateId": str(setup.first),
                "version": 1,
                "payload": {"name": "first-renamed"},
            },
            {
                "occurredAt": "2026-11-26T09:02:00+00:00",
                "type": "widgets.item.created",
                "actor": user_actor,
                "aggregateType": "widgets.item",
                "aggregateId": str(setup.second),
                "version": 1,
                "payload": {"name": "second"},
            },
            {
                "occurredAt": "2026-11-26T09:01:00+00:00",
                "type": "widgets.item.created",
                "actor": "system",
                "aggregateType": "widgets.item",
                "aggregateId": str(setup.first),
                "version": 1,
                "payload": {"name": "first"},
            },
        ]


async def test_entries_recorded_before_payloads_were_kept_show_none(
    database: DatabaseTarget,
) -> None:
    async with history(database) as setup:
        async with setup.runtime.db.transaction(setup.tenant.id) as session:
            await session.execute(
                update(AuditEntryRow)
                .where(
                    AuditEntryRow.tenant_id == setup.tenant.id,
                    AuditEntryRow.aggregate_id == str(setup.second),
                )
                .values(version=None, payload=None)
            )
        log = await setup.log({"aggregateId": str(setup.second)}, *READER)

        (edge,) = log["edges"]
        assert (edge["node"]["version"], edge["node"]["payload"]) == (None, None)


async def test_each_event_type_needs_its_own_permission(database: DatabaseTarget) -> None:
    async with history(database) as setup:
        assert await setup.types({}, "core.view_audit_log") == []
        assert await setup.types({}, "core.view_audit_log", "core.view_modules") == [
            "core.module.enabled@00"
        ]
        admin = setup.api.auth.platform_admin()
        body = await setup.api.gql(AUDIT_LOG, {}, tenant=setup.tenant.slug, token=admin)
        assert [error["extensions"]["code"] for error in body["errors"]] == ["PERMISSION_DENIED"]


async def test_pages_continue_with_older_entries(database: DatabaseTarget) -> None:
    async with history(database) as setup:
        first_page = await setup.log({"first": 2}, *READER)
        cursor = first_page["edges"][-1]["cursor"]
        second_page = await setup.log({"first": 2, "after": cursor}, *READER)

        assert first_page["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False}
        assert second_page["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}
        assert [edge["node"]["occurredAt"][14:16] for edge in second_page["edges"]] == ["01"]
        assert second_page["totalCount"] == 3


async def test_filters_narrow_the_log(database: DatabaseTarget) -> None:
    async with history(database) as setup:
        permissions = (*READER, "core.view_modules")
        assert await setup.types({"type": "widgets.item.renamed"}, *permissions) == [
            "widgets.item.renamed@03"
        ]
        assert await setup.types({"type": "core.*"}, *permissions) == ["core.module.enabled@00"]
        assert await setup.types({"actor": "system"}, *permissions) == [
            "widgets.item.renamed@03",
            "widgets.item.created@01",
        ]
        assert await setup.types({"aggregateType": "core.module"}, *permissions) == [
            "core.module.enabled@00"
        ]
        assert await setup.types({"aggregateId": str(setup.second)}, *permissions) == [
            "widgets.item.created@02"
        ]
        window = {"since": "2026-11-26T09:01:00Z", "until": "2026-11-26T09:03:00+00:00"}
        assert await setup.types(window, *permissions) == [
            "widgets.item.created@02",
            "widgets.item.created@01",
        ]


async def test_a_time_without_an_offset_is_a_bad_request(database: DatabaseTarget) -> None:
    async with history(database) as setup:
        token = setup.api.auth.member(setup.tenant.id, *READER)
        body = await setup.api.gql(
            AUDIT_LOG, {"since": "2026-11-26T09:01:00"}, tenant=setup.tenant.slug, token=token
        )
        assert body["data"] is None
        assert [(error["extensions"]["code"], error["message"]) for error in body["errors"]] == [
            ("BAD_REQUEST", "`since` needs a UTC offset (for example `2026-11-26T09:00:00Z`)")
        ]


async def test_the_log_is_per_tenant_and_guarded(database: DatabaseTarget) -> None:
    async with history(database) as setup:
        api, tenant = setup.api, setup.tenant
        other = await create_tenant(api)
        await create_widget(await tenant_context(setup.runtime, other), "elsewhere")
        await setup.runtime.dispatcher.drain()
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (
                api.auth.member(tenant.id, "widgets.view_items"),
                "PERMISSION_DENIED",
            ),
            "member of another tenant": (api.auth.member(other.id, *READER), "PERMISSION_DENIED"),
        }
        for label, (token, code) in refused.items():
            body = await api.gql(AUDIT_LOG, {}, tenant=tenant.slug, token=token)
            assert body["data"] is None, label
            assert [error["extensions"]["code"] for error in body["errors"]] == [code], label

        ids = {edge["node"]["aggregateId"] for edge in (await setup.log({}, *READER))["edges"]}
        assert ids == {str(setup.first), str(setup.second)}


async def test_audit_log_statement_count_does_not_grow_with_page_size(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        for index in range(14):
            await create_widget(ctx, f"counted-{index}")
        await runtime.dispatcher.drain()
        token = api.auth.member(tenant.id, *READER)
        counts = []
        for first in (10, 50):
            with recorded_statements(runtime.db.engine) as statements:
                body = await api.gql(AUDIT_LOG, {"first": first}, tenant=tenant.slug, token=token)
            assert len(body["data"]["auditLog"]["edges"]) == min(first, 14)
            counts.append(len(statements))
        assert counts[0] == counts[1]
