"""The runtime database handle: engines, transactions and the per-transaction tenant."""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

__all__ = ["Database", "create_engine", "is_postgres_url", "remember_tenant", "set_tenant"]

_SET_TENANT = text("SELECT set_config('app.tenant_id', :tenant_id, true)")
_TENANT_SET = "rustok_tenant_set"
# Connections older than this are replaced at checkout (idle timeouts of servers, proxies and
# firewalls drop connections silently; a closed one is caught at checkout, see below).
POOL_RECYCLE_SECONDS = 1800


def is_postgres_url(url: str) -> bool:
    """Return whether ``url`` names a PostgreSQL database."""
    return url.startswith("postgresql")


async def set_tenant(session: AsyncSession, tenant_id: uuid.UUID) -> None:
    """Scope the rest of the session's transaction to ``tenant_id`` (PostgreSQL row security).

    A no-op when the same (sub)transaction is already scoped to it: a service that opened the
    transaction for a tenant and then emits pays for one ``set_config``, not two.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if session.sync_session.info.get(_TENANT_SET) == (_innermost(session), tenant_id):
        return
    await session.execute(_SET_TENANT, {"tenant_id": str(tenant_id)})
    remember_tenant(session, tenant_id)


def remember_tenant(session: AsyncSession, tenant_id: uuid.UUID) -> None:
    """Record that the session's current (sub)transaction was scoped to ``tenant_id``.

    For code that sets ``app.tenant_id`` in a statement of its own (the dispatcher does it
    together with its locks), so that a later :func:`set_tenant` knows.
    """
    session.sync_session.info[_TENANT_SET] = (_innermost(session), tenant_id)


def _innermost(session: AsyncSession) -> object:
    # set_config(..., true) ends with the innermost transaction that ran it (a savepoint's
    # rollback undoes it too), so it is remembered per transaction object, innermost first.
    sync_session = session.sync_session
    return sync_session.get_nested_transaction() or sync_session.get_transaction()


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


def _refuse_closed(dbapi_connection: Any, _record: object, _proxy: object) -> None:
    # Instead of pool_pre_ping (a round trip on every checkout): a connection whose socket
    # the server or a restart closed is known closed to asyncpg already, and the pool retries
    # the checkout with a fresh one. One that died silently fails its first statement, which
    # invalidates it (and the pool's older connections) for the next checkout.
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the pooled connection was closed")


def create_engine(url: str, *, pool_size: int = 10, pooled: bool = True) -> AsyncEngine:
    """Create an async engine for ``url`` with RusToK's per-backend settings."""
    if is_postgres_url(url):
        if not pooled:
            return create_async_engine(url, poolclass=NullPool)
        engine = create_async_engine(
            url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=POOL_RECYCLE_SECONDS
        )
        event.listen(engine.sync_engine, "checkout", _refuse_closed)
        return engine
    engine = (
        create_async_engine(url, poolclass=NullPool)
        if not pooled
        else create_async_engine(url, pool_size=pool_size, max_overflow=0)
    )
    event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


class WriterTurns:
    """This process's SQLite writers, one at a time: first come, first served, plus a fast lane.

    SQLite has one writer at a time; writers that find it taken sleep in its busy handler
    (1, 2, 5, 10 ... 100 ms) and retry, so under concurrent writes the lock changed hands
    late and out of order, tens of milliseconds per hand-over, and the embedded runner's drain
    waited behind writers that came after it. Queued here, the next writer starts as soon as
    the last one is done, and the drain (``ahead``) waits for one writer at most. Writers in
    other processes still meet the busy handler.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._is_taken = False
        self._ahead: deque[asyncio.Future[None]] = deque()
        self._waiting: deque[asyncio.Future[None]] = deque()

    async def acquire(self, *, ahead: bool) -> None:
        """Wait for this writer's turn."""
        if not self._is_taken:
            self._is_taken = True
            return
        turn = self.loop.create_future()
        (self._ahead if ahead else self._waiting).append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.release()  # the turn came with the cancellation: pass it on
            raise

    def release(self) -> None:
        """End this writer's turn: hand it to the next one waiting."""
        for queue in (self._ahead, self._waiting):
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)
                    return
        self._is_taken = False


@dataclass(frozen=True, slots=True)
class _Shared:
    """The transaction :meth:`Database.shared_transaction` opened, that others join."""

    database: Database
    tenant_id: uuid.UUID | None
    session: AsyncSession


_SHARED: ContextVar[_Shared | None] = ContextVar("rustok_shared_transaction", default=None)


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
        self._turns: WriterTurns | None = None

    @asynccontextmanager
    async def transaction(
        self,
        tenant_id: uuid.UUID | None = None,
        *,
        readonly: bool = False,
        ahead: bool = False,
    ) -> AsyncIterator[AsyncSession]:
        """Open a transaction, scoped to ``tenant_id`` for row-level security when given.

        Commits when the block ends, rolls back when it raises. On SQLite, this process's
        writers take turns (see :class:`WriterTurns`) before they ask for the database's
        write lock; ``ahead`` goes before the writers already waiting (the outbox drain,
        whose commit is what makes their writes visible).

        Inside :meth:`shared_transaction` for the same tenant, it is a savepoint of the shared
        transaction instead: its writes commit (or roll back) with the shared one.
        """
        shared = _SHARED.get()
        if shared is not None and shared.database is self:
            if shared.tenant_id == tenant_id:
                async with shared.session.begin_nested():
                    yield shared.session
                return
            if not readonly:
                raise RuntimeError("a shared transaction cannot hold writes of another tenant")
        if readonly or self.is_postgres:
            async with self._open(tenant_id, readonly=readonly) as session:
                yield session
            return
        turns = self._writer_turns()
        await turns.acquire(ahead=ahead)
        try:
            async with self._open(tenant_id, readonly=False) as session:
                yield session
        finally:
            turns.release()

    @asynccontextmanager
    async def shared_transaction(self, tenant_id: uuid.UUID) -> AsyncIterator[AsyncSession]:
        """Open one transaction that every :meth:`transaction` of the tenant inside joins.

        A unit of work made of several services' writes (a catalog import's product: its
        update, its variants, their prices and stock) then commits or rolls back as one, each
        service still checking and emitting as it does alone. It belongs to the task that
        opened it (a context variable).
        """
        async with self.transaction(tenant_id) as session:
            token = _SHARED.set(_Shared(self, tenant_id, session))
            try:
                yield session
            finally:
                _SHARED.reset(token)

    @asynccontextmanager
    async def _open(
        self, tenant_id: uuid.UUID | None, *, readonly: bool
    ) -> AsyncIterator[AsyncSession]:
        maker = self._reader if readonly else self._writer
        async with maker() as session, session.begin():
            if tenant_id is not None:
                await set_tenant(session, tenant_id)
            yield session

    def _writer_turns(self) -> WriterTurns:
        loop = asyncio.get_running_loop()
        if self._turns is None or self._turns.loop is not loop:
            self._turns = WriterTurns(loop)
        return self._turns

    async def ping(self) -> None:
        """Run a trivial statement; raises when the database cannot be reached."""
        async with self.engine.execution_options(rustok_readonly=True).connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
