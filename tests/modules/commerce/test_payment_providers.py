"""The provider registry: built-in providers, plug-ins through entry points, and health."""

from __future__ import annotations

import asyncio
from importlib.metadata import EntryPoint
from typing import Any

import pytest

from app.registry import HealthStatus
from modules.commerce import health, payment_providers
from modules.commerce.payment_builtin import ManualProvider, TestProvider
from modules.commerce.payment_calls import call_provider
from modules.commerce.payment_providers import Operation, ProviderCall


class _Slow:
    name = "slow"

    async def call(self, request: ProviderCall) -> Any:
        await asyncio.sleep(5)

    async def lookup(self, operation: str, key: str) -> None:
        return None


class _Broken:
    name = "broken"

    async def call(self, request: ProviderCall) -> Any:
        raise RuntimeError("gateway exploded")


def _points(*points: EntryPoint) -> Any:
    return lambda group: list(points) if group == payment_providers.ENTRY_POINT_GROUP else []


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Any:
    payment_providers._providers.cache_clear()
    yield monkeypatch
    payment_providers._providers.cache_clear()


def test_builtins_are_always_there(fresh_registry: pytest.MonkeyPatch) -> None:
    fresh_registry.setattr(payment_providers, "entry_points", _points())
    found = payment_providers.installed_providers()
    assert isinstance(found["manual"], ManualProvider)
    assert isinstance(found["test"], TestProvider)
    result = asyncio.run(health.check_health(None))  # type: ignore[arg-type]
    assert result.status is HealthStatus.PASS
    assert result.detail == "payment providers: manual, test"


def test_a_plug_in_that_fails_to_load_fails_the_health_check(
    fresh_registry: pytest.MonkeyPatch,
) -> None:
    broken = EntryPoint("acme", "no_such_module_here:Provider", payment_providers.ENTRY_POINT_GROUP)
    plugged = EntryPoint(
        "slow",
        "tests.modules.commerce.test_payment_providers:_Slow",
        payment_providers.ENTRY_POINT_GROUP,
    )
    fresh_registry.setattr(payment_providers, "entry_points", _points(broken, plugged))
    assert set(payment_providers.installed_providers()) == {"manual", "test", "slow"}
    assert list(payment_providers.load_failures()) == ["acme"]
    result = asyncio.run(health.check_health(None))  # type: ignore[arg-type]
    assert result.status is HealthStatus.FAIL
    assert result.detail.startswith("payment providers failed to load: acme: ModuleNotFoundError")


def _call() -> ProviderCall:
    return ProviderCall(
        operation=Operation.AUTHORIZE, key="k", amount=100, currency="EUR", method="card"
    )


def test_a_provider_past_the_deadline_or_raising_counts_as_timed_out() -> None:
    slow = asyncio.run(call_provider(_Slow(), _call(), 0.05))  # type: ignore[arg-type]
    assert (slow.outcome, slow.result) == ("timed_out", None)
    assert slow.note == "no answer within 0.05 s"
    broken = asyncio.run(call_provider(_Broken(), _call(), 1))  # type: ignore[arg-type]
    assert broken.outcome == "timed_out"
    assert broken.note == "RuntimeError: gateway exploded"
