"""Reading the audit log: a tenant's entries, filtered, newest first."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from app.audit.models import AuditEntryRow

__all__ = ["AuditFilter", "select_audit_entries"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditFilter:
    """Which entries to keep; every given condition must hold.

    Attributes:
        types: Only events of these types (what the principal may see); None for every type.
        actor: Only entries caused by this actor (``user:<id>``, ``system``, ...).
        aggregate_type: Only entries about this aggregate type (``commerce.product``).
        aggregate_id: Only entries about this aggregate id.
        since: Only events that occurred at or after this moment.
        until: Only events that occurred before this moment.
    """

    types: Collection[str] | None = None
    actor: str | None = None
    aggregate_type: str | None = None
    aggregate_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def select_audit_entries(
    tenant_id: uuid.UUID, criteria: AuditFilter
) -> Select[tuple[AuditEntryRow]]:
    """Return the statement selecting a tenant's entries that meet ``criteria`` (unordered)."""
    statement: Select[tuple[AuditEntryRow]] = select(AuditEntryRow)
    statement = statement.where(AuditEntryRow.tenant_id == tenant_id)
    if criteria.types is not None:
        statement = statement.where(AuditEntryRow.type.in_(sorted(criteria.types)))
    if criteria.actor is not None:
        statement = statement.where(AuditEntryRow.actor == criteria.actor)
    if criteria.aggregate_type is not None:
        statement = statement.where(AuditEntryRow.aggregate_type == criteria.aggregate_type)
    if criteria.aggregate_id is not None:
        statement = statement.where(AuditEntryRow.aggregate_id == criteria.aggregate_id)
    if criteria.since is not None:
        statement = statement.where(AuditEntryRow.occurred_at >= criteria.since)
    if criteria.until is not None:
        statement = statement.where(AuditEntryRow.occurred_at < criteria.until)
    return statement
