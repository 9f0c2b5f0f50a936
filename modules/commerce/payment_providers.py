"""The payment provider interface, what a call returns, and where providers come from.

A provider answers five operations — ``authorize``, ``capture``, ``void``, ``refund`` and
``lookup`` — each given an idempotency key: the same key sent again must return the first
call's outcome and move no money twice (how real gateways behave, and what makes a retry after
a timeout safe). A call that does not answer within the tenant's ``payment_timeout_seconds``
counts as timed out: its outcome is unknown, never assumed. ``lookup`` asks what became of a
key: the outcome, or None when the provider never received it.

Built in: ``manual`` and ``test`` (modules.commerce.payment_builtin). Further providers register
an object with the same surface under the entry-point group ``rustok.commerce.payment_providers``;
one that fails to load is reported by :func:`load_failures` (the module's health says ``fail``)
and is otherwise absent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from typing import Any, Protocol

from app.errors import FieldProblem

__all__ = [
    "ENTRY_POINT_GROUP",
    "Operation",
    "Outcome",
    "PaymentProvider",
    "ProviderCall",
    "ProviderResult",
    "ProviderTimeout",
    "installed_providers",
    "load_failures",
]

ENTRY_POINT_GROUP = "rustok.commerce.payment_providers"
logger = logging.getLogger(__name__)


class Operation:
    """The operations of a provider."""

    AUTHORIZE = "authorize"
    CAPTURE = "capture"
    VOID = "void"
    REFUND = "refund"


class Outcome:
    """How a call ended."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    TIMED_OUT = "timed_out"


class ProviderTimeout(Exception):
    """The provider did not answer: the call's outcome is unknown."""


@dataclass(frozen=True, slots=True)
class ProviderCall:
    """One operation asked of a provider.

    ``key`` is the idempotency key the provider dedupes on; ``reference`` the provider's own
    reference of the payment (for capture, void and refund); ``data`` what the client sent for
    the provider (``paymentData``), already checked by :meth:`PaymentProvider.problems`.
    """

    operation: str
    key: str
    amount: int
    currency: str
    method: str
    reference: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProviderResult:
    """What the provider answered: succeeded or failed, its reference, and why it failed."""

    outcome: str
    reference: str | None = None
    error_code: str | None = None
    message: str | None = None

    def redacted(self) -> dict[str, Any]:
        """Return what is kept of the answer in the attempt log (no payment data)."""
        return {
            "outcome": self.outcome,
            "reference": self.reference,
            "error_code": self.error_code,
            "message": self.message,
        }


class PaymentProvider(Protocol):
    """What a payment provider offers; see the module docstring for the rules it must keep."""

    name: str

    def methods(self, configured: tuple[str, ...]) -> tuple[str, ...]:
        """Return the methods offered, given the tenant's ``manual_methods`` setting."""
        ...

    def problems(self, method: str, data: Mapping[str, Any]) -> list[FieldProblem]:
        """Return what is wrong with ``paymentData`` for ``method`` (fields under it)."""
        ...

    def captures_at_once(self, method: str, data: Mapping[str, Any]) -> bool:
        """Return whether an authorization is captured right away (a sale)."""
        ...

    def expires(self, method: str) -> bool:
        """Return whether an order authorized with ``method`` still expires unpaid."""
        ...

    async def call(self, request: ProviderCall) -> ProviderResult:
        """Run the operation; raise :class:`ProviderTimeout` when the outcome is unknown."""
        ...

    async def lookup(self, operation: str, key: str) -> ProviderResult | None:
        """Return the outcome of the call made with ``key``; None if it never arrived."""
        ...


def _from_entry_points() -> tuple[dict[str, PaymentProvider], dict[str, str]]:
    found: dict[str, PaymentProvider] = {}
    failed: dict[str, str] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = point.load()
            provider: PaymentProvider = loaded() if isinstance(loaded, type) else loaded
        except Exception as error:  # a broken plug-in must not take the shop down
            logger.exception("payment provider %s failed to load", point.name)
            failed[point.name] = f"{type(error).__name__}: {error}"
            continue
        found[provider.name] = provider
    return found, failed


@cache
def _providers() -> tuple[dict[str, PaymentProvider], dict[str, str]]:
    from modules.commerce.payment_builtin import ManualProvider, TestProvider

    plugged, failed = _from_entry_points()
    builtin: dict[str, PaymentProvider] = {"manual": ManualProvider(), "test": TestProvider()}
    return {**plugged, **builtin}, failed


def installed_providers() -> Mapping[str, PaymentProvider]:
    """Return every provider by name: the built-in ones and those of entry points."""
    return _providers()[0]


def load_failures() -> Mapping[str, str]:
    """Return the entry-point providers that failed to load, with why."""
    return _providers()[1]
