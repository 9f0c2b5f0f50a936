"""A shop that taxes and ships, for the cart and checkout tests of taxes and shipping.

Three tees (A and B at 1.02 EUR and 400 g, C at 1.01 EUR and 300 g), the default class
``standard`` at 19% in DE and 20% in AT, a zone ``EU`` (DE, AT) with a flat ``Standard`` rate
(4.90 EUR, taxed as ``standard``) and a weight-based ``Parcel`` rate (up to 1,000 g 5.00 EUR,
up to 2,000 g 9.00 EUR, untaxed), and a zone ``Alps`` (CH) without rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.support.commerce import CommerceApp
from tests.support.shipping import shipping_rate, standard_class, tax_rate, zone

__all__ = ["CART", "CART_UPDATE", "TaxedShop", "cart_update", "set_settings", "taxed_shop"]

_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""
CART = """
id email taxIncluded taxEstimated
shippingAddress { country region city line1 }
billingAddress { country }
lines { variant { sku } total { amount } tax { amount } }
totals {
  subtotal { amount } discount { amount } shipping { amount } tax { amount } total { amount }
}
shippingRate { name cartPrice { amount } }
availableShippingRates { id name cartPrice { amount currency } }
"""
CART_UPDATE = f"""
mutation ($input: CartUpdateInput!) {{
  cartUpdate(input: $input) {{ cart {{ {CART} }} errors {{ code field message }} }}
}}
"""


@dataclass(frozen=True, slots=True)
class TaxedShop:
    """The tees by SKU, and the rates by name (global IDs)."""

    variants: dict[str, str]
    rates: dict[str, str]

    def lines(self, quantities: dict[str, int] | None = None) -> list[dict[str, Any]]:
        """Return cart lines: one of each tee unless told."""
        wanted = quantities or {"TEE-A": 1, "TEE-B": 1, "TEE-C": 1}
        return [{"variantId": self.variants[s], "quantity": q} for s, q in wanted.items()]


async def set_settings(app: CommerceApp, **values: Any) -> None:
    """Set commerce's settings (EUR and USD kept) as the owner."""
    settings = {"default_currency": "EUR", "currencies": ["EUR", "USD"], **values}
    owner = app.member("core.manage_modules")
    body = await app.gql(
        _SETTINGS, {"input": {"module": "commerce", "settings": settings}}, token=owner
    )
    assert body["data"]["moduleSettingsUpdate"]["errors"] == [], body


async def taxed_shop(app: CommerceApp) -> TaxedShop:
    """Create the tees, tax rates, zones and shipping rates."""
    tees = [("A", 102, 400), ("B", 102, 400), ("C", 101, 300)]
    product = await app.product(
        slug="tees",
        status="ACTIVE",
        options=[{"name": "Size", "values": [name for name, _, _ in tees]}],
        variants=[
            {
                "sku": f"TEE-{name}",
                "optionValues": [{"name": "Size", "value": name}],
                "prices": [{"amount": amount, "currency": "EUR"}],
                "weightGrams": grams,
            }
            for name, amount, grams in tees
        ],
    )
    standard = await standard_class(app)
    await tax_rate(app, standard, "DE", "19")
    await tax_rate(app, standard, "AT", "20")
    eu = (await zone(app, "EU", "DE", "AT"))["id"]
    await zone(app, "Alps", "CH")
    flat = await shipping_rate(app, eu, taxClassId=standard)
    brackets = [
        {"upToGrams": 1000, "price": {"amount": 500, "currency": "EUR"}},
        {"upToGrams": 2000, "price": {"amount": 900, "currency": "EUR"}},
    ]
    parcel = await shipping_rate(
        app, eu, name="Parcel", kind="WEIGHT", price=None, brackets=brackets
    )
    return TaxedShop(
        variants={v["sku"]: v["id"] for v in product["variants"]},
        rates={"Standard": flat["id"], "Parcel": parcel["id"]},
    )


async def cart_update(
    app: CommerceApp, token: str, caller: str | None = None, **values: Any
) -> dict[str, Any]:
    """Run cartUpdate on the cart with ``token`` (anonymously unless ``caller``)."""
    body = await app.gql(CART_UPDATE, {"input": {"token": token, **values}}, token=caller)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["cartUpdate"]
    return payload
