"""Health: liveness, readiness (database, migrations, Redis, modules) and per-module detail."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.clock import Clock
from app.db import Database
from app.db.migrate import CORE_BRANCH, read_migration_state
from app.registry import HealthResult, HealthStatus, Registry

__all__ = ["Check", "HealthMonitor"]

logger = logging.getLogger(__name__)

CHECK_TIMEOUT_SECONDS = 2.0
MODULE_CACHE = timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class Check:
    """One named check's outcome."""

    name: str
    status: HealthStatus
    detail: str = ""

    def as_json(self) -> dict[str, str]:
        """Return the check as a JSON object."""
        return {"status": self.status.value, "detail": self.detail}


async def _timed(name: str, probe: Awaitable[Any]) -> Check:
    try:
        outcome = await asyncio.wait_for(probe, CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return Check(name, HealthStatus.FAIL, f"no answer within {CHECK_TIMEOUT_SECONDS:g}s")
    except Exception as error:  # noqa: BLE001 - a failing dependency is a result, not a crash
        return Check(name, HealthStatus.FAIL, f"{type(error).__name__}: {error}"[:300])
    return outcome if isinstance(outcome, Check) else Check(name, HealthStatus.PASS)


class HealthMonitor:
    """Runs the checks behind ``/readyz`` and ``/healthz`` and caches module results briefly."""

    def __init__(
        self,
        db: Database,
        registry: Registry,
        clock: Clock,
        *,
        heads: dict[str, frozenset[str]],
        redis_url: str = "",
    ) -> None:
        self._db = db
        self._registry = registry
        self._clock = clock
        self.heads = heads
        self._redis_url = redis_url
        self._module_cache: tuple[datetime, dict[str, HealthResult]] | None = None

    async def _check_migrations(self) -> Check:
        state = await read_migration_state(self._db.engine, self.heads)
        if not state.is_at_head(CORE_BRANCH):
            return Check(
                "migrations", HealthStatus.FAIL, "core is not at head: run `rustok migrate`"
            )
        behind = state.behind(m.name for m in self._registry.modules if m.migrations)
        if behind:
            return Check("migrations", HealthStatus.FAIL, "not at head: " + ", ".join(behind))
        return Check("migrations", HealthStatus.PASS)

    async def _ping_redis(self) -> None:
        from redis.asyncio import Redis

        client = Redis.from_url(self._redis_url, socket_timeout=CHECK_TIMEOUT_SECONDS)
        try:
            await client.ping()
        finally:
            await client.aclose()

    async def dependencies(self) -> list[Check]:
        """Check the database, the migrations and (when configured) Redis."""
        database = await _timed("database", self._db.ping())
        checks = [database]
        if database.status is HealthStatus.PASS:
            checks.append(await _timed("migrations", self._check_migrations()))
        else:
            checks.append(Check("migrations", HealthStatus.FAIL, "database unreachable"))
        if self._redis_url:
            checks.append(await _timed("redis", self._ping_redis()))
        return checks

    async def module_results(self, *, fresh: bool = False) -> dict[str, HealthResult]:
        """Run every module's health check (cached for a few seconds unless ``fresh``)."""
        now = self._clock.now()
        if not fresh and self._module_cache and self._module_cache[0] > now:
            return self._module_cache[1]
        results = {}
        for module in self._registry.modules:
            if module.health_check is None:
                results[module.name] = HealthResult(HealthStatus.PASS, "no check declared")
                continue
            results[module.name] = await self._module_check(module.name, module.health_check)
        self._module_cache = (now + MODULE_CACHE, results)
        return results

    async def _module_check(self, name: str, check: Any) -> HealthResult:
        try:
            result: HealthResult = await asyncio.wait_for(check(self._db), CHECK_TIMEOUT_SECONDS)
        except TimeoutError:
            return HealthResult(HealthStatus.FAIL, "health check timed out")
        except Exception as error:
            logger.warning("health check of %s raised", name, exc_info=True)
            return HealthResult(HealthStatus.FAIL, f"{type(error).__name__}: {error}"[:300])
        return result

    async def readiness(self) -> tuple[bool, dict[str, Any]]:
        """Return whether the process may take traffic, and the JSON report saying why."""
        checks = await self.dependencies()
        modules = await self.module_results(fresh=True)
        report: dict[str, Any] = {check.name: check.as_json() for check in checks}
        report["modules"] = {
            name: {"status": result.status.value, "detail": result.detail}
            for name, result in modules.items()
        }
        for failure in self._registry.failures:
            report["modules"][failure.name] = {"status": "failed", "detail": failure.reason}
        ready = all(check.status is not HealthStatus.FAIL for check in checks) and all(
            result.status is not HealthStatus.FAIL for result in modules.values()
        )
        report["status"] = "pass" if ready else "fail"
        return ready, report
