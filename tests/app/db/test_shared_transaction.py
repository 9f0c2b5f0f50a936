"""A shared transaction: services' own transactions inside it commit or roll back with it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import Conflict
from app.events.models import EventRow
from app.runtime import Context
from tests.fixtures.widgets.models import WidgetRow
from tests.fixtures.widgets.module import create_widget
from tests.support.client import create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app, tenant_context


class _Abandoned(Exception):
    """Raised to roll a shared transaction back."""


async def _names(ctx: Context) -> list[str]:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        names = await session.scalars(
            select(WidgetRow.name).where(WidgetRow.tenant_id == tenant_id).order_by(WidgetRow.name)
        )
        return list(names)


async def _events(ctx: Context) -> int:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        found = await session.scalar(
            select(func.count()).select_from(EventRow).where(EventRow.tenant_id == tenant_id)
        )
        return int(found or 0)


async def test_writes_inside_commit_together(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        ctx = await tenant_context(api.state.runtime, tenant)
        before = await _events(ctx)

        async with ctx.runtime.db.shared_transaction(tenant.id):
            await create_widget(ctx, "first")
            await create_widget(ctx, "second")
            assert await _names(ctx) == ["first", "second", "starter"]  # reads see them

        assert await _names(ctx) == ["first", "second", "starter"]
        assert await _events(ctx) == before + 2


async def test_a_failure_after_them_rolls_every_write_back(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        ctx = await tenant_context(api.state.runtime, tenant)
        before = await _events(ctx)

        async def abandon() -> None:
            async with ctx.runtime.db.shared_transaction(tenant.id):
                await create_widget(ctx, "first")
                await create_widget(ctx, "second")
                raise _Abandoned

        with pytest.raises(_Abandoned):
            await abandon()

        assert await _names(ctx) == ["starter"]
        assert await _events(ctx) == before


async def test_a_refused_service_call_leaves_the_rest_usable(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        ctx = await tenant_context(api.state.runtime, tenant)

        async with ctx.runtime.db.shared_transaction(tenant.id):
            await create_widget(ctx, "first")
            with pytest.raises(Conflict):
                await create_widget(ctx, "first")
            await create_widget(ctx, "second")

        assert await _names(ctx) == ["first", "second", "starter"]


async def test_writes_of_another_tenant_are_refused(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        other = await tenant_context(runtime, await create_tenant(api))

        async with runtime.db.shared_transaction(tenant.id):
            with pytest.raises(RuntimeError, match="another tenant"):
                await create_widget(other, "elsewhere")
            assert await _names(other) == ["starter"]  # reading another tenant is fine

        assert await _names(other) == ["starter"]
