"""Rebuilding a projection's read rows for a tenant from the source, while writes go on.

A rebuild refreshes the rows in place, never clear-then-fill across transactions, so readers
never see a row missing. Each chunk of aggregates is one short transaction; on PostgreSQL it
holds ``pg_advisory_xact_lock(hashtext('<projection>:<tenant>'))`` exclusively while the
dispatcher takes the same lock shared around each refresh it applies. So a delivery can never
write rows older than a chunk's, nor a chunk older than a delivery's: whichever commits last
read the newest source. (SQLite runs one writer at a time, which gives the same guarantee.)

Aggregates gone from the source lose their rows through ``refresh`` itself; rows of ids the
source never lists (orphans) are found by comparing with the projection's ``indexed`` listing.
A projection without ``indexed`` is rebuilt in one transaction: clear, then refresh all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.events.declarations import Projection, RefreshContext
from app.runtime import Runtime

__all__ = ["CHUNK_SIZE", "Progress", "find_projection", "rebuild", "rebuild_lock"]

CHUNK_SIZE = 500

Progress = Callable[[int, int], None]
"""Told ``(done, total)`` aggregates after each committed chunk."""


def find_projection(runtime: Runtime, name: str) -> Projection:
    """Return the installed projection ``name``; NotFound naming the known ones otherwise."""
    subscription = runtime.events.subscriptions.get(name)
    if subscription is None or not isinstance(subscription.subscriber, Projection):
        known = sorted(
            item.subscriber.name
            for item in runtime.events.subscriptions.values()
            if isinstance(item.subscriber, Projection)
        )
        raise NotFound(
            f"no projection {name!r}; installed: {', '.join(known) or 'none'}", field="projection"
        )
    return subscription.subscriber


async def rebuild_lock(
    session: AsyncSession, projection: str, tenant_id: uuid.UUID, *, exclusive: bool
) -> None:
    """Take the (projection, tenant) refresh lock for the transaction (PostgreSQL only)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    key = func.hashtext(f"{projection}:{tenant_id}")
    lock = func.pg_advisory_xact_lock if exclusive else func.pg_advisory_xact_lock_shared
    await session.execute(select(lock(key)))


async def rebuild(
    runtime: Runtime,
    projection_name: str,
    tenant_id: uuid.UUID,
    progress: Progress | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> int:
    """Rebuild ``projection_name``'s rows of a tenant from source; return aggregates refreshed.

    The count includes orphans: ids that had rows in the index but none at the source.

    Raises:
        NotFound: no such projection is installed.
        ValueError: ``chunk_size`` is below 1.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    job = _Rebuild(runtime, find_projection(runtime, projection_name), tenant_id, chunk_size)
    return await job.run(progress or _ignore)


async def rebuild_in_session(
    session: AsyncSession, runtime: Runtime, projection: Projection, tenant_id: uuid.UUID
) -> int:
    """Clear and refill a tenant's rows inside the caller's transaction (jobs use this).

    The session must already be scoped to ``tenant_id``.
    """
    await rebuild_lock(session, projection.name, tenant_id, exclusive=True)
    context = RefreshContext(session=session, tenant_id=tenant_id, clock=runtime.clock)
    ids = sorted(await projection.aggregates(context))
    await projection.clear(context)
    for start in range(0, len(ids), CHUNK_SIZE):
        await projection.refresh(context, ids[start : start + CHUNK_SIZE])
    return len(ids)


@dataclass(frozen=True, slots=True)
class _Rebuild:
    runtime: Runtime
    projection: Projection
    tenant_id: uuid.UUID
    chunk_size: int

    async def run(self, report: Progress) -> int:
        listing = self.projection.indexed
        if listing is None:
            return await self._at_once(report)
        async with self.runtime.db.transaction(self.tenant_id, readonly=True) as session:
            ids = sorted(await self.projection.aggregates(self._context(session)))
        if len(ids) <= self.chunk_size:
            return await self._at_once(report)
        await self._in_chunks(ids, 0, len(ids), report)
        async with self.runtime.db.transaction(self.tenant_id, readonly=True) as session:
            orphans = sorted(set(await listing(self._context(session))) - set(ids))
        total = len(ids) + len(orphans)
        await self._in_chunks(orphans, len(ids), total, report)
        return total

    async def _at_once(self, report: Progress) -> int:
        """Clear and refill in one transaction: readers see the old rows until it commits."""
        async with self.runtime.db.transaction(self.tenant_id) as session:
            await rebuild_lock(session, self.projection.name, self.tenant_id, exclusive=True)
            context = self._context(session)
            # Listed under the lock: nothing committed before it is cleared and left out.
            ids = sorted(await self.projection.aggregates(context))
            await self.projection.clear(context)
            for chunk in self._chunks(ids):
                await self.projection.refresh(context, chunk)
        report(len(ids), len(ids))
        return len(ids)

    async def _in_chunks(self, ids: Sequence[str], done: int, total: int, report: Progress) -> None:
        """Refresh ``ids`` in place, one short locked transaction per chunk."""
        for chunk in self._chunks(ids):
            async with self.runtime.db.transaction(self.tenant_id) as session:
                await rebuild_lock(session, self.projection.name, self.tenant_id, exclusive=True)
                await self.projection.refresh(self._context(session), chunk)
            done += len(chunk)
            report(done, total)

    def _chunks(self, ids: Sequence[str]) -> list[list[str]]:
        size = self.chunk_size
        return [list(ids[start : start + size]) for start in range(0, len(ids), size)]

    def _context(self, session: AsyncSession) -> RefreshContext:
        return RefreshContext(session=session, tenant_id=self.tenant_id, clock=self.runtime.clock)


def _ignore(_done: int, _total: int) -> None:
    """Report nowhere."""
