"""What a catalog list hands its products: the read model's row, served without source reads.

A product that comes from ``products(...)`` (the storefront list) carries its listing row, so
these fields answer from the row's pre-shaped columns, with no statement of their own:

- ``Product.variants``, and on each listed variant ``id``, ``sku``, ``title``,
  ``selectedOptions`` and ``isInStock`` (the ``variants`` JSON);
- ``Product.options`` (``option_values``) and ``Product.isInStock`` (any variant in stock);
- ``Product.priceRange(currency)`` and ``ProductVariant.compareAtPrice(currency)`` when the
  currency asked (the shop's default when none is) is the row's: both are base prices;
- ``ProductVariant.price(currency, quantity)`` only when, besides, ``quantity`` is 1 and no
  price list may apply. ``price`` is the principal's price: the row holds the base price of
  one unit in its currency, which is what anonymous visitors, staff and API keys pay unless a
  price list for everyone is live in that currency (the page reads that in one statement). A
  signed-in customer may be in a group with its own price list, so their listed variants
  resolve ``price`` through the loader (``price_loaders``), as ``product(id|slug)`` does.

Every other case (another currency, a quantity above 1, a customer; and a listed variant's
``weightGrams``, ``barcode``, ``trackInventory``, ``allowBackorder``, ``basePrices``, ``stock``,
which the row lacks) falls back to the request's DataLoaders on the source tables. The row is as
fresh as the projection ``commerce.catalog``, which the list itself already depends on.
``product(id|slug)``, ``node(id:)`` and the admin's reads never carry a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.auth.principal import CustomerPrincipal, Principal
from modules.commerce.listing.models import ProductListingRow

__all__ = ["ListedProduct", "has_customer_pricing"]


def has_customer_pricing(principal: Principal) -> bool:
    """Return whether ``principal``'s price may differ from the base price (a customer's)."""
    return isinstance(principal, CustomerPrincipal)


@dataclass(frozen=True, slots=True)
class ListedProduct:
    """A product's listing row, the shop's default currency, and whose list it is in.

    Attributes:
        row: The read model's row (one currency).
        default_currency: The currency a field's absent ``currency`` argument means.
        is_base_pricing: Whether the principal pays base prices (see the module docstring).
    """

    row: ProductListingRow
    default_currency: str
    is_base_pricing: bool

    def is_row_currency(self, currency: str | None) -> bool:
        """Return whether ``currency`` (absent: the default) is the row's."""
        return (currency or self.default_currency) == self.row.currency

    def serves_price(self, currency: str | None, quantity: int) -> bool:
        """Return whether ``price(currency, quantity)`` answers from the row."""
        return quantity == 1 and self.is_base_pricing and self.is_row_currency(currency)
