"""What an order copies from its cart at checkout, and when a cart cannot ship.

The order is written ``placed`` / ``unpaid`` / ``unfulfilled`` (``paid`` when its total is 0:
nothing is owed) with the totals computed at checkout's prices and discounts, the cart's
addresses and a snapshot of the chosen shipping rate (its id, zone, name, kind, tax rate and
tax: the rate may change or go later); each line copies its SKU, names, unit price, discount,
tax and tax rate, so later catalog or discount changes never rewrite the order.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from app.identity.tokens import hash_secret
from app.ids import new_id
from app.runtime import Context
from modules.commerce.cart_models import CartLineRow, CartRow
from modules.commerce.cart_pricing import Quote
from modules.commerce.cart_totals import Totals
from modules.commerce.models import ProductRow, VariantRow
from modules.commerce.order_models import OrderLineRow, OrderRow
from modules.commerce.order_rules import FulfilmentStatus, OrderStatus, PaymentStatus
from modules.commerce.shipping_quotes import has_zones
from modules.commerce.tax_rules import percent_text

__all__ = ["new_order", "shipping_problems", "snapshot_lines"]


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


async def shipping_problems(
    session: AsyncSession, cart: CartRow, totals: Totals
) -> list[FieldProblem]:
    """Return why a cart cannot ship, when the shop ships (has a zone): no address or rate."""
    if not await has_zones(session, cart.tenant_id):
        return []
    if cart.shipping_address is None:
        return [_problem("give the cart a shipping address (cartUpdate)", "shippingAddress")]
    if totals.shipping is None:
        message = "choose one of the cart's availableShippingRates (cartUpdate)"
        return [_problem(message, "shippingRateId")]
    return []


def _rate_snapshot(totals: Totals) -> dict[str, str] | None:
    shipping = totals.shipping
    if shipping is None:
        return None
    return {
        "id": str(shipping.rate.id),
        "zone_id": str(shipping.rate.zone_id),
        "name": shipping.rate.name,
        "kind": shipping.rate.kind,
        "tax_rate_percent": percent_text(shipping.rate_ppm),
        "tax_amount": str(shipping.tax_amount),
    }


def new_order(
    ctx: Context, cart: CartRow, key: str, token: str, number: str, totals: Totals
) -> OrderRow:
    """Return the order a cart becomes: placed, unfulfilled, unpaid (paid at 0), with totals."""
    now = ctx.runtime.clock.now()
    return OrderRow(
        tenant_id=cart.tenant_id,
        id=new_id(),
        number=number,
        cart_id=cart.id,
        customer_id=cart.customer_id,
        email=cart.email,
        access_token_hash=hash_secret(token),
        currency=cart.currency,
        status=OrderStatus.PLACED,
        payment_status=PaymentStatus.PAID if totals.total == 0 else PaymentStatus.UNPAID,
        fulfilment_status=FulfilmentStatus.UNFULFILLED,
        prices_include_tax=totals.inclusive,
        subtotal_amount=totals.subtotal,
        discount_amount=totals.discount,
        shipping_amount=0 if totals.shipping is None else totals.shipping.amount,
        tax_amount=totals.tax,
        total_amount=totals.total,
        paid_amount=0,
        refunded_amount=0,
        shipping_address=cart.shipping_address,
        billing_address=cart.billing_address,
        shipping_rate=_rate_snapshot(totals),
        payment_method=None,
        idempotency_key=key,
        placed_at=now,
        created_at=now,
        updated_at=now,
    )


async def snapshot_lines(
    session: AsyncSession,
    order: OrderRow,
    rows: list[CartLineRow],
    offer: Quote,
    totals: Totals,
) -> list[OrderLineRow]:
    """Copy each cart line into the order at the price resolved now, with its names and tax."""
    named = await session.execute(
        select(VariantRow, ProductRow.name)
        .join(
            ProductRow,
            (ProductRow.tenant_id == VariantRow.tenant_id)
            & (ProductRow.id == VariantRow.product_id),
        )
        .where(
            VariantRow.tenant_id == order.tenant_id,
            VariantRow.id.in_([row.variant_id for row in rows]),
        )
    )
    variants = {variant.id: (variant, name) for variant, name in named.all()}
    lines = []
    for row in rows:
        variant, product_name = variants[row.variant_id]
        unit, tax = offer.prices[row.variant_id], totals.lines[row.variant_id]
        lines.append(
            OrderLineRow(
                tenant_id=order.tenant_id,
                id=new_id(),
                order_id=order.id,
                variant_id=variant.id,
                product_id=variant.product_id,
                sku=variant.sku,
                product_name=product_name,
                variant_title=variant.title,
                quantity=row.quantity,
                unit_amount=unit,
                discount_amount=tax.discount_amount,
                tax_amount=tax.tax_amount,
                tax_rate_ppm=tax.rate_ppm,
                total_amount=unit * row.quantity - tax.discount_amount,
                fulfilled_quantity=0,
                refunded_quantity=0,
                created_at=order.placed_at,
                updated_at=order.placed_at,
            )
        )
    return lines
