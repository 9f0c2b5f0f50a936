"""Keyset pagination, oldest first and newest first, forwards and backwards."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntryRow
from app.audit.service import AuditFilter, select_audit_entries
from app.graphql.relay import PageRequest, encode_cursor, paginate
from tests.fixtures.widgets.module import create_widget
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context


@pytest.mark.parametrize(
    ("newest_first", "arguments", "expected", "next_and_previous"),
    [
        (False, {"first": 2}, [0, 1], (True, False)),
        (False, {"first": 2, "after": 1}, [2, 3], (True, True)),
        (False, {"last": 2, "before": 3}, [1, 2], (True, True)),
        (True, {"first": 2}, [5, 4], (True, False)),
        (True, {"first": 2, "after": 4}, [3, 2], (True, True)),
        (True, {"first": 9, "after": 1}, [0], (False, True)),
        (True, {"last": 2}, [1, 0], (False, True)),
        (True, {"last": 2, "before": 2}, [4, 3], (True, True)),
    ],
)
async def test_paginate_in_both_orders(
    database: DatabaseTarget,
    newest_first: bool,
    arguments: dict[str, int],
    expected: list[int],
    next_and_previous: tuple[bool, bool],
) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        for index in range(6):
            await create_widget(ctx, f"p{index}")
        await runtime.dispatcher.drain()
        types = frozenset({"widgets.item.created"})
        statement = select_audit_entries(tenant.id, AuditFilter(types=types))
        async with runtime.db.transaction(tenant.id, readonly=True) as session:
            every = await session.scalars(
                select(AuditEntryRow.event_id)
                .where(AuditEntryRow.tenant_id == tenant.id, AuditEntryRow.type.in_(types))
                .order_by(AuditEntryRow.event_id)
            )
            keys = list(every)
            cursors = {
                name: encode_cursor(keys[value])
                for name, value in arguments.items()
                if name in {"after", "before"}
            }
            page = PageRequest.from_arguments(
                first=arguments.get("first"),
                after=cursors.get("after"),
                last=arguments.get("last"),
                before=cursors.get("before"),
                max_size=100,
            )
            connection = await paginate(
                session,
                statement,
                AuditEntryRow.event_id,
                page,
                lambda row: row.event_id,
                lambda row: row.event_id,
                newest_first=newest_first,
            )

        nodes: list[uuid.UUID] = [edge.node for edge in connection.edges]
        assert [keys.index(node) for node in nodes] == expected
        info = connection.page_info
        assert (info.has_next_page, info.has_previous_page) == next_and_previous
        assert connection.total_count == 6
