"""The checkout baseline's statements (PostgreSQL, asyncpg parameters), one per step.

They write the rows ``checkoutComplete`` writes: the stock levels' reserved counts, one stock
movement and one reservation per line, the order counter, the order and its lines, the
``commerce.expire_order`` job, the cart's status, and the outbox: per event its aggregate's
sequence, the event and one pending delivery per subscriber.
"""

from __future__ import annotations

from bench._outbox_sql import DELIVERIES, SEQUENCE

__all__ = [
    "COMPLETE_CART",
    "COUNTER",
    "DELIVERIES",
    "EVENT",
    "JOB",
    "LINES",
    "LOCK_CART",
    "MOVEMENTS",
    "ORDER",
    "ORDER_BY_KEY",
    "ORDER_LINES",
    "RESERVATIONS",
    "RESERVE",
    "SEQUENCE",
    "SET_TENANT",
    "TENANT",
]

TENANT = "SELECT id FROM core_tenants WHERE slug = $1 AND status = 'active'"
SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)"
LOCK_CART = """
SELECT id, currency, status, customer_id, email FROM commerce_carts
WHERE tenant_id = $1 AND token_hash = $2 FOR UPDATE
"""
ORDER_BY_KEY = "SELECT id FROM commerce_orders WHERE tenant_id = $1 AND idempotency_key = $2"
# The lines in the order they were added, with what the order copies and the current price.
LINES = """
SELECT l.variant_id, l.quantity, v.product_id, v.sku, v.title, p.name, pr.amount
FROM commerce_cart_lines l
JOIN commerce_variants v ON v.tenant_id = l.tenant_id AND v.id = l.variant_id
JOIN commerce_products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
JOIN commerce_variant_prices pr
  ON pr.tenant_id = v.tenant_id AND pr.variant_id = v.id AND pr.currency = $3
WHERE l.tenant_id = $1 AND l.cart_id = $2 AND p.status = 'active'
ORDER BY l.id
"""
# A conditional update: no row back means not enough available.
RESERVE = """
UPDATE commerce_stock_levels SET reserved = reserved + $4, updated_at = $5
WHERE tenant_id = $1 AND variant_id = $2 AND warehouse_id = $3 AND on_hand - reserved >= $4
RETURNING on_hand - reserved
"""
MOVEMENTS = """
INSERT INTO commerce_stock_movements
(tenant_id, id, variant_id, warehouse_id, on_hand_delta, reserved_delta, reason,
 reference_type, reference_id, actor_kind, actor_id, note, created_at)
SELECT $1, id, variant_id, $2, 0, quantity, 'reservation', 'order', $3, 'anonymous', NULL,
       NULL, $4
FROM unnest($5::uuid[], $6::uuid[], $7::int[]) AS m(id, variant_id, quantity)
"""
RESERVATIONS = """
INSERT INTO commerce_reservations
(tenant_id, id, order_id, variant_id, warehouse_id, quantity, status, expires_at, created_at,
 updated_at)
SELECT $1, id, $2, variant_id, $3, quantity, 'active', $4, $5, $5
FROM unnest($6::uuid[], $7::uuid[], $8::int[]) AS r(id, variant_id, quantity)
"""
COUNTER = """
INSERT INTO commerce_order_counters AS c (tenant_id, next_number, created_at, updated_at)
VALUES ($1, $2 + 1, $3, $3)
ON CONFLICT (tenant_id) DO UPDATE SET next_number = c.next_number + 1, updated_at = $3
RETURNING c.next_number - 1
"""
ORDER = """
INSERT INTO commerce_orders
(tenant_id, id, number, cart_id, customer_id, email, access_token_hash, currency, status,
 payment_status, fulfilment_status, prices_include_tax, subtotal_amount, discount_amount,
 shipping_amount, tax_amount, total_amount, paid_amount, refunded_amount, shipping_address,
 billing_address, shipping_rate, payment_method, idempotency_key, placed_at, created_at,
 updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'placed', 'unpaid', 'unfulfilled', false, $9, 0, 0, 0,
        $9, 0, 0, 'null', 'null', 'null', NULL, $10, $11, $11, $11)
"""
ORDER_LINES = """
INSERT INTO commerce_order_lines
(tenant_id, id, order_id, variant_id, product_id, sku, product_name, variant_title, quantity,
 unit_amount, discount_amount, tax_amount, tax_rate_ppm, total_amount, fulfilled_quantity,
 refunded_quantity, created_at, updated_at)
SELECT $1, id, $2, variant_id, product_id, sku, name, title, quantity, amount, 0, 0, 0,
       amount * quantity, 0, 0, $3, $3
FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::int[],
            $11::bigint[]) AS l(id, variant_id, product_id, sku, name, title, quantity, amount)
"""
JOB = """
INSERT INTO core_jobs (id, name, key, tenant_id, run_at, args, state, attempts, created_at)
VALUES ($1, 'commerce.expire_order', $2, $3, $4, $5, 'pending', 0, $6)
"""
COMPLETE_CART = """
UPDATE commerce_carts SET status = 'completed', updated_at = $3 WHERE tenant_id = $1 AND id = $2
"""
EVENT = """
INSERT INTO core_events
(id, tenant_id, type, version, aggregate_type, aggregate_id, sequence, occurred_at, actor, payload)
VALUES ($1, $2, $3, 1, $4, $5, $6, $7, 'anonymous', $8)
"""
