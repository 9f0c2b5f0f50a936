"""Commerce's price list events: lists created, changed, deleted, and a variant's tiers set (v1).

Each price list is its own aggregate (``commerce.price_list``); holders of
``commerce.manage_prices`` see them. Payloads are thin: ids, the currency, the names of the
fields that changed, and the minimum quantities of a variant's tiers.
"""

from __future__ import annotations

from app.events.declarations import EventPayload, EventType
from modules.commerce.permissions import MANAGE_PRICES

__all__ = [
    "PRICE_LIST_CREATED",
    "PRICE_LIST_DELETED",
    "PRICE_LIST_ENTRIES_SET",
    "PRICE_LIST_EVENTS",
    "PRICE_LIST_UPDATED",
    "PriceListChanged",
    "PriceListEntriesSet",
    "PriceListRef",
]


class PriceListRef(EventPayload):
    """A price list was created or deleted."""

    price_list_id: str
    currency: str


class PriceListChanged(EventPayload):
    """A price list's fields changed; ``changed`` names the input fields."""

    price_list_id: str
    changed: list[str]


class PriceListEntriesSet(EventPayload):
    """A variant's tiers in a list were replaced; ``min_quantities`` are the new ones (or none)."""

    price_list_id: str
    variant_id: str
    min_quantities: list[int]


def _type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=MANAGE_PRICES, description=description
    )


PRICE_LIST_CREATED = _type("commerce.price_list.created", PriceListRef, "A price list was created.")
PRICE_LIST_UPDATED = _type(
    "commerce.price_list.updated", PriceListChanged, "A price list's fields changed."
)
PRICE_LIST_DELETED = _type("commerce.price_list.deleted", PriceListRef, "A price list was deleted.")
PRICE_LIST_ENTRIES_SET = _type(
    "commerce.price_list.entries_set",
    PriceListEntriesSet,
    "A variant's quantity tiers in a price list were replaced.",
)
PRICE_LIST_EVENTS = (
    PRICE_LIST_CREATED,
    PRICE_LIST_UPDATED,
    PRICE_LIST_DELETED,
    PRICE_LIST_ENTRIES_SET,
)
