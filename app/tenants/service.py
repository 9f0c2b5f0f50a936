"""The tenant lifecycle: create (enabling the default modules), rename, suspend, archive."""

from __future__ import annotations

import logging
import re
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import set_tenant
from app.errors import Conflict, ErrorCode, FieldProblem, NotFound, ValidationFailed
from app.events.emit import emit
from app.identity.membership import ensure_builtin_roles
from app.ids import new_id
from app.runtime import Context
from app.tenants.events import (
    TENANT_ACTIVATED,
    TENANT_ARCHIVED,
    TENANT_CREATED,
    TENANT_SUSPENDED,
    TENANT_UPDATED,
    TenantChanged,
)
from app.tenants.models import TenantRow, TenantStatus
from app.tenants.modules import enable_modules_in

__all__ = [
    "activate_tenant",
    "archive_tenant",
    "create_tenant",
    "find_tenant_by_slug",
    "get_tenant",
    "suspend_tenant",
    "update_tenant",
    "validate_slug",
]

logger = logging.getLogger(__name__)

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
RESERVED_SLUGS = frozenset({"admin", "api", "graphql", "t", "www", "static", "metrics"})

_STATUS_EVENTS = {
    TenantStatus.SUSPENDED: TENANT_SUSPENDED,
    TenantStatus.ACTIVE: TENANT_ACTIVATED,
    TenantStatus.ARCHIVED: TENANT_ARCHIVED,
}

# Which status changes are allowed, and to what.
_TRANSITIONS: dict[TenantStatus, frozenset[TenantStatus]] = {
    TenantStatus.ACTIVE: frozenset({TenantStatus.SUSPENDED, TenantStatus.ARCHIVED}),
    TenantStatus.SUSPENDED: frozenset({TenantStatus.ACTIVE, TenantStatus.ARCHIVED}),
    TenantStatus.ARCHIVED: frozenset(),
}


def validate_slug(slug: str, field: str = "slug") -> list[FieldProblem]:
    """Return the problems with a tenant slug (empty when it is fine)."""
    if not _SLUG.match(slug):
        message = (
            "use 1 to 63 lowercase letters, digits and inner hyphens "
            f"(for example 'acme-shop'), got {slug[:70]!r}"
        )
        return [FieldProblem(ErrorCode.VALIDATION, message, field)]
    if slug in RESERVED_SLUGS:
        message = f"{slug!r} is reserved; choose another slug"
        return [FieldProblem(ErrorCode.VALIDATION, message, field)]
    return []


def _name_problems(name: str, field: str = "name") -> list[FieldProblem]:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 200:
        return [FieldProblem(ErrorCode.VALIDATION, "give a name of 1 to 200 characters", field)]
    if any(ord(char) < 32 for char in cleaned):
        return [FieldProblem(ErrorCode.VALIDATION, "the name has control characters", field)]
    return []


