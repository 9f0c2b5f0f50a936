"""Resolving a tenant slug to an active tenant and its enabled modules, with a short cache."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.clock import Clock
from app.db import Database
from app.tenants.models import TenantModuleRow, TenantRow, TenantStatus

__all__ = ["ActiveTenant", "TenantDirectory"]


@dataclass(frozen=True, slots=True)
class ActiveTenant:
    """An active tenant as a request sees it."""

    id: uuid.UUID
    slug: str
    name: str
    created_at: datetime
    updated_at: datetime
    enabled_modules: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Entry:
    tenant: ActiveTenant | None
    expires_at: datetime


class TenantDirectory:
    """Look tenants up by slug; entries live ``ttl_seconds`` (0 turns the cache off).

    Writes in this process invalidate at once; other processes see a change within the TTL.
    """

    def __init__(self, db: Database, clock: Clock, ttl_seconds: float) -> None:
        self._db = db
        self._clock = clock
        self._ttl = timedelta(seconds=ttl_seconds)
        self._entries: dict[str, _Entry] = {}
        self._loading: dict[str, asyncio.Future[ActiveTenant | None]] = {}

    async def find_active(self, slug: str) -> ActiveTenant | None:
        """Return the active tenant ``slug``, or None if unknown, suspended or archived."""
        now = self._clock.now()
        entry = self._entries.get(slug)
        if entry is not None and entry.expires_at > now:
            return entry.tenant
        tenant = await self._load_once(slug)
        if self._ttl:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[slug] = _Entry(tenant, now + self._ttl)
        return tenant

    async def _load_once(self, slug: str) -> ActiveTenant | None:
        """Load ``slug``; concurrent misses share one load instead of each querying."""
        pending = self._loading.get(slug)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[ActiveTenant | None] = asyncio.get_running_loop().create_future()
        self._loading[slug] = future
        try:
            tenant = await self._load(slug)
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: waiters re-raise it, nobody else needs to
            raise
        finally:
            self._loading.pop(slug, None)
        future.set_result(tenant)
        return tenant

    def invalidate(self) -> None:
        """Forget every cached tenant (after a write that changes one)."""
        self._entries.clear()

    async def _load(self, slug: str) -> ActiveTenant | None:
        async with self._db.transaction(readonly=True) as session:
            row = await session.scalar(select(TenantRow).where(TenantRow.slug == slug))
        if row is None or row.status != TenantStatus.ACTIVE.value:
            return None
        async with self._db.transaction(row.id, readonly=True) as session:
            enabled = await session.scalars(
                select(TenantModuleRow.module).where(
                    TenantModuleRow.tenant_id == row.id, TenantModuleRow.is_enabled.is_(True)
                )
            )
            modules = frozenset(enabled)
        return ActiveTenant(
            id=row.id,
            slug=row.slug,
            name=row.name,
            created_at=row.created_at,
            updated_at=row.updated_at,
            enabled_modules=modules,
        )
