"""A tenant's footprint in the database: a digest of its rows in every tenant-scoped table.

Tables are found in the database itself (every table with a ``tenant_id`` column), so tables
a module adds are covered without being named. Rows are read with the tenant set for the
transaction, as the runtime role reads them (row-level security on PostgreSQL).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, func, inspect, select, text

from app.events.models import EventRow
from app.runtime import Runtime

__all__ = ["TableDigest", "count_events", "tenant_digest", "tenant_tables"]


@dataclass(frozen=True, slots=True)
class TableDigest:
    """How many rows a tenant has in a table, and a digest of them."""

    rows: int
    digest: str


def _tables_with_tenant(connection: Connection) -> list[str]:
    inspector = inspect(connection)
    return sorted(
        name
        for name in inspector.get_table_names()
        if any(column["name"] == "tenant_id" for column in inspector.get_columns(name))
    )


async def tenant_tables(runtime: Runtime) -> list[str]:
    """Return every table of the database with a ``tenant_id`` column, by name."""
    async with runtime.db.transaction(readonly=True) as session:
        connection = await session.connection()
        return await connection.run_sync(_tables_with_tenant)


async def tenant_digest(runtime: Runtime, tenant_id: uuid.UUID) -> dict[str, TableDigest]:
    """Return, per tenant-scoped table and for the tenant's own row, its rows' digest."""
    key = tenant_id if runtime.db.is_postgres else tenant_id.hex
    found: dict[str, TableDigest] = {}
    statements = {
        name: f'SELECT * FROM "{name}" WHERE tenant_id = :t'
        for name in await tenant_tables(runtime)
    }
    statements["core_tenants"] = "SELECT * FROM core_tenants WHERE id = :t"
    async with runtime.db.transaction(tenant_id, readonly=True) as session:
        for name, statement in statements.items():
            rows = sorted(
                repr(tuple(row)) for row in await session.execute(text(statement), {"t": key})
            )
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            found[name] = TableDigest(rows=len(rows), digest=digest)
    return found


async def count_events(runtime: Runtime, tenant_id: uuid.UUID) -> int:
    """Return how many outbox events the tenant has."""
    async with runtime.db.transaction(tenant_id, readonly=True) as session:
        count = await session.scalar(
            select(func.count()).select_from(EventRow).where(EventRow.tenant_id == tenant_id)
        )
    return int(count or 0)
