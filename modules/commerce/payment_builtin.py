"""The built-in payment providers: ``manual`` (offline money) and ``test`` (told what to do).

``manual`` moves no money itself: its methods (the tenant's ``manual_methods``, by default
``bank_transfer`` and ``cash_on_delivery``) authorize at once, and staff capture the payment
with ``paymentCapture`` when the money arrives. A cash-on-delivery order does not expire unpaid;
a bank-transfer one does after ``manual_payment_ttl_hours``. Every call succeeds, and asking
about a key answers as the call would have.

``test`` stands in for a card gateway, for tests and development only (refused outside debug
mode unless the test runtime enables it). ``paymentData`` tells it what to do with the
authorization (and a refund's ``paymentData`` with the refund): ``outcome`` is ``succeed``
(default), ``fail`` (declined), ``time_out`` (the money moves but the answer is lost: the
dangerous case) or ``lost`` (the request never arrives); ``delay_ms`` (0 … 10,000) delays the
answer, so a real timeout can be provoked; ``capture`` is ``automatic`` (default: a sale) or
``manual`` (authorize only). Like a real gateway it remembers every key in its ledger (this
process's memory) and answers a repeated key with the first outcome, moving no money twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from app.errors import ErrorCode, FieldProblem
from modules.commerce.payment_providers import (
    Operation,
    Outcome,
    ProviderCall,
    ProviderResult,
    ProviderTimeout,
)

__all__ = ["LEDGER", "ManualProvider", "TestProvider"]

CASH_ON_DELIVERY = "cash_on_delivery"
MAX_DELAY_MS = 10_000
_OUTCOMES = ("succeed", "fail", "time_out", "lost")
_CAPTURES = ("automatic", "manual")
_DECLINED = {"authorize": "card_declined", "refund": "refund_refused"}

#: The test gateway's memory: idempotency key → the outcome it answered.
LEDGER: dict[str, ProviderResult] = {}


class ManualProvider:
    """Offline payments: authorized at once, captured by staff when the money is in."""

    name = "manual"

    def methods(self, configured: tuple[str, ...]) -> tuple[str, ...]:
        """Return the tenant's manual methods."""
        return configured

    def problems(self, method: str, data: Mapping[str, Any]) -> list[FieldProblem]:
        """Manual payments take no data."""
        if data:
            message = "manual payments take no paymentData"
            return [FieldProblem(ErrorCode.VALIDATION, message, "paymentData")]
        return []

    def captures_at_once(self, method: str, data: Mapping[str, Any]) -> bool:
        """Never: staff capture when the money arrives."""
        return False

    def expires(self, method: str) -> bool:
        """Cash on delivery waits for the delivery; the others expire unpaid."""
        return method != CASH_ON_DELIVERY

    async def call(self, request: ProviderCall) -> ProviderResult:
        """Succeed: nothing moves until staff say the money is in."""
        return ProviderResult(Outcome.SUCCEEDED, reference=f"manual:{request.key}")

    async def lookup(self, operation: str, key: str) -> ProviderResult | None:
        """Answer as the call would have."""
        return ProviderResult(Outcome.SUCCEEDED, reference=f"manual:{key}")


def _bad(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, f"paymentData.{field}")


class TestProvider:
    """A gateway that does what ``paymentData`` says (see the module docstring)."""

    __test__ = False  # not a pytest test class
    name = "test"

    def methods(self, configured: tuple[str, ...]) -> tuple[str, ...]:
        """Return the one method, a card."""
        return ("card",)

    def problems(self, method: str, data: Mapping[str, Any]) -> list[FieldProblem]:
        """Check ``outcome``, ``delay_ms`` and ``capture``; nothing else is accepted."""
        found = []
        unknown = sorted(set(data) - {"outcome", "delay_ms", "capture"})
        if unknown:
            found.append(_bad(f"unknown field(s): {', '.join(unknown)}", unknown[0]))
        if data.get("outcome", "succeed") not in _OUTCOMES:
            found.append(_bad(f"one of {', '.join(_OUTCOMES)}", "outcome"))
        delay = data.get("delay_ms", 0)
        if not isinstance(delay, int) or isinstance(delay, bool) or not 0 <= delay <= MAX_DELAY_MS:
            found.append(_bad(f"a whole number of milliseconds, 0 to {MAX_DELAY_MS}", "delay_ms"))
        if data.get("capture", "automatic") not in _CAPTURES:
            found.append(_bad(f"one of {', '.join(_CAPTURES)}", "capture"))
        return found

    def captures_at_once(self, method: str, data: Mapping[str, Any]) -> bool:
        """Capture at once unless told ``capture: manual``."""
        return bool(data.get("capture", "automatic") == "automatic")

    def expires(self, method: str) -> bool:
        """An authorized card order still expires unpaid."""
        return True

    async def call(self, request: ProviderCall) -> ProviderResult:
        """Do what the data says for an authorization or a refund; capture and void succeed."""
        known = LEDGER.get(request.key)
        if known is not None:
            return known
        told = request.operation in {Operation.AUTHORIZE, Operation.REFUND}
        outcome = str(request.data.get("outcome", "succeed")) if told else "succeed"
        delay = int(request.data.get("delay_ms", 0)) if told else 0
        if delay:
            await asyncio.sleep(delay / 1000)
        if outcome == "lost":
            raise ProviderTimeout("the request never reached the test gateway")
        if outcome == "fail":
            result = ProviderResult(
                Outcome.FAILED,
                error_code=_DECLINED.get(request.operation, "refused"),
                message="the test gateway was told to refuse",
            )
        else:
            result = ProviderResult(Outcome.SUCCEEDED, reference=f"test:{request.key}")
        LEDGER[request.key] = result
        if outcome == "time_out":
            raise ProviderTimeout("the test gateway was told to time out")
        return result

    async def lookup(self, operation: str, key: str) -> ProviderResult | None:
        """Return what the ledger holds for ``key``."""
        return LEDGER.get(key)
