"""The one hierarchy of typed errors, each with a stable code of :class:`ErrorCode`.

    RustokError                     (code, message, field)
    ├── UserInputError              expected failures, returned in a mutation payload
    │   ├── ValidationFailed        VALIDATION
    │   ├── NotFound                NOT_FOUND
    │   └── Conflict                CONFLICT
    └── RequestRefused              the operation did not run: top-level GraphQL error
        ├── Unauthenticated         UNAUTHENTICATED
        ├── PermissionDenied        PERMISSION_DENIED
        ├── TenantNotFound          TENANT_NOT_FOUND
        ├── ModuleDisabled          MODULE_DISABLED
        ├── RateLimited             RATE_LIMITED
        └── BadRequest              BAD_REQUEST (limits, malformed documents)

Anything else raised while serving a request is unexpected: it is logged with an id and shown
to the client as INTERNAL with that id (and the detail only in debug mode).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "BadRequest",
    "Conflict",
    "ErrorCode",
    "FieldProblem",
    "ModuleDisabled",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "RequestRefused",
    "RustokError",
    "TenantNotFound",
    "Unauthenticated",
    "UserInputError",
    "ValidationFailed",
]


class ErrorCode(enum.Enum):
    """Stable error codes; clients branch on these, never on messages."""

    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    TENANT_NOT_FOUND = "TENANT_NOT_FOUND"
    MODULE_DISABLED = "MODULE_DISABLED"
    RATE_LIMITED = "RATE_LIMITED"
    BAD_REQUEST = "BAD_REQUEST"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    PAYMENT_FAILED = "PAYMENT_FAILED"
    INTERNAL = "INTERNAL"


ERROR_CODE_DESCRIPTIONS: dict[ErrorCode, str] = {
    ErrorCode.VALIDATION: "The input is malformed or breaks a rule; `field` names the culprit.",
    ErrorCode.NOT_FOUND: "The object does not exist in this tenant (or is not visible to you).",
    ErrorCode.CONFLICT: "The change clashes with the current state (duplicate, dependency).",
    ErrorCode.UNAUTHENTICATED: "The operation needs a signed-in principal.",
    ErrorCode.PERMISSION_DENIED: "The principal lacks the permission the operation requires.",
    ErrorCode.TENANT_NOT_FOUND: "The tenant is unknown, suspended or archived.",
    ErrorCode.MODULE_DISABLED: "The module is not enabled for this tenant.",
    ErrorCode.RATE_LIMITED: "Too many attempts; retry later.",
    ErrorCode.BAD_REQUEST: "The request itself is malformed or exceeds a limit.",
    ErrorCode.INSUFFICIENT_STOCK: (
        "Too few in stock: the change would promise more than is available."
    ),
    ErrorCode.PAYMENT_FAILED: (
        "The payment provider refused the payment or refund; no money moved."
    ),
    ErrorCode.INTERNAL: "An unexpected failure; the message carries an id to report.",
}


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem with one input field; ``field`` is a dotted path (``variants.1.sku``)."""

    code: ErrorCode
    message: str
    field: str | None = None


class RustokError(Exception):
    """Base of every typed error; carries a stable code."""

    code: ErrorCode = ErrorCode.INTERNAL

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def problems(self) -> Sequence[FieldProblem]:
        """Return the error as payload problems."""
        return (FieldProblem(self.code, self.message, self.field),)


class UserInputError(RustokError):
    """An expected failure of a mutation: reported in its payload's ``errors``."""


class ValidationFailed(UserInputError):
    """The input breaks a rule; may carry several problems at once."""

    code = ErrorCode.VALIDATION

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        problems: Sequence[FieldProblem] = (),
    ) -> None:
        super().__init__(message, field=field)
        self._problems = tuple(problems)

    @property
    def problems(self) -> Sequence[FieldProblem]:
        """Return every problem found, or the single one the error names."""
        return self._problems or super().problems


class NotFound(UserInputError):
    """The object does not exist (or is not visible to the principal)."""

    code = ErrorCode.NOT_FOUND


class Conflict(UserInputError):
    """The change clashes with the current state."""

    code = ErrorCode.CONFLICT


class RequestRefused(RustokError):
    """The operation did not run; reported as a top-level GraphQL error."""


class Unauthenticated(RequestRefused):
    """No principal, or an invalid credential."""

    code = ErrorCode.UNAUTHENTICATED


class PermissionDenied(RequestRefused):
    """The principal lacks a permission."""

    code = ErrorCode.PERMISSION_DENIED


class TenantNotFound(RequestRefused):
    """The tenant is unknown, suspended or archived."""

    code = ErrorCode.TENANT_NOT_FOUND


class ModuleDisabled(RequestRefused):
    """The module is not enabled for the tenant."""

    code = ErrorCode.MODULE_DISABLED


class RateLimited(RequestRefused):
    """Too many attempts."""

    code = ErrorCode.RATE_LIMITED


class BadRequest(RequestRefused):
    """The request is malformed or exceeds a limit."""

    code = ErrorCode.BAD_REQUEST
