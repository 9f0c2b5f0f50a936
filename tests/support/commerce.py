"""Running the app with content and commerce enabled, for commerce's tests."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from app.auth.principal import CustomerPrincipal, SystemPrincipal
from app.clock import FrozenClock
from app.events.models import EventRow
from app.runtime import Context
from modules.commerce.permissions import PERMISSIONS
from tests.conftest import make_registry, make_settings
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget

__all__ = [
    "CATEGORY_CREATE",
    "PRODUCT_CREATE",
    "STOCK_ADJUST",
    "CommerceApp",
    "commerce_app",
    "count_rows",
    "shirt",
]

PRODUCT_CREATE = """
mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) {
    product {
      id slug name status
      options { name values }
      variants { id sku title selectedOptions { name value } basePrices { amount currency } }
    }
    errors { code field message }
  }
}
"""
CATEGORY_CREATE = """
mutation ($input: ProductCategoryCreateInput!) {
  productCategoryCreate(input: $input) { category { id path } errors { code field message } }
}
"""
STOCK_ADJUST = """
mutation ($input: StockAdjustInput!) {
  stockAdjust(input: $input) {
    stockLevel { warehouse { code } onHand reserved available }
    errors { code field message }
  }
}
"""
_WAREHOUSES = "{ warehouses { id code } }"
_SETTINGS = """
mutation ($input: ModuleSettingsUpdateInput!) {
  moduleSettingsUpdate(input: $input) { errors { code field message } }
}
"""


def shirt(**fields: Any) -> dict[str, Any]:
    """Return a productCreate input: a shirt in S and M, 20.00 and 22.00 EUR (and USD)."""
    return {
        "name": "Linen shirt",
        "options": [{"name": "Size", "values": ["S", "M"]}],
        "variants": [
            {
                "sku": "SHIRT-S",
                "optionValues": [{"name": "Size", "value": "S"}],
                "prices": [
                    {"amount": 2000, "currency": "EUR"},
                    {"amount": 2400, "currency": "USD"},
                ],
            },
            {
                "sku": "SHIRT-M",
                "optionValues": [{"name": "Size", "value": "M"}],
                "prices": [{"amount": 2200, "currency": "EUR"}],
            },
        ],
        **fields,
    }


@dataclass(slots=True)
class CommerceApp:
    """The app, its frozen clock, a tenant selling in EUR and USD, and a manager's token."""

    api: RunningApp
    clock: FrozenClock
    tenant: CreatedTenant
    manager: str

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = ""
    ) -> dict[str, Any]:
        """Run ``query`` in the tenant as the manager (``token=None``: anonymously)."""
        chosen = self.manager if token == "" else token
        return await self.api.gql(query, variables, tenant=self.tenant.slug, token=chosen)

    def member(self, *permissions: str) -> str:
        """Return a token of a member of the tenant holding ``permissions``."""
        return self.api.auth.member(self.tenant.id, *permissions)

    def customer(self) -> str:
        """Return a token of a new customer of the tenant."""
        principal = CustomerPrincipal(customer_id=uuid.uuid4(), tenant_id=self.tenant.id)
        return self.api.auth.issue(principal)

    def refused(
        self,
        permission: str = "commerce.manage_products",
        without: str = "commerce.view_products",
    ) -> dict[str, tuple[str | None, str]]:
        """Return who is refused an operation needing ``permission``, with the expected code.

        The member without the permission holds ``without`` instead.
        """
        return {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (self.member(without), "PERMISSION_DENIED"),
            "member of another tenant": (
                self.api.auth.member(uuid.uuid4(), permission),
                "PERMISSION_DENIED",
            ),
            "customer": (self.customer(), "PERMISSION_DENIED"),
        }

    async def product(self, **fields: Any) -> dict[str, Any]:
        """Create a product (the shirt unless told); return it as productCreate answers."""
        body = await self.gql(PRODUCT_CREATE, {"input": shirt(**fields)})
        payload = body["data"]["productCreate"]
        assert payload["errors"] == [], payload
        created: dict[str, Any] = payload["product"]
        return created

    async def category(self, slug: str, parent: str | None = None) -> str:
        """Create a category (under ``parent``); return its global ID."""
        values = {"slug": slug, "name": slug.title(), "parentId": parent}
        body = await self.gql(CATEGORY_CREATE, {"input": values})
        payload = body["data"]["productCategoryCreate"]
        assert payload["errors"] == [], payload
        created: str = payload["category"]["id"]
        return created

    async def warehouse(self, code: str = "main") -> str:
        """Return the global ID of the warehouse with ``code`` (``main`` is seeded on enable)."""
        body = await self.gql(_WAREHOUSES)
        found: str = next(w["id"] for w in body["data"]["warehouses"] if w["code"] == code)
        return found

    async def adjust(self, variant: str, warehouse: str, **fields: Any) -> dict[str, Any]:
        """Run stockAdjust as the manager; return its payload."""
        values = {"variantId": variant, "warehouseId": warehouse, **fields}
        body = await self.gql(STOCK_ADJUST, {"input": values})
        payload: dict[str, Any] = body["data"]["stockAdjust"]
        return payload

    async def system(self) -> Context:
        """Return a context of the system acting in the tenant (for services without a field)."""
        runtime = self.api.state.runtime
        tenant = await runtime.tenants.find_active(self.tenant.slug)
        return Context(runtime=runtime, principal=SystemPrincipal(), tenant=tenant)

    async def deliver(self) -> None:
        """Deliver every pending event (the catalog projection), twice to be sure."""
        await self.api.state.runtime.dispatcher.drain()
        await self.api.state.runtime.dispatcher.drain()

    async def event_types(self) -> list[str]:
        """Return the types of the tenant's commerce events, oldest first."""
        runtime = self.api.state.runtime
        async with runtime.db.transaction(self.tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(EventRow.type)
                .where(EventRow.tenant_id == self.tenant.id, EventRow.type.like("commerce.%"))
                .order_by(EventRow.id)
            )
            return [str(row) for row in rows]

    async def payloads(self, event_type: str) -> list[dict[str, Any]]:
        """Return the payloads of the tenant's events of ``event_type``, oldest first."""
        runtime = self.api.state.runtime
        async with runtime.db.transaction(self.tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(EventRow.payload)
                .where(EventRow.tenant_id == self.tenant.id, EventRow.type == event_type)
                .order_by(EventRow.id)
            )
            return [dict(row) for row in rows]


