"""The runtime database handle: engines, transactions and the per-transaction tenant."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

__all__ = ["Database", "create_engine", "is_postgres_url", "set_tenant"]

_SET_TENANT = text("SELECT set_config('app.tenant_id', :tenant_id, true)")


def is_postgres_url(url: str) -> bool:
    """Return whether ``url`` names a PostgreSQL database."""
    return url.startswith("postgresql")


async def set_tenant(session: AsyncSession, tenant_id: uuid.UUID) -> None:
    """Scope the rest of the session's transaction to ``tenant_id`` (PostgreSQL row security)."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        await session.execute(_SET_TENANT, {"tenant_id": str(tenant_id)})


def _on_sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    # Let SQLAlchemy, not the driver, decide where transactions begin (see _on_sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA foreign_keys=ON",
        "PRAGMA busy_timeout=10000",
        "PRAGMA synchronous=NORMAL",
    ):
        cursor.execute(pragma)
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    # Writers take the lock up front so two writers queue on busy_timeout instead of failing
    # with SQLITE_BUSY when a read lock is upgraded; readers use a plain deferred BEGIN.
    readonly = connection.get_execution_options().get("rustok_readonly", False)
    connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def create_engine(url: str, *, pool_size: int = 10, pooled: bool = True) -> AsyncEngine:
    """Create an async engine for ``url`` with RusToK's per-backend settings."""
    if is_postgres_url(url):
        if not pooled:
            return create_async_engine(url, poolclass=NullPool)
        return create_async_engine(
            url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
        )
    engine = (
        create_async_engine(url, poolclass=NullPool)
        if not pooled
        else create_async_engine(url, pool_size=pool_size, max_overflow=0)
    )
    event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


class Database:
    """The runtime role's connection pool and the one way to open a transaction."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.is_postgres = is_postgres_url(url)
        self.engine = create_engine(url, pool_size=pool_size)
        self._writer = async_sessionmaker(self.engine, expire_on_commit=False)
        self._reader = async_sessionmaker(
            self.engine.execution_options(rustok_readonly=True), expire_on_commit=False
        )

    @asynccontextmanager
    async def transaction(
        self, tenant_id: uuid.UUID | None = None, *, readonly: bool = False
    ) -> AsyncIterator[AsyncSession]:
        """Open a transaction, scoped to ``tenant_id`` for row-level security when given.

        Commits when the block ends, rolls back when it raises.
        """
        maker = self._reader if readonly else self._writer
        async with maker() as session, session.begin():
            if tenant_id is not None:
                await set_tenant(session, tenant_id)
            yield session

    async def ping(self) -> None:
        """Run a trivial statement; raises when the database cannot be reached."""
        async with self.engine.execution_options(rustok_readonly=True).connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
