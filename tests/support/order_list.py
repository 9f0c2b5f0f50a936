"""Order list helpers for commerce's tests: a named customer, and the list's read rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.auth.principal import CustomerPrincipal
from app.identity.customer_models import CustomerRow
from app.ids import encode_global_id, new_id
from modules.commerce.listing.order_models import OrderListingRow
from tests.support.commerce import CommerceApp

__all__ = ["NamedCustomer", "listing_rows", "named_customer"]


@dataclass(frozen=True, slots=True)
class NamedCustomer:
    """A customer of the tenant with a row in ``core_customers``: id, global ID, token."""

    id: uuid.UUID
    global_id: str
    token: str


async def named_customer(app: CommerceApp, name: str, email: str) -> NamedCustomer:
    """Create an active customer called ``name``; return it with a token acting as it."""
    runtime = app.api.state.runtime
    now = app.clock.now()
    customer_id = new_id()
    async with runtime.db.transaction(app.tenant.id) as session:
        session.add(
            CustomerRow(
                tenant_id=app.tenant.id,
                id=customer_id,
                email=email,
                display_name=name,
                password_hash="not-a-hash",
                email_verified_at=now,
                status="active",
                locale="en",
                created_at=now,
                updated_at=now,
            )
        )
    principal = CustomerPrincipal(customer_id=customer_id, tenant_id=app.tenant.id)
    return NamedCustomer(
        id=customer_id,
        global_id=encode_global_id("Customer", customer_id),
        token=app.api.auth.issue(principal),
    )


async def listing_rows(app: CommerceApp) -> list[dict[str, Any]]:
    """Return the tenant's order list rows, by number, without the tenant and timestamps."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(OrderListingRow)
            .where(OrderListingRow.tenant_id == app.tenant.id)
            .order_by(OrderListingRow.number)
        )
        return [
            {
                "number": row.number,
                "status": row.status,
                "payment_status": row.payment_status,
                "fulfilment_status": row.fulfilment_status,
                "customer_id": row.customer_id,
                "customer_name": row.customer_name,
                "email": row.email,
                "currency": row.currency,
                "total_amount": row.total_amount,
                "item_count": row.item_count,
                "search_text": row.search_text,
                "last_event_id": row.last_event_id,
            }
            for row in rows
        ]
