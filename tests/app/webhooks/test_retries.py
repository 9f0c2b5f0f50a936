"""The retry policy: the published schedule, jitter bounds, Retry-After, giving up, disabling."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from app.clock import FrozenClock
from app.webhooks.retries import (
    MAX_ATTEMPTS,
    Verdict,
    base_delay,
    next_attempt_at,
    parse_retry_after,
    should_disable,
    verdict,
)

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - jitter, not cryptography; seeded to repeat


# The table docs/webhooks.md publishes: the delay after each failed attempt, before jitter.
PUBLISHED = [
    timedelta(seconds=20),
    timedelta(seconds=80),
    timedelta(minutes=5, seconds=20),
    timedelta(minutes=21, seconds=20),
    timedelta(hours=1, minutes=25, seconds=20),
    timedelta(hours=5, minutes=41, seconds=20),
    timedelta(hours=10),
    timedelta(hours=10),
]


def test_the_schedule_is_the_published_one() -> None:
    assert [base_delay(n) for n in range(1, MAX_ATTEMPTS)] == PUBLISHED
    assert MAX_ATTEMPTS >= 8
    assert sum(PUBLISHED, timedelta()) == timedelta(hours=27, minutes=35)


def test_a_delivery_failing_every_time_is_tried_nine_times_over_about_27_hours() -> None:
    clock, rng = FrozenClock(START), _seeded(7)
    attempts = [clock.now()]
    while True:
        following = next_attempt_at(len(attempts), clock.now(), rng, status=500)
        if following is None:
            break
        clock.advance(following - clock.now())
        attempts.append(clock.now())

    assert len(attempts) == MAX_ATTEMPTS
    assert timedelta(hours=22) <= attempts[-1] - attempts[0] <= timedelta(hours=33)


@pytest.mark.parametrize("failed", range(1, MAX_ATTEMPTS))
def test_jitter_stays_within_a_fifth_either_way(failed: int) -> None:
    rng = _seeded(failed)
    delays = [next_attempt_at(failed, START, rng) for _ in range(200)]
    base = base_delay(failed)
    for delay in delays:
        assert delay is not None
        assert base * 0.8 <= delay - START <= base * 1.2
    assert len(set(delays)) > 100


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured_for_429_and_503(status: int) -> None:
    rng = _seeded(1)
    seconds = next_attempt_at(1, START, rng, status=status, retry_after="3600")
    http_date = next_attempt_at(
        1, START, rng, status=status, retry_after="Thu, 26 Nov 2026 11:00:00 GMT"
    )
    too_long = next_attempt_at(1, START, rng, status=status, retry_after="999999")

    assert seconds == START + timedelta(hours=1)
    assert http_date == START + timedelta(hours=2)
    assert too_long == START + timedelta(hours=24)


def test_retry_after_is_ignored_elsewhere_and_when_unreadable() -> None:
    rng = _seeded(1)
    for status, header in ((500, "3600"), (429, "soon"), (503, "")):
        following = next_attempt_at(1, START, rng, status=status, retry_after=header)
        assert following is not None
        assert following - START <= timedelta(seconds=24)


def test_retry_after_never_shortens_the_schedule() -> None:
    following = next_attempt_at(6, START, _seeded(1), status=503, retry_after="1")
    assert following is not None
    assert following - START >= base_delay(6) * 0.8


def test_parse_retry_after() -> None:
    assert parse_retry_after("120", START) == timedelta(seconds=120)
    assert parse_retry_after("Thu, 26 Nov 2026 08:00:00 GMT", START) == timedelta(0)
    assert parse_retry_after(None, START) is None
    assert parse_retry_after("-5", START) is None


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (200, Verdict.DELIVERED),
        (204, Verdict.DELIVERED),
        (299, Verdict.DELIVERED),
        (301, Verdict.RETRY),
        (302, Verdict.RETRY),
        (400, Verdict.RETRY),
        (410, Verdict.GONE),
        (429, Verdict.RETRY),
        (500, Verdict.RETRY),
        (None, Verdict.RETRY),
    ],
)
def test_verdicts(status: int | None, expected: Verdict) -> None:
    assert verdict(status) is expected


def test_an_endpoint_failing_for_five_days_is_disabled() -> None:
    clock = FrozenClock(START)
    since = clock.now()
    clock.advance(timedelta(days=5) - timedelta(seconds=1))
    assert not should_disable(since, clock.now())
    clock.advance(timedelta(seconds=1))
    assert should_disable(since, clock.now())
    assert not should_disable(None, clock.now())
    assert should_disable(since, clock.now(), limit=timedelta(days=1))
