"""Sealing every stored signing secret under the current ``RUSTOK_SECRET_KEY``.

After a key change, secrets sealed under the old key open only while it is listed in
``RUSTOK_SECRET_KEY_FALLBACKS``. :func:`reseal_secrets` opens each (current, and previous
during a rotation's overlap) and seals the ones opened by a fallback under the current key,
one transaction per tenant; then the fallback can be removed. The secrets themselves do not
change: receivers notice nothing, and no event is emitted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from app.runtime import Runtime
from app.tenants.models import TenantRow
from app.webhooks.models import WebhookEndpointRow
from app.webhooks.secrets import SecretBox, SecretUnreadable

__all__ = ["ResealReport", "reseal_secrets"]

_SEALED = ("secret", "previous_secret")


@dataclass(slots=True)
class ResealReport:
    """What a reseal did: secrets sealed anew, already current, and those that do not open."""

    resealed: int = 0
    current: int = 0
    unreadable: list[tuple[str, uuid.UUID]] = field(default_factory=list)  # (tenant, endpoint)


async def reseal_secrets(runtime: Runtime) -> ResealReport:
    """Seal every endpoint's secrets under the current key (those a fallback opened)."""
    settings = runtime.settings
    box = SecretBox.from_secret_key(settings.effective_secret_key, settings.secret_key_fallbacks)
    report = ResealReport()
    async with runtime.db.transaction(readonly=True) as session:
        tenants = list(await session.execute(select(TenantRow.id, TenantRow.slug)))
    for tenant_id, slug in tenants:
        async with runtime.db.transaction(tenant_id) as session:
            endpoints = await session.scalars(
                select(WebhookEndpointRow)
                .where(WebhookEndpointRow.tenant_id == tenant_id)
                .with_for_update()
            )
            for endpoint in endpoints:
                _reseal(box, endpoint, slug, report)
    return report


def _reseal(box: SecretBox, endpoint: WebhookEndpointRow, slug: str, report: ResealReport) -> None:
    for name in _SEALED:
        stored: str | None = getattr(endpoint, name)
        if stored is None:
            continue
        try:
            secret, is_current = box.open_with_key(stored, endpoint.tenant_id, endpoint.id)
        except SecretUnreadable:
            report.unreadable.append((slug, endpoint.id))
            continue
        if is_current:
            report.current += 1
        else:
            setattr(endpoint, name, box.seal(secret, endpoint.tenant_id, endpoint.id))
            report.resealed += 1
