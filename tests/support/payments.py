"""Payment helpers for commerce's tests: the documents, a shop that takes test payments, and
an order placed and ready to pay."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.auth.principal import SystemPrincipal
from app.jobs.declarations import JobContext, PeriodicJob
from app.runtime import Context
from modules.commerce.order_models import ReservationRow
from modules.commerce.payment_models import PaymentAttemptRow, PaymentRow
from tests.support.commerce import CommerceApp, commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.orders import ORDER_FIELDS, StockedShop, cart_with, checkout, stocked_shop

__all__ = [
    "CAPTURE",
    "PAY",
    "REFUND",
    "VOID",
    "Placed",
    "attempts",
    "by_token",
    "capture",
    "pay",
    "payment_rows",
    "payment_shop",
    "placed",
    "refund",
    "reservation_expiries",
    "run_job",
    "void",
]

_ERRORS = "errors { code field message }"
PAYMENT_FIELDS = """
id provider method status amount { amount currency } captured { amount } refunded { amount }
instructions
"""
_ORDER = f"{ORDER_FIELDS} paymentMethod payments {{ id status }} refunds {{ id status }}"
PAY = f"""
mutation ($input: PaymentCreateInput!) {{
  paymentCreate(input: $input) {{
    payment {{ {PAYMENT_FIELDS} }} order {{ {_ORDER} }} {_ERRORS}
  }}
}}
"""
CAPTURE = f"""
mutation ($input: PaymentCaptureInput!) {{
  paymentCapture(input: $input) {{
    payment {{ {PAYMENT_FIELDS} }} order {{ {_ORDER} }} {_ERRORS}
  }}
}}
"""
VOID = f"""
mutation ($input: PaymentVoidInput!) {{
  paymentVoid(input: $input) {{ payment {{ {PAYMENT_FIELDS} }} order {{ {_ORDER} }} {_ERRORS} }}
}}
"""
REFUND = f"""
mutation ($input: RefundCreateInput!) {{
  refundCreate(input: $input) {{
    refund {{ id status amount {{ amount currency }} lines {{ orderLineId quantity }} restock }}
    order {{ {_ORDER} lines {{ refundedQuantity }} }}
    {_ERRORS}
  }}
}}
"""
_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""


@asynccontextmanager
async def payment_shop(
    database: DatabaseTarget, *, debug: bool = True, **settings: Any
) -> AsyncIterator[CommerceApp]:
    """The commerce app (in debug mode, so the test provider works) taking manual and test
    payments, with further commerce ``settings``."""
    async with commerce_app(database, debug=debug) as app:
        values = {
            "default_currency": "EUR",
            "currencies": ["EUR", "USD"],
            "payment_providers": ["manual", "test"],
            "manual_instructions": "Pay to IBAN DE00 0000, quoting the order number.",
            **settings,
        }
        owner = app.member("core.manage_modules")
        answer = await app.gql(
            _SETTINGS, {"input": {"module": "commerce", "settings": values}}, token=owner
        )
        assert answer["data"]["moduleSettingsUpdate"]["errors"] == [], answer
        yield app


@dataclass(frozen=True, slots=True)
class Placed:
    """An order placed by a guest: its ID, the guest's token, its lines and the shop."""

    order: str
    token: str
    lines: list[str]
    stocked: StockedShop


async def placed(
    app: CommerceApp,
    key: str = "key-1",
    token: str | None = None,
    stocked: StockedShop | None = None,
) -> Placed:
    """Place an order of 2 S and 1 M shirts (62.00 EUR) as a guest (or ``token``'s customer).

    The shirts are created and stocked (10 each) unless ``stocked`` names them already.
    """
    stocked = stocked or await stocked_shop(app)
    cart = await cart_with(
        app, [stocked.line("SHIRT-S", 2), stocked.line("SHIRT-M", 1)], token=token
    )
    answer = await checkout(app, cart, key=key, token=token)
    assert answer["errors"] == [], answer
    body = await app.gql(
        "query ($id: ID!) { order(id: $id) { lines { id } } }", {"id": answer["order"]["id"]}
    )
    lines = [line["id"] for line in body["data"]["order"]["lines"]]
    return Placed(answer["order"]["id"], answer["orderToken"] or "", lines, stocked)


async def pay(
    app: CommerceApp,
    values: dict[str, Any],
    *,
    token: str | None = "",
) -> dict[str, Any]:
    """Run paymentCreate (as the manager unless ``token``; None: anonymously)."""
    body = await app.gql(PAY, {"input": values}, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["paymentCreate"]
    return payload


def by_token(order: Placed, key: str = "pay-1", **fields: Any) -> dict[str, Any]:
    """Return a PaymentCreateInput paying ``order`` by its guest token with the test card."""
    return {
        "orderToken": order.token,
        "idempotencyKey": key,
        "paymentProvider": "test",
        "paymentMethod": "card",
        **fields,
    }


async def capture(app: CommerceApp, payment: str, key: str = "cap-1", token: str = "") -> Any:
    """Run paymentCapture; return its payload."""
    values = {"paymentId": payment, "idempotencyKey": key}
    body = await app.gql(CAPTURE, {"input": values}, token=token)
    assert "errors" not in body, body
    return body["data"]["paymentCapture"]


async def void(app: CommerceApp, payment: str, token: str = "") -> Any:
    """Run paymentVoid; return its payload."""
    body = await app.gql(VOID, {"input": {"id": payment}}, token=token)
    assert "errors" not in body, body
    return body["data"]["paymentVoid"]


async def refund(app: CommerceApp, values: dict[str, Any], token: str = "") -> Any:
    """Run refundCreate; return its payload."""
    body = await app.gql(REFUND, {"input": values}, token=token)
    assert "errors" not in body, body
    return body["data"]["refundCreate"]


async def attempts(app: CommerceApp) -> list[tuple[str, str]]:
    """Return the tenant's provider calls as (operation, outcome), oldest first."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.execute(
            select(PaymentAttemptRow.operation, PaymentAttemptRow.outcome)
            .where(PaymentAttemptRow.tenant_id == app.tenant.id)
            .order_by(PaymentAttemptRow.created_at, PaymentAttemptRow.id)
        )
        return [(str(op), str(outcome)) for op, outcome in rows]


async def payment_rows(app: CommerceApp) -> list[PaymentRow]:
    """Return the tenant's payment rows, oldest first."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(PaymentRow).where(PaymentRow.tenant_id == app.tenant.id).order_by(PaymentRow.id)
        )
        return list(rows)


async def reservation_expiries(app: CommerceApp) -> list[Any]:
    """Return the ``expires_at`` of the tenant's active reservations."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        rows = await session.scalars(
            select(ReservationRow.expires_at).where(
                ReservationRow.tenant_id == app.tenant.id, ReservationRow.status == "active"
            )
        )
        return list(rows)


async def run_job(app: CommerceApp, job: PeriodicJob) -> None:
    """Run a periodic job now, as the system, in one transaction."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction() as session:
        system = Context(runtime=runtime, principal=SystemPrincipal())
        await job.run(
            JobContext(session=session, context=system, tenant_id=None, now=app.clock.now())
        )
