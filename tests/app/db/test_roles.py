"""PostgreSQL's second wall: a runtime role that owns nothing, and forced row-level security."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select, text

from app.db import Base, Database
from app.tenants.models import TenantModuleRow
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget


@pytest.fixture
def postgres(database: DatabaseTarget) -> DatabaseTarget:
    """The run's database, when it is PostgreSQL."""
    if not database.is_postgres:
        pytest.skip("needs PostgreSQL: set RUSTOK_TEST_DATABASE_URL (SQLite has no roles)")
    return database


async def test_runtime_role_is_neither_superuser_nor_owner(postgres: DatabaseTarget) -> None:
    db = Database(postgres.runtime_url)
    try:
        async with db.transaction(readonly=True) as session:
            is_super, bypasses = (
                await session.execute(
                    text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
                )
            ).one()
            owned = await session.scalar(
                text(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                    "AND tableowner = current_user"
                )
            )
    finally:
        await db.dispose()
    assert (is_super, bypasses, owned) == (False, False, 0)


async def test_every_tenant_scoped_table_forces_row_level_security(
    postgres: DatabaseTarget,
) -> None:
    db = Database(postgres.runtime_url)
    try:
        async with db.transaction(readonly=True) as session:
            rows = (
                await session.execute(
                    text(
                        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity "
                        "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = 'public' AND c.relkind = 'r' "
                        "AND a.attname = 'tenant_id' AND NOT a.attisdropped ORDER BY 1"
                    )
                )
            ).all()
    finally:
        await db.dispose()
    cross_tenant = {
        name for name, table in Base.metadata.tables.items() if table.info.get("cross_tenant")
    }
    assert cross_tenant == {
        "core_api_keys",
        "core_event_deliveries",
        "core_jobs",
        "core_memberships",
        "core_subscriber_positions",
        "webhooks_deliveries",
    }
    scoped = [row for row in rows if row[0] not in cross_tenant]
    # The core's and the test modules' tables at least; installed modules add their own.
    assert {row[0] for row in scoped} >= {
        "core_aggregate_sequences",
        "core_audit_log",
        "core_customer_refresh_tokens",
        "core_customer_sessions",
        "core_customer_tokens",
        "core_customers",
        "core_events",
        "core_membership_roles",
        "core_role_permissions",
        "core_roles",
        "core_tenant_modules",
        "webhooks_delivery_attempts",
        "webhooks_endpoints",
        "idx_widgets_listing",
        "idx_widgets_search",
        "widgets_items",
        "widgets_tallies",
    }
    assert [row for row in scoped if not (row[1] and row[2])] == []


async def test_rows_are_invisible_without_the_tenant(
    api: RunningApp, postgres: DatabaseTarget
) -> None:
    first, second = await create_tenant(api), await create_tenant(api)
    db = api.state.runtime.db

    async def count(tenant: uuid.UUID | None) -> int:
        async with db.transaction(tenant, readonly=True) as session:
            found = await session.scalar(select(func.count()).select_from(TenantModuleRow))
        return int(found or 0)

    assert await count(None) == 0
    assert await count(first.id) == 1
    assert await count(second.id) == 1
    with pytest.raises(Exception, match="row-level security"):
        async with db.transaction(first.id) as session:
            session.add(
                TenantModuleRow(
                    tenant_id=second.id,
                    module="gadgets",
                    is_enabled=True,
                    settings={},
                    updated_at=api.state.runtime.clock.now(),
                )
            )
