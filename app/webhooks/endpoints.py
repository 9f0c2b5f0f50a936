"""Webhook endpoints of a tenant: every write validates, saves and emits its event here.

An endpoint is created with a fresh signing secret, returned once (:class:`CreatedEndpoint`)
and stored encrypted (:mod:`app.webhooks.secrets`). Rotating the secret keeps the previous
one for an overlap window, in which deliveries carry both signatures, so a receiver can
switch without losing a delivery.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem, NotFound
from app.events.emit import emit
from app.identity.grants import grant_problems, held_permissions, raise_problems
from app.ids import new_id
from app.runtime import Context
from app.webhooks.events import (
    ENDPOINT_CREATED,
    ENDPOINT_DELETED,
    ENDPOINT_SECRET_ROTATED,
    ENDPOINT_UPDATED,
    EndpointCreated,
    EndpointDeleted,
    EndpointSecretRotated,
    EndpointUpdated,
)
from app.webhooks.fanout import forget_endpoints
from app.webhooks.filters import pattern_problems
from app.webhooks.headers import CustomHeader, header_problems
from app.webhooks.models import WebhookEndpointRow
from app.webhooks.payloads import query_problems
from app.webhooks.secrets import SecretBox, new_signing_secret
from app.webhooks.ssrf import UrlGuard
from app.webhooks.urls import UnsafeUrl

__all__ = [
    "MAX_OVERLAP",
    "CreatedEndpoint",
    "EndpointChanges",
    "EndpointFields",
    "create_endpoint",
    "delete_endpoint",
    "endpoints_of",
    "get_endpoint",
    "list_endpoints",
    "rotate_secret",
    "secret_box",
    "update_endpoint",
    "url_guard",
]

MAX_OVERLAP = timedelta(days=7)
_MAX_DESCRIPTION = 300


@dataclass(frozen=True, slots=True)
class EndpointFields:
    """What an endpoint is made of, as given to :func:`create_endpoint`."""

    url: str
    event_types: Sequence[str]
    description: str = ""
    headers: Sequence[CustomHeader] = ()
    is_active: bool = True
    payload_query: str | None = None
    payload_permissions: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class EndpointChanges:
    """What :func:`update_endpoint` changes: ``None`` leaves a field as it is."""

    url: str | None = None
    event_types: Sequence[str] | None = None
    description: str | None = None
    headers: Sequence[CustomHeader] | None = None
    is_active: bool | None = None
    # "" removes the query; None leaves it (and the permissions) as they are.
    payload_query: str | None = None
    payload_permissions: Sequence[str] | None = None


@dataclass(frozen=True, slots=True)
class CreatedEndpoint:
    """An endpoint and its signing secret in the ``whsec_`` form, which nothing shows again."""

    row: WebhookEndpointRow
    secret: str
    overlap_ends_at: datetime | None = field(default=None)


def secret_box(ctx: Context) -> SecretBox:
    """Return the box sealing secrets under this server's ``RUSTOK_SECRET_KEY``."""
    settings = ctx.runtime.settings
    return SecretBox.from_secret_key(settings.effective_secret_key, settings.secret_key_fallbacks)


def _problem(message: str, at: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, at)


def url_guard(ctx: Context) -> UrlGuard:
    """Return the SSRF guard as this runtime configures it."""
    settings = ctx.runtime.settings
    return UrlGuard(ctx.runtime.webhook_resolver, allow_private=settings.webhook_allow_private)


async def _url_problems(ctx: Context, url: str) -> list[FieldProblem]:
    try:
        await url_guard(ctx).check(url)
    except UnsafeUrl as error:
        return [_problem(str(error), "url")]
    return []


def _description_problems(description: str) -> list[FieldProblem]:
    if len(description) > _MAX_DESCRIPTION or any(ord(char) < 32 for char in description):
        return [
            _problem(f"give a description of up to {_MAX_DESCRIPTION} characters", "description")
        ]
    return []


