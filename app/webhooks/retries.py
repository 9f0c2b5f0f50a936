"""When to try a delivery again: pure functions of the attempt, the answer and the clock's now.

Nine attempts over about 27 and a half hours: the first at once, then after 20 s, 80 s,
5 min 20 s, 21 min 20 s, 1 h 25 min, 5 h 41 min, 10 h and 10 h (four times longer each time,
capped at 10 h), each delay jittered by 20 % either way so that a receiver coming back is not
hit by every retry at once. A 429 or 503 with ``Retry-After`` waits at least that long (up to
24 h). 2xx is done; 410 disables the endpoint; anything else, 3xx included (redirects are not
followed), a timeout or a refused connection is a failure to retry. docs/webhooks.md
publishes the table.
"""

from __future__ import annotations

import enum
import random
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

__all__ = [
    "BASE_DELAY",
    "DISABLE_AFTER",
    "JITTER",
    "MAX_ATTEMPTS",
    "MAX_DELAY",
    "MAX_RETRY_AFTER",
    "Verdict",
    "base_delay",
    "next_attempt_at",
    "parse_retry_after",
    "should_disable",
    "verdict",
]

MAX_ATTEMPTS = 9
BASE_DELAY = timedelta(seconds=20)
MAX_DELAY = timedelta(hours=10)
JITTER = 0.2
MAX_RETRY_AFTER = timedelta(hours=24)
DISABLE_AFTER = timedelta(days=5)
_HONOURS_RETRY_AFTER = frozenset({429, 503})


class Verdict(enum.Enum):
    """What an attempt's answer means."""

    DELIVERED = "delivered"
    RETRY = "retry"
    GONE = "gone"


def verdict(status: int | None) -> Verdict:
    """Return what an answer means: 2xx delivered, 410 gone, anything else (or none) retry."""
    if status is not None and 200 <= status < 300:
        return Verdict.DELIVERED
    if status == 410:
        return Verdict.GONE
    return Verdict.RETRY


def base_delay(failed_attempts: int) -> timedelta:
    """Return the delay, before jitter, after the ``failed_attempts``-th failure (from 1)."""
    factor = 1 << (2 * max(failed_attempts - 1, 0))  # 4 ** (n - 1)
    return min(BASE_DELAY * factor, MAX_DELAY)


def parse_retry_after(value: str | None, now: datetime) -> timedelta | None:
    """Return a ``Retry-After`` header's wait (seconds or an HTTP date), or None if unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return timedelta(seconds=int(text[:9]))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(when - now, timedelta(0))


def next_attempt_at(
    failed_attempts: int,
    now: datetime,
    rng: random.Random,
    *,
    status: int | None = None,
    retry_after: str | None = None,
) -> datetime | None:
    """Return when to try again after a failed attempt, or None when the attempts are spent.

    Args:
        failed_attempts: How many attempts have failed, this one included (from 1).
        now: The clock's time of this failure.
        rng: The jitter's source (seeded in tests).
        status: This attempt's HTTP status, None if there was no answer.
        retry_after: This attempt's ``Retry-After`` header, if any.
    """
    if failed_attempts >= MAX_ATTEMPTS:
        return None
    delay = base_delay(failed_attempts) * rng.uniform(1 - JITTER, 1 + JITTER)
    wait = parse_retry_after(retry_after, now) if status in _HONOURS_RETRY_AFTER else None
    if wait is not None:
        delay = max(delay, min(wait, MAX_RETRY_AFTER))
    return now + delay


def should_disable(
    failing_since: datetime | None, now: datetime, limit: timedelta = DISABLE_AFTER
) -> bool:
    """Return whether an endpoint failing since ``failing_since`` has failed for too long."""
    return failing_since is not None and now - failing_since >= limit
