"""Commerce's customer events: address book entries and customer groups (version 1).

An address is its own aggregate (``commerce.address``), and so is a group
(``commerce.customer_group``, its membership changes included). Payloads are thin: ids and the
names of what changed, never an address's text. Holders of ``commerce.view_customers`` see them.
"""

from __future__ import annotations

from app.events.declarations import EventPayload, EventType
from modules.commerce.permissions import VIEW_CUSTOMERS

__all__ = [
    "ADDRESS_CREATED",
    "ADDRESS_DELETED",
    "ADDRESS_UPDATED",
    "CUSTOMER_EVENTS",
    "CUSTOMER_GROUP_CREATED",
    "CUSTOMER_GROUP_DELETED",
    "CUSTOMER_GROUP_MEMBERS_CHANGED",
    "CUSTOMER_GROUP_UPDATED",
    "AddressChanged",
    "AddressRef",
    "CustomerGroupChanged",
    "CustomerGroupCreated",
    "CustomerGroupMembersChanged",
    "CustomerGroupRef",
]


class AddressRef(EventPayload):
    """A customer's address was created or deleted."""

    address_id: str
    customer_id: str


class AddressChanged(EventPayload):
    """A customer's address changed; ``changed`` names the input fields."""

    address_id: str
    customer_id: str
    changed: list[str]


class CustomerGroupCreated(EventPayload):
    """A customer group was created."""

    customer_group_id: str
    code: str


class CustomerGroupChanged(EventPayload):
    """A customer group's fields changed; ``changed`` names the input fields."""

    customer_group_id: str
    changed: list[str]


class CustomerGroupRef(EventPayload):
    """A customer group was deleted (its memberships went with it)."""

    customer_group_id: str


class CustomerGroupMembersChanged(EventPayload):
    """Customers joined or left a group; each list is of customer ids, possibly empty."""

    customer_group_id: str
    added_customer_ids: list[str]
    removed_customer_ids: list[str]


def _type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=VIEW_CUSTOMERS, description=description
    )


ADDRESS_CREATED = _type(
    "commerce.address.created", AddressRef, "A customer added an address to their book."
)
ADDRESS_UPDATED = _type(
    "commerce.address.updated", AddressChanged, "An address in a customer's book changed."
)
ADDRESS_DELETED = _type(
    "commerce.address.deleted", AddressRef, "An address left a customer's book."
)
CUSTOMER_GROUP_CREATED = _type(
    "commerce.customer_group.created", CustomerGroupCreated, "A customer group was created."
)
CUSTOMER_GROUP_UPDATED = _type(
    "commerce.customer_group.updated", CustomerGroupChanged, "A customer group's fields changed."
)
CUSTOMER_GROUP_DELETED = _type(
    "commerce.customer_group.deleted", CustomerGroupRef, "A customer group was deleted."
)
CUSTOMER_GROUP_MEMBERS_CHANGED = _type(
    "commerce.customer_group.members_changed",
    CustomerGroupMembersChanged,
    "Customers joined or left a customer group.",
)

CUSTOMER_EVENTS = (
    ADDRESS_CREATED,
    ADDRESS_UPDATED,
    ADDRESS_DELETED,
    CUSTOMER_GROUP_CREATED,
    CUSTOMER_GROUP_UPDATED,
    CUSTOMER_GROUP_DELETED,
    CUSTOMER_GROUP_MEMBERS_CHANGED,
)