def _raise_if(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(problems[0].message, field=problems[0].field, problems=problems)


async def create_tenant(ctx: Context, *, slug: str, name: str) -> TenantRow:
    """Create an active tenant and enable the default modules, all in one transaction."""
    _raise_if(validate_slug(slug) + _name_problems(name))
    runtime = ctx.runtime
    now = runtime.clock.now()
    tenant = TenantRow(
        id=new_id(),
        slug=slug,
        name=name.strip(),
        status=TenantStatus.ACTIVE.value,
        created_at=now,
        updated_at=now,
    )
    defaults = [name for name in runtime.settings.default_modules if runtime.registry.find(name)]
    try:
        async with runtime.db.transaction() as session:
            await _ensure_slug_free(session, slug)
            session.add(tenant)
            await session.flush()
            await set_tenant(session, tenant.id)
            await emit(
                ctx,
                session,
                TENANT_CREATED,
                TenantChanged(slug=slug),
                aggregate_id=tenant.id,
                tenant_id=tenant.id,
            )
            await ensure_builtin_roles(ctx, session, tenant.id)
            await enable_modules_in(ctx, session, tenant.id, defaults)
    except IntegrityError:
        raise Conflict(f"a tenant with slug {slug!r} already exists", field="slug") from None
    runtime.tenants.invalidate()
    logger.info("tenant created", extra={"tenant": slug, "modules": defaults})
    return tenant


async def _ensure_slug_free(
    session: AsyncSession, slug: str, exclude: uuid.UUID | None = None
) -> None:
    statement = select(TenantRow.id).where(TenantRow.slug == slug)
    if exclude is not None:
        statement = statement.where(TenantRow.id != exclude)
    if await session.scalar(statement) is not None:
        raise Conflict(f"a tenant with slug {slug!r} already exists", field="slug")


async def get_tenant(ctx: Context, tenant_id: uuid.UUID) -> TenantRow:
    """Return the tenant ``tenant_id``; NotFound if there is none."""
    async with ctx.runtime.db.transaction(readonly=True) as session:
        tenant = await session.get(TenantRow, tenant_id)
    if tenant is None:
        raise NotFound("no such tenant", field="id")
    return tenant


async def find_tenant_by_slug(ctx: Context, slug: str) -> TenantRow | None:
    """Return the tenant ``slug`` in any status, or None."""
    async with ctx.runtime.db.transaction(readonly=True) as session:
        found: TenantRow | None = await session.scalar(
            select(TenantRow).where(TenantRow.slug == slug)
        )
        return found


async def update_tenant(
    ctx: Context, tenant_id: uuid.UUID, *, slug: str | None = None, name: str | None = None
) -> TenantRow:
    """Rename a tenant or change its slug (the old slug stops resolving at once)."""
    problems = validate_slug(slug) if slug is not None else []
    problems += _name_problems(name) if name is not None else []
    _raise_if(problems)
    try:
        async with ctx.runtime.db.transaction() as session:
            tenant = await _locked_tenant(session, tenant_id)
            if slug is not None and slug != tenant.slug:
                await _ensure_slug_free(session, slug, exclude=tenant_id)
                tenant.slug = slug
            if name is not None:
                tenant.name = name.strip()
            tenant.updated_at = ctx.runtime.clock.now()
            await emit(
                ctx,
                session,
                TENANT_UPDATED,
                TenantChanged(slug=tenant.slug),
                aggregate_id=tenant.id,
                tenant_id=tenant.id,
            )
    except IntegrityError:
        raise Conflict(f"a tenant with slug {slug!r} already exists", field="slug") from None
    ctx.runtime.tenants.invalidate()
    return tenant


async def _locked_tenant(session: AsyncSession, tenant_id: uuid.UUID) -> TenantRow:
    tenant = await session.get(TenantRow, tenant_id, with_for_update=True)
    if tenant is None:
        raise NotFound("no such tenant", field="id")
    return tenant


async def _transition(ctx: Context, tenant_id: uuid.UUID, target: TenantStatus) -> TenantRow:
    async with ctx.runtime.db.transaction() as session:
        tenant = await _locked_tenant(session, tenant_id)
        current = TenantStatus(tenant.status)
        if target not in _TRANSITIONS[current]:
            raise Conflict(
                f"the tenant is {current.value} and cannot become {target.value}", field="id"
            )
        tenant.status = target.value
        tenant.updated_at = ctx.runtime.clock.now()
        await emit(
            ctx,
            session,
            _STATUS_EVENTS[target],
            TenantChanged(slug=tenant.slug),
            aggregate_id=tenant.id,
            tenant_id=tenant.id,
        )
    ctx.runtime.tenants.invalidate()
    logger.info("tenant %s", target.value, extra={"tenant": tenant.slug})
    return tenant


async def suspend_tenant(ctx: Context, tenant_id: uuid.UUID) -> TenantRow:
    """Stop serving an active tenant; its data stays and it can be activated again."""
    return await _transition(ctx, tenant_id, TenantStatus.SUSPENDED)


async def activate_tenant(ctx: Context, tenant_id: uuid.UUID) -> TenantRow:
    """Serve a suspended tenant again."""
    return await _transition(ctx, tenant_id, TenantStatus.ACTIVE)


async def archive_tenant(ctx: Context, tenant_id: uuid.UUID) -> TenantRow:
    """Retire a tenant for good: it is never served again; its data is kept."""
    return await _transition(ctx, tenant_id, TenantStatus.ARCHIVED)
