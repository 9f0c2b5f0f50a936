"""Commerce's event types: thin payloads (ids, slug, status, amounts), version 1 unless told.

The core derives an event's aggregate from its type, so each entity is its own aggregate:
``commerce.product`` (the product id), ``commerce.variant`` (the variant id),
``commerce.category``, ``commerce.warehouse``, ``commerce.stock`` (the variant id, so a
variant's stock changes in every warehouse stay in order), ``commerce.cart`` (the cart id) and
``commerce.order`` (the order id).
Cart line edits emit nothing: a cart is scratch state, and the order is the record.
"""

from __future__ import annotations

from typing import Any

from app.events.declarations import EventPayload, EventType
from modules.commerce.permissions import VIEW_INVENTORY, VIEW_ORDERS, VIEW_PRODUCTS

__all__ = [
    "CART_ABANDONED",
    "CART_CREATED",
    "CATEGORY_CREATED",
    "CATEGORY_DELETED",
    "CATEGORY_UPDATED",
    "EVENTS",
    "ORDER_CANCELLED",
    "ORDER_PLACED",
    "PRODUCT_CREATED",
    "PRODUCT_DELETED",
    "PRODUCT_STATUS_CHANGED",
    "PRODUCT_UPDATED",
    "STOCK_CHANGED",
    "VARIANT_CREATED",
    "VARIANT_DELETED",
    "VARIANT_PRICES_UPDATED",
    "VARIANT_UPDATED",
    "WAREHOUSE_CREATED",
    "WAREHOUSE_UPDATED",
    "CartAbandoned",
    "CartCreated",
    "CategoryCreated",
    "CategoryDeleted",
    "CategoryUpdated",
    "OrderCancelled",
    "OrderPlaced",
    "ProductCreated",
    "ProductDeleted",
    "ProductStatusChanged",
    "ProductUpdated",
    "StockChanged",
    "VariantChanged",
    "VariantPricesUpdated",
    "VariantRef",
    "WarehouseChanged",
    "WarehouseCreated",
]

PRODUCT_AGGREGATE = "commerce.product"


class ProductCreated(EventPayload):
    """A product was created with its variants."""

    product_id: str
    slug: str
    status: str
    variant_ids: list[str]


class ProductUpdated(EventPayload):
    """A product's fields changed; ``changed`` names the input fields."""

    product_id: str
    changed: list[str]


class ProductStatusChanged(EventPayload):
    """A product moved from one status to another (``draft``, ``active``, ``archived``)."""

    product_id: str
    from_status: str
    to_status: str


class ProductDeleted(EventPayload):
    """A product was deleted with its variants."""

    product_id: str
    variant_ids: list[str]


class VariantRef(EventPayload):
    """A variant was created or deleted."""

    product_id: str
    variant_id: str
    sku: str


class VariantChanged(EventPayload):
    """A variant's fields changed; ``changed`` names the input fields."""

    product_id: str
    variant_id: str
    changed: list[str]


class VariantPricesUpdated(EventPayload):
    """A variant's base prices were set; ``currencies`` are those it now has a price in."""

    product_id: str
    variant_id: str
    currencies: list[str]


class CategoryCreated(EventPayload):
    """A category was created at ``path``."""

    category_id: str
    parent_id: str | None = None
    path: str


class CategoryUpdated(EventPayload):
    """A category changed; ``previous_path`` is set when it was renamed or moved."""

    category_id: str
    parent_id: str | None = None
    path: str
    previous_path: str | None = None


class CategoryDeleted(EventPayload):
    """A category was deleted."""

    category_id: str
    path: str


class WarehouseCreated(EventPayload):
    """A warehouse was created."""

    warehouse_id: str
    code: str


class WarehouseChanged(EventPayload):
    """A warehouse's fields changed; ``changed`` names the input fields."""

    warehouse_id: str
    code: str
    changed: list[str]


class StockChanged(EventPayload):
    """A variant's stock in one warehouse changed; ``available`` is on hand less reserved there.

    ``reason`` is the movement's: ``adjustment``, ``receipt``, ``return``, ``reservation``,
    ``release`` (and, with their features, ``fulfilment`` and ``import``).
    """

    product_id: str
    variant_id: str
    warehouse_id: str
    reason: str
    available: int


class CartCreated(EventPayload):
    """A cart was created; ``customer_id`` is set when a signed-in customer created it."""

    cart_id: str
    customer_id: str | None = None
    currency: str


