"""Helpers for event-pipeline tests: contexts, waiting for delivery, table checksums."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text

from app.auth.principal import SystemPrincipal
from app.clock import FrozenClock
from app.events.models import DeliveryRow
from app.runtime import Context, Runtime
from tests.conftest import make_registry, make_settings
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget

__all__ = [
    "checksum",
    "controlled_app",
    "delivery_states",
    "tenant_context",
    "wait_for",
]


async def tenant_context(runtime: Runtime, tenant: CreatedTenant) -> Context:
    """Return a system context acting in ``tenant``."""
    runtime.tenants.invalidate()
    active = await runtime.tenants.find_active(tenant.slug)
    assert active is not None
    return Context(runtime=runtime, principal=SystemPrincipal(), tenant=active)


@asynccontextmanager
async def controlled_app(
    database: DatabaseTarget, **overrides: Any
) -> AsyncIterator[tuple[RunningApp, FrozenClock, CreatedTenant]]:
    """An app with a frozen clock and no background runner: tests drain by hand."""
    clock = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    settings = make_settings(database, event_runner="off", **overrides)
    async with running_app(settings, make_registry(settings), clock=clock) as api:
        tenant = await create_tenant(api)
        yield api, clock, tenant


async def delivery_states(
    runtime: Runtime, subscriber: str, tenant_id: uuid.UUID
) -> dict[str, int]:
    """Count a subscriber's deliveries by state in a tenant."""
    async with runtime.db.transaction(readonly=True) as session:
        rows = await session.execute(
            select(DeliveryRow.state, func.count())
            .where(DeliveryRow.subscriber == subscriber, DeliveryRow.tenant_id == tenant_id)
            .group_by(DeliveryRow.state)
        )
        return {state: count for state, count in rows.all()}


async def checksum(runtime: Runtime, table: str, tenant_id: uuid.UUID, order_by: str) -> str:
    """Return a digest of a tenant's rows in ``table`` (for replay equality)."""
    async with runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.execute(
            text(f"SELECT * FROM {table} WHERE tenant_id = :t ORDER BY {order_by}"),
            {"t": tenant_id if runtime.db.is_postgres else tenant_id.hex},
        )
        digest = hashlib.sha256()
        for row in rows:
            digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()


async def wait_for(condition: Callable[[], Awaitable[bool]], *, seconds: float = 5.0) -> None:
    """Poll ``condition`` until it holds; fail after ``seconds``."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not await condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {seconds}s")
        await asyncio.sleep(0.02)
