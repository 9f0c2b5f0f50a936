"""Commerce's health check: can every configured payment provider be loaded?

``fail`` when a provider registered under the entry-point group
``rustok.commerce.payment_providers`` failed to load (the shop cannot take payments through it),
naming each with the error; ``pass`` otherwise, listing the providers installed. Stale pending
payments are the reconcile job's to settle; the check does not look for them, since payments are
tenant-scoped rows a cross-tenant check cannot read under row-level security.
"""

from __future__ import annotations

from app.db import Database
from app.registry import HealthResult, HealthStatus
from modules.commerce.payment_providers import installed_providers, load_failures

__all__ = ["check_health"]


async def check_health(db: Database) -> HealthResult:
    """Report payment providers that failed to load."""
    failed = load_failures()
    if failed:
        named = "; ".join(f"{name}: {why}"[:200] for name, why in sorted(failed.items()))
        return HealthResult(HealthStatus.FAIL, f"payment providers failed to load: {named}")
    names = ", ".join(sorted(installed_providers()))
    return HealthResult(HealthStatus.PASS, f"payment providers: {names}")
