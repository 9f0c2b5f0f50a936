"""When a failed delivery is tried again: exponential backoff with jitter, then dead letters."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

__all__ = ["RetryPolicy"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff (``base * 2^(n-1)``, capped), half-jittered; dead after N attempts."""

    max_attempts: int = 10
    base: timedelta = timedelta(seconds=1)
    cap: timedelta = timedelta(hours=1)

    def is_exhausted(self, attempts: int) -> bool:
        """Return whether ``attempts`` failed attempts mean the delivery is dead."""
        return attempts >= self.max_attempts

    def delay(self, attempts: int, rng: random.Random | None = None) -> timedelta:
        """Return the wait before attempt ``attempts + 1`` (between half and all of the step)."""
        step: timedelta = min(self.cap, self.base * (2 ** max(attempts - 1, 0)))
        fraction = 0.5 + (rng or _RANDOM).random() / 2
        return step * fraction


_RANDOM = random.Random()  # noqa: S311 - jitter spreads retries; it guards no secret