async def _problems(
    ctx: Context, tenant_id: uuid.UUID, changes: EndpointChanges
) -> list[FieldProblem]:
    problems = []
    if changes.url is not None:
        problems += await _url_problems(ctx, changes.url)
    if changes.description is not None:
        problems += _description_problems(changes.description)
    if changes.event_types is not None:
        held = held_permissions(ctx, tenant_id)
        problems += pattern_problems(changes.event_types, ctx.runtime.events.types, held)
    if changes.headers is not None:
        problems += header_problems(changes.headers)
    if changes.payload_permissions is not None:
        problems += grant_problems(
            ctx, tenant_id, list(changes.payload_permissions), "payloadPermissions"
        )
    return problems


def _payload_problems(
    ctx: Context, query: str | None, permissions: Sequence[str]
) -> list[FieldProblem]:
    """Check the query an endpoint will have against the permissions it will have."""
    if not query:
        return []
    return query_problems(ctx, ctx.require_tenant(), query, permissions)


async def create_endpoint(
    ctx: Context, tenant_id: uuid.UUID, fields: EndpointFields
) -> CreatedEndpoint:
    """Create an endpoint with a fresh secret; VALIDATION naming each bad field."""
    description = fields.description.strip()
    query = (fields.payload_query or "").strip() or None
    changes = EndpointChanges(
        fields.url,
        fields.event_types,
        description,
        fields.headers,
        payload_permissions=fields.payload_permissions,
    )
    problems = await _problems(ctx, tenant_id, changes)
    raise_problems(problems or _payload_problems(ctx, query, fields.payload_permissions))
    now, endpoint_id, secret = ctx.runtime.clock.now(), new_id(), new_signing_secret()
    row = WebhookEndpointRow(
        tenant_id=tenant_id,
        id=endpoint_id,
        url=fields.url,
        description=description,
        event_types=list(fields.event_types),
        is_active=fields.is_active,
        headers={header.name: header.value for header in fields.headers},
        secret=secret_box(ctx).seal(secret, tenant_id, endpoint_id),
        previous_secret=None,
        previous_secret_expires_at=None,
        disabled_reason=None,
        failing_since=None,
        payload_query=query,
        payload_permissions=sorted(set(fields.payload_permissions)),
        created_at=now,
        updated_at=now,
    )
    async with ctx.runtime.db.transaction(tenant_id) as session:
        session.add(row)
        await session.flush()
        forget_endpoints(session)
        payload = EndpointCreated(endpoint_id=str(endpoint_id))
        await emit(
            ctx, session, ENDPOINT_CREATED, payload, aggregate_id=row.id, tenant_id=tenant_id
        )
    return CreatedEndpoint(row=row, secret=secret)


async def _locked(
    session: AsyncSession, tenant_id: uuid.UUID, endpoint_id: uuid.UUID
) -> WebhookEndpointRow:
    row = await session.get(WebhookEndpointRow, (tenant_id, endpoint_id), with_for_update=True)
    if row is None:
        raise NotFound("no such webhook endpoint in this tenant", field="id")
    return row


def _apply(row: WebhookEndpointRow, changes: EndpointChanges) -> list[str]:
    wanted: dict[str, object] = {
        "url": changes.url,
        "description": None if changes.description is None else changes.description.strip(),
        "event_types": None if changes.event_types is None else list(changes.event_types),
        "headers": None
        if changes.headers is None
        else {header.name: header.value for header in changes.headers},
        "is_active": changes.is_active,
    }
    if changes.payload_permissions is not None:
        wanted["payload_permissions"] = sorted(set(changes.payload_permissions))
    changed = []
    for name, value in wanted.items():
        if value is not None and getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    if changes.payload_query is not None:
        query = changes.payload_query.strip() or None
        if row.payload_query != query:
            row.payload_query = query
            changed.append("payload_query")
    if changes.is_active:
        row.disabled_reason = None
    return changed


