"""Commerce's permissions (``commerce.<verb>_<object>``).

Of checkout and orders (issue #8), ``view_orders`` (orders, payments, refunds, and the cart
events), ``manage_orders`` (cancelling), ``manage_payments`` (capturing, voiding, refunding) and
``view_customers`` (the e-mail on orders, customers' address books and groups) have come, and
``manage_customers`` (customer groups and their members); the others come with their
features. A customer holds no declared permission (the core's ``CustomerPrincipal``), so the
storefront's own-order reads and the address book are ``@authenticated`` and check the
customer in the service.
"""

from __future__ import annotations

from app.registry import Permission

__all__ = [
    "IMPORT_PRODUCTS",
    "MANAGE_CUSTOMERS",
    "MANAGE_DISCOUNTS",
    "MANAGE_INVENTORY",
    "MANAGE_ORDERS",
    "MANAGE_PAYMENTS",
    "MANAGE_PRICES",
    "MANAGE_PRODUCTS",
    "MANAGE_SHIPPING",
    "MANAGE_TAXES",
    "PERMISSIONS",
    "VIEW_CUSTOMERS",
    "VIEW_INVENTORY",
    "VIEW_ORDERS",
    "VIEW_PRODUCTS",
]

VIEW_PRODUCTS = Permission(
    "commerce.view_products", "See draft and archived products, attributes, import history."
)
MANAGE_PRODUCTS = Permission(
    "commerce.manage_products",
    "Create, edit and delete products, variants, options, media, attributes, categories, "
    "collections; set base prices.",
)
MANAGE_PRICES = Permission("commerce.manage_prices", "Manage price lists, their tiers and windows.")
VIEW_INVENTORY = Permission(
    "commerce.view_inventory", "See warehouses, stock levels and the movement trail."
)
MANAGE_INVENTORY = Permission(
    "commerce.manage_inventory", "Create and edit warehouses; adjust stock."
)
IMPORT_PRODUCTS = Permission(
    "commerce.import_products", "Run CSV imports and exports and download exports."
)
VIEW_ORDERS = Permission(
    "commerce.view_orders", "See orders, payments, refunds, fulfilments and carts."
)
MANAGE_ORDERS = Permission(
    "commerce.manage_orders", "Cancel and complete orders; create and ship fulfilments."
)
MANAGE_PAYMENTS = Permission(
    "commerce.manage_payments", "Capture and void payments; issue refunds."
)
VIEW_CUSTOMERS = Permission(
    "commerce.view_customers",
    "See customers' commerce data: addresses, groups, order history, e-mail on orders.",
)
MANAGE_CUSTOMERS = Permission(
    "commerce.manage_customers", "Manage customer groups and who is in them."
)
MANAGE_TAXES = Permission("commerce.manage_taxes", "Manage tax classes and rates.")
MANAGE_SHIPPING = Permission("commerce.manage_shipping", "Manage shipping zones and rates.")
MANAGE_DISCOUNTS = Permission("commerce.manage_discounts", "See and manage discounts and codes.")
PERMISSIONS = (
    VIEW_PRODUCTS,
    MANAGE_PRODUCTS,
    MANAGE_PRICES,
    VIEW_INVENTORY,
    MANAGE_INVENTORY,
    IMPORT_PRODUCTS,
    VIEW_ORDERS,
    MANAGE_ORDERS,
    MANAGE_PAYMENTS,
    VIEW_CUSTOMERS,
    MANAGE_CUSTOMERS,
    MANAGE_TAXES,
    MANAGE_SHIPPING,
    MANAGE_DISCOUNTS,
)
