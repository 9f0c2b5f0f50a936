"""Events of storefront customers: thin payloads (ids and field names, never an email)."""

from __future__ import annotations

from app.auth.permissions import VIEW_CUSTOMERS
from app.events.declarations import EventPayload, EventType

__all__ = [
    "CUSTOMER_CREATED",
    "CUSTOMER_EVENTS",
    "CUSTOMER_UPDATED",
    "CUSTOMER_VERIFIED",
    "CustomerChanged",
    "CustomerCreated",
    "CustomerVerified",
]


class CustomerCreated(EventPayload):
    """A customer signed up in the tenant."""

    customer_id: str


class CustomerVerified(EventPayload):
    """A customer proved they read the account's mailbox."""

    customer_id: str


class CustomerChanged(EventPayload):
    """A customer's account changed; which fields (``password`` included, never its value)."""

    customer_id: str
    changed: list[str]


CUSTOMER_CREATED = EventType(
    name="core.customer.created",
    version=1,
    payload=CustomerCreated,
    permission=VIEW_CUSTOMERS,
    description="A customer signed up on the storefront.",
)
CUSTOMER_VERIFIED = EventType(
    name="core.customer.verified",
    version=1,
    payload=CustomerVerified,
    permission=VIEW_CUSTOMERS,
    description="A customer verified the account's email address.",
)
CUSTOMER_UPDATED = EventType(
    name="core.customer.updated",
    version=1,
    payload=CustomerChanged,
    permission=VIEW_CUSTOMERS,
    description="A customer changed the profile or reset the password.",
)

CUSTOMER_EVENTS = (CUSTOMER_CREATED, CUSTOMER_VERIFIED, CUSTOMER_UPDATED)