async def update_endpoint(
    ctx: Context, tenant_id: uuid.UUID, endpoint_id: uuid.UUID, changes: EndpointChanges
) -> WebhookEndpointRow:
    """Change an endpoint's fields; VALIDATION for bad ones, NOT_FOUND for another's endpoint.

    Switching an endpoint on clears the reason the delivery runner disabled it for. An update
    that changes nothing emits nothing.
    """
    raise_problems(await _problems(ctx, tenant_id, changes))
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, endpoint_id)
        changed = _apply(row, changes)
        if {"payload_query", "payload_permissions"} & set(changed):
            raise_problems(_payload_problems(ctx, row.payload_query, row.payload_permissions))
        if changed:
            forget_endpoints(session)
            row.updated_at = ctx.runtime.clock.now()
            payload = EndpointUpdated(endpoint_id=str(row.id), changed=changed)
            await emit(
                ctx, session, ENDPOINT_UPDATED, payload, aggregate_id=row.id, tenant_id=tenant_id
            )
    return row


async def rotate_secret(
    ctx: Context, tenant_id: uuid.UUID, endpoint_id: uuid.UUID, overlap: timedelta
) -> CreatedEndpoint:
    """Give an endpoint a new secret; the current one keeps signing for ``overlap``.

    A rotation during an earlier overlap drops the oldest secret: at most two sign at once.
    """
    if overlap < timedelta(0) or overlap > MAX_OVERLAP:
        raise_problems([_problem("give an overlap of 0 to 168 hours", "overlapHours")])
    box, secret, now = secret_box(ctx), new_signing_secret(), ctx.runtime.clock.now()
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, endpoint_id)
        ends_at = now + overlap
        row.previous_secret = row.secret if overlap else None
        row.previous_secret_expires_at = ends_at if overlap else None
        row.secret = box.seal(secret, tenant_id, endpoint_id)
        row.updated_at = now
        payload = EndpointSecretRotated(endpoint_id=str(row.id), overlap_ends_at=ends_at)
        await emit(
            ctx, session, ENDPOINT_SECRET_ROTATED, payload, aggregate_id=row.id, tenant_id=tenant_id
        )
    return CreatedEndpoint(row=row, secret=secret, overlap_ends_at=ends_at)


async def delete_endpoint(
    ctx: Context, tenant_id: uuid.UUID, endpoint_id: uuid.UUID
) -> WebhookEndpointRow:
    """Delete an endpoint: nothing more is sent to it; NOT_FOUND for another's endpoint."""
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _locked(session, tenant_id, endpoint_id)
        await session.delete(row)
        forget_endpoints(session)
        payload = EndpointDeleted(endpoint_id=str(row.id))
        await emit(
            ctx, session, ENDPOINT_DELETED, payload, aggregate_id=row.id, tenant_id=tenant_id
        )
    return row


def endpoints_of(tenant_id: uuid.UUID) -> Select[tuple[WebhookEndpointRow]]:
    """Return the statement selecting the tenant's endpoints."""
    statement: Select[tuple[WebhookEndpointRow]] = select(WebhookEndpointRow)
    return statement.where(WebhookEndpointRow.tenant_id == tenant_id)


async def list_endpoints(ctx: Context, tenant_id: uuid.UUID) -> list[WebhookEndpointRow]:
    """Return every endpoint of the tenant, oldest first."""
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        statement = endpoints_of(tenant_id).order_by(WebhookEndpointRow.id)
        return list(await session.scalars(statement))


async def get_endpoint(
    ctx: Context, tenant_id: uuid.UUID, endpoint_id: uuid.UUID
) -> WebhookEndpointRow:
    """Return an endpoint of the tenant; NOT_FOUND otherwise."""
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.get(WebhookEndpointRow, (tenant_id, endpoint_id))
    if row is None:
        raise NotFound("no such webhook endpoint in this tenant", field="id")
    return row
