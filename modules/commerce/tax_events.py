"""Commerce's tax events: tax classes and rates created, changed and deleted (version 1).

Each entity is its own aggregate (``commerce.tax_class``, ``commerce.tax_rate``); holders of
``commerce.manage_taxes`` see them.
"""

from __future__ import annotations

from app.events.declarations import EventPayload, EventType
from modules.commerce.permissions import MANAGE_TAXES

__all__ = [
    "TAX_CLASS_CREATED",
    "TAX_CLASS_DELETED",
    "TAX_CLASS_UPDATED",
    "TAX_EVENTS",
    "TAX_RATE_CREATED",
    "TAX_RATE_DELETED",
    "TAX_RATE_UPDATED",
    "TaxClassChanged",
    "TaxClassRef",
    "TaxRateChanged",
    "TaxRateCreated",
    "TaxRateRef",
]


class TaxClassRef(EventPayload):
    """A tax class was created or deleted."""

    tax_class_id: str
    code: str


class TaxClassChanged(EventPayload):
    """A tax class's fields changed; ``changed`` names the input fields."""

    tax_class_id: str
    code: str
    changed: list[str]


class TaxRateCreated(EventPayload):
    """A tax rate was created; ``region`` is empty for the whole country."""

    tax_rate_id: str
    tax_class_id: str
    country: str
    region: str


class TaxRateChanged(EventPayload):
    """A tax rate's fields changed; ``changed`` names the input fields."""

    tax_rate_id: str
    changed: list[str]


class TaxRateRef(EventPayload):
    """A tax rate was deleted (by itself, or with its class)."""

    tax_rate_id: str


def _type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=MANAGE_TAXES, description=description
    )


TAX_CLASS_CREATED = _type("commerce.tax_class.created", TaxClassRef, "A tax class was created.")
TAX_CLASS_UPDATED = _type(
    "commerce.tax_class.updated", TaxClassChanged, "A tax class's fields changed."
)
TAX_CLASS_DELETED = _type("commerce.tax_class.deleted", TaxClassRef, "A tax class was deleted.")
TAX_RATE_CREATED = _type("commerce.tax_rate.created", TaxRateCreated, "A tax rate was created.")
TAX_RATE_UPDATED = _type(
    "commerce.tax_rate.updated", TaxRateChanged, "A tax rate's fields changed."
)
TAX_RATE_DELETED = _type("commerce.tax_rate.deleted", TaxRateRef, "A tax rate was deleted.")

TAX_EVENTS = (
    TAX_CLASS_CREATED,
    TAX_CLASS_UPDATED,
    TAX_CLASS_DELETED,
    TAX_RATE_CREATED,
    TAX_RATE_UPDATED,
    TAX_RATE_DELETED,
)
