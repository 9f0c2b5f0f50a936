"""Rate limits: fixed-window counters in Redis or in the process, read from the clock.

Call :func:`limit_attempt` from a service before an attempt that an attacker would repeat
(signing in, refreshing, signing up, asking for a password reset)::

    await limit_attempt(ctx, Attempt.SIGN_UP, email)

It counts the attempt once per account and once per client address, even when many attempts
arrive aliased in one GraphQL document, and raises :class:`TooManyAttempts` (a
:class:`app.errors.RateLimited`, top-level ``RATE_LIMITED``) once either count is over its limit.
The HTTP layer adds a general limit per client address and per API key on every request.
"""

from __future__ import annotations

from app.ratelimit.address import TrustedProxies
from app.ratelimit.attempts import Attempt, TooManyAttempts, limit_attempt
from app.ratelimit.backends import CounterBackend, MemoryBackend, RedisBackend
from app.ratelimit.limiter import Decision, Limit, RateLimiter, build_limiter

__all__ = [
    "Attempt",
    "CounterBackend",
    "Decision",
    "Limit",
    "MemoryBackend",
    "RateLimiter",
    "RedisBackend",
    "TooManyAttempts",
    "TrustedProxies",
    "build_limiter",
    "limit_attempt",
]
