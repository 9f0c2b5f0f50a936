"""Attempts an attacker would repeat, each counted per account and per client address."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from app.config import Settings
from app.errors import RateLimited
from app.ratelimit.address import limit_subject
from app.ratelimit.limiter import Limit

if TYPE_CHECKING:
    from app.runtime import Context

__all__ = ["Attempt", "TooManyAttempts", "limit_attempt", "limits_of"]


class Attempt(enum.Enum):
    """What is being attempted; each has a limit per account and one per client address."""

    LOGIN = "login"
    REFRESH = "refresh"
    SIGN_UP = "signup"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an action's name, not a password


class TooManyAttempts(RateLimited):
    """Over a rate limit; ``retry_after`` seconds until the window ends."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def limits_of(settings: Settings, attempt: Attempt) -> tuple[Limit, Limit]:
    """Return the (per account, per address) limits of ``attempt``."""
    account: str = getattr(settings, f"rate_limit_{attempt.value}_account")
    address: str = getattr(settings, f"rate_limit_{attempt.value}_address")
    return Limit.parse(account), Limit.parse(address)


async def limit_attempt(
    ctx: Context, attempt: Attempt, account: str | None, *, count_address: bool = True
) -> None:
    """Count one attempt for ``account`` and the client's address; raise when over a limit.

    Call it once per attempt, before the expensive or guessable part (a password check, a
    token lookup, an email). ``account`` is the email (compared case-insensitively) or
    another stable account key; None counts the address only. Contexts without a client
    address (CLI, jobs) are counted per account only; so is ``count_address=False`` (a
    second call within one attempt, once the account became known, as refresh does).

    Raises:
        TooManyAttempts: over the account's or the address's limit (top-level RATE_LIMITED).
    """
    runtime = ctx.runtime
    per_account, per_address = limits_of(runtime.settings, attempt)
    checks: list[tuple[str, str, Limit]] = []
    if account is not None:
        checks.append((f"{attempt.value}:account", account.strip().casefold(), per_account))
    if count_address and ctx.client_address:
        checks.append((f"{attempt.value}:address", limit_subject(ctx.client_address), per_address))
    decision = await runtime.limiter.hit(*checks)
    if not decision.allowed:
        raise TooManyAttempts(
            f"too many {attempt.value.replace('_', ' ')} attempts: retry in "
            f"{decision.retry_after} s",
            retry_after=decision.retry_after,
        )
