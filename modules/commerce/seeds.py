"""What commerce seeds for a tenant when it is enabled (``on_tenant_enable``; idempotent).

The ``main`` warehouse and the default ``standard`` tax class, each only for a tenant that has
none of its kind at all, so enabling commerce again never adds a second one. Seeds carry no
events.
"""

from __future__ import annotations

from app.registry import ModuleContext
from modules.commerce.tax_classes import ensure_standard_tax_class
from modules.commerce.warehouses import ensure_main_warehouse

__all__ = ["seed_tenant"]


async def seed_tenant(context: ModuleContext) -> None:
    """Seed what the tenant lacks: the ``main`` warehouse, the ``standard`` tax class."""
    await ensure_main_warehouse(context)
    await ensure_standard_tax_class(context)
