"""Calling a provider with a deadline, and logging every call in ``commerce_payment_attempts``.

A call that does not answer within the deadline, raises :class:`ProviderTimeout`, or fails in
any unexpected way counts as *timed out*: its outcome is unknown, so nothing is recorded as
paid or failed; the operation stays pending and is asked about again with the same key.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.ids import new_id
from app.runtime import Context
from modules.commerce.payment_models import PaymentAttemptRow
from modules.commerce.payment_providers import (
    Outcome,
    PaymentProvider,
    ProviderCall,
    ProviderResult,
    ProviderTimeout,
)

__all__ = ["Answer", "ask", "call_provider", "record_attempt"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Answer:
    """A call's result, or None when it timed out; and how long it took."""

    result: ProviderResult | None
    duration_ms: int
    note: str | None = None

    @property
    def outcome(self) -> str:
        """Return ``succeeded``, ``failed`` or ``timed_out``."""
        return Outcome.TIMED_OUT if self.result is None else self.result.outcome


async def call_provider(
    provider: PaymentProvider, request: ProviderCall, timeout_seconds: float
) -> Answer:
    """Run ``request`` against ``provider`` within ``timeout_seconds``."""
    started = time.monotonic()
    note = None
    try:
        async with asyncio.timeout(timeout_seconds):
            result: ProviderResult | None = await provider.call(request)
    except (TimeoutError, ProviderTimeout) as error:
        result, note = None, str(error) or f"no answer within {timeout_seconds:g} s"
    except Exception as error:  # the provider's failure is not ours: outcome unknown
        logger.exception("payment provider %s failed on %s", provider.name, request.operation)
        result, note = None, f"{type(error).__name__}: {error}"
    return Answer(result, int((time.monotonic() - started) * 1000), note)


async def ask(
    provider: PaymentProvider, operation: str, key: str, timeout_seconds: float
) -> Answer:
    """Ask the provider what became of the call made with ``key`` (``lookup``).

    A lookup that never arrived answers ``failed`` with the code ``not_received``.
    """
    started = time.monotonic()
    note = None
    try:
        async with asyncio.timeout(timeout_seconds):
            found = await provider.lookup(operation, key)
        result: ProviderResult | None = found or ProviderResult(
            Outcome.FAILED, error_code="not_received", message="the provider never received it"
        )
    except (TimeoutError, ProviderTimeout) as error:
        result, note = None, str(error) or f"no answer within {timeout_seconds:g} s"
    except Exception as error:
        logger.exception("payment provider %s failed on lookup", provider.name)
        result, note = None, f"{type(error).__name__}: {error}"
    return Answer(result, int((time.monotonic() - started) * 1000), note)


def record_attempt(
    ctx: Context,
    session: AsyncSession,
    payment_id: uuid.UUID,
    operation: str,
    key: str,
    answer: Answer,
    refund_id: uuid.UUID | None = None,
) -> None:
    """Add the call's log row (redacted answer) to ``session``."""
    now = ctx.runtime.clock.now()
    response = (
        answer.result.redacted()
        if answer.result is not None
        else {"outcome": Outcome.TIMED_OUT, "message": answer.note}
    )
    session.add(
        PaymentAttemptRow(
            tenant_id=ctx.require_tenant().id,
            id=new_id(),
            payment_id=payment_id,
            refund_id=refund_id,
            operation=operation,
            idempotency_key=key,
            outcome=answer.outcome,
            response=response,
            duration_ms=answer.duration_ms,
            created_at=now,
            updated_at=now,
        )
    )