class CartAbandoned(EventPayload):
    """An open cart sat idle for the tenant's ``cart_abandoned_after_hours``."""

    cart_id: str
    customer_id: str | None = None
    currency: str
    subtotal_amount: int
    line_count: int


class OrderPlaced(EventPayload):
    """A cart became an order (``checkoutComplete``); stock is reserved for it.

    ``payment_method`` is null until payments land. Version 2 adds what discounts took off
    (``discount_amount``) and which discounts did (``discount_ids``); a version 1 payload
    upcasts with 0 and none.
    """

    order_id: str
    number: str
    customer_id: str | None = None
    currency: str
    total_amount: int
    line_count: int
    payment_method: str | None = None
    discount_amount: int
    discount_ids: list[str]


def _placed_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "discount_amount": 0, "discount_ids": []}


class OrderCancelled(EventPayload):
    """An order was cancelled and its reserved stock released.

    ``reason`` is the staff's (``orderCancel``) or ``expired`` (the reservation expired).
    """

    order_id: str
    number: str
    customer_id: str | None = None
    reason: str


def _type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=VIEW_PRODUCTS, description=description
    )


def _inventory_type(name: str, payload: type[EventPayload], description: str) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=VIEW_INVENTORY, description=description
    )


PRODUCT_CREATED = _type("commerce.product.created", ProductCreated, "A product was created.")
PRODUCT_UPDATED = _type("commerce.product.updated", ProductUpdated, "A product's fields changed.")
PRODUCT_STATUS_CHANGED = _type(
    "commerce.product.status_changed", ProductStatusChanged, "A product's status changed."
)
PRODUCT_DELETED = _type("commerce.product.deleted", ProductDeleted, "A product was deleted.")
VARIANT_CREATED = _type("commerce.variant.created", VariantRef, "A variant was created.")
VARIANT_UPDATED = _type("commerce.variant.updated", VariantChanged, "A variant's fields changed.")
VARIANT_DELETED = _type("commerce.variant.deleted", VariantRef, "A variant was deleted.")
VARIANT_PRICES_UPDATED = _type(
    "commerce.variant.prices_updated", VariantPricesUpdated, "A variant's base prices were set."
)
CATEGORY_CREATED = _type("commerce.category.created", CategoryCreated, "A category was created.")
CATEGORY_UPDATED = _type(
    "commerce.category.updated", CategoryUpdated, "A category was renamed, moved or reordered."
)
CATEGORY_DELETED = _type("commerce.category.deleted", CategoryDeleted, "A category was deleted.")
WAREHOUSE_CREATED = _inventory_type(
    "commerce.warehouse.created", WarehouseCreated, "A warehouse was created."
)
WAREHOUSE_UPDATED = _inventory_type(
    "commerce.warehouse.updated", WarehouseChanged, "A warehouse's fields changed."
)
STOCK_CHANGED = _inventory_type(
    "commerce.stock.changed", StockChanged, "A variant's stock in a warehouse changed."
)

CART_CREATED = EventType(
    name="commerce.cart.created",
    version=1,
    payload=CartCreated,
    permission=VIEW_ORDERS,
    description="A cart was created.",
)
CART_ABANDONED = EventType(
    name="commerce.cart.abandoned",
    version=1,
    payload=CartAbandoned,
    permission=VIEW_ORDERS,
    description="An open cart was left idle and marked abandoned.",
)

ORDER_PLACED = EventType(
    name="commerce.order.placed",
    version=2,
    payload=OrderPlaced,
    permission=VIEW_ORDERS,
    description="A cart became an order, with its stock reserved.",
    upcasters={1: _placed_v1_to_v2},
)
ORDER_CANCELLED = EventType(
    name="commerce.order.cancelled",
    version=1,
    payload=OrderCancelled,
    permission=VIEW_ORDERS,
    description="An order was cancelled and its reserved stock released.",
)

EVENTS = (
    PRODUCT_CREATED,
    PRODUCT_UPDATED,
    PRODUCT_STATUS_CHANGED,
    PRODUCT_DELETED,
    VARIANT_CREATED,
    VARIANT_UPDATED,
    VARIANT_DELETED,
    VARIANT_PRICES_UPDATED,
    CATEGORY_CREATED,
    CATEGORY_UPDATED,
    CATEGORY_DELETED,
    WAREHOUSE_CREATED,
    WAREHOUSE_UPDATED,
    STOCK_CHANGED,
    CART_CREATED,
    CART_ABANDONED,
    ORDER_PLACED,
    ORDER_CANCELLED,
)