@asynccontextmanager
async def commerce_app(database: DatabaseTarget, **overrides: Any) -> AsyncIterator[CommerceApp]:
    """An app with content and commerce enabled for a new tenant selling in EUR and USD."""
    clock = FrozenClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    values: dict[str, Any] = {"event_runner": "off", "default_modules": ["content", "commerce"]}
    settings = make_settings(database, **{**values, **overrides})
    registry = make_registry(settings, installed=True)
    async with running_app(settings, registry, clock=clock) as api:
        tenant = await create_tenant(api)
        owner = api.auth.member(tenant.id, "core.manage_modules")
        currencies = {"default_currency": "EUR", "currencies": ["EUR", "USD"]}
        answer = await api.gql(
            _SETTINGS,
            {"input": {"module": "commerce", "settings": currencies}},
            tenant=tenant.slug,
            token=owner,
        )
        assert answer["data"]["moduleSettingsUpdate"]["errors"] == [], answer
        manager = api.auth.member(tenant.id, *(permission.name for permission in PERMISSIONS))
        yield CommerceApp(api=api, clock=clock, tenant=tenant, manager=manager)


async def count_rows(app: CommerceApp, model: type[Any]) -> int:
    """Count the tenant's rows of ``model``."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        found = await session.scalar(
            select(func.count()).select_from(model).where(model.tenant_id == app.tenant.id)
        )
        return int(found or 0)
