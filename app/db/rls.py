"""Row-level security for tenant-scoped tables (PostgreSQL): the second wall behind the app.

Migrations call :func:`enable_tenant_isolation` for every table with a ``tenant_id``; with no
tenant set for the transaction, the runtime role sees and writes nothing.
"""

from __future__ import annotations

from alembic import op

__all__ = ["disable_tenant_isolation", "enable_tenant_isolation"]

_POLICY = "tenant_isolation"
_CURRENT = "NULLIF(current_setting('app.tenant_id', true), '')::uuid"


def enable_tenant_isolation(table: str) -> None:
    """Enable and force row-level security on ``table``, keyed on its ``tenant_id``."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    op.execute(
        f'CREATE POLICY {_POLICY} ON "{table}" '
        f"USING (tenant_id = {_CURRENT}) WITH CHECK (tenant_id = {_CURRENT})"
    )


def disable_tenant_isolation(table: str) -> None:
    """Undo :func:`enable_tenant_isolation` (for downgrades)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f'DROP POLICY IF EXISTS {_POLICY} ON "{table}"')
    op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
